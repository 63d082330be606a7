// Tests for ledger/date.hpp. Sources: DESIGN.md section 9 (dates in as 2025-12-01 or
// 01/12/2025; anything ambiguous refused) and the end-of-month rules documented in date.hpp
// (after Howard Hinnant's date: the caller chooses the rule for 31 Jan + 1 month).
#include <catch2/catch.hpp>

#include <string>

#include "ledger/date.hpp"

namespace socai {
namespace {

using namespace date::literals;

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

// The ISO text of a parsed date, so that a failed check shows the dates.
std::string parsed(std::string_view text) {
  return format_date(must(parse_date(text)));
}

std::string clamp(Date start, int months) {
  return format_date(add_months(start, months, EndOfMonthRule::Clamp));
}

std::string end_to_end(Date start, int months) {
  return format_date(add_months(start, months, EndOfMonthRule::EndToEnd));
}

TEST_CASE("2025-12-01 and 01/12/2025 are the same date", "[date]") {
  // DESIGN.md section 9: dates in as 2025-12-01 or 01/12/2025 (day/month/year).
  const Date iso = must(parse_date("2025-12-01"));
  const Date vn = must(parse_date("01/12/2025"));
  CHECK(iso == vn);
  CHECK(iso == 2025_y / date::December / 1);
  CHECK(parsed("10/11/2025") == "2025-11-10");
  CHECK(parsed("31/12/2025") == "2025-12-31");
  CHECK(parsed("1900-01-01") == "1900-01-01");
  CHECK(parsed("31/12/2999") == "2999-12-31");
}

TEST_CASE("the leap day 29 February 2024 is accepted and 29 February 2025 refused", "[date]") {
  CHECK(parsed("2024-02-29") == "2024-02-29");
  CHECK(parsed("29/02/2024") == "2024-02-29");
  CHECK(parsed("29/02/2000") == "2000-02-29");  // divisible by 400: a leap year
  CHECK(outcome(parse_date("2025-02-29")) == "invalid-argument");
  CHECK(outcome(parse_date("29/02/2100")) == "invalid-argument");  // by 100, not 400
}

TEST_CASE("a day that does not exist is refused as InvalidArgument", "[date]") {
  for (const char* text : {"31/02/2025", "2025-02-29", "2025-13-01", "2025-00-10", "2025-12-00",
                           "00/12/2025", "32/01/2025", "31/04/2025", "2025-06-31"}) {
    CAPTURE(text);
    CHECK(outcome(parse_date(text)) == "invalid-argument");
  }
  Result<Date> no_such_day = parse_date("31/02/2025");
  REQUIRE_FALSE(no_such_day.ok());
  CHECK(no_such_day.error().message == "date '31/02/2025': no such day");
}

TEST_CASE("a date in any other shape is refused as InvalidArgument", "[date]") {
  for (const char* text :
       {"1/12/2025", "2025-12-1", "", "2025/12/01", "01-12-2025", "01.12.2025", "12/2025",
        "20251201", "25-12-01", "01/12/25", " 2025-12-01", "2025-12-01 ", "2025-12-01T00:00",
        "+025-12-01", "2025-1a-01", "１/12/2025"}) {
    CAPTURE(text);
    CHECK(outcome(parse_date(text)) == "invalid-argument");
  }
  Result<Date> shape = parse_date("2025/12/01");
  REQUIRE_FALSE(shape.ok());
  CHECK(shape.error().message == "date '2025/12/01': expected YYYY-MM-DD or DD/MM/YYYY");
}

TEST_CASE("a year outside 1900 to 2999 is refused as OutOfRange", "[date]") {
  for (const char* text :
       {"1899-12-31", "3000-01-01", "31/12/1899", "01/01/3000", "0000-01-01", "9999-12-31"}) {
    CAPTURE(text);
    CHECK(outcome(parse_date(text)) == "out-of-range");
  }
  Result<Date> early = parse_date("1899-12-31");
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().message == "date '1899-12-31': years 1900 to 2999 only");
}

TEST_CASE("format_date writes ISO and format_date_vn writes day/month/year", "[date]") {
  CHECK(format_date(2025_y / date::December / 1) == "2025-12-01");
  CHECK(format_date_vn(2025_y / date::December / 1) == "01/12/2025");
  CHECK(format_date(1900_y / date::January / 9) == "1900-01-09");
  CHECK(format_date_vn(2999_y / date::December / 31) == "31/12/2999");
  for (Date d : {2024_y / date::February / 29, 2025_y / date::November / 10,
                 1900_y / date::January / 1, 2999_y / date::December / 31}) {
    CAPTURE(format_date(d));
    CHECK(must(parse_date(format_date(d))) == d);
    CHECK(must(parse_date(format_date_vn(d))) == d);
  }
}

TEST_CASE("Clamp keeps the day, clamped to the target month's length", "[date]") {
  // date.hpp EndOfMonthRule::Clamp: 31 Jan + 1 month = 28 Feb, 31 Jan + 2 months = 31 Mar.
  CHECK(clamp(2025_y / date::January / 31, 1) == "2025-02-28");
  CHECK(clamp(2024_y / date::January / 31, 1) == "2024-02-29");  // leap year
  CHECK(clamp(2025_y / date::January / 31, 2) == "2025-03-31");  // from the start, not chained
  CHECK(clamp(2025_y / date::January / 31, 3) == "2025-04-30");
  CHECK(clamp(2025_y / date::January / 30, 1) == "2025-02-28");
  CHECK(clamp(2025_y / date::January / 15, 1) == "2025-02-15");
  CHECK(clamp(2025_y / date::February / 28, 1) == "2025-03-28");
  CHECK(clamp(2025_y / date::April / 30, 1) == "2025-05-30");
  CHECK(clamp(2025_y / date::December / 15, 1) == "2026-01-15");
  CHECK(clamp(2025_y / date::December / 15, 13) == "2027-01-15");
  CHECK(clamp(2024_y / date::February / 29, 12) == "2025-02-28");
  CHECK(clamp(2025_y / date::November / 10, 0) == "2025-11-10");
  CHECK(clamp(2025_y / date::January / 31, 120) == "2035-01-31");  // a 120-month term
}

TEST_CASE("Clamp moves back by negative months", "[date]") {
  CHECK(clamp(2025_y / date::March / 31, -1) == "2025-02-28");
  CHECK(clamp(2024_y / date::March / 31, -1) == "2024-02-29");
  CHECK(clamp(2025_y / date::January / 15, -1) == "2024-12-15");
  CHECK(clamp(2025_y / date::January / 31, -2) == "2024-11-30");
  CHECK(clamp(2025_y / date::March / 31, -13) == "2024-02-29");
  CHECK(clamp(2025_y / date::February / 28, -1) == "2025-01-28");
}

TEST_CASE("EndToEnd moves a month's last day to the target month's last day", "[date]") {
  // date.hpp EndOfMonthRule::EndToEnd: 28 Feb 2025 + 1 month = 31 Mar 2025.
  CHECK(end_to_end(2025_y / date::February / 28, 1) == "2025-03-31");
  CHECK(end_to_end(2025_y / date::April / 30, 1) == "2025-05-31");
  CHECK(end_to_end(2024_y / date::February / 29, 1) == "2024-03-31");
  CHECK(end_to_end(2024_y / date::February / 29, 12) == "2025-02-28");
  CHECK(end_to_end(2023_y / date::February / 28, 12) == "2024-02-29");
  CHECK(end_to_end(2025_y / date::January / 31, 1) == "2025-02-28");
  CHECK(end_to_end(2025_y / date::February / 28, -1) == "2025-01-31");
  CHECK(end_to_end(2025_y / date::March / 31, -1) == "2025-02-28");
  CHECK(end_to_end(2025_y / date::November / 30, 1) == "2025-12-31");
}

TEST_CASE("EndToEnd is Clamp for a start that is not a month's last day", "[date]") {
  for (Date start :
       {2025_y / date::January / 30, 2025_y / date::January / 15, 2024_y / date::February / 28,
        2025_y / date::March / 30, 2025_y / date::November / 10}) {
    for (int months : {-13, -1, 1, 2, 12, 25}) {
      CAPTURE(format_date(start), months);
      CHECK(end_to_end(start, months) == clamp(start, months));
    }
  }
  CHECK(end_to_end(2025_y / date::January / 30, 1) == "2025-02-28");
  CHECK(end_to_end(2025_y / date::January / 30, 2) == "2025-03-30");
  CHECK(end_to_end(2024_y / date::February / 28, 1) == "2024-03-28");  // not the leap month's end
}

TEST_CASE("days_between counts actual days, negative backwards", "[date]") {
  // DOMAIN.md section 8, V2: 20/01/2025 to 20/02/2025 is 31 days, the next month 28.
  CHECK(days_between(2025_y / date::January / 20, 2025_y / date::February / 20) == 31);
  CHECK(days_between(2025_y / date::February / 20, 2025_y / date::March / 20) == 28);
  CHECK(days_between(2025_y / date::February / 20, 2025_y / date::January / 20) == -31);
  // DOMAIN.md section 8, V1: 10/11/2025 to 01/12/2025 is 21 days, to 10/12/2025 nine more.
  CHECK(days_between(2025_y / date::November / 10, 2025_y / date::December / 1) == 21);
  CHECK(days_between(2025_y / date::December / 1, 2025_y / date::December / 10) == 9);
  CHECK(days_between(2024_y / date::January / 1, 2025_y / date::January / 1) == 366);
  CHECK(days_between(2025_y / date::January / 1, 2026_y / date::January / 1) == 365);
  CHECK(days_between(2025_y / date::June / 16, 2025_y / date::June / 16) == 0);
  CHECK(days_between(1900_y / date::January / 1, 2999_y / date::December / 31) == 401'766);
}

TEST_CASE("end_of_month is the last day of the date's month", "[date]") {
  CHECK(format_date(end_of_month(2024_y / date::February / 10)) == "2024-02-29");
  CHECK(format_date(end_of_month(2025_y / date::February / 10)) == "2025-02-28");
  CHECK(format_date(end_of_month(1900_y / date::February / 1)) == "1900-02-28");
  CHECK(format_date(end_of_month(2000_y / date::February / 1)) == "2000-02-29");
  CHECK(format_date(end_of_month(2025_y / date::December / 1)) == "2025-12-31");
  CHECK(format_date(end_of_month(2025_y / date::April / 30)) == "2025-04-30");
  CHECK(format_date(end_of_month(2025_y / date::June / 16)) == "2025-06-30");
}

TEST_CASE("the business date is Vietnam's calendar day at the ledger's UTC clock", "[date]") {
  CHECK(format_date(business_date("2025-01-31T00:00:00Z").value()) == "2025-01-31");
  CHECK(format_date(business_date("2025-01-31T16:59:59Z").value()) == "2025-01-31");
  CHECK(format_date(business_date("2025-01-31T17:00:00Z").value()) == "2025-02-01");
  CHECK(format_date(business_date("2024-02-28T23:30:00Z").value()) == "2024-02-29");
  CHECK(format_date(business_date("2025-12-31T20:00:00Z").value()) == "2026-01-01");
  for (const char* bad : {"2025-01-31", "2025-01-31T24:00:00Z", "2025-01-31T08:00:00+07:00",
                          "2025-02-30T08:00:00Z", "2025-01-31 08:00:00Z", ""}) {
    INFO(bad);
    CHECK(business_date(bad).error().code == ErrorCode::InvalidArgument);
  }
  CHECK(business_date("2025-01-31T24:00:00Z").error().message ==
        "time '2025-01-31T24:00:00Z': not a UTC time YYYY-MM-DDTHH:MM:SSZ");

  CHECK(check_not_future(2025_y / date::February / 1, "2025-01-31T17:00:00Z").ok());
  const Status tomorrow = check_not_future(2025_y / date::February / 1, "2025-01-31T16:59:59Z");
  REQUIRE_FALSE(tomorrow.ok());
  CHECK(tomorrow.error().code == ErrorCode::FailedPrecondition);
  CHECK(tomorrow.error().message ==
        "date 2025-02-01 is after the business date 2025-01-31: nothing is dated in the future");
  CHECK_FALSE(check_not_future(2999_y / date::December / 31, "2025-01-31T08:00:00Z").ok());
}

}  // namespace
}  // namespace socai
