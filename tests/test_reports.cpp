// Tests of the auditors' reports (ledger/reports.hpp): delinquency on a small portfolio with
// an overdue loan, a late loan still in term, a frozen loan and a written-off loan; and the
// monthly lending report with its roll-forward.
#include <catch2/catch.hpp>

#include "ledger/loan_book.hpp"
#include "ledger/reports.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Books {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
};

LoanOutcome apply_ok(LoanBook& book, LoanOperation op) {
  Result<LoanOutcome> r = book.apply(op, "test");
  INFO(op.loan << " " << loan_event_kind_name(op.kind) << " " << format_date(op.date) << ": "
               << (r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  return r.value();
}

LoanOutcome apply_ok(LoanBook& book, const std::string& loan, LoanEventKind kind,
                     std::int64_t amount, Date date) {
  return apply_ok(
      book, LoanOperation{
                .loan = loan, .kind = kind, .amount = vnd_amount(amount), .date = date, .key = ""});
}

// The interest L owes on a day, paid.
std::int64_t pay_interest(LoanBook& book, const std::string& loan, Date date) {
  const std::int64_t owed = book.loan(loan, date).value().interest_due.total();
  apply_ok(book, loan, LoanEventKind::CollectInterest, owed, date);
  return owed;
}

// Commune XH (Women's Union group G1: H1, H2) and commune XB (Farmers' Union group G2: H3).
//   L1  H3  10,000,000 from 10/03/2026, 12 months, monthly: misses 10/04 and 10/05, repays
//           1,000,000 on 20/05 and misses 10/06: overdue.
//   L2  H1  20,000,000 from 10/06/2025, 24 months, every 6: misses 10/12/2025 and 10/06/2026;
//           an earlier loan, so in term but late.
//   L3  H2  15,000,000 from 15/09/2025, frozen on 20/01/2026 for 3 years.
//   L4  H2   5,000,000 from 10/03/2025, 12 months: unpaid at maturity, written off 15/05/2026.
//   L5  H1   8,000,000 from 05/05/2026, 36 months, yearly: current.
//   L6  H2   6,000,000 from 20/07/2025, 12 months: current, maturing in July 2026.
//   L7  H3   3,000,000 disbursed 12/05/2026 and reversed on 13/05.
Books portfolio(const TempDir& dir, std::int64_t& l1_interest_may) {
  Books b;
  b.store = create_ledger(dir.file("reports.db"), test_options(false)).value();
  b.book = open_loan_book(*b.store).value();
  seed_reference_data(*b.book);
  REQUIRE(
      b.book->add_commune(Commune{"XB", "Xã Bình", "Tuy An", "Phú Yên", std::nullopt, ""}, "test")
          .ok());
  lift_cash_floor(*b.book, "XB");
  REQUIRE(b.book->add_group(Group{"G2", "XB", "Thôn Tây", "11", "Lê Văn Ba", 0}, "test").ok());
  REQUIRE(b.book
              ->add_household(Household{"H3",
                                        "Lê Văn Ba",
                                        "001203000003",
                                        "XB",
                                        "Thôn Tây",
                                        "G2",
                                        {{2020_y / January / 1, PovertyStatus::Poor}}},
                              "test")
              .ok());
  LoanBook& book = *b.book;
  open_poor_loan(book, "L4", 5'000'000, 2025_y / March / 10, 12, 12, "H2");
  apply_ok(book, "L4", LoanEventKind::Disburse, 5'000'000, 2025_y / March / 10);
  open_poor_loan(book, "L2", 20'000'000, 2025_y / June / 10, 24, 6, "H1");
  apply_ok(book, "L2", LoanEventKind::Disburse, 20'000'000, 2025_y / June / 10);
  open_poor_loan(book, "L6", 6'000'000, 2025_y / July / 20, 12, 12, "H2");
  apply_ok(book, "L6", LoanEventKind::Disburse, 6'000'000, 2025_y / July / 20);
  open_poor_loan(book, "L3", 15'000'000, 2025_y / September / 15, 36, 12, "H2");
  apply_ok(book, "L3", LoanEventKind::Disburse, 15'000'000, 2025_y / September / 15);
  apply_ok(book, LoanOperation{.loan = "L3",
                               .kind = LoanEventKind::Freeze,
                               .amount = vnd_amount(0),
                               .date = 2026_y / January / 20,
                               .key = "",
                               .years = 3,
                               .reason = "flood",
                               .approval = "QD-7"});
  open_poor_loan(book, "L1", 10'000'000, 2026_y / March / 10, 12, 1, "H3");
  apply_ok(book, "L1", LoanEventKind::Disburse, 10'000'000, 2026_y / March / 10);
  pay_interest(book, "L1", 2026_y / April / 10);
  open_poor_loan(book, "L5", 8'000'000, 2026_y / May / 5, 36, 12, "H1");
  apply_ok(book, "L5", LoanEventKind::Disburse, 8'000'000, 2026_y / May / 5);
  open_poor_loan(book, "L7", 3'000'000, 2026_y / May / 12, 12, 12, "H3");
  apply_ok(book, "L7", LoanEventKind::Disburse, 3'000'000, 2026_y / May / 12);
  apply_ok(book, LoanOperation{.loan = "L7",
                               .kind = LoanEventKind::Reverse,
                               .amount = vnd_amount(0),
                               .date = 2026_y / May / 13,
                               .key = "",
                               .years = 0,
                               .reason = "ERROR"});
  const std::int64_t l4_interest = book.loan("L4", 2026_y / May / 15).value().interest_due.total();
  apply_ok(book, LoanOperation{.loan = "L4",
                               .kind = LoanEventKind::WriteOff,
                               .amount = vnd_amount(5'000'000),
                               .date = 2026_y / May / 15,
                               .key = "",
                               .years = 0,
                               .reason = "DEATH",
                               .approval = "QD-9",
                               .interest_amount = l4_interest});
  l1_interest_may = pay_interest(book, "L1", 2026_y / May / 20);
  apply_ok(book, "L1", LoanEventKind::RepayPrincipal, 1'000'000, 2026_y / May / 20);
  return b;
}

}  // namespace

TEST_CASE("report ratios: exact, then half up to 2 decimals, aging buckets", "[reports]") {
  CHECK(Ratio{235, 10'000}.percent_text() == "2.35%");
  CHECK(Ratio{1, 3}.percent_text() == "33.33%");
  CHECK(Ratio{2, 3}.percent_text() == "66.67%");
  CHECK(Ratio{1, 8}.percent_text() == "12.50%");
  CHECK(Ratio{1, 80'000}.percent_text() == "0.00%");  // 0.00125%
  CHECK(Ratio{1, 40'000}.percent_text() == "0.00%");  // 0.0025% -> 0.00
  CHECK(Ratio{1, 20'000}.percent_text() == "0.01%");  // 0.005%, the tie goes up
  CHECK(Ratio{0, 0}.percent_text() == "0.00%");
  CHECK(Ratio{0, 0}.exact() == 0);
  CHECK(aging_bucket(0) == 0);
  CHECK(aging_bucket(30) == 1);
  CHECK(aging_bucket(31) == 2);
  CHECK(aging_bucket(90) == 2);
  CHECK(aging_bucket(91) == 3);
  CHECK(aging_bucket(180) == 3);
  CHECK(aging_bucket(181) == 4);
  CHECK(aging_bucket(360) == 4);
  CHECK(aging_bucket(361) == 5);
}

TEST_CASE("the delinquency report: aging, PAR, status totals, organisations and lists",
          "[reports]") {
  TempDir dir;
  std::int64_t l1_interest_may = 0;
  Books b = portfolio(dir, l1_interest_may);
  const Date day = 2026_y / June / 30;
  Result<DelinquencyReport> r = b.book->delinquency(
      DelinquencyOptions{.as_of = day, .by = DelinquencyGrouping::None, .list = {}});
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  const DelinquencyFigures& t = r->total;
  // L1: 10/04 and 10/05 (1,600,000) moved to overdue, 1,000,000 repaid, 10/06 moved: overdue
  // 1,400,000 of 9,000,000. The repayment paid 10/04's installment and 200,000 of 10/05's, so
  // the oldest due date unpaid is 10/05: 51 days late.
  LoanView l1 = b.book->loan("L1", day).value();
  CHECK(l1.state.overdue == 1'400'000);
  CHECK(l1.state.principal() == 9'000'000);
  CHECK(l1.days_past_due == 51);
  // L2: 10/12/2025 missed: 202 days late, in term.
  LoanView l2 = b.book->loan("L2", day).value();
  CHECK(l2.status == LoanStatus::InTerm);
  CHECK(l2.days_past_due == 202);

  // Active on 30/06: L1 9,000,000; L2 20,000,000; L3 15,000,000 (frozen, 0 days); L5
  // 8,000,000; L6 6,000,000: 58,000,000 in 5 loans.
  CHECK(t.outstanding.loans == 5);
  CHECK(t.outstanding.principal == 58'000'000);
  CHECK(t.aging[0].loans == 3);  // L3, L5, L6
  CHECK(t.aging[0].principal == 29'000'000);
  CHECK(t.aging[1].loans == 0);
  CHECK(t.aging[1].principal == 0);
  CHECK(t.aging[2].loans == 1);  // L1, 51 days
  CHECK(t.aging[2].principal == 9'000'000);
  CHECK(t.aging[3].loans == 0);
  CHECK(t.aging[4].loans == 1);  // L2, 202 days
  CHECK(t.aging[4].principal == 20'000'000);
  CHECK(t.aging[5].loans == 0);
  CHECK(t.aging[5].principal == 0);
  // PAR30: L1 and L2, 29,000,000 / 58,000,000 = 50%; PAR90: L2, 20,000,000 / 58,000,000.
  CHECK(t.par30.numerator == 29'000'000);
  CHECK(t.par30.denominator == 58'000'000);
  CHECK(t.par30.percent_text() == "50.00%");
  CHECK(t.par90.numerator == 20'000'000);
  CHECK(t.par90.denominator == 58'000'000);
  CHECK(t.par90.exact() == Exact(10, 29));
  CHECK(t.par90.percent_text() == "34.48%");  // 34.4827...
  // Status: in term L2, L5, L6; overdue L1; frozen L3; written off L4.
  CHECK(t.in_term.loans == 3);
  CHECK(t.in_term.principal == 34'000'000);
  CHECK(t.overdue.loans == 1);
  CHECK(t.overdue.principal == 9'000'000);
  CHECK(t.frozen.loans == 1);
  CHECK(t.frozen.principal == 15'000'000);
  CHECK(t.written_off.loans == 1);
  CHECK(t.written_off.principal == 5'000'000);
  CHECK(t.overdue_principal == 1'400'000);
  // Overdue ratio per organisation: the Farmers' Union (L1) 1,400,000 / 9,000,000 = 15.56%;
  // the Women's Union 0 of 49,000,000; the others lend nothing.
  REQUIRE(r->organisations.size() == 5);
  CHECK(r->organisations[0].organisation == "11");
  CHECK(r->organisations[0].overdue.numerator == 1'400'000);
  CHECK(r->organisations[0].overdue.denominator == 9'000'000);
  CHECK(r->organisations[0].overdue.percent_text() == "15.56%");
  CHECK(r->organisations[1].organisation == "12");
  CHECK(r->organisations[1].overdue.numerator == 0);
  CHECK(r->organisations[1].overdue.denominator == 49'000'000);
  CHECK(r->organisations[4].organisation == "99");
  CHECK(r->organisations[4].overdue.denominator == 0);
  CHECK(r->groups.empty());
  CHECK(r->lines.empty());

  SECTION("by commune: the rows add up to the total") {
    DelinquencyReport by = b.book
                               ->delinquency(DelinquencyOptions{
                                   .as_of = day, .by = DelinquencyGrouping::Commune, .list = {}})
                               .value();
    REQUIRE(by.groups.size() == 2);
    CHECK(by.groups[0].first == "XB");
    CHECK(by.groups[0].second.outstanding.principal == 9'000'000);
    CHECK(by.groups[0].second.par30.percent_text() == "100.00%");
    CHECK(by.groups[0].second.overdue.loans == 1);
    CHECK(by.groups[1].first == "XH");
    CHECK(by.groups[1].second.outstanding.loans == 4);
    CHECK(by.groups[1].second.outstanding.principal == 49'000'000);
    CHECK(by.groups[1].second.par30.numerator == 20'000'000);
    CHECK(by.groups[1].second.written_off.principal == 5'000'000);
    CHECK(by.total.outstanding.principal == 58'000'000);
  }
  SECTION("by officer: loans without an officer under an empty one") {
    DelinquencyReport by = b.book
                               ->delinquency(DelinquencyOptions{
                                   .as_of = day, .by = DelinquencyGrouping::Officer, .list = {}})
                               .value();
    REQUIRE(by.groups.size() == 1);
    CHECK(by.groups[0].first.empty());
    CHECK(by.groups[0].second.outstanding.principal == 58'000'000);
  }
  SECTION("the overdue list: overdue principal or days past due") {
    DelinquencyReport listed =
        b.book
            ->delinquency(DelinquencyOptions{
                .as_of = day, .by = DelinquencyGrouping::None, .list = DelinquencyList::Overdue})
            .value();
    REQUIRE(listed.lines.size() == 2);
    // By loan id: L2 was opened before L1.
    CHECK(listed.lines[0].loan == "L2");
    CHECK(listed.lines[0].household == "H1");
    CHECK(listed.lines[0].group == "G1");
    CHECK(listed.lines[0].program == "01");
    CHECK(listed.lines[0].days_past_due == 202);
    CHECK(listed.lines[0].outstanding == 20'000'000);
    CHECK(listed.lines[0].overdue == 0);
    CHECK(listed.lines[0].interest_owed == l2.interest_due.total());
    CHECK(listed.lines[1].loan == "L1");
    CHECK(listed.lines[1].household == "H3");
    CHECK(listed.lines[1].group == "G2");
    CHECK(listed.lines[1].days_past_due == 51);
    CHECK(listed.lines[1].outstanding == 9'000'000);
    CHECK(listed.lines[1].overdue == 1'400'000);
    CHECK(listed.lines[1].interest_owed == l1.interest_due.total());
    CHECK(listed.lines[1].last_transaction == 2026_y / May / 20);
  }
  SECTION("the inactive list: no transaction since 30/03, frozen loans excepted") {
    DelinquencyReport listed =
        b.book
            ->delinquency(DelinquencyOptions{
                .as_of = day, .by = DelinquencyGrouping::None, .list = DelinquencyList::Inactive})
            .value();
    // L2 (last 10/06/2025) and L6 (20/07/2025); L3 is frozen; L1 paid on 20/05, L5 lent 05/05.
    REQUIRE(listed.lines.size() == 2);
    CHECK(listed.lines[0].loan == "L2");
    CHECK(listed.lines[0].last_transaction == 2025_y / June / 10);
    CHECK(listed.lines[1].loan == "L6");
    CHECK(listed.lines[1].last_transaction == 2025_y / July / 20);
  }
  SECTION("the maturing list: final maturity in July 2026") {
    DelinquencyReport listed =
        b.book
            ->delinquency(DelinquencyOptions{
                .as_of = day, .by = DelinquencyGrouping::None, .list = DelinquencyList::Maturing})
            .value();
    REQUIRE(listed.lines.size() == 1);
    CHECK(listed.lines[0].loan == "L6");
    CHECK(listed.lines[0].maturity == 2026_y / July / 20);
  }
  SECTION("an earlier day reads each loan as it stood") {
    DelinquencyReport april =
        b.book->delinquency(DelinquencyOptions{.as_of = 2026_y / April / 30, .by = {}, .list = {}})
            .value();
    // L1, L2, L3, L4 (overdue since its maturity 10/03, 51 days), L6; L5 not yet lent.
    CHECK(april.total.outstanding.loans == 5);
    CHECK(april.total.outstanding.principal == 56'000'000);
    CHECK(april.total.written_off.loans == 0);
    CHECK(april.total.overdue.loans == 2);  // L1 (10/04's 800,000) and L4
    CHECK(april.total.overdue_principal == 800'000 + 5'000'000);
  }
}

TEST_CASE("the monthly lending report: flows, outstanding, borrowers and the roll-forward",
          "[reports]") {
  TempDir dir;
  std::int64_t l1_interest_may = 0;
  Books b = portfolio(dir, l1_interest_may);
  Result<PortfolioReport> r = b.book->portfolio(2026_y / May, PortfolioGrouping::Commune);
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
  CHECK(r->month == "2026-05");
  CHECK(r->first == 2026_y / May / 1);
  CHECK(r->last == 2026_y / May / 31);
  REQUIRE(r->rows.size() == 2);
  const PortfolioRow& xb = r->rows[0];
  const PortfolioRow& xh = r->rows[1];
  CHECK(xb.key == "XB");
  CHECK(xh.key == "XH");
  // XB: L1 10,000,000 at the month's start; L7 lent and reversed; L1 repays 1,000,000.
  CHECK(xb.month.opening == 10'000'000);
  CHECK(xb.month.disbursed == 3'000'000);
  CHECK(xb.month.reversed == 3'000'000);
  CHECK(xb.month.collected_principal == 1'000'000);
  CHECK(xb.month.collected_interest == l1_interest_may);
  CHECK(xb.month.written_off == 0);
  CHECK(xb.month.closing == 9'000'000);
  // On 31/05: 10/04's and 10/05's installments overdue, less the 1,000,000 repaid.
  CHECK(xb.in_term == 8'400'000);
  CHECK(xb.overdue == 600'000);
  CHECK(xb.frozen == 0);
  CHECK(xb.loans == 1);
  CHECK(xb.borrowers == 1);
  // XH: L2 20,000,000, L3 15,000,000, L4 5,000,000, L6 6,000,000; L5 lent; L4 written off.
  CHECK(xh.month.opening == 46'000'000);
  CHECK(xh.month.disbursed == 8'000'000);
  CHECK(xh.month.reversed == 0);
  CHECK(xh.month.collected_principal == 0);
  CHECK(xh.month.collected_interest == 0);
  CHECK(xh.month.written_off == 5'000'000);
  CHECK(xh.month.closing == 49'000'000);
  CHECK(xh.in_term == 34'000'000);
  CHECK(xh.overdue == 0);
  CHECK(xh.frozen == 15'000'000);
  CHECK(xh.loans == 4);
  CHECK(xh.borrowers == 2);  // H1 (L2, L5) and H2 (L3, L6)
  // Year to date: from 1 January, when L1, L5 and L7 were not yet lent.
  CHECK(xb.year_to_date.opening == 0);
  CHECK(xb.year_to_date.disbursed == 13'000'000);
  CHECK(xh.year_to_date.opening == 46'000'000);
  CHECK(xh.year_to_date.disbursed == 8'000'000);
  CHECK(xh.year_to_date.collected_interest == 0);
  CHECK(xb.year_to_date.collected_interest > l1_interest_may);  // April's payment too
  // The roll-forward, per row and in total, for the month and the year.
  for (const PortfolioRow* row : {&xb, &xh, static_cast<const PortfolioRow*>(&r->total)}) {
    CHECK(row->month.rolled_forward() == row->month.closing);
    CHECK(row->year_to_date.rolled_forward() == row->year_to_date.closing);
    CHECK(row->in_term + row->overdue + row->frozen == row->month.closing);
  }
  CHECK(r->total.month.opening == 56'000'000);
  CHECK(r->total.month.closing == 58'000'000);
  CHECK(r->total.borrowers == 3);
  CHECK(r->total.loans == 5);

  SECTION("by program") {
    PortfolioReport p = b.book->portfolio(2026_y / May, PortfolioGrouping::Program).value();
    REQUIRE(p.rows.size() == 1);
    CHECK(p.rows[0].key == "01");
    CHECK(p.rows[0].month.closing == 58'000'000);
    CHECK(p.rows[0].borrowers == 3);
  }
}
