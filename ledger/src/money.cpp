#include "ledger/money.hpp"

#include <fmt/format.h>

#include <limits>
#include <numeric>

#include "invalid_value.hpp"
#include "rounding.hpp"
#include "text.hpp"

namespace socai {
namespace {

using boost::multiprecision::cpp_int;

Error invalid_amount(std::string_view text, std::string_view why) {
  return text::invalid("amount", text, why);
}

Error too_large(std::string_view text) {
  return make_error(
      ErrorCode::OutOfRange,
      fmt::format("amount {} is too large: at most 10^15 minor units", text::quoted(text)));
}

Result<std::int64_t> to_int64(const cpp_int& v) {
  if (!rounding::fits_int64(v))
    return make_error(ErrorCode::OutOfRange, fmt::format("amount {} is too large", v.str()));
  return static_cast<std::int64_t>(v);
}

bool is_space_separator(std::string_view s, std::size_t i, std::size_t* len) {
  // ' ', and the no-break spaces spreadsheets use for grouping: U+00A0, U+202F.
  if (s[i] == ' ') return *len = 1, true;
  if (s.substr(i, 2) == "\xC2\xA0") return *len = 2, true;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return *len = 3, true;
  return false;
}

// Digits of a grouped whole number "50.000.000" / "50 000 000", or an error. `digits` gets
// the digits alone.
Status parse_grouped(std::string_view text, std::string_view body, std::string* digits) {
  std::vector<std::string_view> groups;
  std::string separator;
  std::size_t start = 0;
  for (std::size_t i = 0; i < body.size();) {
    std::size_t len = 0;
    if (body[i] == '.' || body[i] == ',' || is_space_separator(body, i, &len)) {
      if (body[i] == '.' || body[i] == ',') len = 1;
      std::string sep(body.substr(i, len));
      if (sep == "\xC2\xA0" || sep == "\xE2\x80\xAF") sep = " ";
      if (!separator.empty() && separator != sep)
        return invalid_amount(text, "mixes group separators");
      separator = sep;
      groups.push_back(body.substr(start, i - start));
      i += len;
      start = i;
    } else if (text::is_digit(body[i])) {
      ++i;
    } else {
      return invalid_amount(text, "not a number");
    }
  }
  groups.push_back(body.substr(start));
  if (groups.size() == 1) {
    *digits = std::string(body);
    return {};
  }
  if (groups[0].empty() || groups[0].size() > 3 || !text::all_digits(groups[0]))
    return invalid_amount(text, "groups of three digits expected");
  for (std::size_t g = 1; g < groups.size(); ++g)
    if (groups[g].size() != 3 || !text::all_digits(groups[g]))
      return invalid_amount(text, "groups of three digits expected");
  if (groups.size() == 2 && separator != " ") {
    return invalid_amount(
        text, fmt::format("ambiguous: '{}' could be a decimal or a group separator; write the "
                          "amount without separators",
                          separator));
  }
  digits->clear();
  for (std::string_view g : groups) digits->append(g);
  return {};
}

}  // namespace

std::string_view rounding_mode_name(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::HalfUp:
      return "half-up";
    case RoundingMode::HalfEven:
      return "half-even";
    case RoundingMode::Down:
      return "down";
    case RoundingMode::Up:
      return "up";
  }
  return "half-up";
}

Result<RoundingMode> parse_rounding_mode(std::string_view text) {
  for (RoundingMode m :
       {RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down, RoundingMode::Up}) {
    if (rounding_mode_name(m) == text) return m;
  }
  return make_error(
      ErrorCode::InvalidArgument,
      fmt::format("rounding mode {}: expected half-up, half-even, down or up", text::quoted(text)));
}

Result<std::int64_t> round_exact(const Exact& value, RoundingMode mode) {
  return to_int64(rounding::round_fraction(boost::multiprecision::numerator(value),
                                           boost::multiprecision::denominator(value), mode));
}

Result<Money> Money::parse(std::string_view text, Currency currency) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && body.front() == '-') {
    negative = true;
    body.remove_prefix(1);
  }
  if (body.empty()) return invalid_amount(text, "empty");
  if (!text::is_digit(body.front())) return invalid_amount(text, "not a number");

  std::string digits;
  std::string fraction;
  if (currency.exponent() == 0) {
    Status s = parse_grouped(text, body, &digits);
    if (!s) return s.error();
  } else {
    std::size_t dot = body.find('.');
    std::string_view whole = body.substr(0, dot);
    if (!text::all_digits(whole)) {
      return invalid_amount(
          text, fmt::format("{} amounts are plain digits with an optional '.' decimal part",
                            currency.code()));
    }
    digits = std::string(whole);
    if (dot != std::string_view::npos) {
      std::string_view frac = body.substr(dot + 1);
      if (!text::all_digits(frac)) return invalid_amount(text, "not a number");
      if (static_cast<int>(frac.size()) > currency.exponent()) {
        return invalid_amount(
            text, fmt::format("{} has {} decimals", currency.code(), currency.exponent()));
      }
      fraction = std::string(frac);
    }
    fraction.resize(currency.exponent(), '0');
  }
  const std::string all_digits = digits + fraction;
  const std::string_view significant = text::without_leading_zeros(all_digits);
  if (significant.size() > 40) return too_large(text);
  cpp_int value{std::string(significant)};
  if (value > kMaxAmount) return too_large(text);
  if (negative) value = -value;
  return Money(to_int64(value).value(), currency);
}

Result<Money> Money::plus(Money other) const {
  if (!(currency_ == other.currency_)) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("cannot add {} to {}", other.currency_.code(), currency_.code()));
  }
  std::int64_t sum = 0;
  if (__builtin_add_overflow(minor_, other.minor_, &sum))
    return make_error(ErrorCode::OutOfRange, "amount overflow in addition");
  return Money(sum, currency_);
}

Result<Money> Money::minus(Money other) const {
  if (!(currency_ == other.currency_)) {
    return make_error(
        ErrorCode::FailedPrecondition,
        fmt::format("cannot subtract {} from {}", other.currency_.code(), currency_.code()));
  }
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(minor_, other.minor_, &difference))
    return make_error(ErrorCode::OutOfRange, "amount overflow in subtraction");
  return Money(difference, currency_);
}

Result<Money> Money::negated() const {
  if (minor_ == std::numeric_limits<std::int64_t>::min())
    return make_error(ErrorCode::OutOfRange, "amount overflow in negation");
  return Money(-minor_, currency_);
}

Result<Money> round_to_money(const Exact& minor_units, Currency currency, RoundingMode mode) {
  Result<std::int64_t> rounded = round_exact(minor_units, mode);
  if (!rounded) return rounded.error();
  return Money::from_minor(rounded.value(), currency);
}

std::string format_minor(std::int64_t minor_units, Currency currency, MoneyFormat style) {
  // Magnitude as an unsigned number, so that INT64_MIN formats too.
  const bool negative = minor_units < 0;
  const std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(minor_units) + 1
                                           : static_cast<std::uint64_t>(minor_units);
  std::string digits = std::to_string(magnitude);
  const auto exponent = static_cast<std::size_t>(currency.exponent());
  if (digits.size() <= exponent) digits.insert(0, exponent + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - exponent);
  std::string fraction = digits.substr(digits.size() - exponent);

  const bool vietnamese =
      style == MoneyFormat::GroupedVietnamese || style == MoneyFormat::GroupedVietnameseNumber;
  const char group = vietnamese ? '.' : ',';
  const char decimal = vietnamese ? ',' : '.';
  std::string out;
  if (negative) out += '-';
  if (style == MoneyFormat::Plain) {
    out += whole;
  } else {
    for (std::size_t i = 0; i < whole.size(); ++i) {
      if (i > 0 && (whole.size() - i) % 3 == 0) out += group;
      out += whole[i];
    }
  }
  if (exponent > 0) {
    out += decimal;
    out += fraction;
  }
  if (style == MoneyFormat::GroupedVietnamese) {
    out += ' ';
    out += currency.symbol();
  }
  return out;
}

std::string format(Money amount, MoneyFormat style) {
  return format_minor(amount.minor_units(), amount.currency(), style);
}

Result<std::vector<Money>> allocate(Money total, std::span<const std::int64_t> weights,
                                    RemainderRule rule) {
  // amount x weight fits in 128 bits, and so does the sum of up to 2^63 weights.
  __extension__ using Wide = __int128;
  if (weights.empty()) return make_error(ErrorCode::InvalidArgument, "allocate: no parts");
  Wide weight_sum = 0;
  for (std::int64_t w : weights) {
    if (w < 0) {
      return make_error(ErrorCode::InvalidArgument, fmt::format("allocate: negative weight {}", w));
    }
    weight_sum += w;
  }
  if (weight_sum == 0)
    return make_error(ErrorCode::InvalidArgument, "allocate: weights sum to zero");

  const Wide amount = total.minor_units();
  std::vector<Wide> parts;
  std::vector<Wide> fractions;  // |amount x w mod sum|: the part each share lost
  parts.reserve(weights.size());
  fractions.reserve(weights.size());
  Wide placed = 0;
  for (std::int64_t w : weights) {
    const Wide product = amount * w;
    parts.push_back(product / weight_sum);  // towards zero
    const Wide lost = product % weight_sum;
    fractions.push_back(lost < 0 ? -lost : lost);
    placed += parts.back();
  }
  Wide remainder = amount - placed;  // same sign as amount, |remainder| < parts count
  const int unit = remainder < 0 ? -1 : 1;
  switch (rule) {
    // The last (first) part with a share: a zero weight always gets zero.
    case RemainderRule::ToLast: {
      std::size_t last = weights.size() - 1;
      while (weights[last] == 0) --last;
      parts[last] += remainder;
      break;
    }
    case RemainderRule::ToFirst: {
      std::size_t first = 0;
      while (weights[first] == 0) ++first;
      parts[first] += remainder;
      break;
    }
    case RemainderRule::LargestRemainder: {
      std::vector<std::size_t> order(parts.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return fractions[a] > fractions[b]; });
      for (std::size_t k = 0; remainder != 0; ++k) {
        parts[order[k % order.size()]] += unit;
        remainder -= unit;
      }
      break;
    }
  }
  std::vector<Money> out;
  out.reserve(parts.size());
  for (const Wide p : parts)
    out.push_back(Money::from_minor(static_cast<std::int64_t>(p), total.currency()));
  return out;
}

}  // namespace socai
