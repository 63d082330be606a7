// Dates: Howard Hinnant's date::year_month_day, with socai's input formats and an explicit
// end-of-month rule for month arithmetic.
//
//   Date d = parse_date("01/12/2025").value();        // 2025-12-01 (day/month/year)
//   Date e = parse_date("2025-12-01").value();        // the same date
//   add_months(2025_y / January / 31, 1, EndOfMonthRule::Clamp);  // 2025-02-28
//   days_between(2025_y / January / 20, 2025_y / February / 20);  // 31
#pragma once

#include <date/date.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/result.hpp"

namespace socai {

using Date = date::year_month_day;

// The range of dates socai accepts anywhere (input, storage): 1900-01-01 to 2999-12-31.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2999;

// Accepts exactly "YYYY-MM-DD" (ISO) or "DD/MM/YYYY" (Vietnamese usage), with two-digit day
// and month and a four-digit year. Refuses dates that do not exist ("31/02/2025"),
// out of range, or in any other shape, naming the text.
Result<Date> parse_date(std::string_view text);

std::string format_date(Date d);               // "2025-12-01"
std::string format_date_vn(Date d);            // "01/12/2025"
std::string format_month(date::year_month m);  // "2025-12"

// What month arithmetic does when the start's day does not exist in the target month.
enum class EndOfMonthRule {
  Clamp,     // keep the day, clamped to the month's length: 31 Jan + 1 month = 28 Feb,
             // 31 Jan + 2 months = 31 Mar (each date is computed from the start, not chained)
  EndToEnd,  // as Clamp, except that a start on the last day of its month lands on the last
             // day of the target month: 28 Feb 2025 + 1 month = 31 Mar 2025
};

// `start` moved by `months` (may be negative). REQUIRES: start.ok().
Date add_months(Date start, int months, EndOfMonthRule rule);

// Actual days from `from` to `to` (negative when to < from).
std::int64_t days_between(Date from, Date to);

// Last day of d's month.
Date end_of_month(Date d);

// The day before `d`. REQUIRES: d.ok().
Date day_before(Date d);

// The business date at the UTC time `recorded_at` ("YYYY-MM-DDTHH:MM:SSZ", as the ledger
// stamps its records): the calendar day in Vietnam (UTC+7, no daylight saving time), where
// the bank's transaction points work. 2025-01-31T17:00:00Z is 2025-02-01.
// Refuses any other shape.
Result<Date> business_date(std::string_view recorded_at);

// Nothing is dated after the business date (DOMAIN.md section 9): FailedPrecondition when
// `day` is after the business date at `recorded_at`, naming both.
Status check_not_future(Date day, std::string_view recorded_at);

}  // namespace socai
