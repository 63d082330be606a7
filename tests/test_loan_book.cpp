// Tests of ledger/loan_book.hpp and ledger/loan.hpp through a real ledger: the DOMAIN.md
// vectors V1, V2 and V6, the refusals of a loan's life, and the journal entries it posts.
#include <catch2/catch.hpp>

#include "ledger/approvals.hpp"
#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Bank {
  TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  explicit Bank(int gdx_day = 0, const char* now = kTestNow) {
    store = create_ledger(dir.file("bank.db"), test_options(false, now)).value();
    book = open_loan_book(*store).value();
    seed_reference_data(*book, gdx_day);
  }
  Result<LoanOutcome> op(const std::string& loan, LoanEventKind kind, std::int64_t amount,
                         Date date) {
    return book->apply(LoanOperation{loan, kind, vnd_amount(amount), date, ""}, "officer");
  }
  std::int64_t balance(const std::string& account) {
    for (const BalanceRow& row : store->trial_balance(std::nullopt).value())
      if (row.account == account) return row.balance;
    return 0;
  }
};

// DOMAIN.md V6's student loan: 40,000,000 for household H2, contract 25/09/2026, course
// ending 28/02/2029.
NewLoan v6_student_loan() {
  return NewLoan{.code = "S-1",
                 .household = "H2",
                 .program = "02",
                 .officer = "",
                 .amount = vnd_amount(40'000'000),
                 .term_months = 0,
                 .date = 2026_y / September / 25,
                 .method = RepaymentMethod::EqualPrincipal,
                 .every_months = 1,
                 .grace_principal_months = 0,
                 .course_end = 2029_y / February / 28,
                 .custom = {},
                 .key = ""};
}

}  // namespace

TEST_CASE("V1: a program-01 loan of 50,000,000 owes 266,795 on 2025-12-10 across the rate cut",
          "[loan][interest]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 50'000'000, 2025_y / November / 10);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 50'000'000, 2025_y / November / 10).ok());
  LoanView v = bank.book->loan("L-1", 2025_y / December / 10).value();
  CHECK(v.interest_due.total() == 266'795);
  CHECK(v.interest_due.in_term == 266'795);
  CHECK(v.state.in_term == 50'000'000);
  CHECK(v.status == LoanStatus::InTerm);
  CHECK(v.next_due_date == std::optional<Date>(2025_y / December / 10));
}

TEST_CASE("V1 with the program set to act30: 270,500", "[loan][interest]") {
  Bank bank;
  REQUIRE(bank.book->set_program("01", "day-count", "act30", "chief").ok());
  open_poor_loan(*bank.book, "L-1", 50'000'000, 2025_y / November / 10);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 50'000'000, 2025_y / November / 10).ok());
  CHECK(bank.book->loan("L-1", 2025_y / December / 10).value().interest_due.total() == 270'500);
  // Once a program has loans, its settings are fixed.
  CHECK(bank.book->set_program("01", "day-count", "act365f", "chief").error().code ==
        ErrorCode::FailedPrecondition);
}

TEST_CASE("V2: 30,000,000 at 6.6% owes 168,164 for 31 days, then 151,890 for 28",
          "[loan][interest]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 30'000'000, 2025_y / January / 20);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20).ok());
  CHECK(bank.book->loan("L-1", 2025_y / February / 20).value().interest_due.total() == 168'164);
  auto collected = bank.op("L-1", LoanEventKind::CollectInterest, 168'164, 2025_y / February / 20);
  REQUIRE(collected.ok());
  CHECK(collected->split.in_term_interest == 168'164);
  CHECK(collected->split.interest_rounded == 168'164);
  CHECK(bank.book->loan("L-1", 2025_y / March / 20).value().interest_due.total() == 151'890);
  // Cash basis: interest is income when collected; the off-balance accrual is cleared.
  CHECK(bank.balance("Income:Interest:01") == -168'164);
  CHECK(bank.balance("OffBalance:AccruedInterest:01") == 0);
  CHECK(bank.balance("Assets:Cash:TP-XH") == -30'000'000 + 168'164);
}

TEST_CASE("V6: a student loan's term, maturity and yearly installments follow the course",
          "[loan][student]") {
  Bank bank(25);
  NewLoan loan = v6_student_loan();
  auto opened = bank.book->open_loan(loan, "officer");
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  REQUIRE(bank.op("S-1", LoanEventKind::Disburse, 10'000'000, 2026_y / September / 25).ok());
  LoanView v = bank.book->loan("S-1", 2026_y / October / 1).value();
  CHECK(v.contract.term_months == 70);
  CHECK(v.maturity == 2032_y / July / 25);
  Schedule s = bank.book->loan_schedule("S-1").value();
  REQUIRE(s.periods().size() == 70);
  std::vector<std::pair<Date, std::int64_t>> installments;
  for (const SchedulePeriod& p : s.periods())
    if (p.principal.is_positive()) installments.emplace_back(p.due_date, p.principal.minor_units());
  CHECK(installments ==
        std::vector<std::pair<Date, std::int64_t>>{{2031_y / February / 25, 13'300'000},
                                                   {2032_y / February / 25, 13'300'000},
                                                   {2032_y / July / 25, 13'400'000}});
  // Over the cap: 4,000,000 a month for 29 months is 116,000,000.
  loan.code = "S-2";
  loan.amount = vnd_amount(116'000'001);
  CHECK(bank.book->open_loan(loan, "officer").error().message ==
        "amount 116,000,001 is over program 02's cap of 116,000,000 (29 months of study at "
        "4,000,000 a month)");
}

TEST_CASE("a loan's refusals leave nothing behind", "[loan][refusals]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 20'000'000, 2025_y / March / 1);
  const std::int64_t entries = bank.store->entry_count().value();

  // Over the program cap.
  NewLoan big{.code = "L-2",
              .household = "H1",
              .program = "01",
              .officer = "",
              .amount = vnd_amount(100'000'001),
              .term_months = 36,
              .date = 2025_y / March / 1,
              .method = RepaymentMethod::EqualPrincipal,
              .every_months = 12,
              .grace_principal_months = 0,
              .course_end = std::nullopt,
              .custom = {},
              .key = ""};
  CHECK(bank.book->open_loan(big, "officer").error().message ==
        "amount 100,000,001 is over program 01's cap of 100,000,000");
  // Beyond the approved amount.
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 15'000'000, 2025_y / March / 1).ok());
  CHECK(bank.op("L-1", LoanEventKind::Disburse, 5'000'001, 2025_y / March / 2).error().message ==
        "disbursing 5,000,001 would bring loan L-1 to 20,000,001, beyond the approved 20,000,000");
  // More than owed.
  CHECK(bank.op("L-1", LoanEventKind::RepayPrincipal, 15'000'001, 2025_y / April / 1)
            .error()
            .message == "repaying 15,000,001 is more than the principal owed (15,000,000)");
  CHECK(
      bank.op("L-1", LoanEventKind::CollectInterest, 1'000'000, 2025_y / April / 1).error().code ==
      ErrorCode::FailedPrecondition);
  // Not eligible on the disbursement date.
  REQUIRE(
      bank.book->set_household_status("H1", {2025_y / March / 15, PovertyStatus::None}, "officer")
          .ok());
  CHECK(bank.op("L-1", LoanEventKind::Disburse, 1'000'000, 2025_y / March / 20).error().message ==
        "the household's status on 2025-03-20 is none; program 01 requires poor");
  // Unknown loan.
  CHECK(bank.op("L-9", LoanEventKind::Disburse, 1'000'000, 2025_y / March / 20).error().code ==
        ErrorCode::NotFound);
  // Dated in a closed period.
  REQUIRE(bank.store->close_period(2025_y / March / 31, "chief").ok());
  CHECK(bank.op("L-1", LoanEventKind::RepayPrincipal, 1'000'000, 2025_y / March / 31)
            .error()
            .message == "date 2025-03-31 is in a closed period (closed through 2025-03-31)");
  CHECK(bank.store->entry_count().value() == entries + 1);
}

TEST_CASE("nothing is dated after the business date, and a refused date leaves the loan usable",
          "[loan][refusals][date]") {
  Bank bank(0, kAfterClosedMonths);  // business date 2026-12-01
  const std::string future =
      "date 2999-01-01 is after the business date 2026-12-01: nothing is dated in the future";
  open_poor_loan(*bank.book, "L-1", 20'000'000, 2026_y / November / 2);
  const std::int64_t entries = bank.store->entry_count().value();
  CHECK(bank.op("L-1", LoanEventKind::Disburse, 20'000'000, 2999_y / January / 1).error().message ==
        future);
  CHECK(
      bank.op("L-1", LoanEventKind::Disburse, 20'000'000, 2026_y / December / 2).error().message ==
      "date 2026-12-02 is after the business date 2026-12-01: nothing is dated in the future");
  CHECK_THROWS_WITH(open_poor_loan(*bank.book, "L-2", 1'000'000, 2999_y / January / 1),
                    "open loan: " + future);
  CHECK(bank.book->set_household_status("H1", {2999_y / January / 1, PovertyStatus::None}, "o")
            .error()
            .message == future);
  CHECK(bank.book
            ->add_program_rate("01", 2999_y / January / 1, Rate::parse("6%/year").value(), "",
                               "chief")
            .error()
            .message == future);
  CHECK(bank.book
            ->savings(SavingsOperation{.household = "H1",
                                       .withdrawal = false,
                                       .amount = vnd_amount(50'000),
                                       .date = 2999_y / January / 1,
                                       .key = ""},
                      "officer")
            .error()
            .message == future);
  CHECK(bank.book->month_closed(2026_y / December).error().message ==
        "month 2026-12 has not ended: its last day is 2026-12-31");
  CHECK(bank.store->entry_count().value() == entries);
  // The loan still takes today's date, and the ledger's next month closes in its turn.
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 20'000'000, 2026_y / December / 1).ok());
  CHECK(bank.book->loan("L-1", std::nullopt).value().state.disbursed == 20'000'000);
}

TEST_CASE("a program's rate is within the limit the ledger sets", "[loan][programs][bounds]") {
  Bank bank;
  auto rate = [&](const char* text) {
    return bank.book->add_program_rate("01", 2026_y / January / 1, Rate::parse(text).value(), "",
                                       "chief");
  };
  CHECK(rate("100%/month").error().message ==
        "rate 100%/month is over the limit of 30%/year (setting limit.program-rate)");
  CHECK(rate("2.51%/month").error().code == ErrorCode::FailedPrecondition);
  REQUIRE(rate("2.5%/month").ok());  // 30%/year, the limit itself
  REQUIRE(bank.book->set_setting("limit.program-rate", "40%/year", "chief").ok());
  CHECK(bank.book
            ->add_program_rate("01", 2026_y / February / 1, Rate::parse("36%/year").value(), "",
                               "chief")
            .ok());
  CHECK(bank.book->set_setting("limit.program-rate", "40%", "chief").error().message ==
        "setting limit.program-rate = '40%': expected a rate such as 30%/year");
}

TEST_CASE("a combined payment follows the allocation order, and a repaid loan is closed",
          "[loan][payment]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 12'000'000, 2026_y / January / 10, 12, 6);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 12'000'000, 2026_y / January / 10).ok());
  // 10/01 to 10/07/2026: 181 days on 12,000,000 at 6.24% = 371,322.73... -> 371,323.
  CHECK(bank.book->loan("L-1", 2026_y / July / 10).value().interest_due.total() == 371'323);
  auto paid = bank.op("L-1", LoanEventKind::Pay, 7'000'000, 2026_y / July / 10);
  REQUIRE(paid.ok());
  CHECK(paid->split.in_term_interest == 371'323);
  CHECK(paid->split.due_principal == 6'000'000);
  CHECK(paid->split.prepaid_principal == 628'677);
  LoanView v = bank.book->loan("L-1", 2026_y / July / 10).value();
  CHECK(v.state.in_term == 5'371'323);
  CHECK(v.days_past_due == 0);
  // The rest, with the interest to 10/08/2026 (31 days on 5,371,323), pays it off.
  const std::int64_t interest =
      bank.book->loan("L-1", 2026_y / August / 10).value().interest_due.total();
  CHECK(interest == 28'467);  // 5,371,323 x 6.24% x 31 / 365 = 28,466.54...
  CHECK(bank.op("L-1", LoanEventKind::Pay, 5'371'323 + interest + 1, 2026_y / August / 10)
            .error()
            .message == "paying 5,399,791 is more than everything owed on 2026-08-10 (5,399,790)");
  REQUIRE(bank.op("L-1", LoanEventKind::Pay, 5'371'323 + interest, 2026_y / August / 10).ok());
  CHECK(bank.book->loan("L-1", 2026_y / August / 10).value().status == LoanStatus::Closed);
  CHECK(bank.op("L-1", LoanEventKind::Pay, 1, 2026_y / August / 11).error().message ==
        "loan L-1 is repaid in full and closed; nothing more can be paid");
  CHECK(bank.balance("Assets:Loans:InTerm:01") == 0);
  CHECK(bank.balance("Income:Interest:01") == -(371'323 + interest));
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
  CHECK(bank.store->verify().value().ok());
}

TEST_CASE("repeating an operation records nothing twice", "[loan][idempotency]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 10'000'000, 2026_y / January / 10);
  auto first = bank.op("L-1", LoanEventKind::Disburse, 10'000'000, 2026_y / January / 10).value();
  auto again = bank.op("L-1", LoanEventKind::Disburse, 10'000'000, 2026_y / January / 10).value();
  CHECK(again.already_recorded);
  CHECK(again.event_id == first.event_id);
  CHECK(again.entry == first.entry);
  CHECK(bank.balance("Assets:Loans:InTerm:01") == 10'000'000);
  auto conflict = bank.book->apply(
      LoanOperation{"L-1", LoanEventKind::RepayPrincipal, vnd_amount(5), 2026_y / February / 1,
                    first.split.disbursed ? "disburse:L-1:2026-01-10:10000000" : ""},
      "officer");
  CHECK(conflict.error().code == ErrorCode::IdempotencyConflict);
}

TEST_CASE("a program's allocation order decides how a combined payment is split",
          "[loan][payment]") {
  Bank bank;
  CHECK(bank.book->set_program("01", "allocation", "in-term-interest", "chief").error().code ==
        ErrorCode::InvalidArgument);
  // Principal first: the same payment as above now pays the due principal before interest.
  REQUIRE(bank.book
              ->set_program("01", "allocation",
                            "due-principal overdue-interest in-term-interest overdue-principal "
                            "prepayment",
                            "chief")
              .ok());
  CHECK(bank.book->program("01").value().allocation.front() == PaymentPart::DuePrincipal);
  open_poor_loan(*bank.book, "L-1", 12'000'000, 2026_y / January / 10, 12, 6);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 12'000'000, 2026_y / January / 10).ok());
  auto paid = bank.op("L-1", LoanEventKind::Pay, 6'100'000, 2026_y / July / 10).value();
  CHECK(paid.split.due_principal == 6'000'000);
  CHECK(paid.split.in_term_interest == 100'000);
  CHECK(paid.split.prepaid_principal == 0);
  CHECK(bank.book->loan("L-1", 2026_y / July / 10).value().interest_due.total() == 271'323);
}

TEST_CASE("a student loan's plan counts from its first disbursement, not its contract",
          "[loan][student]") {
  Bank bank(25);
  NewLoan loan = v6_student_loan();
  REQUIRE(bank.book->open_loan(loan, "officer").ok());
  REQUIRE(bank.op("S-1", LoanEventKind::Disburse, 10'000'000, 2026_y / November / 25).ok());
  // 25/11/2026 to 28/02/2029: 27 months of study; 27 + 12 + 27 = 66 months.
  LoanView v = bank.book->loan("S-1", 2026_y / December / 1).value();
  CHECK(v.contract.term_months == 66);
  CHECK(v.maturity == 2032_y / May / 25);
  Schedule s = bank.book->loan_schedule("S-1").value();
  REQUIRE(s.periods().size() == 66);
  // Yearly installments after the 12 months' grace that follows the course.
  CHECK(s.periods()[50].due_date == 2031_y / February / 25);
  CHECK(s.periods()[50].principal == vnd_amount(13'300'000));
  CHECK(s.periods()[62].due_date == 2032_y / February / 25);
  CHECK(s.periods()[65].principal == vnd_amount(13'400'000));
}

TEST_CASE("repaying the last principal ends the interest period, a loan owing nothing closes",
          "[loan]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 1'000, 2026_y / January / 10, 12, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 1'000, 2026_y / January / 10).ok());
  // One day of interest on 1,000 at 6.24%: 0.17 dong, which rounds to nothing.
  auto repaid = bank.op("L-1", LoanEventKind::RepayPrincipal, 1'000, 2026_y / January / 11);
  REQUIRE(repaid.ok());
  CHECK(repaid->split.interest_rounded == 0);
  CHECK(bank.book->loan("L-1", 2026_y / January / 11).value().status == LoanStatus::Closed);
}

TEST_CASE("V7: extensions are capped at half the term, or 12 months for short loans",
          "[loan][extension]") {
  CHECK(extension_cap_months(48) == 24);
  CHECK(extension_cap_months(12) == 12);
  CHECK(extension_cap_months(6) == 12);
  CHECK(extension_cap_months(120) == 60);
  CHECK(check_extension(48, 0, 24).ok());
  CHECK(check_extension(48, 0, 25).error().message ==
        "extending by 25 months would take the extensions to 25 months, over the cap of 24 for a "
        "48-month loan (24 left)");
  CHECK(check_extension(48, 12, 12).ok());
  CHECK(check_extension(48, 12, 13).error().code == ErrorCode::FailedPrecondition);
  CHECK(check_extension(12, 0, 12).ok());
  CHECK(check_extension(12, 6, 7).error().code == ErrorCode::FailedPrecondition);
  CHECK(check_extension(12, 0, 0).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("accrual basis: interest is a receivable and income when its period ends",
          "[loan][basis]") {
  Bank bank;
  REQUIRE(bank.book->set_program("01", "basis", "accrual", "chief").ok());
  open_poor_loan(*bank.book, "L-1", 30'000'000, 2025_y / January / 20);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20).ok());
  // V2's first month: 168,164 becomes due; 100,000 of it is collected.
  auto collected = bank.op("L-1", LoanEventKind::CollectInterest, 100'000, 2025_y / February / 20);
  REQUIRE(collected.ok());
  CHECK(collected->split.interest_rounded == 168'164);
  CHECK(bank.balance("Income:Interest:01") == -168'164);
  CHECK(bank.balance("Assets:InterestReceivable:01") == 68'164);
  CHECK(bank.balance("OffBalance:AccruedInterest:01") == 0);
  auto receivable = bank.store->loan_balances("Assets:InterestReceivable:01", std::nullopt).value();
  REQUIRE(receivable.size() == 1);
  CHECK(receivable[0].loan == std::optional<LoanId>(LoanId{1}));
  CHECK(receivable[0].balance == 68'164);
  // The unpaid 68,164 is carried, never capitalised: next month it is still owed, with the
  // next 28 days' interest (151,890) on the unchanged principal.
  LoanView v = bank.book->loan("L-1", 2025_y / March / 20).value();
  CHECK(v.interest_due.total() == 68'164 + 151'890);
  CHECK(v.state.in_term == 30'000'000);
}

TEST_CASE("cash basis: unpaid interest waits off balance sheet until it is collected",
          "[loan][basis]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 30'000'000, 2025_y / January / 20);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20).ok());
  REQUIRE(bank.op("L-1", LoanEventKind::CollectInterest, 100'000, 2025_y / February / 20).ok());
  CHECK(bank.balance("Income:Interest:01") == -100'000);
  CHECK(bank.balance("OffBalance:AccruedInterest:01") == 68'164);
  CHECK(bank.balance("OffBalance:AccruedInterestContra:01") == -68'164);
  CHECK(bank.balance("Assets:InterestReceivable:01") == 0);
}

TEST_CASE("V4: only the unpaid part of a missed installment becomes overdue, at 130%",
          "[loan][overdue]") {
  // DOMAIN.md V4: disbursed after 01/03/2026 at 6.24%, 60,000,000 in 3 yearly installments
  // of 20,000,000; at installment 1 the borrower pays 5,000,000.
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 60'000'000, 2026_y / March / 10, 36, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 60'000'000, 2026_y / March / 10).ok());
  REQUIRE(bank.op("L-1", LoanEventKind::RepayPrincipal, 5'000'000, 2027_y / March / 10).ok());
  // The interest up to the day after the due date (the due date itself still in term).
  const std::int64_t through_due =
      bank.book->loan("L-1", 2027_y / March / 11).value().interest_due.total();
  auto collected = bank.op("L-1", LoanEventKind::CollectInterest, through_due, 2027_y / March / 11);
  REQUIRE(collected.ok());
  REQUIRE(collected->transfers.size() == 1);
  CHECK(collected->transfers[0].due_date == 2027_y / March / 10);
  CHECK(collected->transfers[0].effective == 2027_y / March / 11);
  CHECK(collected->transfers[0].amount == 15'000'000);
  LoanView v = bank.book->loan("L-1", 2027_y / April / 10).value();
  CHECK(v.state.in_term == 40'000'000);
  CHECK(v.state.overdue == 15'000'000);
  CHECK(v.state.principal() == 55'000'000);
  CHECK(v.status == LoanStatus::Overdue);
  // The 30 days from the day after the due date.
  CHECK(v.interest_due.in_term == 205'151);  // 40,000,000 x 6.24% x 30 / 365
  CHECK(v.interest_due.overdue == 100'011);  // 15,000,000 x 8.112% x 30 / 365
  CHECK(v.days_past_due == 31);
  // The journal moved the same amount between the control accounts, dated 11/03/2027.
  CHECK(bank.balance("Assets:Loans:Overdue:01") == 15'000'000);
  CHECK(bank.balance("Assets:Loans:InTerm:01") == 40'000'000);
  auto overdue_on = bank.store->balance("Assets:Loans:Overdue:01", 2027_y / March / 10, LoanId{1});
  CHECK(overdue_on.value().empty());
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
}

TEST_CASE("before 01/03/2026 a missed intermediate installment rolls into the next one",
          "[loan][overdue]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 12'000'000, 2025_y / June / 10, 12, 6);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 12'000'000, 2025_y / June / 10).ok());
  // Installment 1 (6,000,000 on 10/12/2025) is not paid: nothing is overdue, but the days
  // past due still count from its due date.
  LoanView january = bank.book->loan("L-1", 2026_y / January / 10).value();
  CHECK(january.state.overdue == 0);
  CHECK(january.state.in_term == 12'000'000);
  CHECK(january.status == LoanStatus::InTerm);
  CHECK(january.days_past_due == 31);
  auto paid = bank.op("L-1", LoanEventKind::RepayPrincipal, 1'000'000, 2026_y / January / 10);
  REQUIRE(paid.ok());
  CHECK(paid->transfers.empty());
  CHECK(paid->split.due_principal == 1'000'000);
  // The final maturity (10/06/2026) unpaid: all that is left becomes overdue the next day.
  LoanView after = bank.book->loan("L-1", 2026_y / June / 11).value();
  CHECK(after.state.in_term == 0);
  CHECK(after.state.overdue == 11'000'000);
  CHECK(after.status == LoanStatus::Overdue);
  CHECK(after.days_past_due == 183);  // from 10/12/2025, the oldest due date unpaid
}

TEST_CASE("V3: principal unpaid at final maturity accrues at 130% from the next day",
          "[loan][overdue]") {
  // DOMAIN.md V3: 20,000,000 unpaid at final maturity 15/06/2025, rate 6.6%, so 8.58%
  // overdue from 16/06 to 15/07/2025 inclusive (30 days): 141,041.
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 20'000'000, 2024_y / June / 15, 12, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 20'000'000, 2024_y / June / 15).ok());
  const std::int64_t to_maturity =
      bank.book->loan("L-1", 2025_y / June / 16).value().interest_due.total();
  REQUIRE(bank.op("L-1", LoanEventKind::CollectInterest, to_maturity, 2025_y / June / 16).ok());
  LoanView v = bank.book->loan("L-1", 2025_y / July / 16).value();
  CHECK(v.state.overdue == 20'000'000);
  CHECK(v.state.in_term == 0);
  CHECK(v.interest_due.overdue == 141'041);
  CHECK(v.interest_due.in_term == 0);
  CHECK(v.days_past_due == 31);
  CHECK(bank.balance("Assets:Loans:Overdue:01") == 20'000'000);
}

TEST_CASE("a frozen loan accrues nothing, unfrozen, it accrues again from the date",
          "[loan][freeze]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 30'000'000, 2026_y / January / 10, 36, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 30'000'000, 2026_y / January / 10).ok());
  LoanOperation freeze{.loan = "L-1",
                       .kind = LoanEventKind::Freeze,
                       .amount = vnd_amount(0),
                       .date = 2026_y / March / 10,
                       .key = "",
                       .years = 3,
                       .reason = "FLOOD",
                       .approval = "QD-123/2026"};
  auto frozen = bank.book->apply(freeze, "officer");
  INFO((frozen ? std::string() : frozen.error().message));
  REQUIRE(frozen.ok());
  CHECK(frozen->split.frozen == 30'000'000);
  // 10/01 to 10/03/2026, 59 days on 30,000,000 at 6.24%: 302,597.26... stays owed.
  LoanView april = bank.book->loan("L-1", 2026_y / April / 30).value();
  CHECK(april.status == LoanStatus::Frozen);
  CHECK(april.state.frozen == 30'000'000);
  CHECK(april.state.in_term == 0);
  CHECK(april.interest_due.total() == 302'597);
  CHECK(bank.book->loan("L-1", 2026_y / December / 31).value().interest_due.total() == 302'597);
  CHECK(bank.balance("Assets:Loans:Frozen:01") == 30'000'000);
  CHECK(bank.balance("Assets:Loans:InTerm:01") == 0);
  // Nothing more can be disbursed while frozen; the installment due 10/01/2027 is not missed.
  CHECK(bank.op("L-1", LoanEventKind::Disburse, 1, 2026_y / May / 1).error().code ==
        ErrorCode::FailedPrecondition);
  LoanOperation unfreeze{.loan = "L-1",
                         .kind = LoanEventKind::Unfreeze,
                         .amount = vnd_amount(0),
                         .date = 2027_y / March / 10,
                         .key = "",
                         .years = 0,
                         .reason = "",
                         .approval = ""};
  auto unfrozen = bank.book->apply(unfreeze, "officer");
  REQUIRE(unfrozen.ok());
  CHECK(unfrozen->transfers.empty());
  CHECK(unfrozen->split.unfrozen == 30'000'000);
  // 31 days on 30,000,000 after the unfreeze: 158,991.78... more.
  LoanView after = bank.book->loan("L-1", 2027_y / April / 10).value();
  CHECK(after.status == LoanStatus::InTerm);
  CHECK(after.state.in_term == 30'000'000);
  CHECK(after.interest_due.total() == 302'597 + 158'992);
  CHECK(bank.balance("Assets:Loans:Frozen:01") == 0);
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
  // A loan that is not frozen cannot be unfrozen; a repaid loan cannot be frozen.
  CHECK(bank.book->apply(unfreeze, "officer").value().already_recorded);
  unfreeze.date = 2027_y / April / 1;
  CHECK(bank.book->apply(unfreeze, "officer").error().message == "loan L-1 is not frozen");
  freeze.years = 4;
  freeze.date = 2027_y / April / 1;
  CHECK(bank.book->apply(freeze, "officer").error().message ==
        "years 4: a freeze is for 3 or 5 years");
}

TEST_CASE("a write-off closes the debt against the risk reserve, a recovery is income",
          "[loan][write-off]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 20'000'000, 2024_y / June / 15, 12, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 20'000'000, 2024_y / June / 15).ok());
  REQUIRE(bank.op("L-1", LoanEventKind::CollectInterest, 1'320'000, 2025_y / June / 15).ok());
  // V3's month: the due date in term (3,616), then 30 days overdue at 8.58% (141,041).
  LoanOperation write_off{.loan = "L-1",
                          .kind = LoanEventKind::WriteOff,
                          .amount = vnd_amount(20'000'001),
                          .date = 2025_y / July / 16,
                          .key = "",
                          .years = 0,
                          .reason = "DEATH",
                          .approval = "QD-45/2025",
                          .interest_amount = 144'657};
  CHECK(bank.book->apply(write_off, "chief").error().message ==
        "writing off 20,000,001 of principal is more than the balance (20,000,000)");
  write_off.amount = vnd_amount(20'000'000);
  write_off.interest_amount = 144'658;
  CHECK(bank.book->apply(write_off, "chief").error().message ==
        "writing off 144,658 of interest is more than the interest owed (144,657)");
  write_off.interest_amount = 144'657;
  auto written = bank.book->apply(write_off, "chief");
  REQUIRE(written.ok());
  CHECK(written->split.written_off_overdue == 20'000'000);
  CHECK(written->split.written_off_interest == 144'657);
  REQUIRE(written->transfers.size() == 1);  // the maturity's move to overdue came first
  LoanView v = bank.book->loan("L-1", 2025_y / July / 16).value();
  CHECK(v.status == LoanStatus::WrittenOff);
  CHECK(v.state.principal() == 0);
  CHECK(bank.balance("Assets:Loans:Overdue:01") == 0);
  CHECK(bank.balance("Equity:RiskReserve") == 20'000'000);
  CHECK(bank.balance("OffBalance:AccruedInterest:01") == 0);
  CHECK(bank.balance("OffBalance:WrittenOff:01") == 20'144'657);
  // Later money is a recovery: income, and the loan stays written off.
  CHECK(bank.op("L-1", LoanEventKind::Pay, 1, 2025_y / September / 1).error().message ==
        "loan L-1 is written off and closed; nothing more can be paid");
  REQUIRE(bank.op("L-1", LoanEventKind::Recover, 2'000'000, 2025_y / September / 1).ok());
  CHECK(bank.balance("Income:Recoveries") == -2'000'000);
  CHECK(bank.balance("OffBalance:WrittenOff:01") == 18'144'657);
  CHECK(bank.book->loan("L-1", 2025_y / September / 1).value().status == LoanStatus::WrittenOff);
  CHECK(bank.op("L-1", LoanEventKind::Recover, 18'144'658, 2025_y / October / 1).error().message ==
        "recovering 18,144,658 is more than the debt written off and not yet recovered "
        "(18,144,657)");
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
  CHECK(bank.store->verify().value().ok());
}

TEST_CASE("V7 through a loan: an extension moves the due dates, within the cap",
          "[loan][extension]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 48'000'000, 2026_y / March / 10, 48, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 48'000'000, 2026_y / March / 10).ok());
  LoanOperation extend{.loan = "L-1",
                       .kind = LoanEventKind::Extend,
                       .amount = vnd_amount(0),
                       .date = 2027_y / February / 1,
                       .key = "",
                       .years = 25,
                       .reason = "DROUGHT",
                       .approval = "",
                       .interest_amount = 0};
  CHECK(bank.book->apply(extend, "officer").error().message ==
        "extending by 25 months would take the extensions to 25 months, over the cap of 24 for a "
        "48-month loan (24 left)");
  extend.years = 6;
  REQUIRE(bank.book->apply(extend, "officer").ok());
  // The first installment, due 10/03/2027, is now due 10/09/2027; nothing is overdue then.
  LoanView v = bank.book->loan("L-1", 2027_y / April / 1).value();
  CHECK(v.state.extended_months() == 6);
  CHECK(v.state.overdue == 0);
  CHECK(v.next_due_date == std::optional<Date>(2027_y / April / 10));
  CHECK(v.maturity == 2030_y / September / 10);
  CHECK(v.contract.term_months == 54);
  Schedule s = bank.book->loan_schedule("L-1").value();
  CHECK(s.periods()[17].due_date == 2027_y / September / 10);
  CHECK(s.periods()[17].principal == vnd_amount(12'000'000));
  CHECK(s.periods()[11].principal == vnd_amount(0));
  // 18 more months reach the cap of 24; one more is refused.
  extend.years = 18;
  extend.date = 2027_y / May / 1;
  REQUIRE(bank.book->apply(extend, "officer").ok());
  extend.years = 1;
  extend.date = 2027_y / June / 1;
  CHECK(bank.book->apply(extend, "officer").error().code == ErrorCode::FailedPrecondition);
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
}

TEST_CASE(
    "an adjustment joins an installment to the next, keeping the maturity, if filed "
    "before its due date",
    "[loan][adjust]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 36'000'000, 2026_y / March / 10, 36, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 36'000'000, 2026_y / March / 10).ok());
  LoanOperation adjust{.loan = "L-1",
                       .kind = LoanEventKind::Adjust,
                       .amount = vnd_amount(0),
                       .date = 2027_y / March / 10,
                       .key = "",
                       .years = 1,
                       .reason = "",
                       .approval = "",
                       .interest_amount = 0};
  CHECK(bank.book->apply(adjust, "officer").error().message ==
        "installment 1 was due on 2027-03-10; an adjustment is filed before its due date");
  adjust.date = 2027_y / March / 1;
  REQUIRE(bank.book->apply(adjust, "officer").ok());
  Schedule s = bank.book->loan_schedule("L-1").value();
  CHECK(s.periods()[11].principal == vnd_amount(0));
  CHECK(s.periods()[23].principal == vnd_amount(24'000'000));
  CHECK(s.periods()[35].principal == vnd_amount(12'000'000));
  CHECK(s.periods().back().due_date == 2029_y / March / 10);
  // The missed-installment rule sees no installment on 10/03/2027 any more.
  LoanView v = bank.book->loan("L-1", 2027_y / April / 1).value();
  CHECK(v.state.overdue == 0);
  CHECK(v.days_past_due == 0);
  adjust.years = 2;  // now the last installment: nothing after it
  CHECK(bank.book->apply(adjust, "officer").error().code == ErrorCode::FailedPrecondition);
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
}

TEST_CASE("reversing a payment made after the due date restores the overdue installment",
          "[loan][reversal]") {
  Bank bank;
  open_poor_loan(*bank.book, "L-1", 60'000'000, 2026_y / March / 10, 36, 12);
  REQUIRE(bank.op("L-1", LoanEventKind::Disburse, 60'000'000, 2026_y / March / 10).ok());
  // A year's interest, 60,000,000 x 6.24% x 365 / 365, collected on the due date.
  REQUIRE(bank.op("L-1", LoanEventKind::CollectInterest, 3'744'000, 2027_y / March / 10).ok());
  // Installment 1 (20,000,000, due 10/03/2027) paid ten days late with its interest: in term
  // 60,000,000 for 1 day and 40,000,000 for 9 (71,802.73... -> 71,803), overdue 20,000,000
  // at 8.112% for 9 days (40,004.38... -> 40,004).
  auto paid = bank.op("L-1", LoanEventKind::Pay, 20'111'807, 2027_y / March / 20);
  REQUIRE(paid.ok());
  REQUIRE(paid->transfers.size() == 1);
  CHECK(paid->split.overdue_principal == 20'000'000);
  CHECK(paid->split.overdue_interest == 40'004);
  CHECK(paid->split.in_term_interest == 71'803);
  CHECK(bank.book->loan("L-1", 2027_y / March / 20)->status == LoanStatus::InTerm);

  // The payment bounces: reversed on 22/03.
  auto reversed = bank.book->apply(LoanOperation{.loan = "L-1",
                                                 .kind = LoanEventKind::Reverse,
                                                 .amount = vnd_amount(0),
                                                 .date = 2027_y / March / 22,
                                                 .key = "",
                                                 .years = 0,
                                                 .reason = "BOUNCED"},
                                   "officer");
  REQUIRE(reversed.ok());
  Result<LoanView> viewed = bank.book->loan("L-1", 2027_y / March / 22);
  INFO((viewed.ok() ? std::string() : viewed.error().message));
  REQUIRE(viewed.ok());
  LoanView v = viewed.value();
  CHECK(v.status == LoanStatus::Overdue);
  CHECK(v.state.overdue == 20'000'000);
  CHECK(v.state.in_term == 40'000'000);
  CHECK(v.days_past_due == 12);
  // In term: 60,000,000 for 1 day and 40,000,000 for 11 (85,479.45... -> 85,479); overdue:
  // 20,000,000 at 8.112% from 11/03, 11 days (48,894.24... -> 48,894).
  CHECK(v.interest_due.in_term == 85'479);
  CHECK(v.interest_due.overdue == 48'894);
  // The journal as if the payment had never been made.
  CHECK(bank.balance("Assets:Loans:Overdue:01") == 20'000'000);
  CHECK(bank.balance("Assets:Loans:InTerm:01") == 40'000'000);
  CHECK(bank.balance("Income:Interest:01") == -3'744'000);
  CHECK(bank.balance("Assets:Cash:TP-XH") == -60'000'000 + 3'744'000);
  CHECK(bank.balance("OffBalance:AccruedInterest:01") == 0);
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
  // As of a day before the reversal the payment stands.
  CHECK(bank.book->loan("L-1", 2027_y / March / 21)->state.overdue == 0);

  // Once only; and a reversal is not itself reversed.
  auto again = bank.book->apply(LoanOperation{.loan = "L-1",
                                              .kind = LoanEventKind::Reverse,
                                              .amount = vnd_amount(0),
                                              .date = 2027_y / March / 22,
                                              .key = "",
                                              .years = 0,
                                              .reason = "BOUNCED"},
                                "officer");
  REQUIRE(again.ok());
  CHECK(again->already_recorded);
  CHECK(again->event_id == reversed->event_id);
  // The loan goes on: the payment made again on 25/03 pays three more days of interest.
  auto repaid = bank.op("L-1", LoanEventKind::Pay, 20'000'000, 2027_y / March / 25);
  REQUIRE(repaid.ok());
  CHECK(repaid->split.overdue_interest == 62'229);  // 20,000,000 x 8.112% x 14 / 365
  CHECK(bank.book->rebuild_state("L-1").value() == bank.book->stored_state("L-1").value());
  Result<VerifyReport> verified = bank.store->verify();
  REQUIRE(verified.ok());
  CHECK(verified->ok());
}

TEST_CASE("names are stored as people read them, and codes are one whatever their case",
          "[loan][text]") {
  Bank bank;
  // "Nguyễn Văn Ân" in NFD (e + combining marks), with white space around it.
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n A\xCC\x82n";
  Household h{"H9",
              " " + nfd + "\t",
              "054090001234",
              "XH",
              " Thôn Đông ",
              "G1",
              {{2020_y / January / 1, PovertyStatus::Poor}}};
  REQUIRE(bank.book->add_household(h, "officer").ok());
  const Household stored = bank.book->household("H9").value();
  CHECK(stored.head == "Nguyễn Văn Ân");
  CHECK(stored.village == "Thôn Đông");

  // A code in another case is the same record's.
  Household lower = h;
  lower.code = "h9";
  lower.national_id = "054090001235";
  const Error same = bank.book->add_household(lower, "officer").error();
  CHECK(same.code == ErrorCode::AlreadyExists);
  CHECK(same.message ==
        "household 'h9': household 'H9' exists, and codes are compared without regard to case");
  CHECK(bank.book->add_group(Group{"g1", "XH", "Thôn Tây", "12", "Lê Thị Ba", 0}, "officer")
            .error()
            .message ==
        "group 'g1': group 'G1' exists, and codes are compared without regard to case");
  CHECK(
      bank.book
          ->add_commune(Commune{"xh", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""}, "officer")
          .error()
          .code == ErrorCode::AlreadyExists);
  open_poor_loan(*bank.book, "L-1", 1'000'000, 2025_y / January / 20);
  CHECK_THROWS_WITH(open_poor_loan(*bank.book, "l-1", 1'000'000, 2025_y / January / 20),
                    "open loan: loan 'l-1': loan 'L-1' exists, and codes are compared without "
                    "regard to case");

  // A loan operation's own key is as people read it, or refused.
  LoanOperation keyed{"L-1", LoanEventKind::Disburse, vnd_amount(1'000'000), 2025_y / January / 20,
                      " K-1"};
  const Error key = bank.book->apply(keyed, "officer").error();
  CHECK(key.code == ErrorCode::InvalidArgument);
  CHECK(key.message ==
        "key ' K-1': white space around it, or not in Unicode NFC; give it as 'K-1'");
  // A freeze asked for with the key "K-2 " is recorded under "K-2".
  const Operation freeze = Operation::loan_event({.loan = "L-1",
                                                  .kind = LoanEventKind::Freeze,
                                                  .amount = vnd_amount(0),
                                                  .date = 2025_y / March / 10,
                                                  .key = "K-2 ",
                                                  .years = 3,
                                                  .reason = "FLOOD",
                                                  .approval = "QD-1",
                                                  .interest_amount = 0})
                               .value();
  CHECK(std::get<LoanOperation>(freeze.fields()).key == "K-2");

  // A right-to-left override, or any control or format character, is refused in a name.
  Household rlo = h;
  rlo.code = "H10";
  rlo.national_id = "054090001236";
  rlo.head =
      "Nguy\xE2\x80\xAE"
      "ne";
  const Error bidi = bank.book->add_household(rlo, "officer").error();
  CHECK(bidi.code == ErrorCode::InvalidArgument);
  CHECK(bidi.message ==
        "head 'Nguy\xE2\x80\xAEne': holds U+202E, a control, format or bidirectional character");
  rlo.head = "Nguy\xE2\x80\x8Bn";  // a zero-width space
  CHECK(bank.book->add_household(rlo, "officer").error().field == "head");
}

TEST_CASE("Refusals name the domain field, never a command's option", "[loan][errors]") {
  Bank bank;
  Household h{"H9",
              "Lê Văn Chín",
              "0541",
              "XH",
              "Thôn Đông",
              "G1",
              {{2020_y / January / 1, PovertyStatus::Poor}}};
  Error bad_id = bank.book->add_household(h, "officer").error();
  CHECK(bad_id.code == ErrorCode::InvalidArgument);
  CHECK(bad_id.field == "national_id");
  CHECK(bad_id.message ==
        "national_id '0541': 12 digits (citizen identity card) or 9 (old identity card)");

  open_poor_loan(*bank.book, "L-1", 30'000'000, 2025_y / January / 20);
  Error zero = bank.op("L-1", LoanEventKind::Disburse, 0, 2025_y / January / 20).error();
  CHECK(zero.field == "amount");
  CHECK(zero.message == "amount: must be positive");

  LoanOperation freeze{"L-1", LoanEventKind::Freeze, vnd_amount(0), 2025_y / February / 1, ""};
  freeze.years = 3;
  freeze.reason = "FLOOD!";
  freeze.approval = "QD-1";
  Error reason = bank.book->apply(freeze, "officer").error();
  CHECK(reason.field == "reason");
  CHECK(reason.message == "reason 'FLOOD!': 1 to 40 letters, digits, '_' or '-'");
}
