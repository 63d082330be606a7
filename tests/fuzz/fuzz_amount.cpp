// Fuzz target: amounts as people type them (Money::parse) in VND and USD, and formatting.
//
// Properties: parsing never throws; an amount that parses is within 10^15 minor units
// (kMaxAmount) and formats back (Plain) to text that parses to the same amount; every format
// of any count of minor units, INT64_MIN included, is produced without overflow, and within
// the bound its Plain form parses back to the same count, as do VND's grouped forms where
// they are not ambiguous; beyond it, the Plain form is refused as OutOfRange.
#include <cstring>

#include "fuzz_support.hpp"
#include "ledger/money.hpp"

using namespace socai;
using socai::fuzzing::check;
using socai::fuzzing::describe;

namespace {

void format_every_way(Money m) {
  for (MoneyFormat style : {MoneyFormat::Plain, MoneyFormat::GroupedEnglish,
                            MoneyFormat::GroupedVietnamese, MoneyFormat::GroupedVietnameseNumber}) {
    const std::string text = format(m, style);
    check(!text.empty(), "a formatted amount is not empty", describe(m));
    check(format_minor(m.minor_units(), m.currency(), style) == text,
          "format_minor formats as format does", describe(m));
  }
  const std::string plain = format(m, MoneyFormat::Plain);
  Result<Money> again = Money::parse(plain, m.currency());
  const std::int64_t minor = m.minor_units();
  if (minor > kMaxAmount || minor < -kMaxAmount) {
    check(!again.ok() && again.error().code == ErrorCode::OutOfRange,
          "an amount beyond 10^15 minor units is refused as OutOfRange", plain);
    return;
  }
  check(again.ok(), "a Plain amount parses", plain + " for " + describe(m));
  check(again.value() == m, "a Plain amount parses to itself",
        plain + " gives " + describe(again.value()) + ", not " + describe(m));

  // VND as people read it, "50,000,000" or "50.000.000", can be typed back, unless it has a
  // single group separator ("50.000"), which parsing refuses as ambiguous.
  if (m.currency().exponent() == 0 &&
      ((minor > -1000 && minor < 1000) || minor <= -1'000'000 || minor >= 1'000'000)) {
    for (MoneyFormat style : {MoneyFormat::GroupedEnglish, MoneyFormat::GroupedVietnameseNumber}) {
      const std::string grouped = format(m, style);
      Result<Money> typed = Money::parse(grouped, m.currency());
      check(typed.ok() && typed.value() == m, "a grouped VND amount parses to itself", grouped);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzzing::as_text(data, size);
  for (const char* code : {"VND", "USD"}) {
    const Currency currency = Currency::find(code).value();
    Result<Money> parsed = Money::parse(text, currency);
    if (parsed) {
      check(parsed->currency() == currency, "a parsed amount is in the currency asked for",
            describe(parsed.value()));
      check(parsed->minor_units() <= kMaxAmount && parsed->minor_units() >= -kMaxAmount,
            "a parsed amount is within 10^15 minor units", describe(parsed.value()));
      format_every_way(parsed.value());
    } else {
      check(parsed.error().code == ErrorCode::InvalidArgument ||
                parsed.error().code == ErrorCode::OutOfRange,
            "a refused amount is InvalidArgument or OutOfRange", parsed.error().message);
    }
  }
  // The first eight bytes as a count of minor units: formatting takes every int64.
  if (size >= sizeof(std::int64_t)) {
    std::int64_t minor = 0;
    std::memcpy(&minor, data, sizeof minor);
    for (const char* code : {"VND", "USD"})
      format_every_way(Money::from_minor(minor, Currency::find(code).value()));
  }
  return 0;
}
