// LoanBook: the credit domain over a ledger, in four interfaces: Registry (ledger/registry.hpp:
// communes, organisations, groups, households, officers, programs), Loans (here: loans, whose
// every operation is an append-only loan event posted with its journal entry in one
// transaction, DESIGN.md sections 2 and 5; savings; collection sheets), MonthEnd
// (ledger/close.hpp: the month-end close and its fees) and Reports (ledger/reports.hpp).
//
//   auto store = open_ledger("branch.db", {}).value();
//   auto book = open_loan_book(*store).value();
//   book->add_commune({.code = "XH", .name = "Xã Hòa", .district = "Phú Hòa",
//                      .province = "Phú Yên", .gdx_day = 10}, "lan");
//   ...
//   book->apply({.loan = "L-0001", .kind = LoanEventKind::Disburse,
//                .amount = Money::from_minor(50'000'000, vnd), .date = 2025_y/November/10}, "lan");
//   book->loan("L-0001", 2025_y/December/10)->interest_due.total();  // 266,795 (V1)
//
// Every write is all or nothing; a refused one leaves the ledger exactly as it was. A write
// without a key gets one derived from its content, so repeating it records nothing twice.
// A LoanBook shares its Store's connection: use both from one thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/close.hpp"
#include "ledger/fees.hpp"
#include "ledger/loan.hpp"
#include "ledger/registry.hpp"
#include "ledger/reports.hpp"
#include "ledger/store.hpp"

namespace socai {

struct NewLoan {
  std::string code;
  std::string household;
  std::string program;
  std::string officer;  // optional
  Money amount;         // approved amount
  int term_months = 0;  // 0 for student loans: derived from the course end
  Date date;            // contract date
  RepaymentMethod method = RepaymentMethod::EqualPrincipal;
  int every_months = 1;
  int grace_principal_months = 0;
  std::optional<Date> course_end;  // student loans (program 02)
  std::vector<CustomInstallment> custom;
  std::string key;  // empty: "open:<code>"
};

struct LoanOperation {
  std::string loan;
  LoanEventKind kind = LoanEventKind::Disburse;
  Money amount;  // the events that move money; zero for freeze and unfreeze
  Date date;
  std::string key;         // empty: "<kind>:<loan>:<date>:<amount>"
  int years = 0;           // freeze: 3 or 5
  std::string reason{};    // freeze: the reason code (DOMAIN.md section 4)
  std::string approval{};  // freeze: the approval's reference, e.g. a decision number
  // write-off: `amount` is the principal written off (may be zero), this the interest.
  std::int64_t interest_amount = 0;
};

// A member's voluntary savings, deposited with or withdrawn from the group leader: the
// group's savings liability (Liabilities:Savings:<group>) against the commune's cash.
struct SavingsOperation {
  std::string household;
  bool withdrawal = false;
  Money amount;  // positive; a deposit is at least 5,000 VND (DOMAIN.md section 5)
  Date date;
  std::string key;  // empty: "<deposit|withdraw>:<household>:<date>:<amount>"
};

struct SavingsOutcome {
  std::string household;
  std::string group;
  EntryId entry;
  bool already_recorded = false;
  std::int64_t balance = 0;  // the member's savings after it, minor units
};

struct LoanOutcome {
  std::string loan;
  std::int64_t event_id = 0;
  std::optional<EntryId> entry;
  bool already_recorded = false;
  LoanSplit split;
  // Due dates passed since the loan's last event whose unpaid principal moved to overdue,
  // each posted as its own entry dated the day after the due date (before `entry`).
  std::vector<OverdueTransfer> transfers;
};

struct LoanView {
  LoanContract contract;
  std::string program;
  Currency currency;
  LoanStatus status = LoanStatus::Approved;
  Date as_of;
  LoanState state;
  InterestDue interest_due;  // owed if paid on as_of
  std::optional<Date> next_due_date;
  std::int64_t days_past_due = 0;
  std::int64_t principal_due = 0;  // overdue, and installments due by as_of not yet repaid
  Date maturity;
};

// One member loan on a group's collection sheet (DESIGN.md section 8): what the group leader
// collects at the commune's monthly session. Amounts in minor units of VND.
struct CollectionLine {
  std::string household;
  std::string head;
  std::string loan;  // empty for a member without an active loan (savings only)
  std::string program;
  std::int64_t principal_outstanding = 0;  // on the session day, before it
  std::int64_t interest_due = 0;      // the month's interest: from the last session to this one
  std::int64_t interest_arrears = 0;  // interest owed at the last session and still unpaid
  std::int64_t principal_due = 0;     // installments due by the session day, unpaid
  std::int64_t savings = 0;           // the member's savings before the session
  std::int64_t days_past_due = 0;
  std::int64_t to_collect() const { return interest_due + interest_arrears; }
};

struct CollectionSheet {
  std::string group;
  std::string commune;
  std::string village;
  std::string organisation;
  std::string leader;
  std::string month;                  // "2025-12"
  Date previous_session;              // the month's interest runs from this day ...
  Date session;                       // ... to the session day (not counted): the GDX day, else the
                                      // month's last day
  std::vector<CollectionLine> lines;  // by household, then loan
};

// Loans: each opened, then changed only by events (DESIGN.md section 5), and what a group's
// members bring besides (savings, the collection sheet).
class Loans {
 public:
  virtual ~Loans() = default;

  virtual Result<LoanOutcome> open_loan(const NewLoan& loan, std::string_view actor) = 0;
  virtual Result<LoanOutcome> apply(const LoanOperation& operation, std::string_view actor) = 0;
  // The loan with events dated on or before `as_of` (default: its last event, else today).
  virtual Result<LoanView> loan(std::string_view code, std::optional<Date> as_of) = 0;
  virtual Result<std::vector<LoanView>> loans(std::optional<Date> as_of) = 0;
  virtual Result<Schedule> loan_schedule(std::string_view code) = 0;
  // Runs `body` as one transaction: every write the book makes inside it joins it, and all
  // are kept only if `body` returns success. A write refused inside is undone alone, so
  // `body` may go on (to report every refusal of an import, say) and then fail. Batches do
  // not nest; a month-end close cannot run inside one.
  virtual Status batch(std::string_view actor, const std::function<Status()>& body) = 0;

  // Savings: a deposit or a withdrawal (refused beyond the member's balance).
  virtual Result<SavingsOutcome> savings(const SavingsOperation& operation,
                                         std::string_view actor) = 0;
  // The member's savings at the end of `as_of` (default: all), minor units of VND.
  virtual Result<std::int64_t> savings_balance(std::string_view household,
                                               std::optional<Date> as_of) = 0;

  // The group's collection sheet for `month`: every member, each active loan's interest due
  // for the month (from the previous session day to this month's, not counted), interest
  // arrears, principal due, and the member's savings, as they stand before the session day.
  virtual Result<CollectionSheet> collection_sheet(std::string_view group,
                                                   date::year_month month) = 0;

  // The loan's state folded anew from its events, and the stored snapshot, for checks.
  virtual Result<LoanState> rebuild_state(std::string_view code) = 0;
  virtual Result<LoanState> stored_state(std::string_view code) = 0;
};

// The loan book: its registry, its loans, the month-end close and the reports, over one
// ledger. Each part is an interface of its own, for a reader who needs only that one.
class LoanBook : public Registry, public Loans, public MonthEnd, public Reports {};

// The loan book of a ledger opened by open_ledger or create_ledger.
Result<std::unique_ptr<LoanBook>> open_loan_book(Store& store);

}  // namespace socai
