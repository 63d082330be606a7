// Tests for ledger/money.hpp: rounding modes, parsing and formatting amounts, checked
// arithmetic and allocation. Sources: DESIGN.md section 3 (money and arithmetic) and
// section 9 (amounts as people type them), DOMAIN.md section 8 (test vector V5).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ledger/money.hpp"

namespace socai {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Currency vnd() {
  return Currency::find("VND").value();
}
Currency usd() {
  return Currency::find("USD").value();
}

// The value of an accepted result; the test stops, showing the error, when it was refused.
template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string("accepted") : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

// "accepted", or the name of the refusal's error code ("invalid-argument", ...).
template <class T>
std::string outcome(const Result<T>& result) {
  return result.ok() ? "accepted" : std::string(error_code_name(result.error().code));
}

std::int64_t rounded(const Exact& value, RoundingMode mode) {
  return must(round_exact(value, mode));
}

std::int64_t parsed(std::string_view text, Currency currency) {
  return must(Money::parse(text, currency)).minor_units();
}

// The parts of allocate() as minor units, all checked to be in total's currency.
std::vector<std::int64_t> parts_of(std::int64_t total, std::vector<std::int64_t> weights,
                                   RemainderRule rule, Currency currency) {
  std::vector<Money> parts = must(allocate(Money::from_minor(total, currency), weights, rule));
  std::vector<std::int64_t> out;
  for (const Money& part : parts) {
    REQUIRE(part.currency() == currency);
    out.push_back(part.minor_units());
  }
  return out;
}

std::vector<std::int64_t> parts_of(std::int64_t total, std::vector<std::int64_t> weights,
                                   RemainderRule rule) {
  return parts_of(total, std::move(weights), rule, vnd());
}

using Parts = std::vector<std::int64_t>;

// ---------------------------------------------------------------------------------------
// Rounding (DESIGN.md section 3: rounded once, with a named mode; signs are symmetric).

TEST_CASE("HalfUp rounds a tie away from zero and other values to the nearest", "[money]") {
  CHECK(rounded(Exact(5, 2), RoundingMode::HalfUp) == 3);     // 2.5
  CHECK(rounded(Exact(-5, 2), RoundingMode::HalfUp) == -3);   // -2.5
  CHECK(rounded(Exact(7, 2), RoundingMode::HalfUp) == 4);     // 3.5
  CHECK(rounded(Exact(-7, 2), RoundingMode::HalfUp) == -4);   // -3.5
  CHECK(rounded(Exact(12, 5), RoundingMode::HalfUp) == 2);    // 2.4
  CHECK(rounded(Exact(-13, 5), RoundingMode::HalfUp) == -3);  // -2.6
  CHECK(rounded(Exact(13, 5), RoundingMode::HalfUp) == 3);    // 2.6
  CHECK(rounded(Exact(-12, 5), RoundingMode::HalfUp) == -2);  // -2.4
  CHECK(rounded(Exact(1, 2), RoundingMode::HalfUp) == 1);     // 0.5
  CHECK(rounded(Exact(-1, 2), RoundingMode::HalfUp) == -1);   // -0.5
  CHECK(rounded(Exact(7), RoundingMode::HalfUp) == 7);
  CHECK(rounded(Exact(-7), RoundingMode::HalfUp) == -7);
  CHECK(rounded(Exact(0), RoundingMode::HalfUp) == 0);
}

TEST_CASE("HalfEven rounds a tie to the even neighbour and other values to the nearest",
          "[money]") {
  CHECK(rounded(Exact(5, 2), RoundingMode::HalfEven) == 2);      // 2.5
  CHECK(rounded(Exact(-5, 2), RoundingMode::HalfEven) == -2);    // -2.5
  CHECK(rounded(Exact(7, 2), RoundingMode::HalfEven) == 4);      // 3.5
  CHECK(rounded(Exact(-7, 2), RoundingMode::HalfEven) == -4);    // -3.5
  CHECK(rounded(Exact(1, 2), RoundingMode::HalfEven) == 0);      // 0.5
  CHECK(rounded(Exact(-1, 2), RoundingMode::HalfEven) == 0);     // -0.5
  CHECK(rounded(Exact(3, 2), RoundingMode::HalfEven) == 2);      // 1.5
  CHECK(rounded(Exact(12, 5), RoundingMode::HalfEven) == 2);     // 2.4
  CHECK(rounded(Exact(-13, 5), RoundingMode::HalfEven) == -3);   // -2.6
  CHECK(rounded(Exact(251, 100), RoundingMode::HalfEven) == 3);  // 2.51: not a tie
  CHECK(rounded(Exact(7), RoundingMode::HalfEven) == 7);
  CHECK(rounded(Exact(-8), RoundingMode::HalfEven) == -8);
}

TEST_CASE("Down rounds towards zero", "[money]") {
  CHECK(rounded(Exact(5, 2), RoundingMode::Down) == 2);      // 2.5
  CHECK(rounded(Exact(-5, 2), RoundingMode::Down) == -2);    // -2.5
  CHECK(rounded(Exact(7, 2), RoundingMode::Down) == 3);      // 3.5
  CHECK(rounded(Exact(-7, 2), RoundingMode::Down) == -3);    // -3.5
  CHECK(rounded(Exact(12, 5), RoundingMode::Down) == 2);     // 2.4
  CHECK(rounded(Exact(-13, 5), RoundingMode::Down) == -2);   // -2.6
  CHECK(rounded(Exact(29, 10), RoundingMode::Down) == 2);    // 2.9
  CHECK(rounded(Exact(-29, 10), RoundingMode::Down) == -2);  // -2.9
  CHECK(rounded(Exact(7), RoundingMode::Down) == 7);
  CHECK(rounded(Exact(-7), RoundingMode::Down) == -7);
}

TEST_CASE("Up rounds away from zero", "[money]") {
  CHECK(rounded(Exact(5, 2), RoundingMode::Up) == 3);      // 2.5
  CHECK(rounded(Exact(-5, 2), RoundingMode::Up) == -3);    // -2.5
  CHECK(rounded(Exact(7, 2), RoundingMode::Up) == 4);      // 3.5
  CHECK(rounded(Exact(-7, 2), RoundingMode::Up) == -4);    // -3.5
  CHECK(rounded(Exact(12, 5), RoundingMode::Up) == 3);     // 2.4
  CHECK(rounded(Exact(-13, 5), RoundingMode::Up) == -3);   // -2.6
  CHECK(rounded(Exact(21, 10), RoundingMode::Up) == 3);    // 2.1
  CHECK(rounded(Exact(-21, 10), RoundingMode::Up) == -3);  // -2.1
  CHECK(rounded(Exact(1, 1000000), RoundingMode::Up) == 1);
  CHECK(rounded(Exact(7), RoundingMode::Up) == 7);
  CHECK(rounded(Exact(-7), RoundingMode::Up) == -7);
}

TEST_CASE("round_to_money rounds minor units once with the mode and keeps the currency",
          "[money]") {
  // The header's example: 168,164.38 minor units.
  Money interest = must(round_to_money(Exact(16'816'438, 100), vnd(), RoundingMode::HalfUp));
  CHECK(interest.minor_units() == 168'164);
  CHECK(interest.currency() == vnd());

  CHECK(must(round_to_money(Exact(5, 2), vnd(), RoundingMode::HalfUp)).minor_units() == 3);
  CHECK(must(round_to_money(Exact(-5, 2), vnd(), RoundingMode::HalfUp)).minor_units() == -3);
  CHECK(must(round_to_money(Exact(5, 2), vnd(), RoundingMode::HalfEven)).minor_units() == 2);
  CHECK(must(round_to_money(Exact(-7, 2), vnd(), RoundingMode::HalfEven)).minor_units() == -4);
  CHECK(must(round_to_money(Exact(-13, 5), vnd(), RoundingMode::Down)).minor_units() == -2);
  CHECK(must(round_to_money(Exact(12, 5), vnd(), RoundingMode::Up)).minor_units() == 3);
  CHECK(must(round_to_money(Exact(42), vnd(), RoundingMode::Up)).minor_units() == 42);

  Money cents = must(round_to_money(Exact(21'001, 2), usd(), RoundingMode::HalfUp));
  CHECK(cents.minor_units() == 10'501);  // 10,500.5 cents -> 105.01 USD
  CHECK(cents.currency() == usd());
}

TEST_CASE("round_exact refuses a result beyond int64 with OutOfRange", "[money]") {
  const Exact max(kMax);
  const Exact min(kMin);
  CHECK(rounded(max, RoundingMode::HalfUp) == kMax);
  CHECK(rounded(min, RoundingMode::HalfUp) == kMin);
  CHECK(rounded(max + Exact(1, 2), RoundingMode::Down) == kMax);
  CHECK(rounded(min - Exact(1, 2), RoundingMode::Down) == kMin);
  CHECK(rounded(min - Exact(1, 3), RoundingMode::HalfUp) == kMin);

  CHECK(outcome(round_exact(max + 1, RoundingMode::Down)) == "out-of-range");
  CHECK(outcome(round_exact(min - 1, RoundingMode::Down)) == "out-of-range");
  CHECK(outcome(round_exact(max + Exact(1, 2), RoundingMode::HalfUp)) == "out-of-range");
  CHECK(outcome(round_exact(max + Exact(1, 10), RoundingMode::Up)) == "out-of-range");
  CHECK(outcome(round_exact(min - Exact(1, 2), RoundingMode::HalfUp)) == "out-of-range");
  CHECK(outcome(round_to_money(max * 2, vnd(), RoundingMode::HalfUp)) == "out-of-range");
}

TEST_CASE("rounding mode names round trip and an unknown name is refused", "[money]") {
  for (RoundingMode mode :
       {RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down, RoundingMode::Up}) {
    CHECK(must(parse_rounding_mode(rounding_mode_name(mode))) == mode);
  }
  CHECK(rounding_mode_name(RoundingMode::HalfUp) == "half-up");
  CHECK(rounding_mode_name(RoundingMode::HalfEven) == "half-even");
  CHECK(rounding_mode_name(RoundingMode::Down) == "down");
  CHECK(rounding_mode_name(RoundingMode::Up) == "up");
  CHECK(outcome(parse_rounding_mode("HalfUp")) == "invalid-argument");
  CHECK(outcome(parse_rounding_mode("")) == "invalid-argument");
}

// ---------------------------------------------------------------------------------------
// Parsing (DESIGN.md section 9: plain digits; for VND also groups of three separated by
// '.', ',' or space; anything ambiguous is refused, never guessed).

TEST_CASE("a VND amount may be plain or grouped by '.', ',', space or no-break space", "[money]") {
  CHECK(parsed("50000000", vnd()) == 50'000'000);
  CHECK(parsed("50.000.000", vnd()) == 50'000'000);
  CHECK(parsed("50,000,000", vnd()) == 50'000'000);
  CHECK(parsed("50 000 000", vnd()) == 50'000'000);
  CHECK(parsed("50\xC2\xA0"
               "000\xC2\xA0"
               "000",
               vnd()) == 50'000'000);  // U+00A0 NO-BREAK SPACE, as spreadsheets group
  CHECK(parsed("50\xE2\x80\xAF"
               "000\xE2\x80\xAF"
               "000",
               vnd()) == 50'000'000);  // U+202F NARROW NO-BREAK SPACE
  CHECK(parsed("1.000.000", vnd()) == 1'000'000);
  CHECK(parsed("100.000.000", vnd()) == 100'000'000);
  CHECK(parsed("50 000", vnd()) == 50'000);  // a space is never a decimal mark
  CHECK(parsed("500", vnd()) == 500);
  CHECK(parsed("0", vnd()) == 0);

  Money m = must(Money::parse("50.000.000", vnd()));
  CHECK(m.currency() == vnd());
  CHECK(m == Money::from_minor(50'000'000, vnd()));
}

TEST_CASE("a negative VND amount has a leading '-'", "[money]") {
  CHECK(parsed("-50000000", vnd()) == -50'000'000);
  CHECK(parsed("-50.000.000", vnd()) == -50'000'000);
  CHECK(parsed("-1 000", vnd()) == -1'000);
  CHECK(must(Money::parse("-1", vnd())).is_negative());
}

TEST_CASE("a VND amount that is ambiguous, mixed or not a number is refused", "[money]") {
  // One '.' or ',' group: 50 with a decimal part, or 50,000? Refused, never guessed.
  CHECK(outcome(Money::parse("50.000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50,000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("5.00.000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50.000,000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50 000.000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1.5", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1,5", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1000.000.000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50..000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50  000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse(".000", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("50.", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("-", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("--5", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("abc", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("+5", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse(" 5", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("5 ", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("5 VND", vnd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1e6", vnd())) == "invalid-argument");
}

TEST_CASE("a refused amount's error names the text and the reason", "[money]") {
  Result<Money> ambiguous = Money::parse("50.000", vnd());
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.error().message ==
        "amount '50.000': ambiguous: '.' could be a decimal or a group separator; write the "
        "amount without separators");
  Result<Money> mixed = Money::parse("50.000,000", vnd());
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().message == "amount '50.000,000': mixes group separators");
  Result<Money> empty = Money::parse("", vnd());
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "amount '': empty");
}

TEST_CASE("a USD amount is plain digits with at most two decimals", "[money]") {
  CHECK(parsed("10.5", usd()) == 1'050);
  CHECK(parsed("10.50", usd()) == 1'050);
  CHECK(parsed("10", usd()) == 1'000);
  CHECK(parsed("0.01", usd()) == 1);
  CHECK(parsed("0.5", usd()) == 50);
  CHECK(parsed("1000.00", usd()) == 100'000);
  CHECK(parsed("-10.50", usd()) == -1'050);
  CHECK(parsed("-0.05", usd()) == -5);

  CHECK(outcome(Money::parse("10.505", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1,000.00", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1.000.000", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("1 000", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("10.", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse(".5", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("10,50", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("10.5.0", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("-", usd())) == "invalid-argument");
  CHECK(outcome(Money::parse("+1.00", usd())) == "invalid-argument");
}

TEST_CASE("leading zeros are decimal digits, never an octal prefix", "[money]") {
  CHECK(parsed("0050", vnd()) == 50);
  CHECK(parsed("010", vnd()) == 10);
  CHECK(parsed("09", vnd()) == 9);
  CHECK(parsed("-010", vnd()) == -10);
  CHECK(parsed("000", vnd()) == 0);
  CHECK(parsed("010.000.000", vnd()) == 10'000'000);
  CHECK(parsed("0.10", usd()) == 10);  // digits "010"
  CHECK(parsed("0.08", usd()) == 8);   // digits "008"
  CHECK(parsed("0.5", usd()) == 50);   // digits "050"
  CHECK(parsed("010.90", usd()) == 1'090);
}

TEST_CASE("an amount beyond 10^15 minor units is refused with OutOfRange", "[money]") {
  CHECK(kMaxAmount == 1'000'000'000'000'000);
  CHECK(parsed("1000000000000000", vnd()) == kMaxAmount);
  CHECK(parsed("-1.000.000.000.000.000", vnd()) == -kMaxAmount);
  CHECK(parsed("10000000000000.00", usd()) == kMaxAmount);
  CHECK(outcome(Money::parse("1000000000000001", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("-1.000.000.000.000.001", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("10000000000000.01", usd())) == "out-of-range");
  CHECK(Money::parse("9.000.000.000.000.000.000", vnd()).error().message ==
        "amount '9.000.000.000.000.000.000' is too large: at most 10^15 minor units");
  CHECK(outcome(Money::parse("9223372036854775807", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("-9223372036854775808", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("9223372036854775808", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("-9223372036854775809", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("9.223.372.036.854.775.808", vnd())) == "out-of-range");
  CHECK(outcome(Money::parse("92233720368547758.08", usd())) == "out-of-range");
  CHECK(outcome(Money::parse(std::string(60, '9'), vnd())) == "out-of-range");

  Result<Money> too_large = Money::parse("9223372036854775808", vnd());
  REQUIRE_FALSE(too_large.ok());
  CHECK(too_large.error().message ==
        "amount '9223372036854775808' is too large: at most 10^15 minor units");
}

// ---------------------------------------------------------------------------------------
// Formatting (DESIGN.md section 9: grouped amounts for people, plain numbers for machines).

TEST_CASE("VND formats plain, grouped in English and grouped in Vietnamese", "[money]") {
  const Money m = Money::from_minor(50'000'000, vnd());
  CHECK(format(m) == "50000000");
  CHECK(format(m, MoneyFormat::Plain) == "50000000");
  CHECK(format(m, MoneyFormat::GroupedEnglish) == "50,000,000");
  CHECK(format(m, MoneyFormat::GroupedVietnamese) == "50.000.000 ₫");
  CHECK(format(m, MoneyFormat::GroupedVietnameseNumber) == "50.000.000");

  const Money negative = Money::from_minor(-1'234'567, vnd());
  CHECK(format(negative, MoneyFormat::Plain) == "-1234567");
  CHECK(format(negative, MoneyFormat::GroupedEnglish) == "-1,234,567");
  CHECK(format(negative, MoneyFormat::GroupedVietnamese) == "-1.234.567 ₫");
  CHECK(format(negative, MoneyFormat::GroupedVietnameseNumber) == "-1.234.567");

  CHECK(format(Money::from_minor(999, vnd()), MoneyFormat::GroupedEnglish) == "999");
  CHECK(format(Money::from_minor(1'000, vnd()), MoneyFormat::GroupedEnglish) == "1,000");
  CHECK(format(Money::from_minor(100'000, vnd()), MoneyFormat::GroupedVietnameseNumber) ==
        "100.000");
  CHECK(format(Money::zero(vnd()), MoneyFormat::GroupedVietnamese) == "0 ₫");
}

TEST_CASE("USD formats with two decimals in every style", "[money]") {
  const Money m = Money::from_minor(-123'450, usd());
  CHECK(format(m, MoneyFormat::Plain) == "-1234.50");
  CHECK(format(m, MoneyFormat::GroupedEnglish) == "-1,234.50");
  CHECK(format(m, MoneyFormat::GroupedVietnamese) == "-1.234,50 $");
  CHECK(format(m, MoneyFormat::GroupedVietnameseNumber) == "-1.234,50");

  CHECK(format(Money::from_minor(1'050, usd())) == "10.50");
  CHECK(format(Money::from_minor(5, usd())) == "0.05");
  CHECK(format(Money::from_minor(-5, usd())) == "-0.05");
  CHECK(format(Money::zero(usd())) == "0.00");
  CHECK(format_minor(100'000, usd(), MoneyFormat::GroupedEnglish) == "1,000.00");
}

TEST_CASE("INT64_MIN and INT64_MAX format without overflow", "[money]") {
  CHECK(format(Money::from_minor(kMax, vnd())) == "9223372036854775807");
  CHECK(format(Money::from_minor(kMin, vnd())) == "-9223372036854775808");
  CHECK(format(Money::from_minor(kMin, vnd()), MoneyFormat::GroupedEnglish) ==
        "-9,223,372,036,854,775,808");
  CHECK(format(Money::from_minor(kMax, vnd()), MoneyFormat::GroupedVietnamese) ==
        "9.223.372.036.854.775.807 ₫");
  CHECK(format(Money::from_minor(kMin, usd())) == "-92233720368547758.08");
  CHECK(format(Money::from_minor(kMax, usd()), MoneyFormat::GroupedEnglish) ==
        "92,233,720,368,547,758.07");
  CHECK(format(Money::from_minor(kMin, usd()), MoneyFormat::GroupedVietnameseNumber) ==
        "-92.233.720.368.547.758,08");
}

TEST_CASE("formatted amounts parse back to the same amount", "[money]") {
  // Grouped VND round-trips when it has no group or at least two: a single group
  // ("50.000") is refused as ambiguous by design.
  const std::vector<std::int64_t> vnd_amounts = {
      0, 7, 999, -999, 1'000'000, 50'000'000, -1'234'567, 999'999'999, kMaxAmount, -kMaxAmount};
  for (std::int64_t minor : vnd_amounts) {
    const Money m = Money::from_minor(minor, vnd());
    CAPTURE(minor);
    CHECK(must(Money::parse(format(m, MoneyFormat::Plain), vnd())) == m);
    CHECK(must(Money::parse(format(m, MoneyFormat::GroupedEnglish), vnd())) == m);
    CHECK(must(Money::parse(format(m, MoneyFormat::GroupedVietnameseNumber), vnd())) == m);
  }
  // USD people-formats are grouped; only Plain is an input format for USD.
  const std::vector<std::int64_t> usd_amounts = {0,        1,       -5,         1'050,
                                                 -123'450, 100'000, kMaxAmount, -kMaxAmount};
  for (std::int64_t minor : usd_amounts) {
    const Money m = Money::from_minor(minor, usd());
    CAPTURE(minor);
    CHECK(must(Money::parse(format(m, MoneyFormat::Plain), usd())) == m);
  }
  CHECK(outcome(Money::parse(
            format(Money::from_minor(50'000, vnd()), MoneyFormat::GroupedVietnameseNumber),
            vnd())) == "invalid-argument");
}

// ---------------------------------------------------------------------------------------
// Checked arithmetic (DESIGN.md section 3: overflow is an error, never a wrap-around;
// arithmetic across currencies is refused).

TEST_CASE("plus, minus and negated compute exactly within one currency", "[money]") {
  const Money a = Money::from_minor(50'000'000, vnd());
  const Money b = Money::from_minor(1'000'000, vnd());
  CHECK(must(a.plus(b)).minor_units() == 51'000'000);
  CHECK(must(a.minus(b)).minor_units() == 49'000'000);
  CHECK(must(b.minus(a)).minor_units() == -49'000'000);
  CHECK(must(a.negated()).minor_units() == -50'000'000);
  CHECK(must(a.plus(b)).currency() == vnd());
  CHECK(must(Money::from_minor(kMax, vnd()).negated()).minor_units() == -kMax);
  CHECK(must(Money::from_minor(kMin, vnd()).plus(Money::from_minor(kMax, vnd()))).minor_units() ==
        -1);
}

TEST_CASE("overflow in plus, minus or negated is refused with OutOfRange", "[money]") {
  const Money max = Money::from_minor(kMax, vnd());
  const Money min = Money::from_minor(kMin, vnd());
  const Money one = Money::from_minor(1, vnd());
  CHECK(outcome(max.plus(one)) == "out-of-range");
  CHECK(outcome(min.plus(Money::from_minor(-1, vnd()))) == "out-of-range");
  CHECK(outcome(min.minus(one)) == "out-of-range");
  CHECK(outcome(max.minus(Money::from_minor(-1, vnd()))) == "out-of-range");
  CHECK(outcome(Money::zero(vnd()).minus(min)) == "out-of-range");
  CHECK(outcome(min.negated()) == "out-of-range");
}

TEST_CASE("arithmetic across currencies is refused with FailedPrecondition", "[money]") {
  const Money dong = Money::from_minor(1'000, vnd());
  const Money dollars = Money::from_minor(1'000, usd());
  Result<Money> sum = dong.plus(dollars);
  REQUIRE_FALSE(sum.ok());
  CHECK(error_code_name(sum.error().code) == "failed-precondition");
  CHECK(sum.error().message == "cannot add USD to VND");
  CHECK(outcome(dong.minus(dollars)) == "failed-precondition");
  CHECK_FALSE(dong == dollars);
}

// ---------------------------------------------------------------------------------------
// Allocation (DESIGN.md section 3: parts always sum to the total; the remainder rule is
// explicit).

TEST_CASE("100 into three equal weights places the remainder by the rule", "[money]") {
  CHECK(parts_of(100, {1, 1, 1}, RemainderRule::ToLast) == Parts{33, 33, 34});
  CHECK(parts_of(100, {1, 1, 1}, RemainderRule::ToFirst) == Parts{34, 33, 33});
  // Equal fractions: the tie goes to the earlier part.
  CHECK(parts_of(100, {1, 1, 1}, RemainderRule::LargestRemainder) == Parts{34, 33, 33});
}

TEST_CASE("1000 into weights {1,1,1} sums to 1000 under every rule", "[money]") {
  CHECK(parts_of(1'000, {1, 1, 1}, RemainderRule::ToLast) == Parts{333, 333, 334});
  CHECK(parts_of(1'000, {1, 1, 1}, RemainderRule::ToFirst) == Parts{334, 333, 333});
  CHECK(parts_of(1'000, {1, 1, 1}, RemainderRule::LargestRemainder) == Parts{334, 333, 333});
  CHECK(parts_of(1'000, {3, 3, 3}, RemainderRule::ToLast) == Parts{333, 333, 334});
}

TEST_CASE("LargestRemainder gives units to the largest lost fractions first", "[money]") {
  // 10 x {1,2,3}/6 = 1.67, 3.33, 5: the first part lost the most.
  CHECK(parts_of(10, {1, 2, 3}, RemainderRule::LargestRemainder) == Parts{2, 3, 5});
  CHECK(parts_of(10, {1, 2, 3}, RemainderRule::ToLast) == Parts{1, 3, 6});
  CHECK(parts_of(10, {1, 2, 3}, RemainderRule::ToFirst) == Parts{2, 3, 5});
  // 7 x {1,1,1,1,1,1,1,1,1,1}/10 = 0.7 each: the first seven parts get one unit.
  CHECK(parts_of(7, std::vector<std::int64_t>(10, 1), RemainderRule::LargestRemainder) ==
        Parts{1, 1, 1, 1, 1, 1, 1, 0, 0, 0});
  // 100 x {2,3,5,7}/17 = 11.76, 17.65, 29.41, 41.18: units to parts 1 and 2.
  CHECK(parts_of(100, {2, 3, 5, 7}, RemainderRule::LargestRemainder) == Parts{12, 18, 29, 41});
}

TEST_CASE("a negative total splits symmetrically to a positive one", "[money]") {
  CHECK(parts_of(-100, {1, 1, 1}, RemainderRule::ToLast) == Parts{-33, -33, -34});
  CHECK(parts_of(-100, {1, 1, 1}, RemainderRule::ToFirst) == Parts{-34, -33, -33});
  CHECK(parts_of(-100, {1, 1, 1}, RemainderRule::LargestRemainder) == Parts{-34, -33, -33});
  CHECK(parts_of(-10, {1, 2, 3}, RemainderRule::LargestRemainder) == Parts{-2, -3, -5});
  CHECK(parts_of(-100, {2, 3, 5, 7}, RemainderRule::LargestRemainder) == Parts{-12, -18, -29, -41});
}

TEST_CASE("a part with zero weight among others gets nothing", "[money]") {
  CHECK(parts_of(100, {1, 0, 2}, RemainderRule::ToLast) == Parts{33, 0, 67});
  CHECK(parts_of(100, {1, 0, 2}, RemainderRule::ToFirst) == Parts{34, 0, 66});
  CHECK(parts_of(100, {1, 0, 2}, RemainderRule::LargestRemainder) == Parts{33, 0, 67});
  // The remainder goes to the last (first) part that has a share, not to a zero weight.
  CHECK(parts_of(101, {1, 1, 0}, RemainderRule::ToLast) == Parts{50, 51, 0});
  CHECK(parts_of(101, {0, 1, 1}, RemainderRule::ToFirst) == Parts{0, 51, 50});
  CHECK(parts_of(101, {0, 1, 1, 0}, RemainderRule::LargestRemainder) == Parts{0, 51, 50, 0});
  CHECK(parts_of(-101, {1, 1, 0}, RemainderRule::ToLast) == Parts{-50, -51, 0});
  CHECK(parts_of(100, {0, 5, 0}, RemainderRule::ToLast) == Parts{0, 100, 0});
}

TEST_CASE("allocate of zero, of one part and of USD", "[money]") {
  CHECK(parts_of(0, {1, 2, 3}, RemainderRule::LargestRemainder) == Parts{0, 0, 0});
  CHECK(parts_of(12'345, {7}, RemainderRule::ToLast) == Parts{12'345});
  CHECK(parts_of(1'000, {1, 1, 1}, RemainderRule::ToLast, usd()) == Parts{333, 333, 334});
  CHECK(parts_of(kMin, {1, 1}, RemainderRule::ToLast) ==
        Parts{-4'611'686'018'427'387'904, -4'611'686'018'427'387'904});
  CHECK(parts_of(kMax, {kMax, kMax}, RemainderRule::ToFirst) ==
        Parts{4'611'686'018'427'387'904, 4'611'686'018'427'387'903});
}

TEST_CASE("allocate refuses no weights, a negative weight and weights that sum to zero",
          "[money]") {
  const Money total = Money::from_minor(100, vnd());
  const std::vector<std::int64_t> none;
  const std::vector<std::int64_t> negative = {1, -1, 2};
  const std::vector<std::int64_t> zeros = {0, 0, 0};
  for (RemainderRule rule :
       {RemainderRule::ToLast, RemainderRule::ToFirst, RemainderRule::LargestRemainder}) {
    CHECK(outcome(allocate(total, none, rule)) == "invalid-argument");
    CHECK(outcome(allocate(total, negative, rule)) == "invalid-argument");
    CHECK(outcome(allocate(total, zeros, rule)) == "invalid-argument");
  }
  Result<std::vector<Money>> refused = allocate(total, negative, RemainderRule::ToLast);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "allocate: negative weight -1");
}

TEST_CASE("allocated parts always sum to the total and stay within one unit of the share",
          "[money]") {
  const std::vector<std::vector<std::int64_t>> weight_sets = {{1},
                                                              {1, 1},
                                                              {1, 1, 1},
                                                              {1, 2, 3},
                                                              {0, 1, 0, 2},
                                                              {7, 0, 0},
                                                              {8400, 900, 450, 250},
                                                              {3, 3, 3, 3, 3, 3, 3},
                                                              {1, 1000000},
                                                              {13, 17, 19, 23}};
  std::size_t bad_sums = 0;
  std::size_t bad_shares = 0;
  std::size_t zero_weight_paid = 0;
  std::size_t checked = 0;
  for (std::int64_t total = -1'003; total <= 1'003; total += 17) {
    for (const auto& weights : weight_sets) {
      std::int64_t weight_sum = 0;
      for (std::int64_t w : weights) weight_sum += w;
      for (RemainderRule rule :
           {RemainderRule::ToLast, RemainderRule::ToFirst, RemainderRule::LargestRemainder}) {
        const Parts parts = parts_of(total, weights, rule);
        REQUIRE(parts.size() == weights.size());
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
          sum += parts[i];
          if (weights[i] == 0 && parts[i] != 0) ++zero_weight_paid;
          // LargestRemainder keeps each part within one unit of its exact share.
          const Exact share = Exact(total) * weights[i] / weight_sum;
          const Exact distance = Exact(parts[i]) - share;
          if (rule == RemainderRule::LargestRemainder && (distance >= 1 || distance <= -1))
            ++bad_shares;
        }
        if (sum != total) ++bad_sums;
        ++checked;
      }
    }
  }
  CHECK(checked == 119 * 10 * 3);
  CHECK(bad_sums == 0);
  CHECK(bad_shares == 0);
  CHECK(zero_weight_paid == 0);
}

// ---------------------------------------------------------------------------------------
// DOMAIN.md section 8, V5: entrustment fee of a commune Women's Union.

TEST_CASE("V5: the entrustment fee is 10,000,000,000 x 0.032% x 80% = 2,560,000", "[money]") {
  // DOMAIN.md section 8, V5: balance with interest collected 10,000,000,000; overdue ratio
  // 2.5% gives the factor 80%.
  const Money balance = must(Money::parse("10.000.000.000", vnd()));
  const Exact fee = balance.exact() * Exact(32, 100'000) * Exact(80, 100);
  CHECK(fee == Exact(2'560'000));
  CHECK(must(round_to_money(fee, vnd(), RoundingMode::HalfUp)).minor_units() == 2'560'000);
  CHECK(rounded(fee, RoundingMode::HalfUp) == 2'560'000);
}

TEST_CASE("V5: the fee 2,560,000 splits 2,150,400 / 230,400 / 115,200 / 64,000", "[money]") {
  // DOMAIN.md section 8, V5: commune 84%, district 9%, province 4.5%, central the rest
  // (2.5%), as weights in hundredths of a percent.
  const std::vector<std::int64_t> weights = {8'400, 900, 450, 250};
  for (RemainderRule rule :
       {RemainderRule::LargestRemainder, RemainderRule::ToLast, RemainderRule::ToFirst}) {
    CHECK(parts_of(2'560'000, weights, rule) == Parts{2'150'400, 230'400, 115'200, 64'000});
  }
}

}  // namespace
}  // namespace socai
