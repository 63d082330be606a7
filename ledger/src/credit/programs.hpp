// A program's settings and the contracts it lends under (DOMAIN.md sections 1 and 2).
// Internal to the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/loan_book.hpp"

namespace socai::credit {

// The settings LoanBook::set_program changes.
enum class ProgramSettingKind {
  DayCount,             // "day-count": act365f, ... (parse_day_count)
  Rounding,             // "rounding": half-up, ... (parse_rounding_mode)
  InstallmentRounding,  // "installment-rounding" (parse_installment_rounding)
  Basis,                // "basis": cash or accrual
  Allocation,           // "allocation": the five payment parts in order
  InstallmentMultiple,  // "installment-multiple": a positive amount of VND
  Cap,                  // "cap": a positive amount of VND per loan
  OverdueMultiplier,    // "overdue-multiplier": a percentage of 100 or more ("130%")
  MaxTerm,              // "max-term": months, 1 to 9999
};

// A setting's new value, checked: an integer (amounts in minor units, percentages, months)
// or a text in its canonical form.
struct ProgramSetting {
  ProgramSettingKind kind;
  std::optional<std::int64_t> integer;
  std::string text;
  // The value as a program's change history records it.
  std::string value_text() const { return integer ? std::to_string(*integer) : text; }
};

// `value` of `setting` checked and made canonical; InvalidArgument naming the setting or the
// value otherwise.
Result<ProgramSetting> parse_program_setting(std::string_view setting, std::string_view value);

// A program's settings are fixed once it has loans, whose history was computed under them:
// refused (FailedPrecondition) when `loans` > 0.
Status check_settings_open(const Program& program, std::int64_t loans);

// A new rate of `program` from `from`: refused (FailedPrecondition) on or before
// `last_event`, the last event of any of its loans, whose interest used the rates then in
// force; AlreadyExists when a rate starts that day.
Status check_new_rate(const Program& program, Date from, std::optional<Date> last_event);

// The contract of `loan` under `program`, for a household of `group` in a commune whose
// transaction day is `gdx_day`: a student loan's term and plan follow from its course
// (DOMAIN.md V6). Refused (FailedPrecondition) over the program's cap (per loan, or per month
// of study) or its longest term; InvalidArgument for an amount in another currency, a course
// end given to a program that is not a student program or missing for one, or terms that
// make no schedule. The contract's id and cash account are left for the store.
Result<LoanContract> loan_contract(const Program& program, const NewLoan& loan, std::string group,
                                   std::optional<int> gdx_day);

// A custom plan as stored and digested: "<period>:<principal minor units>" joined by ';'.
std::string custom_plan_text(const std::vector<CustomInstallment>& custom);
// REQUIRES: `text` was written by custom_plan_text.
std::vector<CustomInstallment> custom_plan_from(const std::string& text, Currency currency);

}  // namespace socai::credit
