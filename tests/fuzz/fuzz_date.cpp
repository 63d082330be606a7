// Fuzz target: dates as typed (parse_date), and month arithmetic from the dates that parse.
//
// Properties: parsing never throws; a date that parses is ok(), in socai's years, and
// round-trips through format_date and format_date_vn; add_months gives an ok() date whose
// day is the start's day or the target month's last day, and days_between is antisymmetric.
#include <string>

#include "fuzz_support.hpp"
#include "ledger/date.hpp"

using namespace socai;
using socai::fuzzing::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzzing::as_text(data, size);
  Result<Date> parsed = parse_date(text);
  if (!parsed) {
    check(parsed.error().code == ErrorCode::InvalidArgument ||
              parsed.error().code == ErrorCode::OutOfRange,
          "a refused date is InvalidArgument or OutOfRange", parsed.error().message);
    return 0;
  }
  const Date d = parsed.value();
  const std::string iso = format_date(d);
  check(d.ok(), "a parsed date exists", iso);
  check(static_cast<int>(d.year()) >= kMinYear && static_cast<int>(d.year()) <= kMaxYear,
        "a parsed date is in socai's years", iso);
  Result<Date> from_iso = parse_date(iso);
  check(from_iso.ok() && from_iso.value() == d, "format_date round-trips", iso);
  const std::string vn = format_date_vn(d);
  Result<Date> from_vn = parse_date(vn);
  check(from_vn.ok() && from_vn.value() == d, "format_date_vn round-trips", vn);
  check(text == iso || text == vn, "a date parses only from its two spellings",
        std::string(text) + " read as " + iso);

  // Month arithmetic over a century either way, from the day of month the text names.
  const int months = static_cast<int>(static_cast<unsigned>(d.day()) * 37 +
                                      static_cast<unsigned>(d.month()) * 101) %
                         2401 -
                     1200;
  for (EndOfMonthRule rule : {EndOfMonthRule::Clamp, EndOfMonthRule::EndToEnd}) {
    const Date moved = add_months(d, months, rule);
    check(moved.ok(), "add_months gives a real date", iso + " + " + std::to_string(months));
    check(moved.day() == d.day() || moved == end_of_month(moved),
          "add_months keeps the day or lands on the month's last",
          iso + " + " + std::to_string(months) + " = " + format_date(moved));
    check(days_between(d, moved) == -days_between(moved, d), "days_between is antisymmetric",
          iso + " to " + format_date(moved));
  }
  return 0;
}
