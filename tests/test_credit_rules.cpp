// Tests of the credit domain's input checks, program settings and contracts
// (ledger/src/credit/checks.hpp, programs.hpp), without a ledger.
#include <catch2/catch.hpp>

#include "credit/checks.hpp"
#include "credit/programs.hpp"
#include "credit_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

// The error's code, field and message, for one CHECK.
std::string described(const Error& e) {
  return std::string(error_code_name(e.code)) + "|" + e.field + "|" + e.message;
}

template <class T>
std::string refusal(const Result<T>& r) {
  return r ? std::string("accepted") : described(r.error());
}

Household household(std::string national_id) {
  return Household{.code = "H1",
                   .head = "Nguyễn Văn An",
                   .national_id = std::move(national_id),
                   .commune = "XH",
                   .village = "Thôn 1",
                   .group = "G1",
                   .statuses = {{2024_y / January / 1, PovertyStatus::Poor}}};
}

NewLoan new_loan(std::int64_t amount) {
  return NewLoan{.code = "L-1",
                 .household = "H1",
                 .program = "01",
                 .officer = "",
                 .amount = Money::from_minor(amount, vnd()),
                 .term_months = 12,
                 .date = 2025_y / November / 10,
                 .course_end = std::nullopt,
                 .custom = {},
                 .key = ""};
}

}  // namespace

TEST_CASE("a national id is 12 digits or 9, and the refusal names the field", "[credit][checks]") {
  CHECK(credit::check_national_id("001203004567").ok());
  CHECK(credit::check_national_id("123456789").ok());
  CHECK(refusal(credit::check_national_id("12345")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|national_id|national_id '12345': 12 digits (citizen identity card) or 9 (old "
            "identity card)");
  CHECK(refusal(credit::check_household(household("00120300456X"))) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|national_id|national_id '00120300456X': 12 digits (citizen identity card) or 9 "
            "(old identity card)");
}

TEST_CASE("a household is made with exactly one status", "[credit][checks]") {
  Household h = household("001203004567");
  CHECK(credit::check_household(h).ok());
  h.statuses.push_back({2025_y / January / 1, PovertyStatus::Escaped});
  CHECK(refusal(credit::check_household(h)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|status|status: give the household's current status");
}

TEST_CASE("a record's code is named by its kind, an input code by its field", "[credit][checks]") {
  CHECK(credit::is_code("XH-01_a"));
  CHECK_FALSE(credit::is_code(""));
  CHECK_FALSE(credit::is_code(std::string(41, 'a')));
  CHECK(refusal(credit::check_code("commune", "X H")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||commune 'X H': 1 to 40 letters, digits, '_' or '-'");
  CHECK(refusal(credit::check_code_field("reason", "FLOOD!")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|reason|reason 'FLOOD!': 1 to 40 letters, digits, '_' or '-'");
}

TEST_CASE("a commune's GDX day is a day of the month", "[credit][checks]") {
  Commune c{.code = "XH",
            .name = "Xã Hòa",
            .district = "Phú Hòa",
            .province = "Phú Yên",
            .gdx_day = 32,
            .cash_account = ""};
  CHECK(refusal(credit::check_commune(c)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|gdx_day|gdx_day 32: a day of the month, 1 to 31");
  c.gdx_day = 31;
  CHECK(credit::check_commune(c).ok());
  c.district = "";
  CHECK(refusal(credit::check_commune(c)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|district|district '': 1 to 200 characters of text");
}

TEST_CASE("a group takes at most 60 households, all of its own commune", "[credit][checks]") {
  Group g{.code = "G1",
          .commune = "XH",
          .village = "Thôn 1",
          .organisation = "12",
          .leader = "Trần Thị Bình",
          .members = 59};
  const Household h = household("001203004567");
  CHECK(credit::check_joins_group(g, h).ok());
  g.members = 60;
  CHECK(refusal(credit::check_joins_group(g, h)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||group G1 has 60 members, the most a group may have");
  g.members = 10;
  g.commune = "XB";
  CHECK(refusal(credit::check_joins_group(g, h)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||group G1 belongs to commune XB, not XH");
}

TEST_CASE("an operation's amounts and terms are checked by its kind", "[credit][checks]") {
  LoanOperation op{.loan = "L-1",
                   .kind = LoanEventKind::Disburse,
                   .amount = Money::zero(vnd()),
                   .date = 2025_y / November / 10,
                   .key = ""};
  CHECK(refusal(credit::check_operation(op)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|amount|amount: must be positive");
  op.kind = LoanEventKind::Extend;
  CHECK(refusal(credit::check_operation(op)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|months|months 0: a positive number");
  op.years = 6;
  op.reason = "DROUGHT";
  CHECK(credit::check_operation(op).ok());
  op.kind = LoanEventKind::Freeze;
  op.years = 3;
  CHECK(refusal(credit::check_operation(op)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|approval|approval '': 1 to 100 characters of text");
  op.kind = LoanEventKind::Accrue;
  CHECK(refusal(credit::check_operation(op)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||accrue: interest is accrued by the month-end close (socai close)");
}

TEST_CASE("program settings parse to what a program keeps", "[credit][programs]") {
  Result<credit::ProgramSetting> multiplier =
      credit::parse_program_setting("overdue-multiplier", "150%");
  REQUIRE(multiplier.ok());
  CHECK(multiplier->kind == credit::ProgramSettingKind::OverdueMultiplier);
  CHECK(multiplier->value_text() == "150");
  Result<credit::ProgramSetting> cap = credit::parse_program_setting("cap", "120.000.000");
  REQUIRE(cap.ok());
  CHECK(cap->kind == credit::ProgramSettingKind::Cap);
  CHECK(cap->integer == 120'000'000);
  Result<credit::ProgramSetting> order = credit::parse_program_setting(
      "allocation", "overdue-principal due-principal overdue-interest in-term-interest prepayment");
  REQUIRE(order.ok());
  CHECK(order->value_text() ==
        "overdue-principal due-principal overdue-interest in-term-interest prepayment");
  Result<credit::ProgramSetting> day_count = credit::parse_program_setting("day-count", "act30");
  REQUIRE(day_count.ok());
  CHECK(day_count->text == "act30");
}

TEST_CASE("program settings refuse what a program cannot keep", "[credit][programs]") {
  CHECK(refusal(credit::parse_program_setting("overdue-multiplier", "90%")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||overdue-multiplier '90%': a percentage of 100 or more, e.g. 130%");
  CHECK(refusal(credit::parse_program_setting("max-term", "0")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||max-term '0': months, e.g. 120");
  CHECK(refusal(credit::parse_program_setting("installment-multiple", "-5")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||installment multiple '-5': a positive amount");
  CHECK(refusal(credit::parse_program_setting("colour", "red")) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "||setting 'colour': one of day-count, rounding, installment-multiple, "
            "installment-rounding, overdue-multiplier, basis, cap, max-term");
}

TEST_CASE("a program's settings are fixed once it has loans", "[credit][programs]") {
  CHECK(credit::check_settings_open(program_01(), 0).ok());
  CHECK(refusal(credit::check_settings_open(program_01(), 3)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||program 01 has 3 loans whose history was computed with its settings; they are "
            "fixed now");
}

TEST_CASE("a new rate starts after the program's last loan event, on a day without one",
          "[credit][programs]") {
  const Program p = program_01();
  CHECK(credit::check_new_rate(p, 2026_y / July / 1, 2026_y / June / 30).ok());
  CHECK(refusal(credit::check_new_rate(p, 2026_y / June / 30, 2026_y / June / 30)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||program 01 has loan events up to 2026-06-30, whose interest used the rates then "
            "in force; a new rate must start after that");
  CHECK(refusal(credit::check_new_rate(p, 2025_y / December / 1, std::nullopt)) ==
        std::string(error_code_name(ErrorCode::AlreadyExists)) +
            "||program 01 already has a rate from 2025-12-01 (6.24%/year)");
}

TEST_CASE("a contract within program 01's cap and term is made, beyond them it is refused",
          "[credit][programs]") {
  const Program p = program_01();
  Result<LoanContract> made = credit::loan_contract(p, new_loan(50'000'000), "G1", 10);
  REQUIRE(made.ok());
  CHECK(made->group == "G1");
  CHECK(made->gdx_day == 10);
  CHECK(made->term_months == 12);
  CHECK(refusal(credit::loan_contract(p, new_loan(120'000'000), "G1", 10)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||amount 120,000,000 is over program 01's cap of 100,000,000");
  NewLoan long_loan = new_loan(50'000'000);
  long_loan.term_months = 121;
  CHECK(refusal(credit::loan_contract(p, long_loan, "G1", 10)) ==
        std::string(error_code_name(ErrorCode::FailedPrecondition)) +
            "||a term of 121 months is over program 01's 120 months");
  NewLoan student = new_loan(50'000'000);
  student.course_end = 2029_y / February / 28;
  CHECK(refusal(credit::loan_contract(p, student, "G1", 10)) ==
        std::string(error_code_name(ErrorCode::InvalidArgument)) +
            "|course_end|course_end: program 01 is not a student program");
}

TEST_CASE("a custom plan's text reads back as the plan", "[credit][programs]") {
  const std::vector<CustomInstallment> plan{{3, Money::from_minor(10'000'000, vnd())},
                                            {12, Money::from_minor(40'000'000, vnd())}};
  CHECK(credit::custom_plan_text(plan) == "3:10000000;12:40000000");
  const std::vector<CustomInstallment> back =
      credit::custom_plan_from("3:10000000;12:40000000", vnd());
  REQUIRE(back.size() == 2);
  CHECK(back[1].period == 12);
  CHECK(back[1].principal.minor_units() == 40'000'000);
  CHECK(credit::custom_plan_from("", vnd()).empty());
}
