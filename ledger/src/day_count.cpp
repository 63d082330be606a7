#include "ledger/day_count.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "text.hpp"

namespace socai {
namespace {

// 30E/360: each date's day capped at 30.
std::int64_t thirty_e_360_days(Date from, Date to) {
  const auto d1 = std::min(static_cast<unsigned>(from.day()), 30u);
  const auto d2 = std::min(static_cast<unsigned>(to.day()), 30u);
  return 360 * (static_cast<int>(to.year()) - static_cast<int>(from.year())) +
         30 * (static_cast<int>(static_cast<unsigned>(to.month())) -
               static_cast<int>(static_cast<unsigned>(from.month()))) +
         (static_cast<int>(d2) - static_cast<int>(d1));
}

}  // namespace

std::string_view day_count_name(DayCount dc) {
  switch (dc) {
    case DayCount::Act365F:
      return "act365f";
    case DayCount::Act30:
      return "act30";
    case DayCount::Thirty360:
      return "30-360";
    case DayCount::Act360:
      return "act360";
    case DayCount::ActAct:
      return "actact";
  }
  return "act365f";
}

Result<DayCount> parse_day_count(std::string_view text) {
  for (DayCount dc : {DayCount::Act365F, DayCount::Act30, DayCount::Thirty360, DayCount::Act360,
                      DayCount::ActAct}) {
    if (day_count_name(dc) == text) return dc;
  }
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("day count {}: expected act365f, act30, 30-360, act360 or actact",
                                text::quoted(text)));
}

std::int64_t counted_days(Date from, Date to, DayCount dc) {
  return dc == DayCount::Thirty360 ? thirty_e_360_days(from, to) : days_between(from, to);
}

Exact year_fraction(Date from, Date to, DayCount dc) {
  switch (dc) {
    case DayCount::Act365F:
      return Exact(days_between(from, to), 365);
    case DayCount::Act30:
      return Exact(days_between(from, to), 360);  // d / 30 months / 12
    case DayCount::Thirty360:
      return Exact(thirty_e_360_days(from, to), 360);
    case DayCount::Act360:
      return Exact(days_between(from, to), 360);
    case DayCount::ActAct: {
      Exact fraction = 0;
      Date start = from;
      while (start < to) {
        const Date next_year{start.year() + date::years{1}, date::January, date::day{1}};
        const Date end = std::min(next_year, to);
        const int year_days = start.year().is_leap() ? 366 : 365;
        fraction += Exact(days_between(start, end), year_days);
        start = end;
      }
      return fraction;
    }
  }
  return Exact(0);
}

Result<Exact> interest(Money balance, const Rate& rate, Date from, Date to, DayCount dc) {
  if (to < from) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("interest period {} to {}: ends before it starts",
                                  format_date(from), format_date(to)));
  }
  return balance.exact() * rate.yearly() * year_fraction(from, to, dc);
}

}  // namespace socai
