// The journal's values: accounts, entries, postings, and the rules every entry obeys
// (DESIGN.md section 4). Pure functions, no storage; the Store (store.hpp) enforces the
// same rules again in the database.
//
//   EntrySpec e{.date = 2025_y / January / 15, .kind = "manual", .memo = "Capital",
//               .key = "V-0001",
//               .postings = {{"Assets:Cash:HeadOffice", Money::from_minor(1'000'000, vnd)},
//                            {"Equity:Funds:Central", Money::from_minor(-1'000'000, vnd)}}};
//   Status s = check_entry(e);  // ok: two postings, balanced in VND
//
// A positive posting amount is a debit, a negative one a credit.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/date.hpp"
#include "ledger/ids.hpp"
#include "ledger/money.hpp"
#include "ledger/result.hpp"

namespace socai {

enum class AccountType { Asset, Liability, Equity, Income, Expense, OffBalance };

// "asset", "liability", "equity", "income", "expense", "off-balance"
std::string_view account_type_name(AccountType type);
Result<AccountType> parse_account_type(std::string_view text);
// The first segment of every account name of this type: "Assets", "Liabilities", "Equity",
// "Income", "Expenses", "OffBalance" (names that plain-text accounting tools understand).
std::string_view account_root(AccountType type);

// A name is segments joined by ':', each of ASCII letters, digits, '_' or '-', starting with
// the type's root: "Assets:Cash:TP-0101". InvalidArgument names the name and the problem.
Status check_account_name(std::string_view name, AccountType type);

struct Account {
  AccountId id;
  std::string name;  // "Assets:Loans:InTerm:01"
  std::string code;  // numeric code of the chart, "211001"
  AccountType type;
  bool control = false;  // a loan control account: every posting on it carries a loan id
  std::string description;
};

struct NewAccount {
  std::string name;
  AccountType type = AccountType::Asset;
  std::string code;  // digits; empty: the next free code of the type's class
  bool control = false;
  std::string description;
};

struct PostingSpec {
  std::string account;  // account name
  Money amount;         // positive: debit; negative: credit; never zero
  std::optional<LoanId> loan;
};

// An entry as a caller asks for it; the store adds id, actor, recorded-at and hashes.
struct EntrySpec {
  Date date;
  std::string kind = "manual";  // lower-case words joined by '-': "manual", "disbursement"
  std::string memo;             // free text (valid UTF-8, no control characters)
  std::string key;              // idempotency key chosen by the caller, e.g. a voucher number
  std::optional<LoanId> loan;   // the loan this entry concerns, if any
  std::vector<PostingSpec> postings;
};

// The balancing invariant, in one place: at least two postings, none zero, and per currency
// the amounts sum to exactly zero. The error shows each currency's remainder:
// "entry does not balance: VND remainder 100 (debits 1,000,100, credits 1,000,000)".
Status check_balanced(std::span<const PostingSpec> postings);

// Everything a store checks before it looks at its data: the fields above, then
// check_balanced. FailedPrecondition for an unbalanced entry, InvalidArgument otherwise.
Status check_entry(const EntrySpec& entry);

// An idempotency key (an entry's, or one given to a loan or savings operation): 1 to 200
// characters of text, as people read it (NFC, no surrounding white space), so that two keys
// that read alike are one key. InvalidArgument naming the key and its as-read form.
Status check_key(std::string_view key);

struct Posting {
  int seq = 0;  // 1, 2, ... in the order given
  std::string account;
  Money amount;
  std::optional<LoanId> loan;
};

// An entry as recorded.
struct Entry {
  EntryId id;
  Date date;
  std::string recorded_at;  // UTC, "2026-01-05T08:30:00Z"
  std::string actor;
  std::string kind;
  std::string memo;
  std::string key;
  std::optional<LoanId> loan;
  std::optional<EntryId> reverses;  // set on a reversal entry
  std::vector<Posting> postings;
  std::string prev_hash;  // hash of entry id - 1 (64 zeros for the first entry)
  std::string hash;       // SHA-256, lower-case hex, of canonical_content(*this)
};

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The exact bytes that are hashed: a versioned, length-prefixed serialisation of every
// field of the entry except `hash` (prev_hash included, so entries form a chain).
std::string canonical_content(const Entry& entry);
// Lower-case hex SHA-256 of canonical_content(entry).
std::string compute_entry_hash(const Entry& entry);

// What makes two requests "the same content" for idempotency: date, kind, memo, loan,
// reversed entry and postings (not the actor or the time). Lower-case hex SHA-256.
std::string request_digest(const EntrySpec& entry, std::optional<EntryId> reverses);

// Lower-case hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

// True when `text` is valid UTF-8 without control characters (tab allowed when
// allow_tab).
bool is_clean_text(std::string_view text, bool allow_tab = false);

}  // namespace socai
