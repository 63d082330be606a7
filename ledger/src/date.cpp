#include "ledger/date.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace socai {
namespace {

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool digits_at(std::string_view s, std::size_t pos, std::size_t count) {
  return text::all_digits(s.substr(pos, count));
}

}  // namespace

Result<Date> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits_at(text, 0, 4) &&
      digits_at(text, 5, 2) && digits_at(text, 8, 2)) {
    y = to_int(text.substr(0, 4)), m = to_int(text.substr(5, 2)), d = to_int(text.substr(8, 2));
  } else if (text.size() == 10 && text[2] == '/' && text[5] == '/' && digits_at(text, 0, 2) &&
             digits_at(text, 3, 2) && digits_at(text, 6, 4)) {
    d = to_int(text.substr(0, 2)), m = to_int(text.substr(3, 2)), y = to_int(text.substr(6, 4));
  } else {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("date {}: expected YYYY-MM-DD or DD/MM/YYYY", text::quoted(text)));
  }
  Date date{date::year{y}, date::month{static_cast<unsigned>(m)},
            date::day{static_cast<unsigned>(d)}};
  if (!date.ok()) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("date {}: no such day", text::quoted(text)));
  }
  if (y < kMinYear || y > kMaxYear) {
    return make_error(ErrorCode::OutOfRange, fmt::format("date {}: years {} to {} only",
                                                         text::quoted(text), kMinYear, kMaxYear));
  }
  return date;
}

std::string format_date(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string format_month(date::year_month m) {
  return fmt::format("{:04}-{:02}", static_cast<int>(m.year()), static_cast<unsigned>(m.month()));
}

std::string format_date_vn(Date d) {
  return fmt::format("{:02}/{:02}/{:04}", static_cast<unsigned>(d.day()),
                     static_cast<unsigned>(d.month()), static_cast<int>(d.year()));
}

Date end_of_month(Date d) {
  return Date{date::year_month_day_last{d.year(), date::month_day_last{d.month()}}};
}

Date add_months(Date start, int months, EndOfMonthRule rule) {
  const date::year_month target =
      date::year_month{start.year(), start.month()} + date::months{months};
  const Date last{date::year_month_day_last{target.year(), date::month_day_last{target.month()}}};
  if (rule == EndOfMonthRule::EndToEnd && start == end_of_month(start)) return last;
  if (start.day() > last.day()) return last;
  return Date{target.year(), target.month(), start.day()};
}

std::int64_t days_between(Date from, Date to) {
  return (date::sys_days{to} - date::sys_days{from}).count();
}

Date day_before(Date d) {
  return Date{date::sys_days{d} - date::days{1}};
}

Result<Date> business_date(std::string_view recorded_at) {
  const bool shaped = recorded_at.size() == 20 && recorded_at[10] == 'T' &&
                      recorded_at[13] == ':' && recorded_at[16] == ':' && recorded_at[19] == 'Z' &&
                      digits_at(recorded_at, 11, 2) && digits_at(recorded_at, 14, 2) &&
                      digits_at(recorded_at, 17, 2);
  Result<Date> day = shaped ? parse_date(recorded_at.substr(0, 10)) : Result<Date>(Date{});
  const int hour = shaped ? to_int(recorded_at.substr(11, 2)) : 99;
  if (!shaped || !day || hour > 23) {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("time {}: not a UTC time YYYY-MM-DDTHH:MM:SSZ", text::quoted(recorded_at)));
  }
  // Vietnam is seven hours ahead of UTC: from 17:00 UTC it is the next day there.
  constexpr int kVietnamOffsetHours = 7;
  if (hour + kVietnamOffsetHours >= 24) return Date{date::sys_days{day.value()} + date::days{1}};
  return day.value();
}

Status check_not_future(Date day, std::string_view recorded_at) {
  Result<Date> today = business_date(recorded_at);
  if (!today) return today.error();
  if (day <= today.value()) return {};
  return make_error(ErrorCode::FailedPrecondition,
                    fmt::format("date {} is after the business date {}: nothing is dated in "
                                "the future",
                                format_date(day), format_date(today.value())));
}

}  // namespace socai
