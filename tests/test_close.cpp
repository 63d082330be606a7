// Tests of the month-end close (LoanBook::close_month): the month's interest accrued and
// rounded per loan, due dates settled, days past due recorded, entrustment fees posted
// (DOMAIN.md V5's rule on a commune's loans), the period closed, and a re-run that posts
// nothing.
#include <catch2/catch.hpp>

#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Books {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
};

Books new_books(const TempDir& dir) {
  Books b;
  b.store = create_ledger(dir.file("close.db"), test_options(false, kAfterClosedMonths)).value();
  b.book = open_loan_book(*b.store).value();
  seed_reference_data(*b.book);
  return b;
}

std::int64_t balance_of(Store& store, const std::string& account) {
  Result<std::vector<BalanceRow>> rows = store.balance(account, std::nullopt, std::nullopt);
  REQUIRE(rows.ok());
  std::int64_t sum = 0;
  for (const BalanceRow& r : rows.value()) sum += r.balance;
  return sum;
}

LoanOutcome apply_ok(LoanBook& book, const std::string& loan, LoanEventKind kind,
                     std::int64_t amount, Date date) {
  Result<LoanOutcome> r = book.apply(
      LoanOperation{
          .loan = loan, .kind = kind, .amount = vnd_amount(amount), .date = date, .key = ""},
      "test");
  INFO(loan << " " << loan_event_kind_name(kind) << " " << format_date(date));
  REQUIRE(r.ok());
  return r.value();
}

MonthCloseOutcome close_ok(LoanBook& book, date::year_month month) {
  Result<MonthCloseOutcome> r = book.close_month(month, "test", {});
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

TEST_CASE("a close accrues the month's interest off balance sheet, the collection pays it",
          "[close]") {
  TempDir dir;
  Books b = new_books(dir);
  // V2's loan: 30,000,000 at 6.6% from 2025-01-20.
  open_poor_loan(*b.book, "L1", 30'000'000, 2025_y / January / 20);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20);

  MonthCloseOutcome jan = close_ok(*b.book, 2025_y / January);
  // 20/01 to 31/01 inclusive, 12 days: 30,000,000 x 6.6% x 12 / 365 = 65,095.89...
  CHECK(jan.month == "2025-01");
  CHECK(jan.through == 2025_y / January / 31);
  CHECK_FALSE(jan.already_closed);
  CHECK(jan.loans == 1);
  CHECK(jan.accruals == 1);
  CHECK(jan.interest_accrued == 65'096);
  CHECK(balance_of(*b.store, "OffBalance:AccruedInterest:01") == 65'096);
  CHECK(balance_of(*b.store, "OffBalance:AccruedInterestContra:01") == -65'096);
  CHECK(b.store->closed_through().value() == 2025_y / January / 31);
  // No interest collected in January: no fee, and the fee row says why.
  REQUIRE(jan.fees.size() == 1);
  CHECK(jan.fees[0].commune == "XH");
  CHECK(jan.fees[0].organisation == "12");
  CHECK(jan.fees[0].balance == 0);
  CHECK(jan.fees[0].outstanding == 30'000'000);
  CHECK(jan.fees[0].fee == 0);
  CHECK_FALSE(jan.fees[0].entry.has_value());

  // A re-run posts nothing.
  const std::int64_t entries = b.store->entry_count().value();
  MonthCloseOutcome again = close_ok(*b.book, 2025_y / January);
  CHECK(again.already_closed);
  CHECK(again.accruals == 0);
  CHECK(again.loans == 1);
  CHECK(b.store->entry_count().value() == entries);

  // Nothing can be dated in January any more, by the journal or by the loan.
  Result<LoanOutcome> late = b.book->apply(LoanOperation{.loan = "L1",
                                                         .kind = LoanEventKind::CollectInterest,
                                                         .amount = vnd_amount(1),
                                                         .date = 2025_y / January / 31,
                                                         .key = ""},
                                           "test");
  CHECK(late.error().code == ErrorCode::FailedPrecondition);

  // 01/02 to 19/02, 19 days: 103,068.49... -> 103,068; with January's 65,096, V2's 168,164.
  CHECK(b.book->loan("L1", 2025_y / February / 20)->interest_due.total() == 168'164);
  LoanOutcome paid =
      apply_ok(*b.book, "L1", LoanEventKind::CollectInterest, 168'164, 2025_y / February / 20);
  CHECK(paid.split.interest_rounded == 103'068);
  CHECK(balance_of(*b.store, "OffBalance:AccruedInterest:01") == 0);
  CHECK(balance_of(*b.store, "Income:Interest:01") == -168'164);

  // Months close in order.
  Result<MonthCloseOutcome> skipped = b.book->close_month(2025_y / March, "test", {});
  CHECK(skipped.error().code == ErrorCode::FailedPrecondition);
  CHECK(skipped.error().message ==
        "months close in order: 2025-01 was the last closed, so "
        "2025-02 is next");
  // A month not yet over.
  Result<MonthCloseOutcome> future = b.book->close_month(2999_y / December, "test", {});
  CHECK(future.error().code == ErrorCode::FailedPrecondition);
}

TEST_CASE("a close moves missed installments to overdue, counts days past due, and pays fees",
          "[close][fees]") {
  TempDir dir;
  Books b = new_books(dir);
  // From 01/03/2026 a missed installment's unpaid part is overdue (DOMAIN.md section 3).
  // L1: 30,000,000 over 36 months, yearly principal. L2: 10,000,000 over 12 months, monthly
  // principal of 800,000 (rounded down to 100,000; 1,200,000 last).
  open_poor_loan(*b.book, "L1", 30'000'000, 2026_y / March / 10, 36, 12);
  open_poor_loan(*b.book, "L2", 10'000'000, 2026_y / March / 10, 12, 1);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 30'000'000, 2026_y / March / 10);
  apply_ok(*b.book, "L2", LoanEventKind::Disburse, 10'000'000, 2026_y / March / 10);

  // March, 22 days at 6.24%: L1 112,832.87... -> 112,833; L2 37,610.95... -> 37,611.
  MonthCloseOutcome march = close_ok(*b.book, 2026_y / March);
  CHECK(march.accruals == 2);
  CHECK(march.interest_accrued == 112'833 + 37'611);

  // L1 pays its interest on 10/04: March's 112,833 and 01/04 to 09/04 (46,158.90... -> 46,159).
  LoanOutcome paid =
      apply_ok(*b.book, "L1", LoanEventKind::CollectInterest, 158'992, 2026_y / April / 10);
  CHECK(paid.split.interest_rounded == 46'159);
  // L2 misses its first installment, due 10/04.
  MonthCloseOutcome april = close_ok(*b.book, 2026_y / April);
  CHECK(april.accruals == 2);
  CHECK(april.transfers == 1);
  // L1: 10/04 to 30/04, 21 days: 107,704.10... -> 107,704. L2: 10,000,000 for 10 days and
  // 9,200,000 for 20 days in term (48,552.32... -> 48,552), 800,000 for 20 days overdue at
  // 8.112% (3,555.94... -> 3,556).
  CHECK(april.interest_accrued == 107'704 + 48'552 + 3'556);
  CHECK(balance_of(*b.store, "Assets:Loans:Overdue:01") == 800'000);
  CHECK(balance_of(*b.store, "Assets:Loans:InTerm:01") == 39'200'000);
  CHECK(balance_of(*b.store, "OffBalance:AccruedInterest:01") == 107'704 + 37'611 + 52'108);

  LoanView l2 = b.book->loan("L2", 2026_y / April / 30).value();
  CHECK(l2.status == LoanStatus::Overdue);
  CHECK(l2.days_past_due == 20);
  CHECK(l2.state.overdue == 800'000);
  CHECK(l2.interest_due.total() == 37'611 + 52'108);

  // The Women's Union in XH: interest collected on L1's 30,000,000; overdue 800,000 of
  // 40,000,000 is 2%, so the factor is 80%: 30,000,000 x 0.032% x 80% = 7,680, split
  // 6,451.2 / 691.2 / 345.6 / 192, the unit left to the province's largest fraction.
  REQUIRE(april.fees.size() == 1);
  const FeeRow& fee = april.fees[0];
  CHECK(fee.month == "2026-04");
  CHECK(fee.balance == 30'000'000);
  CHECK(fee.outstanding == 40'000'000);
  CHECK(fee.overdue == 800'000);
  CHECK(fee.factor == Exact(80, 100));
  CHECK(fee.fee == 7'680);
  CHECK(fee.commune_part == 6'451);
  CHECK(fee.district_part == 691);
  CHECK(fee.province_part == 346);
  CHECK(fee.central_part == 192);
  REQUIRE(fee.entry.has_value());
  CHECK(balance_of(*b.store, "Expenses:EntrustmentFees") == 7'680);
  CHECK(balance_of(*b.store, "Liabilities:EntrustmentFeesPayable:12:Commune") == -6'451);
  CHECK(balance_of(*b.store, "Liabilities:EntrustmentFeesPayable:12:Central") == -192);
  CHECK(b.book->fees(2026_y / April).value().size() == 1);
  CHECK(b.book->fees(2026_y / May).value().empty());

  // The fee settings are settings.
  REQUIRE(b.book->set_setting("fee.rate", "0.05%", "test").ok());
  CHECK(b.book->set_setting("fee.rate", "lots", "test").error().code == ErrorCode::InvalidArgument);
  CHECK(b.book->set_setting("fee.split", "90% 9% 4.5%", "test").error().code ==
        ErrorCode::InvalidArgument);
  // Within the limit of fee rates (1% a month, a setting of its own under two-person control).
  CHECK(b.book->set_setting("fee.rate", "1.01%", "test").error().message ==
        "fee rate 1.01% is over the limit of 1% (setting limit.fee-rate)");
  CHECK(b.book->set_setting("limit.fee-rate", "2", "test").error().message ==
        "setting limit.fee-rate = '2': expected a percentage such as 1%");
  CHECK(b.book->set_setting("limit.other", "2%", "test").error().code ==
        ErrorCode::InvalidArgument);
  // The approval policy's two settings, the seed's lifted cash floor, the three fee settings,
  // then the two limits, by key.
  auto settings = b.book->settings().value();
  REQUIRE(settings.size() == 8);
  CHECK(settings[0].first == "approval.kinds");
  CHECK(settings[1] ==
        std::pair<std::string, std::string>("approval.post-above", "VND:100000000 USD:4000.00"));
  CHECK(settings[2] == std::pair<std::string, std::string>("cash-floor.Assets:Cash:TP-XH", "none"));
  CHECK(settings[3] ==
        std::pair<std::string, std::string>("fee.factors", "2%:100% 3%:80% 4%:50% 0%"));
  CHECK(settings[4] == std::pair<std::string, std::string>("fee.rate", "0.05%"));
  CHECK(settings[6] == std::pair<std::string, std::string>("limit.fee-rate", "1%"));
  CHECK(settings[7] == std::pair<std::string, std::string>("limit.program-rate", "30%/year"));
  REQUIRE(b.book->set_setting("limit.fee-rate", "2%", "test").ok());
  REQUIRE(b.book->set_setting("fee.rate", "1.5%", "test").ok());
  REQUIRE(b.book->set_setting("fee.rate", "0.05%", "test").ok());

  // Every loan's state replays from its events, accruals included.
  for (const char* code : {"L1", "L2"})
    CHECK(b.book->rebuild_state(code).value() == b.book->stored_state(code).value());
  Result<VerifyReport> verified = b.store->verify();
  REQUIRE(verified.ok());
  CHECK(verified->ok());
}

TEST_CASE("a freeze ends by itself at its term, across a close it accrues nothing", "[close]") {
  TempDir dir;
  Books b = new_books(dir);
  open_poor_loan(*b.book, "L1", 20'000'000, 2025_y / January / 10);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 20'000'000, 2025_y / January / 10);
  Result<LoanOutcome> frozen = b.book->apply(LoanOperation{.loan = "L1",
                                                           .kind = LoanEventKind::Freeze,
                                                           .amount = vnd_amount(0),
                                                           .date = 2025_y / January / 20,
                                                           .key = "",
                                                           .years = 3,
                                                           .reason = "flood",
                                                           .approval = "QD-12"},
                                             "test");
  REQUIRE(frozen.ok());
  // 10/01 to 19/01 accrued before the freeze: 20,000,000 x 6.6% x 10 / 365 = 36,164.38...
  MonthCloseOutcome jan = close_ok(*b.book, 2025_y / January);
  CHECK(jan.interest_accrued == 36'164);
  MonthCloseOutcome feb = close_ok(*b.book, 2025_y / February);
  CHECK(feb.accruals == 0);
  CHECK(feb.interest_accrued == 0);
  CHECK(b.book->loan("L1", 2025_y / February / 28)->status == LoanStatus::Frozen);
  // Three years on, 20/01/2028, the freeze has ended by itself: the principal is back in
  // term from that day, and the next event posts the move first.
  LoanView later = b.book->loan("L1", 2028_y / January / 25).value();
  CHECK(later.status == LoanStatus::InTerm);
  CHECK(later.state.in_term == 20'000'000);
  CHECK(later.state.frozen == 0);
  // 20/01 to 24/01/2028, 5 days at 6.24%: 17,095.89..., plus January 2025's 36,164.
  CHECK(later.interest_due.total() == 36'164 + 17'096);
}

TEST_CASE("a close after the next month's first events takes each loan as it stood", "[close]") {
  TempDir dir;
  Books b = new_books(dir);
  open_poor_loan(*b.book, "L1", 30'000'000, 2025_y / January / 20);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20);
  open_poor_loan(*b.book, "L2", 10'000'000, 2025_y / January / 25);
  // February's first days are recorded before January is closed.
  apply_ok(*b.book, "L2", LoanEventKind::Disburse, 10'000'000, 2025_y / February / 3);
  // 20/01 to 04/02, 16 days: 86,794.52... -> 86,795.
  apply_ok(*b.book, "L1", LoanEventKind::CollectInterest, 86'795, 2025_y / February / 5);

  // L1's interest is settled past the month's end already; L2 was not yet disbursed.
  MonthCloseOutcome jan = close_ok(*b.book, 2025_y / January);
  CHECK(jan.loans == 1);
  CHECK(jan.accruals == 0);
  REQUIRE(jan.fees.size() == 1);
  CHECK(jan.fees[0].outstanding == 30'000'000);
  CHECK(jan.fees[0].balance == 0);  // collected in February, not January

  // February: L1 from 05/02 (24 days, 130,191.78... -> 130,192), L2 from 03/02 (26 days on
  // 10,000,000, 47,013.69... -> 47,014); L1's interest was collected: a fee on 30,000,000.
  MonthCloseOutcome feb = close_ok(*b.book, 2025_y / February);
  CHECK(feb.loans == 2);
  CHECK(feb.accruals == 2);
  CHECK(feb.interest_accrued == 130'192 + 47'014);
  REQUIRE(feb.fees.size() == 1);
  CHECK(feb.fees[0].balance == 30'000'000);
  CHECK(feb.fees[0].outstanding == 40'000'000);
  CHECK(feb.fees[0].fee == 9'600);
}

// A loan active at the month's end and repaid in full after it, before the month is closed,
// is closed as it stood at the end: its month-end record and its fee base are kept.
TEST_CASE("a close keeps a loan repaid in full after the month's end, before the close",
          "[close]") {
  TempDir dir;
  Books b = new_books(dir);
  open_poor_loan(*b.book, "L1", 30'000'000, 2025_y / January / 20);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 30'000'000, 2025_y / January / 20);
  // 20/01 to 02/02, 14 days: 75,945.20... -> 75,945; then all the principal.
  apply_ok(*b.book, "L1", LoanEventKind::CollectInterest, 75'945, 2025_y / February / 3);
  apply_ok(*b.book, "L1", LoanEventKind::RepayPrincipal, 30'000'000, 2025_y / February / 3);
  REQUIRE(b.book->loan("L1", std::nullopt).value().state.repaid_in_full());

  MonthCloseOutcome jan = close_ok(*b.book, 2025_y / January);
  CHECK(jan.loans == 1);
  REQUIRE(jan.fees.size() == 1);
  CHECK(jan.fees[0].outstanding == 30'000'000);
  CHECK(jan.fees[0].balance == 0);

  // The delinquency report on the month's last day counts it from its month-end record, as
  // reading the loan does.
  for (bool from_month_ends : {true, false}) {
    Result<DelinquencyReport> r = b.book->delinquency(
        DelinquencyOptions{.as_of = 2025_y / January / 31, .from_month_ends = from_month_ends});
    REQUIRE(r.ok());
    CHECK(r->total.outstanding.loans == 1);
    CHECK(r->total.outstanding.principal == 30'000'000);
    CHECK(r->total.in_term.principal == 30'000'000);
  }
  // Closed in February, it has no record there.
  MonthCloseOutcome feb = close_ok(*b.book, 2025_y / February);
  CHECK(feb.loans == 0);
  CHECK(feb.fees.empty());
}

// Found by the simulation (tests/test_simulation.cpp): a due date that passed while nothing
// was in term was left unsettled, so the next disbursement's principal was moved to overdue
// for it, dated back before the money was paid out and into a closed month, and the next
// close and every later event on the loan were refused.
TEST_CASE("a due date passed with nothing in term stays settled when more is disbursed later",
          "[close]") {
  TempDir dir;
  Books b = new_books(dir);
  // 50,000,000 in 4 quarterly installments of 12,500,000 (01/07, 01/10, 01/01, 01/04).
  open_poor_loan(*b.book, "L1", 50'000'000, 2026_y / April / 1, 12, 3);
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 10'000'000, 2026_y / April / 1);
  apply_ok(*b.book, "L1", LoanEventKind::RepayPrincipal, 10'000'000, 2026_y / May / 1);
  for (unsigned m = 4; m <= 7; ++m) close_ok(*b.book, 2026_y / date::month{m});
  apply_ok(*b.book, "L1", LoanEventKind::Disburse, 20'000'000, 2026_y / August / 5);

  LoanView august = b.book->loan("L1", 2026_y / August / 20).value();
  CHECK(august.state.in_term == 20'000'000);
  CHECK(august.state.overdue == 0);
  MonthCloseOutcome closed = close_ok(*b.book, 2026_y / August);
  CHECK(closed.transfers == 0);
  apply_ok(*b.book, "L1", LoanEventKind::CollectInterest, 1'000, 2026_y / September / 10);

  // The installment of 01/10: 25,000,000 scheduled by then of 30,000,000 disbursed, so
  // 15,000,000 of the 20,000,000 in term is due, and overdue from 02/10 when unpaid.
  LoanView october = b.book->loan("L1", 2026_y / October / 2).value();
  CHECK(october.state.in_term == 5'000'000);
  CHECK(october.state.overdue == 15'000'000);
  const LoanId id = october.contract.id;
  Result<std::vector<BalanceRow>> july =
      b.store->balance("Assets:Loans:InTerm:01", 2026_y / July / 31, id);
  REQUIRE(july.ok());
  for (const BalanceRow& r : july.value()) CHECK(r.balance == 0);
  CHECK(b.book->rebuild_state("L1").value() == b.book->stored_state("L1").value());
}
