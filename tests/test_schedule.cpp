// Tests of ledger/schedule.hpp and ledger/rate_history.hpp: due dates, installment rounding,
// annuities, and interest across the 01/12/2025 rate cut (DOMAIN.md sections 1, 3 and 8).
#include <catch2/catch.hpp>

#include <random>

#include "ledger/schedule.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

Rate rate(const char* text) {
  return Rate::parse(text).value();
}

// Program 01's rates: 6.6%/year until 30/11/2025, 6.24%/year from 01/12/2025 (2553/QĐ-TTg).
RateHistory poor_households() {
  return RateHistory::make({{2000_y / January / 1, rate("6.6%/year")},
                            {2025_y / December / 1, rate("6.24%/year")}})
      .value();
}

ScheduleTerms terms(std::int64_t principal, int term, Date start, RepaymentMethod method) {
  return ScheduleTerms{.principal = vnd_amount(principal),
                       .rates = RateHistory::constant(rate("6.24%/year")),
                       .term_months = term,
                       .start = start,
                       .method = method,
                       .every_months = 1,
                       .grace_principal_months = 0,
                       .day_count = DayCount::Act365F,
                       .rounding = RoundingMode::HalfUp,
                       .installment_multiple = std::nullopt,
                       .installment_rounding = InstallmentRounding::Down,
                       .gdx_day = std::nullopt,
                       .custom = {}};
}

// Every schedule: principal sums to the principal, balances chain, payment = principal + interest.
void check_invariants(const Schedule& s, std::int64_t principal) {
  std::int64_t balance = principal, sum = 0;
  for (const SchedulePeriod& p : s.periods()) {
    CHECK(p.opening_balance.minor_units() == balance);
    CHECK(p.payment.minor_units() == p.principal.minor_units() + p.interest.minor_units());
    CHECK(p.principal.minor_units() >= 0);
    balance -= p.principal.minor_units();
    sum += p.principal.minor_units();
    CHECK(p.closing_balance.minor_units() == balance);
  }
  CHECK(sum == principal);
  CHECK(balance == 0);
  CHECK(s.total_principal().minor_units() == principal);
}

}  // namespace

TEST_CASE("V1: interest across the rate cut is the exact sum of both pieces, rounded once",
          "[interest][schedule]") {
  // DOMAIN.md V1: 50,000,000 from 10/11/2025 to 10/12/2025: 21 days at 6.6%, 9 at 6.24%.
  const RateHistory rates = poor_households();
  Exact act365f = interest_over(vnd_amount(50'000'000), rates, 2025_y / November / 10,
                                2025_y / December / 10, DayCount::Act365F, 1)
                      .value();
  CHECK(act365f == Exact(97'380'000, 365));  // 266,794.52...
  CHECK(round_exact(act365f, RoundingMode::HalfUp).value() == 266'795);
  Exact act30 = interest_over(vnd_amount(50'000'000), rates, 2025_y / November / 10,
                              2025_y / December / 10, DayCount::Act30, 1)
                    .value();
  CHECK(act30 == 270'500);
  // The same through a one-month bullet schedule.
  ScheduleTerms t = terms(50'000'000, 1, 2025_y / November / 10, RepaymentMethod::Bullet);
  t.rates = rates;
  Schedule s = Schedule::build(t).value();
  REQUIRE(s.periods().size() == 1);
  CHECK(s.periods()[0].due_date == 2025_y / December / 10);
  CHECK(s.periods()[0].days == 30);
  CHECK(s.periods()[0].interest == vnd_amount(266'795));
  CHECK(s.periods()[0].payment == vnd_amount(50'266'795));
}

TEST_CASE("V3: overdue principal accrues at 130% of the rate", "[interest]") {
  Exact overdue =
      interest_over(vnd_amount(20'000'000), RateHistory::constant(rate("6.6%/year")),
                    2025_y / June / 16, 2025_y / July / 16, DayCount::Act365F, Exact(13, 10))
          .value();
  CHECK(round_exact(overdue, RoundingMode::HalfUp).value() == 141'041);
}

TEST_CASE("a rate history refuses days before its first rate and duplicate dates", "[interest]") {
  const RateHistory rates = poor_households();
  CHECK(rates.rate_on(2025_y / November / 30).value() == rate("6.6%/year"));
  CHECK(rates.rate_on(2025_y / December / 1).value() == rate("6.24%/year"));
  CHECK(rates.rate_on(1999_y / December / 31).error().code == ErrorCode::NotFound);
  auto twice = RateHistory::make(
      {{2025_y / December / 1, rate("6.6%/year")}, {2025_y / December / 1, rate("6.24%/year")}});
  CHECK(twice.error().message == "two rates from 2025-12-01");
  CHECK_FALSE(RateHistory::make({}).ok());
}

TEST_CASE("V6: a due date moves to the GDX day of the same month or the previous one",
          "[schedule][gdx]") {
  // 04/08/2032 with GDX day 25: the 25th of August is later, so 25/07/2032.
  CHECK(move_to_gdx_day(2032_y / August / 4, 25) == 2032_y / July / 25);
  CHECK(move_to_gdx_day(2032_y / August / 25, 25) == 2032_y / August / 25);
  CHECK(move_to_gdx_day(2032_y / August / 30, 25) == 2032_y / August / 25);
  // A GDX day past the month's end is its last day.
  CHECK(move_to_gdx_day(2026_y / March / 5, 31) == 2026_y / February / 28);
  CHECK(move_to_gdx_day(2026_y / February / 28, 30) == 2026_y / February / 28);
}

TEST_CASE("due dates keep the start's day, clamped to each month's length", "[schedule]") {
  CHECK(due_date(2026_y / January / 31, 1, std::nullopt) == 2026_y / February / 28);
  CHECK(due_date(2026_y / January / 31, 2, std::nullopt) == 2026_y / March / 31);
  CHECK(due_date(2026_y / January / 31, 13, std::nullopt) == 2027_y / February / 28);
  CHECK(due_date(2027_y / January / 29, 13, std::nullopt) == 2028_y / February / 29);
  CHECK(due_date(2026_y / January / 15, 1, 10) == 2026_y / February / 10);
}

TEST_CASE("V6: 40,000,000 in three yearly installments rounded down to 100,000", "[schedule]") {
  ScheduleTerms t = terms(40'000'000, 36, 2026_y / January / 15, RepaymentMethod::EqualPrincipal);
  t.every_months = 12;
  t.installment_multiple = vnd_amount(100'000);
  Schedule s = Schedule::build(t).value();
  REQUIRE(s.periods().size() == 36);
  CHECK(s.periods()[11].principal == vnd_amount(13'300'000));
  CHECK(s.periods()[23].principal == vnd_amount(13'300'000));
  CHECK(s.periods()[35].principal == vnd_amount(13'400'000));  // the remainder
  CHECK(s.periods()[0].principal == vnd_amount(0));
  CHECK(s.periods()[12].opening_balance == vnd_amount(26'700'000));
  check_invariants(s, 40'000'000);
}

TEST_CASE("installment rounding nearest and up keep the remainder on the last installment",
          "[schedule]") {
  ScheduleTerms t = terms(1'000'000, 3, 2026_y / January / 15, RepaymentMethod::EqualPrincipal);
  t.installment_multiple = vnd_amount(100'000);
  t.installment_rounding = InstallmentRounding::Up;
  Schedule up = Schedule::build(t).value();
  CHECK(up.periods()[0].principal == vnd_amount(400'000));
  CHECK(up.periods()[1].principal == vnd_amount(400'000));
  CHECK(up.periods()[2].principal == vnd_amount(200'000));
  t.installment_rounding = InstallmentRounding::Nearest;
  Schedule nearest = Schedule::build(t).value();
  CHECK(nearest.periods()[0].principal == vnd_amount(300'000));
  CHECK(nearest.periods()[2].principal == vnd_amount(400'000));
  // Rounding up so far that nothing is left for the last installment is refused.
  ScheduleTerms over = terms(150'000, 3, 2026_y / January / 15, RepaymentMethod::EqualPrincipal);
  over.installment_multiple = vnd_amount(100'000);
  over.installment_rounding = InstallmentRounding::Up;
  CHECK(Schedule::build(over).error().message ==
        "installments of 100,000 rounded up leave nothing for the last one; round down instead");
}

TEST_CASE("without a multiple, equal principal splits to the đồng with the remainder last",
          "[schedule]") {
  ScheduleTerms t = terms(10'000'000, 3, 2026_y / March / 1, RepaymentMethod::EqualPrincipal);
  Schedule s = Schedule::build(t).value();
  CHECK(s.periods()[0].principal == vnd_amount(3'333'333));
  CHECK(s.periods()[1].principal == vnd_amount(3'333'333));
  CHECK(s.periods()[2].principal == vnd_amount(3'333'334));
  // 31 days of March on 10,000,000 at 6.24%: 52,997.26... -> 52,997.
  CHECK(s.periods()[0].interest == vnd_amount(52'997));
  CHECK(s.periods()[0].days == 31);
}

TEST_CASE("a principal grace period starts the installments later", "[schedule]") {
  ScheduleTerms t = terms(12'000'000, 12, 2026_y / January / 10, RepaymentMethod::EqualPrincipal);
  t.every_months = 3;
  t.grace_principal_months = 6;
  Schedule s = Schedule::build(t).value();
  std::vector<std::int64_t> principal;
  for (const SchedulePeriod& p : s.periods()) principal.push_back(p.principal.minor_units());
  CHECK(principal == std::vector<std::int64_t>{0, 0, 0, 0, 0, 0, 0, 0, 6'000'000, 0, 0, 6'000'000});
  check_invariants(s, 12'000'000);
}

TEST_CASE("an annuity's payments are equal except the last", "[schedule][annuity]") {
  ScheduleTerms t = terms(40'000'000, 36, 2026_y / January / 31, RepaymentMethod::Annuity);
  Schedule s = Schedule::build(t).value();
  // 40,000,000 x r (1+r)^36 / ((1+r)^36 - 1) with r = 0.52% per month: 1,221,232.07...
  for (std::size_t i = 0; i + 1 < s.periods().size(); ++i)
    CHECK(s.periods()[i].payment == vnd_amount(1'221'232));
  CHECK(s.periods()[35].payment == vnd_amount(1'212'416));
  CHECK(s.periods()[0].interest == vnd_amount(191'474));  // 28 days of February 2026
  CHECK(s.periods()[0].principal == vnd_amount(1'029'758));
  check_invariants(s, 40'000'000);
  // Rounded to a multiple of 1,000 up, the level payment is 1,222,000.
  t.installment_multiple = vnd_amount(1'000);
  t.installment_rounding = InstallmentRounding::Up;
  Schedule rounded = Schedule::build(t).value();
  CHECK(rounded.periods()[0].payment == vnd_amount(1'222'000));
  check_invariants(rounded, 40'000'000);
  t.every_months = 3;
  CHECK(Schedule::build(t).error().message == "every: an annuity is paid every month");
}

TEST_CASE("a custom plan pays the listed installments, which must sum to the principal",
          "[schedule]") {
  ScheduleTerms t = terms(50'000'000, 24, 2026_y / January / 15, RepaymentMethod::Custom);
  t.custom = {{12, vnd_amount(20'000'000)}, {24, vnd_amount(30'000'000)}};
  Schedule s = Schedule::build(t).value();
  CHECK(s.periods()[11].principal == vnd_amount(20'000'000));
  CHECK(s.periods()[23].principal == vnd_amount(30'000'000));
  check_invariants(s, 50'000'000);
  t.custom = {{12, vnd_amount(20'000'000)}, {24, vnd_amount(20'000'000)}};
  CHECK(Schedule::build(t).error().message ==
        "custom installments sum to 40,000,000, not to the principal 50,000,000");
  t.custom = {{24, vnd_amount(20'000'000)}, {12, vnd_amount(30'000'000)}};
  CHECK(Schedule::build(t).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("bad terms are refused, naming the term", "[schedule]") {
  ScheduleTerms t = terms(1'000'000, 0, 2026_y / January / 15, RepaymentMethod::Bullet);
  CHECK(Schedule::build(t).error().message == "term: 0 months; 1 to 600");
  t.term_months = 12;
  t.every_months = 13;
  CHECK(Schedule::build(t).error().message == "every: 13 months; 1 to the term");
  t.every_months = 1;
  t.grace_principal_months = 12;
  CHECK(Schedule::build(t).error().message == "grace: 12 months; 0 to less than the term");
  t.grace_principal_months = 0;
  t.gdx_day = 32;
  CHECK(Schedule::build(t).error().message == "GDX day: 32; 1 to 31");
  ScheduleTerms zero = terms(0, 12, 2026_y / January / 15, RepaymentMethod::Bullet);
  CHECK(Schedule::build(zero).error().message == "principal: must be positive");
}

TEST_CASE("random schedules always sum and chain exactly", "[schedule][property]") {
  std::mt19937_64 rng(7);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  const RepaymentMethod methods[] = {RepaymentMethod::EqualPrincipal, RepaymentMethod::Annuity,
                                     RepaymentMethod::Bullet};
  const DayCount day_counts[] = {DayCount::Act365F, DayCount::Act30, DayCount::Thirty360,
                                 DayCount::Act360, DayCount::ActAct};
  for (int i = 0; i < 300; ++i) {
    const std::int64_t principal = uniform(1, 100'000) * 10'000;
    const int term = static_cast<int>(uniform(1, 120));
    const Date start{date::sys_days{2024_y / January / 1} + date::days{uniform(0, 900)}};
    ScheduleTerms t = terms(principal, term, start, methods[uniform(0, 2)]);
    t.rates = poor_households();
    t.day_count = day_counts[uniform(0, 4)];
    if (t.method == RepaymentMethod::EqualPrincipal) {
      t.every_months = static_cast<int>(uniform(1, term));
      t.installment_multiple = vnd_amount(uniform(0, 1) ? 100'000 : 1);
    }
    if (uniform(0, 1)) t.gdx_day = static_cast<int>(uniform(1, 28));
    t.grace_principal_months = static_cast<int>(uniform(0, term - 1) / 2);
    Result<Schedule> s = Schedule::build(t);
    INFO("case " << i << " term " << term << " method " << repayment_method_name(t.method));
    REQUIRE(s.ok());
    CHECK(s->periods().size() == static_cast<std::size_t>(term));
    check_invariants(s.value(), principal);
  }
}

TEST_CASE("a GDX day later than the start's day moves every due date to the month before",
          "[schedule][gdx]") {
  // Start on the 30th, GDX day 31: each due date is the 31st (or the month's last day) of the
  // month before the contractual one, so no two periods share a due date.
  CHECK(due_date(2026_y / August / 30, 1, 31) == 2026_y / August / 31);
  CHECK(due_date(2026_y / August / 30, 2, 31) == 2026_y / September / 30);
  CHECK(due_date(2026_y / August / 30, 3, 31) == 2026_y / October / 31);
  // Start on the 28th of February with GDX day 30: the clamped GDX day is not later than the
  // start, so due dates stay in their own month.
  CHECK(due_date(2026_y / February / 28, 1, 30) == 2026_y / March / 30);
  ScheduleTerms t = terms(10'000'000, 12, 2026_y / August / 30, RepaymentMethod::EqualPrincipal);
  t.gdx_day = 31;
  Schedule s = Schedule::build(t).value();
  for (std::size_t i = 1; i < s.periods().size(); ++i)
    CHECK(s.periods()[i].due_date > s.periods()[i - 1].due_date);
  check_invariants(s, 10'000'000);
}
