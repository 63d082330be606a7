// Store: the journal's durable home. Appends entries atomically and answers balance queries.
//
// The SQLite implementation keeps one ledger in one file; the interface is narrow so that
// another backend (PostgreSQL) can implement it. Every write is one transaction: a refused
// call leaves the ledger exactly as it was. No storage exception crosses this API.
//
//   auto store = create_ledger("socai.db", {}).value();
//   store->add_account({.name = "Assets:Cash:TP-0101", .type = AccountType::Asset});
//   Result<PostOutcome> p = store->post(entry_spec, "officer.lan");
//   if (p && p->already_recorded) { /* same key, same content: nothing new was written */ }
//   store->trial_balance(std::nullopt);  // rows per account and currency
//
// A Store is not safe to share between threads; open one per thread or process. Several
// processes may open the same ledger: writers wait for each other up to busy_timeout_ms.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/journal.hpp"

namespace socai::ops {
class Backend;
}  // namespace socai::ops

namespace socai {

struct StoreOptions {
  bool read_only = false;  // auditors: nothing can be written (the file is opened read-only)
  bool durable = true;     // synchronous=FULL: acknowledged means on disk. false: NORMAL
  int busy_timeout_ms = 10'000;
  // Returns the recorded-at timestamp of new records, UTC "YYYY-MM-DDTHH:MM:SSZ".
  // Empty: the system clock.
  std::function<std::string()> clock;
  // create_ledger only: a training ledger, whose actors are the names people declare
  // (ledger/actors.hpp), for practice and demonstrations. Fixed when the ledger is created.
  bool training = false;
  // create_ledger only: the ledger's id (32 lowercase hexadecimal digits); empty: random. A
  // generated ledger (the demo) derives it from its seed, so that one seed gives one ledger.
  std::string ledger_id;
};

struct PostOutcome {
  EntryId id;
  bool already_recorded = false;  // the key was used before with the same content
};

struct ReversalSpec {
  EntryId original;
  std::optional<Date> date;  // empty: the original's date
  std::string memo;          // empty: "Reversal of entry N"
  std::string key;           // empty: "reversal-of-N"
  bool rehearsal = false;    // checked as if it were posted, then nothing is written
};

struct CloseOutcome {
  Date closed_through;
  bool already_closed = false;  // the period was closed through this date or later already
};

// Sums of postings on one account in one currency (and for one loan, in loan queries).
struct BalanceRow {
  std::string account;
  std::string currency;
  std::int64_t debit = 0;    // sum of positive amounts, minor units
  std::int64_t credit = 0;   // sum of negative amounts, as a positive number
  std::int64_t balance = 0;  // debit - credit
  std::optional<LoanId> loan;
};

// One posting of an account, with the account's balance in its currency after it.
struct LedgerLine {
  EntryId entry;
  Date date;
  std::string kind;
  std::string memo;
  std::string currency;
  std::int64_t amount = 0;  // minor units, debit positive
  std::optional<LoanId> loan;
  std::int64_t balance = 0;  // running, per currency, in date then entry order
};

struct VerifyReport {
  std::int64_t entries_checked = 0;
  std::string head_hash;  // hash of the last entry checked
  // The control chain: requests and decisions, settings, actors, the ledger's identity,
  // programs and their rates, each row as written (a row changed behind it is a problem).
  std::int64_t control_records_checked = 0;
  std::string control_head_hash;
  std::optional<EntryId> first_bad;  // the first entry that does not match
  std::string problem;               // what is wrong (with it)
  bool ok() const { return !first_bad.has_value() && problem.empty(); }
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<Account> add_account(const NewAccount& account, std::string_view actor) = 0;
  virtual Result<std::vector<Account>> list_accounts() = 0;

  // Appends one entry. An entry whose key was recorded with the same content returns that
  // entry with already_recorded (nothing written); with other content, IdempotencyConflict.
  virtual Result<PostOutcome> post(const EntrySpec& entry, std::string_view actor) = 0;
  // Appends several entries in one transaction: all or nothing. The first refusal is
  // returned with the entry's position ("entry 3 (key K): ...").
  virtual Result<std::vector<PostOutcome>> post_batch(std::span<const EntrySpec> entries,
                                                      std::string_view actor) = 0;
  // Appends the reversal of an entry: the same postings negated. An entry is reversed at
  // most once; a reversal is never reversed; the date is not before the original's.
  virtual Result<PostOutcome> reverse(const ReversalSpec& reversal, std::string_view actor) = 0;

  // Closes every date up to and including `through`: no entry dated on or before it can be
  // posted any more.
  virtual Result<CloseOutcome> close_period(Date through, std::string_view actor) = 0;
  virtual Result<std::optional<Date>> closed_through() = 0;

  virtual Result<Entry> entry(EntryId id) = 0;
  virtual Result<std::int64_t> entry_count() = 0;

  // One row per account and currency with postings dated on or before as_of (all when
  // empty), ordered by account name and currency.
  virtual Result<std::vector<BalanceRow>> trial_balance(std::optional<Date> as_of) = 0;
  // Rows of `account` and of its sub-accounts ("Assets:Loans" covers
  // "Assets:Loans:InTerm:01"); with `loan`, only postings carrying that loan.
  // NotFound when no account has that name or prefix.
  virtual Result<std::vector<BalanceRow>> balance(std::string_view account,
                                                  std::optional<Date> as_of,
                                                  std::optional<LoanId> loan) = 0;
  // Per-loan rows of a control account (the loan sub-ledger behind a GL account).
  virtual Result<std::vector<BalanceRow>> loan_balances(std::string_view account,
                                                        std::optional<Date> as_of) = 0;

  // The postings of exactly `account` dated on or before as_of (all when empty), in date
  // then entry order, each with the running balance of its currency. NotFound when no
  // account has that name.
  virtual Result<std::vector<LedgerLine>> account_ledger(std::string_view account,
                                                         std::optional<Date> as_of) = 0;

  // Recomputes every entry's hash and the chain, checks that each entry balances, and that
  // the database's triggers are all in place. A damaged ledger is an ok Result whose report
  // names the first bad entry (or, for a missing trigger, only the problem).
  virtual Result<VerifyReport> verify() = 0;
  // The hash of control record `id` (1 is the first): NotFound when there is none.
  virtual Result<std::string> control_record_hash(std::int64_t id) = 0;

  // The repositories that the library's operations (the loan book, approvals) are written
  // over: internal to the library (ledger/src/operations/backend.hpp).
  virtual ops::Backend& backend() = 0;
};

// Creates a new ledger file: schema, currencies and chart of accounts from schemas/.
// AlreadyExists when the file exists.
Result<std::unique_ptr<Store>> create_ledger(const std::string& path, const StoreOptions& options);
// Opens an existing ledger, applying pending schema migrations (unless read-only).
// NotFound when the file is missing, InvalidArgument when it is not a socai ledger.
Result<std::unique_ptr<Store>> open_ledger(const std::string& path, const StoreOptions& options);

}  // namespace socai
