// The reconciliation's checks (ledger/reconcile.hpp, DESIGN.md section 8) as pure functions: each
// takes the rows a store read (postings summed, maintained balances, loans, events, cash counts)
// and returns the check passed or failed, with its figures and its discrepancies named by place.
// Rows arrive one at a time (the accumulators below), so what is kept does not grow with the
// postings; nothing here reads a database.
//
//   reports::MaintainedBalancesCheck balances;
//   for (const BalanceRow& row : rows) balances.add(row);
//   report.checks.push_back(std::move(balances).finish());
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/reconcile.hpp"
#include "ledger/reports.hpp"
#include "ledger/store.hpp"

namespace socai::reports {

inline constexpr std::size_t kListedDiscrepancies = 100;  // per check; all are counted

// A check named `name`, passed until a discrepancy is added.
ReconcileCheck new_check(std::string name);
// Fails `check` with one more discrepancy: listed while fewer than kListedDiscrepancies are.
void add_discrepancy(ReconcileCheck& check, std::string where, std::string expected,
                     std::string found);
// Minor units of `currency` for the figures: "1,234,500"; the bare number for an unknown code.
std::string amount_text(std::int64_t minor_units, std::string_view currency = "VND");

// Trial balance: the debits and credits of the postings dated through the day, per currency.
struct CurrencyTurnover {
  std::string currency;
  std::int64_t debits = 0;
  std::int64_t credits = 0;
};
ReconcileCheck trial_balance_check(std::span<const CurrencyTurnover> per_currency);

// Entries balanced: every entry's postings sum to 0 per currency, and every entry has postings.
class EntriesBalancedCheck {
 public:
  // An entry whose postings in `currency` sum to `sum`, not 0.
  void add_unbalanced(std::int64_t entry, std::string_view currency, std::int64_t sum);
  void add_without_postings(std::int64_t entry);
  ReconcileCheck finish(std::int64_t entries, std::int64_t postings) &&;

 private:
  ReconcileCheck check_ = new_check("entries balanced");
};

// Hash chain: the journal's own verification (Store::verify).
ReconcileCheck hash_chain_check(const VerifyReport& verified);

// Maintained balances: per (account, currency, loan), the debits and credits summed from the
// postings against the running balance and the daily balances the store maintains.
struct DebitCredit {
  std::int64_t debit = 0;
  std::int64_t credit = 0;
  friend bool operator==(const DebitCredit&, const DebitCredit&) = default;
};
struct BalanceRow {
  std::string account;  // its name, or "#<id>" for an account the chart no longer has
  std::string currency;
  std::int64_t loan_id = 0;  // 0: no loan
  DebitCredit postings;
  DebitCredit running;
  DebitCredit daily;
};
// And per currency, the debits of all postings against the ledger's total the store keeps
// (money.hpp, kMaxLedgerDebits).
class MaintainedBalancesCheck {
 public:
  void add(const BalanceRow& row);
  void add_ledger_total(const std::string& currency, std::int64_t debit);
  ReconcileCheck finish() &&;

 private:
  ReconcileCheck check_ = new_check("maintained balances");
  std::int64_t rows_ = 0;
  std::map<std::string, std::int64_t> posted_debits_;  // by currency, summed from the rows
  std::map<std::string, std::int64_t> kept_debits_;    // by currency, as the store keeps them
};

// Loan states, loan sub-ledgers and GL control accounts: each loan's snapshot against the fold
// of its events, each of its buckets against its postings, and each control account against
// the sum of its loans' buckets.
struct LoanReplay {
  std::string code;                     // "L-1"
  std::optional<std::string> failure;   // why its events do not replay; empty when they do
  bool matches = true;                  // the folded state equals the snapshot
  std::int64_t folded_principal = 0;    // VND
  std::int64_t snapshot_principal = 0;  // VND
};
struct LoanBucket {
  std::string account;        // the program's account of the bucket
  std::int64_t snapshot = 0;  // what the snapshot holds in it
  std::int64_t posted = 0;    // the sum of the loan's postings on the account
};
class LoanChecks {
 public:
  // One loan with its buckets (in-term, overdue, frozen, interest).
  void add_loan(const LoanReplay& replay, std::span<const LoanBucket> buckets);
  // REQUIRES: every loan added. The balance of a control account in the journal; the
  // OffBalance:WrittenOff:* accounts follow written-off debt, not a bucket, and are passed over.
  void add_control_account(const std::string& account, std::int64_t balance);
  // "loan states", "loan sub-ledgers", "GL control accounts", in that order.
  std::vector<ReconcileCheck> finish() &&;

 private:
  ReconcileCheck states_ = new_check("loan states");
  ReconcileCheck ledgers_ = new_check("loan sub-ledgers");
  ReconcileCheck controls_ = new_check("GL control accounts");
  std::map<std::string, std::int64_t> control_expected_;  // account -> sum of the loans' buckets
  std::int64_t loans_ = 0;
  std::int64_t accounts_ = 0;
};

// Roll-forward of a month: for each loan, its opening and closing principal from the journal
// and its flows from its events, then opening + disbursed - reversed - collected - written off
// = closing (PortfolioFlows::rolled_forward) at loan, group, commune x organisation x program,
// district and province level.
struct LoanLevels {
  std::int64_t loan_id = 0;
  std::string code;
  std::string group;
  std::string commune;
  std::string organisation;
  std::string program;
  std::string district;
  std::string province;
};
class RollForwardCheck {
 public:
  explicit RollForwardCheck(date::year_month month);
  // The loan's principal on its loan accounts at the end of the day before the month (opening)
  // and at the month's end (closing).
  void add_balances(std::int64_t loan_id, std::int64_t opening, std::int64_t closing);
  // One event of the loan dated in the month (event_flows).
  void add_event(std::int64_t loan_id, const PortfolioFlows& flows);
  // REQUIRES: every balance and event added. Where the loan adds up to; a loan without
  // balances or events in the month is passed over.
  void add_levels(const LoanLevels& loan);
  ReconcileCheck finish() &&;

 private:
  ReconcileCheck check_;
  std::map<std::int64_t, PortfolioFlows> loans_;
  std::map<std::string, PortfolioFlows> levels_;
  PortfolioFlows total_;
  std::int64_t rolled_ = 0;
};

// Cash: each count against the journal's balance of its account on its day.
class CashCheck {
 public:
  // `book`: the account's balance through the count's day; nullopt when the ledger has no such
  // account.
  void add(const CashCount& count, std::optional<std::int64_t> book);
  ReconcileCheck finish() &&;

 private:
  ReconcileCheck check_ = new_check("cash");
  std::size_t counts_ = 0;
  std::int64_t counted_ = 0;
};

// Reference data as people read it, for rows recorded before socai kept its text rules or
// changed behind it: every name and place (of communes, officers, groups and households) in
// Unicode NFC, without surrounding white space and without a control, format or
// bidirectional character; no two codes of a kind equal without regard to case.
class ReferenceTextCheck {
 public:
  // `kind` "commune", `code` its code, `field` "district", `value` the text stored.
  void add_text(std::string_view kind, std::string_view code, std::string_view field,
                std::string_view value);
  // Codes of `kind` that differ only by case ("HH-001", "hh-001").
  void add_codes_alike(std::string_view kind, const std::vector<std::string>& codes);
  ReconcileCheck finish() &&;

 private:
  ReconcileCheck check_ = new_check("reference data as read");
  std::int64_t texts_ = 0;
};

}  // namespace socai::reports
