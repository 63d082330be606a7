#include "ledger/rate.hpp"

#include <fmt/format.h>

#include "invalid_value.hpp"
#include "text.hpp"

namespace socai {
namespace {

using boost::multiprecision::cpp_int;

Error invalid_rate(std::string_view text, std::string_view why) {
  return text::invalid("rate", text, why);
}

// The exact decimal string of `value` when its denominator divides a power of ten, with at
// most `max_decimals` decimals; empty otherwise.
std::string exact_decimal(const Exact& value, int max_decimals) {
  cpp_int scale = 1;
  for (int decimals = 0; decimals <= max_decimals; ++decimals, scale *= 10) {
    Exact scaled = value * scale;
    if (boost::multiprecision::denominator(scaled) != 1) continue;
    std::string digits = boost::multiprecision::numerator(scaled).str();
    if (decimals == 0) return digits;
    if (digits.size() <= static_cast<std::size_t>(decimals))
      digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, ".");
    return digits;
  }
  return {};
}

}  // namespace

Result<Rate> Rate::parse(std::string_view text) {
  std::size_t percent = text.find('%');
  if (percent == std::string_view::npos)
    return invalid_rate(text, "expected a percentage with its unit, e.g. 6.24%/year");
  std::string_view number = text.substr(0, percent);
  std::string_view unit_text = text.substr(percent + 1);
  RateUnit unit;
  if (unit_text == "/year" || unit_text == "/yr" || unit_text == "/năm") {
    unit = RateUnit::PerYear;
  } else if (unit_text == "/month" || unit_text == "/mo" || unit_text == "/tháng") {
    unit = RateUnit::PerMonth;
  } else {
    return invalid_rate(text, "the unit must be %/year or %/month");
  }
  std::size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (!text::all_digits(whole) || (dot != std::string_view::npos && !text::all_digits(fraction)))
    return invalid_rate(text, "the percentage must be a plain decimal number");
  if (whole.size() > 6 || fraction.size() > 12) return invalid_rate(text, "too many digits");
  cpp_int scale = 1;
  for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
  const std::string digits = std::string(whole) + std::string(fraction);
  Exact percent_value(cpp_int(std::string(text::without_leading_zeros(digits))), scale);
  Exact fraction_per_unit = percent_value / 100;
  Exact yearly = unit == RateUnit::PerYear ? fraction_per_unit : fraction_per_unit * 12;
  return Rate(yearly, unit);
}

Rate Rate::per_year(const Exact& fraction) {
  return Rate(fraction, RateUnit::PerYear);
}

Rate Rate::scaled(const Exact& factor) const {
  return Rate(yearly_ * factor, unit_);
}

std::string Rate::to_string() const {
  const Exact percent = (unit_ == RateUnit::PerYear ? yearly_ : monthly()) * 100;
  const std::string_view unit = unit_ == RateUnit::PerYear ? "/year" : "/month";
  std::string decimal = exact_decimal(percent, 12);
  if (decimal.empty()) decimal = percent.str();
  return decimal + "%" + std::string(unit);
}

}  // namespace socai
