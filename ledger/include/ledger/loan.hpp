// The credit domain's pure core: programs, loan contracts, loan state and its events
// (DESIGN.md sections 5 and 6, DOMAIN.md sections 1 to 3). No storage here: a loan's state
// is a fold over its events, and each event is (state, event) -> (new state, postings).
//
//   LoanState s;  // a loan just opened
//   LoanTransition d = apply_event(program, contract, s,
//                                  {LoanEventKind::Disburse, 2025_y/November/10, 50'000'000})
//                          .value();
//   interest_due_on(program, contract, d.state, 2025_y/December/10)->total();  // 266,795 (V1)
//
// Interest accrues daily on the end-of-day balance, first day counted and last not, per
// bucket (in-term at the program rate, overdue at rate x overdue multiplier, frozen at zero),
// exactly across rate and balance changes; it is rounded once per period and bucket when the
// period ends (an interest collection or payment), and unpaid interest is carried in its
// bucket, never capitalised.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/journal.hpp"
#include "ledger/rate_history.hpp"
#include "ledger/schedule.hpp"

namespace socai {

enum class PovertyStatus { Poor, NearPoor, Escaped, None };
std::string_view poverty_status_name(PovertyStatus status);  // "poor", "near-poor", ...
Result<PovertyStatus> parse_poverty_status(std::string_view text);

struct StatusChange {
  Date effective_from;
  PovertyStatus status;
};
// The status in force on `day` (history in any order); empty before the first change.
std::optional<PovertyStatus> status_on(std::span<const StatusChange> history, Date day);

// Cash basis: accrued unpaid interest off balance sheet, income when collected.
// Accrual basis: a receivable and income when interest is rounded at the period's end.
enum class AccountingBasis { Cash, Accrual };
std::string_view accounting_basis_name(AccountingBasis basis);
Result<AccountingBasis> parse_accounting_basis(std::string_view text);

// The GL account a program uses for each role.
enum class LoanAccount {
  InTerm,                 // Assets:Loans:InTerm:<program> (control)
  Overdue,                // Assets:Loans:Overdue:<program> (control)
  Frozen,                 // Assets:Loans:Frozen:<program> (control)
  InterestReceivable,     // Assets:InterestReceivable:<program> (control; accrual basis)
  InterestIncome,         // Income:Interest:<program>
  AccruedInterest,        // OffBalance:AccruedInterest:<program> (control; cash basis)
  AccruedInterestContra,  // OffBalance:AccruedInterestContra:<program>
};

// The parts a combined payment pays, in a program's order (DOMAIN.md section 3; by default
// overdue interest, in-term interest, overdue principal, due principal, then prepayment).
enum class PaymentPart {
  OverdueInterest,
  InTermInterest,
  OverduePrincipal,
  DuePrincipal,
  Prepayment
};
std::string_view payment_part_name(PaymentPart part);  // "overdue-interest", ...
// Five distinct part names separated by spaces; InvalidArgument otherwise.
Result<std::vector<PaymentPart>> parse_allocation(std::string_view text);
std::string allocation_text(std::span<const PaymentPart> order);

struct Program {
  std::string code;  // "01"
  std::string name_vi;
  std::string name_en;
  Currency currency;
  std::optional<std::int64_t> cap_amount;     // per loan, minor units
  std::optional<std::int64_t> cap_per_month;  // students: per month of study
  std::optional<int> max_term_months;
  std::vector<PovertyStatus> eligible;       // status required on the disbursement date; empty: any
  std::optional<int> escaped_window_months;  // "escaped" counts this long after leaving poverty
  DayCount day_count = DayCount::Act365F;
  RoundingMode rounding = RoundingMode::HalfUp;
  std::int64_t installment_multiple = 1;
  InstallmentRounding installment_rounding = InstallmentRounding::Down;
  int overdue_multiplier_percent = 130;
  AccountingBasis basis = AccountingBasis::Cash;
  Date missed_rule_cutoff;  // loans disbursed before it roll missed installments forward
  std::vector<PaymentPart> allocation{PaymentPart::OverdueInterest, PaymentPart::InTermInterest,
                                      PaymentPart::OverduePrincipal, PaymentPart::DuePrincipal,
                                      PaymentPart::Prepayment};
  RateHistory rates;

  std::string account(LoanAccount role) const;
  Exact overdue_multiplier() const { return Exact(overdue_multiplier_percent, 100); }
};

// Refused (FailedPrecondition, naming the status) when the household's status on `day` does
// not make it eligible for `program`.
Status check_eligibility(const Program& program, std::span<const StatusChange> history, Date day);

// The most months a loan's due dates may be extended in all (DOMAIN.md section 4): 12 for
// terms of up to 12 months, half the original term (rounded down) for longer ones.
int extension_cap_months(int term_months);
// Refused (FailedPrecondition, with the cap and what is left of it) when `requested` more
// months would take the loan's extensions past the cap; InvalidArgument unless requested > 0.
Status check_extension(int term_months, int extended_months, int requested_months);

struct LoanContract {
  LoanId id;
  std::string code;  // the bank's loan number, "L-2025-0001"
  std::string household;
  std::string program;
  std::string group;
  std::string officer;
  Money approved;
  int term_months = 12;
  RepaymentMethod method = RepaymentMethod::EqualPrincipal;
  int every_months = 1;
  int grace_principal_months = 0;
  std::vector<CustomInstallment> custom;
  Date opened_on;
  std::optional<Date> course_end;  // student loans
  std::optional<int> gdx_day;      // the commune's transaction day
  std::string cash_account;        // the commune's transaction point, Assets:Cash:TP-<commune>
};

// Student loans (program 02, DOMAIN.md V6): from the first disbursement to the course's end
// is the disbursement period (whole months); then 12 months' grace; then a repayment period
// as long as the disbursement period (twice it when that is 12 months or less), principal
// in yearly installments. The final maturity is the last month's due date, on the GDX day.
struct StudentPlan {
  int disbursement_months = 0;
  int term_months = 0;
  int grace_principal_months = 0;  // disbursement period + 12 months' grace
  int every_months = 12;
  Date maturity;
};
Result<StudentPlan> student_plan(Date first_disbursement, Date course_end,
                                 std::optional<int> gdx_day);

// The schedule terms of a contract under its program, for `principal` from `start`; a
// student loan's term and plan follow from `start` (its first disbursement) and course end.
ScheduleTerms schedule_terms(const Program& program, const LoanContract& contract, Money principal,
                             Date start);

struct LoanState {
  std::int64_t disbursed = 0;  // all amounts in minor units of the program's currency
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t principal_repaid = 0;
  std::int64_t interest_due_in_term = 0;  // rounded at a period's end, not yet paid
  std::int64_t interest_due_overdue = 0;
  Exact accruing_in_term = 0;  // exact interest of the current period, not yet rounded
  Exact accruing_overdue = 0;
  std::optional<Date> interest_through;  // interest is counted up to this day (not counted)
  std::optional<Date> first_disbursed_on;
  std::optional<Date> last_event_on;
  std::int64_t interest_collected = 0;
  std::optional<Date> interest_paid_on;     // the last day interest was collected
  std::int64_t interest_rounded = 0;        // sum of all interest rounded into the due buckets
  std::optional<Date> transitions_through;  // installments due up to this day are settled
  std::int64_t moved_to_overdue = 0;        // in-term principal moved to overdue, in all
  std::optional<Date> frozen_until;         // set while the loan is frozen
  struct Extension {
    Date from;   // due dates on or after this day ...
    int months;  // ... move this many months later
    friend bool operator==(const Extension&, const Extension&) = default;
  };
  std::vector<Extension> extensions;
  std::vector<int> adjusted_installments;  // installments (1 = first) joined to the next
  int extended_months() const {
    int total = 0;
    for (const Extension& e : extensions) total += e.months;
    return total;
  }
  std::int64_t written_off_principal = 0;
  std::int64_t written_off_interest = 0;
  std::int64_t recovered = 0;  // recovered on written-off debt
  int events = 0;

  std::int64_t principal() const { return in_term + overdue + frozen; }
  // Nothing left to pay: repaid, or written off.
  bool repaid_in_full() const {
    return disbursed > 0 && principal() == 0 && interest_due_in_term == 0 &&
           interest_due_overdue == 0 && accruing_in_term == 0 && accruing_overdue == 0;
  }
  bool written_off() const { return written_off_principal + written_off_interest > 0; }
  friend bool operator==(const LoanState&, const LoanState&) = default;
};

// Where a loan stands, from its state (LoanView::status; a month-end record's status).
enum class LoanStatus {
  Approved,    // "approved": opened, nothing disbursed yet
  InTerm,      // "in-term": principal outstanding, none of it overdue or frozen
  Overdue,     // "overdue": some principal overdue, none frozen
  Frozen,      // "frozen": some principal frozen (DOMAIN.md section 4)
  WrittenOff,  // "written-off": nothing left to pay, and some debt was written off
  Closed,      // "closed": repaid in full
};
std::string_view loan_status_name(LoanStatus status);
Result<LoanStatus> parse_loan_status(std::string_view text);
LoanStatus loan_status(const LoanState& state);

enum class LoanEventKind {
  Disburse,         // "disburse": principal out to the household
  CollectInterest,  // "collect-interest": interest paid (overdue bucket first)
  RepayPrincipal,   // "repay": principal paid (overdue first, then in-term; beyond the
                    // installments due it is a prepayment, allowed without fee)
  Pay,              // "pay": one amount split by the program's allocation order
  Freeze,           // "freeze": in-term and overdue principal frozen for 3 or 5 years, no
                    // interest (Decisions 50/2010, 08/2021); renewable while frozen
  Unfreeze,         // "unfreeze": frozen principal back in term, at the end or early
  Extend,           // "extend": due dates on or after the date move N months later, within
                    // the cap (extension_cap_months); the rate is unchanged
  Adjust,           // "adjust": installment K (filed before its due date) joins
                    // installment K+1; the final maturity is kept
  WriteOff,         // "write-off": principal (frozen, then overdue, then in-term) and/or
                    // interest owed written off against the risk reserve
  Recover,          // "recover": money later recovered on written-off debt: income, and
                    // the loan is not reopened
  Accrue,           // "accrue": the month-end close (dated the month's last day): due dates
                    // before it settled, interest accrued through the day and rounded
  Reverse,          // "reverse": the loan's last money event undone (a mistaken or bounced
                    // payment, a disbursement never paid out); see apply_reversal
};
std::string_view loan_event_kind_name(LoanEventKind kind);
Result<LoanEventKind> parse_loan_event_kind(std::string_view text);

struct LoanEvent {
  LoanEventKind kind;
  Date date;
  std::int64_t amount = 0;           // minor units, positive, for the events that move money
  int years = 0;                     // Freeze: 3 or 5
  std::int64_t interest_amount = 0;  // WriteOff: the interest written off (amount: principal)
};

// Where an event's amount went, and the interest rounded into the buckets by it.
struct LoanSplit {
  std::int64_t overdue_interest = 0;
  std::int64_t in_term_interest = 0;
  std::int64_t overdue_principal = 0;
  std::int64_t due_principal = 0;  // in-term principal of installments due by the date
  std::int64_t prepaid_principal = 0;
  std::int64_t interest_rounded = 0;  // interest that became due at this period's end
  std::int64_t disbursed = 0;
  std::int64_t frozen = 0;              // Freeze: principal moved to frozen, of which ...
  std::int64_t frozen_overdue = 0;      // ... this much was overdue (the rest in term)
  std::int64_t unfrozen = 0;            // Unfreeze: principal moved back in term
  std::int64_t written_off_frozen = 0;  // WriteOff: principal written off, by bucket
  std::int64_t written_off_overdue = 0;
  std::int64_t written_off_in_term = 0;
  std::int64_t written_off_interest = 0;  // WriteOff: interest written off
  std::int64_t recovered = 0;             // Recover
};

// A move between a loan's principal buckets that time makes, not an event: posted as its own
// entry, before the entry of the event that found it due.
enum class TransferKind {
  ToOverdue,  // the unpaid part of an installment, in-term to overdue, the day after its due
              // date (DOMAIN.md section 3)
  Unfreeze,   // frozen principal back in term when the freeze ends (DOMAIN.md section 4)
};
struct OverdueTransfer {
  Date effective;  // the day after the due date (or the freeze's last day): the new bucket's
                   // interest runs from this day
  Date due_date;   // the installment's due date (or the freeze's end)
  std::int64_t amount = 0;
  TransferKind kind = TransferKind::ToOverdue;
};

struct LoanTransition {
  LoanState state;
  std::vector<OverdueTransfer> transfers;  // due dates passed since the loan's last event
  std::vector<PostingSpec> postings;       // a balanced entry; control postings name the loan
  LoanSplit split;
};

// The journal postings of a transfer: in-term to overdue, or frozen to in-term, on the loan's
// accounts.
std::vector<PostingSpec> transfer_postings(const Program& program, const LoanContract& contract,
                                           const OverdueTransfer& transfer);

// Applies one event. First a freeze that ended before the event's date ends (its principal
// back in term from the freeze's end date), then the due dates passed since the loan's last
// event are settled: for
// a loan first disbursed on or after the program's missed-rule cutoff (01/03/2026) the unpaid
// part of every installment, and for an earlier loan only that of its final maturity (its
// missed intermediate installments roll into the next), moves from in-term to overdue on
// the day after the due date, and accrues at the overdue rate from then on.
// Refusals (FailedPrecondition): a date before the loan's last event (or on a day whose
// interest a month-end close already accrued), a disbursement beyond
// the approved amount, an amount larger than what is owed, any payment on a loan repaid in
// full. The fold of apply_event over a loan's events is its state.
Result<LoanTransition> apply_event(const Program& program, const LoanContract& contract,
                                   const LoanState& state, const LoanEvent& event);
// The same with the loan's schedule built by the caller, who needs it again (a month-end
// close counts days past due from it): the same result, without building it a second time.
// REQUIRES: `schedule` is loan_schedule(program, contract, state).
Result<LoanTransition> apply_event(const Program& program, const LoanContract& contract,
                                   const LoanState& state, const LoanEvent& event,
                                   const Schedule& schedule);

// A reversal of the loan's last event, dated `day`: `before` is the loan's state folded
// without that event; the reversal brings it to `day` as any event would (freezes ended and
// due dates settled: a payment made after a due date and reversed leaves that installment
// overdue, with overdue interest from the day after the due date) and is the loan's event of
// that day. Its postings restate the journal from `after` (the state with the event) to the
// result: each bucket, the interest owed and collected, recoveries, and the cash.
Result<LoanTransition> apply_reversal(const Program& program, const LoanContract& contract,
                                      const LoanState& before, const LoanState& after, Date day);

struct InterestDue {
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t total() const { return in_term + overdue; }
};
// The loan as it stands on `day` with no further event: interest accrued up to `day` (not
// counted, not rounded) and the due dates passed settled as in apply_event.
// REQUIRES: `day` is not before the loan's last event.
Result<LoanState> state_on(const Program& program, const LoanContract& contract,
                           const LoanState& state, Date day);
// The same with the loan's schedule built by the caller.
// REQUIRES: `schedule` is loan_schedule(program, contract, state).
Result<LoanState> state_on(const Program& program, const LoanContract& contract,
                           const LoanState& state, Date day, const Schedule& schedule);

// The interest owed if paid on `day`: each bucket's carried interest plus its exact
// accruing interest up to `day` (not counted), rounded once.
Result<InterestDue> interest_due_on(const Program& program, const LoanContract& contract,
                                    const LoanState& state, Date day);

// The loan's schedule as it stands: its contract's plan from the first disbursement, with the
// extensions and adjustments recorded in `state`. REQUIRES: state.first_disbursed_on.
Result<Schedule> loan_schedule(const Program& program, const LoanContract& contract,
                               const LoanState& state);

// Days past due on `day`: from the oldest due date before `day` whose principal is not all
// repaid (DOMAIN.md section 3, whichever missed-installment rule applies); 0 for a loan with
// nothing outstanding or frozen.
Result<std::int64_t> days_past_due(const Program& program, const LoanContract& contract,
                                   const LoanState& state, Date day);
// The same from the loan's schedule built by the caller. state_on, and apply_event of any
// event but a disbursement, an extension or an adjustment, keep what a schedule is built
// from (the first disbursement, extensions and adjustments): the schedule of the state they
// start from is that of the state they return.
// REQUIRES: `schedule` is loan_schedule(program, contract, state) for a disbursed loan.
std::int64_t days_past_due(const Schedule& schedule, const LoanState& state, Date day);

// In-term principal of installments due on or before `day` and not yet repaid.
Result<std::int64_t> principal_due_on(const Program& program, const LoanContract& contract,
                                      const LoanState& state, Date day);

}  // namespace socai
