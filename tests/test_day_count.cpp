// Tests for ledger/day_count.hpp. Sources: DESIGN.md section 6 (the day-count table; first
// day counted, last day not; pieces summed exactly and rounded once), DOMAIN.md section 2
// (Circular 14/2017: balance x days x yearly rate / 365; rounding to the đồng half up) and
// section 8 (test vectors V1 to V4).
#include <catch2/catch.hpp>

#include <string>

#include "ledger/day_count.hpp"

namespace socai {
namespace {

using namespace date::literals;
using date::December;
using date::February;
using date::January;
using date::July;
using date::June;
using date::March;
using date::November;

template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string("accepted") : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

Currency vnd() {
  return Currency::find("VND").value();
}
Money dong(std::int64_t amount) {
  return Money::from_minor(amount, vnd());
}
Rate rate(std::string_view text) {
  return must(Rate::parse(text));
}

Exact exact_interest(std::int64_t balance, std::string_view rate_text, Date from, Date to,
                     DayCount dc) {
  return must(interest(dong(balance), rate(rate_text), from, to, dc));
}

// Rounded once to the đồng, half up (DOMAIN.md section 2).
std::int64_t to_dong(const Exact& value) {
  return must(round_exact(value, RoundingMode::HalfUp));
}

TEST_CASE("act365f: 31 days of 30,000,000 at 6.6% is 168,164", "[interest]") {
  // DOMAIN.md section 8, V2: 20/01/2025 to 20/02/2025 (31 days), 168,164.38... -> 168,164.
  const Exact i = exact_interest(30'000'000, "6.6%/year", 2025_y / January / 20,
                                 2025_y / February / 20, DayCount::Act365F);
  CHECK(i == Exact(61'380'000, 365));  // 30,000,000 x 0.066 x 31 / 365
  CHECK(i == Exact(30'000'000) * Exact(66, 1'000) * 31 / 365);
  CHECK(i > Exact(16'816'438, 100));
  CHECK(i < Exact(16'816'439, 100));
  CHECK(to_dong(i) == 168'164);
}

TEST_CASE("act30: 31 days of 30,000,000 at 0.55%/month is 170,500", "[interest]") {
  // DOMAIN.md section 8, V2: act30 170,500 (30,000,000 x 0.0055 x 31 / 30, exact).
  const Exact i = exact_interest(30'000'000, "0.55%/month", 2025_y / January / 20,
                                 2025_y / February / 20, DayCount::Act30);
  CHECK(i == Exact(170'500));
  CHECK(to_dong(i) == 170'500);
  // The same rate entered per year gives the same interest.
  CHECK(exact_interest(30'000'000, "6.6%/year", 2025_y / January / 20, 2025_y / February / 20,
                       DayCount::Act30) == Exact(170'500));
}

TEST_CASE("V2 next month: 28 days of 30,000,000 at 6.6% is 151,890 and 154,000", "[interest]") {
  // DOMAIN.md section 8, V2: 20/02/2025 to 20/03/2025 (28 days).
  const Exact act365f = exact_interest(30'000'000, "6.6%/year", 2025_y / February / 20,
                                       2025_y / March / 20, DayCount::Act365F);
  CHECK(act365f == Exact(55'440'000, 365));
  CHECK(to_dong(act365f) == 151'890);
  const Exact act30 = exact_interest(30'000'000, "0.55%/month", 2025_y / February / 20,
                                     2025_y / March / 20, DayCount::Act30);
  CHECK(act30 == Exact(154'000));
  CHECK(to_dong(act30) == 154'000);
}

TEST_CASE("V1: 50,000,000 across the rate cut of 01/12/2025 is 266,795 and 270,500", "[interest]") {
  // DOMAIN.md section 8, V1: 10/11/2025 to 10/12/2025, 21 days at 6.6% and 9 days at
  // 6.24%; the pieces are summed exactly and rounded once (DESIGN.md section 6).
  const Date from = 2025_y / November / 10;
  const Date cut = 2025_y / December / 1;
  const Date to = 2025_y / December / 10;

  const Exact before = exact_interest(50'000'000, "6.6%/year", from, cut, DayCount::Act365F);
  const Exact after = exact_interest(50'000'000, "6.24%/year", cut, to, DayCount::Act365F);
  CHECK(before == Exact(69'300'000, 365));
  CHECK(after == Exact(28'080'000, 365));
  const Exact act365f = before + after;
  CHECK(act365f == Exact(97'380'000, 365));  // 266,794.52...
  CHECK(act365f > Exact(26'679'452, 100));
  CHECK(act365f < Exact(26'679'453, 100));
  CHECK(to_dong(act365f) == 266'795);

  const Exact act30 = exact_interest(50'000'000, "0.55%/month", from, cut, DayCount::Act30) +
                      exact_interest(50'000'000, "0.52%/month", cut, to, DayCount::Act30);
  CHECK(act30 == Exact(270'500));  // 192,500 + 78,000
  CHECK(to_dong(act30) == 270'500);
}

TEST_CASE("V3: 20,000,000 overdue at 6.6% x 130% for 30 days is 141,041", "[interest]") {
  // DOMAIN.md section 8, V3: 16/06/2025 to 15/07/2025 inclusive, so to 16/07/2025 with the
  // last day not counted; 141,041.09... -> 141,041.
  const Rate overdue = rate("6.6%/year").scaled(Exact(130, 100));
  const Exact i = must(interest(dong(20'000'000), overdue, 2025_y / June / 16, 2025_y / July / 16,
                                DayCount::Act365F));
  CHECK(i == Exact(51'480'000, 365));
  CHECK(to_dong(i) == 141'041);
}

TEST_CASE("V4: 30 days in term on 40,000,000 and overdue on 15,000,000 at 6.24%", "[interest]") {
  // DOMAIN.md section 8, V4: in-term 205,150.68... -> 205,151; overdue at 8.112%
  // 100,010.95... -> 100,011. DOMAIN.md gives the period's length only; under act365f any
  // 30 days give these values, here 02/03/2027 to 01/04/2027.
  const Date from = 2027_y / March / 2;
  const Date to = 2027_y / date::April / 1;
  REQUIRE(days_between(from, to) == 30);
  const Rate in_term = rate("6.24%/year");
  const Rate overdue = in_term.scaled(Exact(130, 100));
  const Exact in_term_interest =
      must(interest(dong(40'000'000), in_term, from, to, DayCount::Act365F));
  const Exact overdue_interest =
      must(interest(dong(15'000'000), overdue, from, to, DayCount::Act365F));
  CHECK(in_term_interest == Exact(74'880'000, 365));
  CHECK(overdue_interest == Exact(36'504'000, 365));
  CHECK(to_dong(in_term_interest) == 205'151);
  CHECK(to_dong(overdue_interest) == 100'011);
}

TEST_CASE("30-360 counts 30E/360 days: a full month is 30", "[interest]") {
  // DESIGN.md section 6 and day_count.hpp: d30 = 360 x years + 30 x months +
  // (min(d2, 30) - min(d1, 30)).
  CHECK(counted_days(2025_y / January / 31, 2025_y / February / 28, DayCount::Thirty360) == 28);
  CHECK(counted_days(2025_y / January / 30, 2025_y / March / 31, DayCount::Thirty360) == 60);
  CHECK(counted_days(2025_y / January / 20, 2025_y / February / 20, DayCount::Thirty360) == 30);
  CHECK(counted_days(2025_y / February / 28, 2025_y / March / 31, DayCount::Thirty360) == 32);
  CHECK(counted_days(2025_y / January / 31, 2025_y / March / 1, DayCount::Thirty360) == 31);
  CHECK(counted_days(2024_y / December / 31, 2025_y / January / 31, DayCount::Thirty360) == 30);
  CHECK(counted_days(2024_y / December / 31, 2025_y / December / 31, DayCount::Thirty360) == 360);
  CHECK(counted_days(2025_y / June / 16, 2025_y / June / 16, DayCount::Thirty360) == 0);
  // 30,000,000 x 0.066 x 30 / 360.
  CHECK(exact_interest(30'000'000, "6.6%/year", 2025_y / January / 20, 2025_y / February / 20,
                       DayCount::Thirty360) == Exact(165'000));
  CHECK(year_fraction(2025_y / January / 30, 2025_y / March / 31, DayCount::Thirty360) ==
        Exact(60, 360));
}

TEST_CASE("counted_days is the actual days for every day count but 30-360", "[interest]") {
  const Date from = 2025_y / February / 28;
  const Date to = 2025_y / March / 31;
  CHECK(counted_days(from, to, DayCount::Act365F) == 31);
  CHECK(counted_days(from, to, DayCount::Act30) == 31);
  CHECK(counted_days(from, to, DayCount::Act360) == 31);
  CHECK(counted_days(from, to, DayCount::ActAct) == 31);
  CHECK(counted_days(from, to, DayCount::Thirty360) == 32);
}

TEST_CASE("act360: 31 days of 30,000,000 at 6.6% is 170,500", "[interest]") {
  // DESIGN.md section 6: balance x yearly rate x d / 360.
  CHECK(exact_interest(30'000'000, "6.6%/year", 2025_y / January / 20, 2025_y / February / 20,
                       DayCount::Act360) == Exact(170'500));
  CHECK(exact_interest(36'500'000, "6.6%/year", 2025_y / January / 20, 2025_y / February / 20,
                       DayCount::Act360) == Exact(622'325, 3));
  CHECK(to_dong(Exact(622'325, 3)) == 207'442);
  CHECK(year_fraction(2025_y / January / 20, 2025_y / February / 20, DayCount::Act360) ==
        Exact(31, 360));
}

TEST_CASE("actact splits a period at 1 January, each part over its year's length", "[interest]") {
  // DESIGN.md section 6: 01/12/2023 to 01/03/2024 is 31 days of 2023 and 60 of leap 2024.
  CHECK(year_fraction(2023_y / December / 1, 2024_y / March / 1, DayCount::ActAct) ==
        Exact(31, 365) + Exact(60, 366));
  CHECK(year_fraction(2023_y / December / 1, 2024_y / March / 1, DayCount::ActAct) ==
        Exact(5'541, 22'265));
  const Exact i = exact_interest(30'000'000, "6.6%/year", 2023_y / December / 1, 2024_y / March / 1,
                                 DayCount::ActAct);
  CHECK(i == Exact(1'980'000) * (Exact(31, 365) + Exact(60, 366)));
  CHECK(to_dong(i) == 492'755);  // 492,754.547...
  CHECK(year_fraction(2024_y / January / 1, 2024_y / December / 31, DayCount::ActAct) ==
        Exact(365, 366));
  CHECK(year_fraction(2024_y / December / 1, 2025_y / January / 1, DayCount::ActAct) ==
        Exact(31, 366));
  // Two year ends: 1 day of 2023, all of leap 2024, 1 day of 2025.
  CHECK(year_fraction(2023_y / December / 31, 2025_y / January / 2, DayCount::ActAct) ==
        Exact(1) + Exact(2, 365));
  CHECK(year_fraction(2025_y / January / 20, 2025_y / February / 20, DayCount::ActAct) ==
        Exact(31, 365));
}

TEST_CASE("year_fraction for act365f and act30 makes yearly and monthly rates agree",
          "[interest]") {
  // day_count.hpp: Act30's fraction is days / 30 / 12, so yearly rate x fraction = monthly
  // rate x days / 30.
  CHECK(year_fraction(2025_y / January / 20, 2025_y / February / 20, DayCount::Act365F) ==
        Exact(31, 365));
  CHECK(year_fraction(2025_y / January / 20, 2025_y / February / 20, DayCount::Act30) ==
        Exact(31, 360));
  CHECK(rate("0.55%/month").yearly() *
            year_fraction(2025_y / January / 20, 2025_y / February / 20, DayCount::Act30) ==
        rate("0.55%/month").monthly() * 31 / 30);
}

TEST_CASE("interest over an empty period is zero under every day count", "[interest]") {
  for (DayCount dc : {DayCount::Act365F, DayCount::Act30, DayCount::Thirty360, DayCount::Act360,
                      DayCount::ActAct}) {
    CAPTURE(day_count_name(dc));
    CHECK(exact_interest(30'000'000, "6.6%/year", 2025_y / June / 16, 2025_y / June / 16, dc) ==
          Exact(0));
  }
}

TEST_CASE("interest on a period that ends before it starts is refused", "[interest]") {
  Result<Exact> backwards = interest(dong(30'000'000), rate("6.6%/year"), 2025_y / February / 20,
                                     2025_y / January / 20, DayCount::Act365F);
  REQUIRE_FALSE(backwards.ok());
  CHECK(backwards.error().code == ErrorCode::InvalidArgument);
  CHECK(backwards.error().message ==
        "interest period 2025-02-20 to 2025-01-20: ends before it starts");
}

TEST_CASE("day count names round trip and an unknown name is refused", "[interest]") {
  CHECK(day_count_name(DayCount::Act365F) == "act365f");
  CHECK(day_count_name(DayCount::Act30) == "act30");
  CHECK(day_count_name(DayCount::Thirty360) == "30-360");
  CHECK(day_count_name(DayCount::Act360) == "act360");
  CHECK(day_count_name(DayCount::ActAct) == "actact");
  for (DayCount dc : {DayCount::Act365F, DayCount::Act30, DayCount::Thirty360, DayCount::Act360,
                      DayCount::ActAct}) {
    CAPTURE(day_count_name(dc));
    CHECK(must(parse_day_count(day_count_name(dc))) == dc);
  }
  for (const char* text : {"ACT365F", "act/365", "30/360", "", "act365f "}) {
    CAPTURE(text);
    Result<DayCount> refused = parse_day_count(text);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::InvalidArgument);
  }
  Result<DayCount> unknown = parse_day_count("act/365");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "day count 'act/365': expected act365f, act30, 30-360, act360 or actact");
}

}  // namespace
}  // namespace socai
