// Tests of the credit domain's loan events without a ledger: journal kinds and memos, keys,
// loan status, the fold with a reversal, the view, and DOMAIN.md vectors through the pure
// functions (ledger/loan.hpp, ledger/src/credit/events.hpp, fold.hpp, view.hpp).
#include <catch2/catch.hpp>

#include "credit/events.hpp"
#include "credit/fold.hpp"
#include "credit/month_end.hpp"
#include "credit/view.hpp"
#include "credit_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

LoanState apply_ok(const Program& p, const LoanContract& c, const LoanState& s, LoanEventKind kind,
                   Date date, std::int64_t amount) {
  Result<LoanTransition> t = apply_event(p, c, s, LoanEvent{kind, date, amount});
  REQUIRE(t.ok());
  return t->state;
}

// 50,000,000 of program 01 disbursed 10/11/2025 (DOMAIN.md V1).
LoanState v1_disbursed() {
  return apply_ok(program_01(), contract_01(50'000'000, 2025_y / November / 10), LoanState{},
                  LoanEventKind::Disburse, 2025_y / November / 10, 50'000'000);
}

}  // namespace

TEST_CASE("each event's entry has its journal kind and a memo naming the loan",
          "[credit][events]") {
  CHECK(credit::entry_kind(LoanEventKind::Disburse) == "disbursement");
  CHECK(credit::entry_kind(LoanEventKind::CollectInterest) == "interest-collection");
  CHECK(credit::entry_kind(LoanEventKind::RepayPrincipal) == "principal-repayment");
  CHECK(credit::entry_kind(LoanEventKind::Accrue) == "month-end-accrual");
  CHECK(credit::entry_kind(LoanEventKind::Reverse) == "loan-reversal");
  CHECK(credit::entry_memo(LoanEventKind::Disburse, "L-1") == "Disbursement of loan L-1");
  CHECK(credit::entry_memo(LoanEventKind::Freeze, "L-1") == "Principal of loan L-1 frozen");
  CHECK(credit::entry_memo(LoanEventKind::Adjust, "L-1") ==
        "Installment of loan L-1 adjusted to the next");
  CHECK(credit::entry_memo(LoanEventKind::Recover, "L-1") == "Recovered on written-off loan L-1");
}

TEST_CASE("a transfer's entry names the loan and the due date it settles", "[credit][events]") {
  const OverdueTransfer overdue{2025_y / December / 11, 2025_y / December / 10, 4'100'000};
  const credit::TransferEntry moved = credit::transfer_entry("L-1", overdue);
  CHECK(moved.kind == "transfer-to-overdue");
  CHECK(moved.memo == "Unpaid principal of loan L-1 due 2025-12-10 moved to overdue");
  CHECK(moved.key == "loan:L-1:overdue:2025-12-10");
  CHECK(credit::transfer_context(overdue) == "overdue transfer");
  const OverdueTransfer thaw{2028_y / June / 1, 2028_y / June / 1, 9'000'000,
                             TransferKind::Unfreeze};
  const credit::TransferEntry ended = credit::transfer_entry("L-1", thaw);
  CHECK(ended.kind == "freeze-end");
  CHECK(ended.memo == "Freeze of loan L-1 ended 2028-06-01: principal back in term");
  CHECK(ended.key == "loan:L-1:freeze-end:2028-06-01");
}

TEST_CASE("a derived key names everything the operation is about", "[credit][events]") {
  LoanOperation op{.loan = "L-1",
                   .kind = LoanEventKind::Disburse,
                   .amount = Money::from_minor(50'000'000, vnd()),
                   .date = 2025_y / November / 10,
                   .key = ""};
  CHECK(credit::operation_key(op).key == "disburse:L-1:2025-11-10:50000000");
  op.kind = LoanEventKind::Freeze;
  op.amount = Money::zero(vnd());
  op.years = 5;
  CHECK(credit::operation_key(op).key == "freeze:L-1:2025-11-10:0/5");
  op.kind = LoanEventKind::WriteOff;
  op.interest_amount = 120'000;
  CHECK(credit::operation_key(op).key == "write-off:L-1:2025-11-10:0+120000");
  op.key = "import-7";
  CHECK(credit::operation_key(op).key == "import-7");
  CHECK(credit::reversal_key(LoanOperation{.loan = "L-1",
                                           .kind = LoanEventKind::Reverse,
                                           .amount = Money::zero(vnd()),
                                           .date = 2025_y / December / 12,
                                           .key = ""},
                             42)
            .key == "reverse:L-1:event-42");
  CHECK(credit::accrual_key("L-1", "2025-11").key == "accrue:L-1:2025-11");
}

TEST_CASE("the same operation has the same digest, another content another", "[credit][events]") {
  LoanOperation op{.loan = "L-1",
                   .kind = LoanEventKind::Pay,
                   .amount = Money::from_minor(1'000'000, vnd()),
                   .date = 2025_y / December / 10,
                   .key = ""};
  const credit::OperationKey first = credit::operation_key(op);
  CHECK(first.digest.size() == 64);
  CHECK(credit::operation_key(op).digest == first.digest);
  op.amount = Money::from_minor(1'000'001, vnd());
  CHECK(credit::operation_key(op).digest != first.digest);
}

TEST_CASE("only a money event that is the loan's last can be reversed", "[credit][events]") {
  CHECK(credit::check_reversible("L-1", "pay", 7).ok());
  CHECK(credit::check_reversible("L-1", "disburse", 2).ok());
  const Status frozen = credit::check_reversible("L-1", "freeze", 9);
  REQUIRE_FALSE(frozen.ok());
  CHECK(frozen.error().code == ErrorCode::FailedPrecondition);
  CHECK(frozen.error().message ==
        "the last event of loan L-1 is a freeze (event 9); only the last event can be reversed, "
        "and only a disbursement, interest collection, repayment, payment or recovery");
  CHECK(credit::check_reversible("L-1", "reverse", 10).error().message ==
        "the last event of loan L-1 is already a reversal (event 10); only the last event can "
        "be reversed, and only a disbursement, interest collection, repayment, payment or "
        "recovery");
}

TEST_CASE("a loan's status follows its buckets, and its name is what reports show",
          "[credit][status]") {
  LoanState s;
  CHECK(loan_status(s) == LoanStatus::Approved);
  s.disbursed = 10'000'000;
  s.in_term = 10'000'000;
  CHECK(loan_status(s) == LoanStatus::InTerm);
  s.overdue = 1'000'000;
  CHECK(loan_status(s) == LoanStatus::Overdue);
  s.frozen = 2'000'000;
  CHECK(loan_status(s) == LoanStatus::Frozen);
  LoanState repaid;
  repaid.disbursed = 10'000'000;
  repaid.principal_repaid = 10'000'000;
  CHECK(loan_status(repaid) == LoanStatus::Closed);
  CHECK_FALSE(credit::has_month_end_record(repaid));
  repaid.written_off_principal = 1'000'000;
  CHECK(loan_status(repaid) == LoanStatus::WrittenOff);
  CHECK(credit::has_month_end_record(repaid));
  CHECK(loan_status_name(LoanStatus::InTerm) == "in-term");
  CHECK(loan_status_name(LoanStatus::WrittenOff) == "written-off");
  CHECK(parse_loan_status("overdue").value() == LoanStatus::Overdue);
  CHECK(parse_loan_status("late").error().field == "status");
}

TEST_CASE("V1: 50,000,000 of program 01 disbursed 10/11/2025 owes 266,795 on 10/12/2025",
          "[credit][interest][vectors]") {
  // 21 days at 6.6% and 9 days at 6.24% (DOMAIN.md V1): 266,794.52... -> 266,795.
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  const LoanState s = v1_disbursed();
  Result<InterestDue> due = interest_due_on(p, c, s, 2025_y / December / 10);
  REQUIRE(due.ok());
  CHECK(due->in_term == 266'795);
  CHECK(due->overdue == 0);
}

TEST_CASE("V1 collected: the entry moves 266,795 from accrued interest to income",
          "[credit][interest][vectors]") {
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  Result<LoanTransition> t =
      apply_event(p, c, v1_disbursed(),
                  LoanEvent{LoanEventKind::CollectInterest, 2025_y / December / 10, 266'795});
  REQUIRE(t.ok());
  CHECK(t->split.interest_rounded == 266'795);
  CHECK(t->split.in_term_interest == 266'795);
  CHECK(t->state.interest_collected == 266'795);
  REQUIRE(t->postings.size() == 2);
  CHECK(t->postings[0].account == "Assets:Cash:TP-XH");
  CHECK(t->postings[0].amount.minor_units() == 266'795);
  CHECK(t->postings[1].account == "Income:Interest:01");
  CHECK(t->postings[1].amount.minor_units() == -266'795);
}

TEST_CASE("the fold undoes a reversed collection, and without the reversal it stands",
          "[credit][fold]") {
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  const std::vector<credit::RecordedEvent> events{
      {1, LoanEvent{LoanEventKind::Disburse, 2025_y / November / 10, 50'000'000}, std::nullopt},
      {2, LoanEvent{LoanEventKind::CollectInterest, 2025_y / December / 10, 266'795}, std::nullopt},
      {3, LoanEvent{LoanEventKind::Reverse, 2025_y / December / 10, 266'795}, 2}};
  Result<LoanState> reversed = credit::fold(p, c, events);
  REQUIRE(reversed.ok());
  CHECK(reversed->interest_collected == 0);
  CHECK(reversed->in_term == 50'000'000);
  CHECK(reversed->events == 2);
  CHECK(interest_due_on(p, c, reversed.value(), 2025_y / December / 10)->total() == 266'795);
  Result<LoanState> standing = credit::fold(p, c, std::span(events).first(2));
  REQUIRE(standing.ok());
  CHECK(standing->interest_collected == 266'795);
  CHECK(interest_due_on(p, c, standing.value(), 2025_y / December / 10)->total() == 0);
}

TEST_CASE("a fold refuses a reversal without its event and events that do not replay",
          "[credit][fold]") {
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  const std::vector<credit::RecordedEvent> orphan{
      {1, LoanEvent{LoanEventKind::Disburse, 2025_y / November / 10, 50'000'000}, std::nullopt},
      {2, LoanEvent{LoanEventKind::Reverse, 2025_y / December / 10, 0}, 7}};
  Result<LoanState> r = credit::fold(p, c, orphan);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::DataLoss);
  CHECK(r.error().message == "a reversal without its event");
  const std::vector<credit::RecordedEvent> beyond{
      {1, LoanEvent{LoanEventKind::Disburse, 2025_y / November / 10, 60'000'000}, std::nullopt}};
  Result<LoanState> over = credit::fold(p, c, beyond);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == ErrorCode::DataLoss);
  CHECK(over.error().message ==
        "loan L-1: its events do not replay: disbursing 60,000,000 would bring loan L-1 to "
        "60,000,000, beyond the approved 50,000,000");
}

TEST_CASE("the view of V1 on 10/12/2025: in term, interest owed, the installment due that day",
          "[credit][view]") {
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  Result<LoanView> v = credit::loan_view(p, c, v1_disbursed(), 2025_y / December / 10);
  REQUIRE(v.ok());
  CHECK(v->status == LoanStatus::InTerm);
  CHECK(v->interest_due.total() == 266'795);
  CHECK(v->next_due_date == 2025_y / December / 10);
  CHECK(v->days_past_due == 0);
  // 50,000,000 / 12 = 4,166,666.67, rounded down to a multiple of 100,000.
  CHECK(v->principal_due == 4'100'000);
  CHECK(v->maturity == 2026_y / November / 10);
}

TEST_CASE("the view the day after an unpaid installment: overdue from the day after",
          "[credit][view]") {
  const Program p = program_01();
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  Result<LoanView> v = credit::loan_view(p, c, v1_disbursed(), 2025_y / December / 20);
  REQUIRE(v.ok());
  // Disbursed before 01/03/2026: a missed intermediate installment rolls into the next
  // (DOMAIN.md section 3), so the loan stays in term, 10 days past due.
  CHECK(v->status == LoanStatus::InTerm);
  CHECK(v->state.overdue == 0);
  CHECK(v->days_past_due == 10);
  CHECK(v->next_due_date == 2026_y / January / 10);
}

TEST_CASE("a loan is shown on its last event's day, or today when that is later",
          "[credit][view]") {
  const LoanContract c = contract_01(50'000'000, 2025_y / November / 10);
  LoanState s;
  CHECK(credit::view_day(c, s, 2025_y / October / 1) == 2025_y / November / 10);
  s.last_event_on = 2025_y / December / 10;
  CHECK(credit::view_day(c, s, 2025_y / December / 1) == 2025_y / December / 10);
  CHECK(credit::view_day(c, s, 2026_y / January / 5) == 2026_y / January / 5);
}
