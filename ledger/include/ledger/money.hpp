// Money: an exact amount in a currency's minor unit, with checked arithmetic.
//
// Built only from factories: parse text, or a count of minor units. Never from double.
// Arithmetic refuses mixed currencies and overflow (OutOfRange) instead of wrapping.
// Derived amounts (interest, fee shares) are computed as an exact rational in minor units
// (`Exact`) and rounded once with a named RoundingMode.
//
//   Currency vnd = Currency::find("VND").value();
//   Money a = Money::parse("50.000.000", vnd).value();      // 50,000,000 VND
//   Money b = Money::from_minor(1'000'000, vnd);
//   Result<Money> c = a.plus(b);                             // 51,000,000 VND
//   format(c.value(), MoneyFormat::GroupedVietnamese);       // "51.000.000 ₫"
//   Result<Money> r = round_to_money(Exact(16'816'438, 100), vnd, RoundingMode::HalfUp);
//
// Money is a small value: safe to copy and to share between threads.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/currency.hpp"
#include "ledger/result.hpp"

namespace socai {

// An exact rational number; used for every intermediate result before rounding.
using Exact = boost::multiprecision::cpp_rational;

// How an exact value becomes a whole number of minor units. Signs are symmetric: a mode
// rounds the magnitude, so -x rounds to -(round x).
enum class RoundingMode {
  HalfUp,    // to nearest; a tie goes away from zero: 2.5 -> 3, -2.5 -> -3 (default)
  HalfEven,  // to nearest; a tie goes to the even neighbour: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2
  Down,      // towards zero (truncate): 2.9 -> 2, -2.9 -> -2
  Up,        // away from zero: 2.1 -> 3, -2.1 -> -3
};

std::string_view rounding_mode_name(RoundingMode mode);
Result<RoundingMode> parse_rounding_mode(std::string_view text);  // "half-up", "half-even", ...

// Rounds an exact value to an integer with `mode`; OutOfRange when it does not fit int64.
Result<std::int64_t> round_exact(const Exact& value, RoundingMode mode);

// The largest amount socai accepts anywhere, in minor units: 10^15 (a million billion đồng).
// With the ledger's total debits bounded (kMaxLedgerDebits), every sum of amounts that a
// report or a reconciliation makes fits in 64 bits.
inline constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;
// The most the debits of all of a ledger's postings may add up to, in minor units, all
// currencies together: debits and credits of any set of postings then sum within int64.
inline constexpr std::int64_t kMaxLedgerDebits = 4'000'000'000'000'000'000;

class Money {
 public:
  static Money from_minor(std::int64_t minor_units, Currency currency) {
    return Money(minor_units, currency);
  }
  static Money zero(Currency currency) { return Money(0, currency); }

  // Parses an amount as typed by a person (DESIGN.md section 9):
  // - an optional leading '-', then plain digits: "50000000";
  // - currencies without minor unit (VND): groups of three separated by one consistent
  //   '.', ',' or space: "50.000.000", "50,000,000", "50 000 000"; a single '.' or ','
  //   group ("50.000") is refused as ambiguous (50 or 50,000?), as is any decimal part;
  // - currencies with minor units (USD): plain digits with an optional '.' and at most
  //   `exponent` decimals: "10.5", "10.50".
  // Anything else is InvalidArgument naming the text; more than kMaxAmount minor units either
  // way is OutOfRange.
  static Result<Money> parse(std::string_view text, Currency currency);

  std::int64_t minor_units() const { return minor_; }
  Currency currency() const { return currency_; }
  bool is_zero() const { return minor_ == 0; }
  bool is_negative() const { return minor_ < 0; }
  bool is_positive() const { return minor_ > 0; }

  // Checked arithmetic: FailedPrecondition on mixed currencies, OutOfRange on overflow.
  Result<Money> plus(Money other) const;
  Result<Money> minus(Money other) const;
  Result<Money> negated() const;

  // The exact value in minor units, for computing derived amounts.
  Exact exact() const { return Exact(minor_); }

  // Same currency and amount. Ordering is only defined within one currency.
  friend bool operator==(const Money& a, const Money& b) {
    return a.currency_ == b.currency_ && a.minor_ == b.minor_;
  }

 private:
  Money(std::int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
  std::int64_t minor_;
  Currency currency_;
};

// Rounds an exact number of minor units of `currency` once, with `mode`.
Result<Money> round_to_money(const Exact& minor_units, Currency currency, RoundingMode mode);

enum class MoneyFormat {
  Plain,                    // machines: "-1234.50", "50000000" (no grouping, no symbol)
  GroupedEnglish,           // people, English: "-1,234.50", "50,000,000"
  GroupedVietnamese,        // people, Vietnamese: "-1.234,50 $", "50.000.000 ₫"
  GroupedVietnameseNumber,  // Vietnamese grouping without the symbol: "50.000.000"
};

std::string format(Money amount, MoneyFormat style = MoneyFormat::Plain);
// Formats a count of minor units of a currency without building a Money.
std::string format_minor(std::int64_t minor_units, Currency currency, MoneyFormat style);

// Where the units that proportional shares cannot place exactly go.
enum class RemainderRule {
  ToLast,            // all of it to the last part with a non-zero weight (schedules)
  ToFirst,           // all of it to the first part with a non-zero weight
  LargestRemainder,  // one unit each to the parts with the largest fractional share;
                     // ties go to the earlier part (fee splits)
};

// Splits `total` into parts proportional to `weights` (non-negative, not all zero) that sum
// to `total` exactly. Each part is first its share rounded towards zero, then the units
// left over are placed by `rule`. InvalidArgument for bad weights.
Result<std::vector<Money>> allocate(Money total, std::span<const std::int64_t> weights,
                                    RemainderRule rule);

}  // namespace socai
