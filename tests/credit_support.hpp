// Programs and contracts for the credit domain's tests without a ledger (test_credit_*.cpp):
// program 01 as schemas/programs.csv and schemas/program_rates.csv define it.
#pragma once

#include <string>

#include "ledger/loan.hpp"

namespace socai::testing {

using namespace date::literals;
using date::January, date::February, date::March, date::June, date::July, date::October,
    date::November, date::December;

inline Currency vnd() {
  return Currency::find("VND").value();
}

// Program 01, poor households: a cap of 100,000,000, at most 120 months, 6.6% a year and
// 6.24% from 01/12/2025 (Decision 2553/QĐ-TTg), act365f, half-up, installments in multiples
// of 100,000 rounded down, overdue at 130%, cash basis, missed-installment rule from
// 01/03/2026.
inline Program program_01() {
  return Program{
      .code = "01",
      .name_vi = "Cho vay hộ nghèo",
      .name_en = "Poor households",
      .currency = vnd(),
      .cap_amount = 100'000'000,
      .cap_per_month = std::nullopt,
      .max_term_months = 120,
      .eligible = {PovertyStatus::Poor},
      .escaped_window_months = std::nullopt,
      .day_count = DayCount::Act365F,
      .rounding = RoundingMode::HalfUp,
      .installment_multiple = 100'000,
      .installment_rounding = InstallmentRounding::Down,
      .overdue_multiplier_percent = 130,
      .basis = AccountingBasis::Cash,
      .missed_rule_cutoff = 2026_y / March / 1,
      .rates = RateHistory::make({{2000_y / January / 1, Rate::parse("6.6%/year").value()},
                                  {2025_y / December / 1, Rate::parse("6.24%/year").value()}})
                   .value()};
}

// A 12-month equal-principal loan of program 01, loan id 1, in commune XH.
inline LoanContract contract_01(std::int64_t approved, Date opened_on, int term_months = 12) {
  return LoanContract{.id = LoanId{1},
                      .code = "L-1",
                      .household = "H1",
                      .program = "01",
                      .group = "G1",
                      .officer = "",
                      .approved = Money::from_minor(approved, vnd()),
                      .term_months = term_months,
                      .method = RepaymentMethod::EqualPrincipal,
                      .every_months = 1,
                      .grace_principal_months = 0,
                      .custom = {},
                      .opened_on = opened_on,
                      .course_end = std::nullopt,
                      .gdx_day = std::nullopt,
                      .cash_account = "Assets:Cash:TP-XH"};
}

}  // namespace socai::testing
