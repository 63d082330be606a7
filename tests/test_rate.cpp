// Tests for ledger/rate.hpp. Sources: DESIGN.md section 3 (rates are exact decimals, per
// year or per month; a monthly rate is the yearly rate / 12 exactly) and DOMAIN.md section 1
// (the program rates before and after 01/12/2025, overdue at 130%).
#include <catch2/catch.hpp>

#include <string>

#include "ledger/rate.hpp"

namespace socai {
namespace {

template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string("accepted") : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

template <class T>
std::string outcome(const Result<T>& result) {
  return result.ok() ? "accepted" : std::string(error_code_name(result.error().code));
}

Rate rate(std::string_view text) {
  return must(Rate::parse(text));
}

TEST_CASE("6.24%/year and 0.52%/month are the same rate", "[rate]") {
  // DOMAIN.md section 1: poor households from 01/12/2025, 6.24%/year (0.52%/month).
  const Rate yearly = rate("6.24%/year");
  const Rate monthly = rate("0.52%/month");
  CHECK(yearly == monthly);
  CHECK(yearly.yearly() == Exact(624, 10'000));
  CHECK(monthly.yearly() == Exact(624, 10'000));
  CHECK(yearly.monthly() == Exact(52, 10'000));
  CHECK(monthly.monthly() == Exact(52, 10'000));
  CHECK(yearly.unit() == RateUnit::PerYear);
  CHECK(monthly.unit() == RateUnit::PerMonth);
}

TEST_CASE("6.6%/year and 0.55%/month are the same rate", "[rate]") {
  // DOMAIN.md section 1: poor households until 30/11/2025, 6.6%/year (0.55%/month).
  const Rate yearly = rate("6.6%/year");
  const Rate monthly = rate("0.55%/month");
  CHECK(yearly == monthly);
  CHECK(yearly.yearly() == Exact(66, 1'000));
  CHECK(monthly.yearly() == Exact(66, 1'000));
  CHECK(yearly.monthly() == Exact(55, 10'000));
  CHECK_FALSE(yearly == rate("6.24%/year"));
}

TEST_CASE("a rate is exact: 7.488%/year is 7488/100000 and its month 0.624%", "[rate]") {
  // DOMAIN.md section 1: near-poor households from 01/12/2025.
  const Rate near_poor = rate("7.488%/year");
  CHECK(near_poor.yearly() == Exact(7'488, 100'000));
  CHECK(near_poor.monthly() == Exact(624, 100'000));
  CHECK(rate("9%/year").yearly() == Exact(9, 100));
  CHECK(rate("0%/year").yearly() == Exact(0));
  CHECK(rate("06.60%/year").yearly() == Exact(66, 1'000));  // leading zero, not octal
  CHECK(rate("0.08%/month").monthly() == Exact(8, 10'000));
  CHECK(rate("010%/year").yearly() == Exact(10, 100));
  CHECK(rate("0.000000000001%/year").yearly() == Exact(1, 100'000'000'000'000));
  // 1%/year is 1/12 %/month: not a finite decimal, still exact.
  CHECK(rate("1%/year").monthly() == Exact(1, 1'200));
}

TEST_CASE("the short and Vietnamese unit names are accepted", "[rate]") {
  CHECK(rate("6.24%/yr") == rate("6.24%/year"));
  CHECK(rate("0.52%/mo") == rate("6.24%/year"));
  CHECK(rate("6.24%/năm") == rate("6.24%/year"));
  CHECK(rate("0.52%/tháng") == rate("6.24%/year"));
  CHECK(rate("0.52%/mo").unit() == RateUnit::PerMonth);
  CHECK(rate("6.24%/năm").unit() == RateUnit::PerYear);
}

TEST_CASE("overdue at 130% of 6.6% is exactly 8.58% and of 6.24% is 8.112%", "[rate]") {
  // DOMAIN.md section 1: overdue principal is charged 130% of the loan's current rate;
  // section 8, V3 (8.58%) and V4 (8.112%).
  const Rate before = rate("6.6%/year").scaled(Exact(130, 100));
  CHECK(before.yearly() == Exact(858, 10'000));
  CHECK(before == rate("8.58%/year"));
  CHECK(before.to_string() == "8.58%/year");

  const Rate after = rate("6.24%/year").scaled(Exact(13, 10));
  CHECK(after.yearly() == Exact(8'112, 100'000));
  CHECK(after == rate("8.112%/year"));
  CHECK(after.to_string() == "8.112%/year");

  // Scaling keeps the unit it was entered in: 0.55%/month x 130% = 0.715%/month.
  const Rate monthly = rate("0.55%/month").scaled(Exact(13, 10));
  CHECK(monthly.unit() == RateUnit::PerMonth);
  CHECK(monthly.to_string() == "0.715%/month");
  CHECK(rate("6.6%/year").scaled(Exact(0)).yearly() == Exact(0));
}

TEST_CASE("to_string shows the rate in its unit and parses back to the same rate", "[rate]") {
  for (const char* text : {"6.24%/year", "0.52%/month", "6.6%/year", "0.55%/month", "8.112%/year",
                           "7.488%/year", "9%/year", "0%/year", "0.000000000001%/month"}) {
    CAPTURE(text);
    const Rate r = rate(text);
    CHECK(r.to_string() == text);
    CHECK(rate(r.to_string()) == r);
  }
  // Trailing and leading zeros and aliases are normalised.
  CHECK(rate("6.240%/year").to_string() == "6.24%/year");
  CHECK(rate("06.6%/year").to_string() == "6.6%/year");
  CHECK(rate("0.52%/mo").to_string() == "0.52%/month");
  CHECK(rate("6.24%/năm").to_string() == "6.24%/year");
  CHECK(Rate::per_year(Exact(66, 1'000)).to_string() == "6.6%/year");
  // Not a finite decimal: shown as an exact fraction of a percent.
  CHECK(Rate::per_year(Exact(1, 3)).to_string() == "100/3%/year");
  CHECK(rate("0.52%/month").scaled(Exact(1, 3)).to_string() == "13/75%/month");
}

TEST_CASE("a rate without its unit, signed, grouped or not a number is refused", "[rate]") {
  for (const char* text :
       {"6.24", "6.24%", "-1%/year", "+1%/year", "6,24%/year", "abc%/year", "6.24%/week", "",
        "%/year", ".5%/year", "6.%/year", "6.24 %/year", " 6.24%/year", "6.24%/year ", "6.24%/Year",
        "6.24%%/year", "1e2%/year", "1234567%/year", "0.0000000000001%/year"}) {
    CAPTURE(text);
    CHECK(outcome(Rate::parse(text)) == "invalid-argument");
  }
}

TEST_CASE("a refused rate's error names the text", "[rate]") {
  Result<Rate> no_unit = Rate::parse("6.24%");
  REQUIRE_FALSE(no_unit.ok());
  CHECK(no_unit.error().message == "rate '6.24%': the unit must be %/year or %/month");
  Result<Rate> comma = Rate::parse("6,24%/year");
  REQUIRE_FALSE(comma.ok());
  CHECK(comma.error().message ==
        "rate '6,24%/year': the percentage must be a plain decimal number");
}

}  // namespace
}  // namespace socai
