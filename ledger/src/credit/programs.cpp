#include "credit/programs.hpp"

#include <fmt/format.h>

#include "credit/errors.hpp"
#include "text.hpp"

namespace socai::credit {
namespace {

// A positive amount of VND, in minor units.
Result<std::int64_t> positive_amount(std::string_view name, std::string_view value) {
  Result<Money> m = Money::parse(value, Currency::find("VND").value());
  if (!m || !m->is_positive())
    return invalid(fmt::format("{} {}: a positive amount", name, text::quoted(value)));
  return m->minor_units();
}

// Months ("120"), or a percentage of 100 or more ("130%", "130").
Result<std::int64_t> whole_number(std::string_view setting, std::string_view value,
                                  bool percentage) {
  std::string digits(value);
  if (percentage && digits.ends_with('%')) digits.pop_back();
  if (!text::all_digits(digits) || digits.size() > 4 || std::stoi(digits) == 0 ||
      (percentage && std::stoi(digits) < 100)) {
    return invalid(
        fmt::format("{} {}: {}", setting, text::quoted(value),
                    percentage ? "a percentage of 100 or more, e.g. 130%" : "months, e.g. 120"));
  }
  return std::stoi(digits);
}

// The setting with its value as given, once `checked` accepted it.
template <class T>
Result<ProgramSetting> checked_text(ProgramSettingKind kind, const Result<T>& checked,
                                    std::string_view value) {
  if (!checked) return checked.error();
  return ProgramSetting{kind, std::nullopt, std::string(value)};
}

Result<ProgramSetting> checked_integer(ProgramSettingKind kind,
                                       const Result<std::int64_t>& checked) {
  if (!checked) return checked.error();
  return ProgramSetting{kind, checked.value(), {}};
}

}  // namespace

Result<ProgramSetting> parse_program_setting(std::string_view setting, std::string_view value) {
  using Kind = ProgramSettingKind;
  if (setting == "day-count") return checked_text(Kind::DayCount, parse_day_count(value), value);
  if (setting == "rounding") return checked_text(Kind::Rounding, parse_rounding_mode(value), value);
  if (setting == "installment-rounding") {
    return checked_text(Kind::InstallmentRounding, parse_installment_rounding(value), value);
  }
  if (setting == "basis") return checked_text(Kind::Basis, parse_accounting_basis(value), value);
  if (setting == "allocation") {
    Result<std::vector<PaymentPart>> order = parse_allocation(value);
    if (!order) return order.error();
    return ProgramSetting{Kind::Allocation, std::nullopt, allocation_text(order.value())};
  }
  if (setting == "installment-multiple") {
    return checked_integer(Kind::InstallmentMultiple,
                           positive_amount("installment multiple", value));
  }
  if (setting == "cap") return checked_integer(Kind::Cap, positive_amount("cap", value));
  if (setting == "overdue-multiplier") {
    return checked_integer(Kind::OverdueMultiplier, whole_number(setting, value, true));
  }
  if (setting == "max-term")
    return checked_integer(Kind::MaxTerm, whole_number(setting, value, false));
  return invalid(
      fmt::format("setting {}: one of day-count, rounding, installment-multiple, "
                  "installment-rounding, overdue-multiplier, basis, cap, max-term",
                  text::quoted(setting)));
}

Status check_settings_open(const Program& program, std::int64_t loans) {
  if (loans == 0) return {};
  return refused(
      fmt::format("program {} has {} loans whose history was computed with its settings; they "
                  "are fixed now",
                  program.code, loans));
}

Status check_new_rate(const Program& program, Date from, std::optional<Date> last_event) {
  if (last_event && from <= *last_event) {
    return refused(fmt::format(
        "program {} has loan events up to {}, whose interest used the rates then in force; "
        "a new rate must start after that",
        program.code, format_date(*last_event)));
  }
  for (const RateChange& c : program.rates.changes()) {
    if (c.effective_from == from) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("program {} already has a rate from {} ({})", program.code,
                                    format_date(from), c.rate.to_string()));
    }
  }
  return {};
}

Result<LoanContract> loan_contract(const Program& program, const NewLoan& n, std::string group,
                                   std::optional<int> gdx_day) {
  if (!(n.amount.currency() == program.currency)) {
    return invalid_field(
        "amount", fmt::format(": program {} lends in {}", program.code, program.currency.code()));
  }
  LoanContract c{.id = LoanId{0},
                 .code = n.code,
                 .household = n.household,
                 .program = n.program,
                 .group = std::move(group),
                 .officer = n.officer,
                 .approved = n.amount,
                 .term_months = n.term_months,
                 .method = n.method,
                 .every_months = n.every_months,
                 .grace_principal_months = n.grace_principal_months,
                 .custom = n.custom,
                 .opened_on = n.date,
                 .course_end = n.course_end,
                 .gdx_day = gdx_day,
                 .cash_account = ""};
  const std::string amount = format(n.amount, MoneyFormat::GroupedEnglish);
  if (program.cap_per_month) {
    // Student loans: term and plan follow from the course (DOMAIN.md V6).
    if (!n.course_end) {
      return invalid_field(
          "course_end", fmt::format(": program {} lends for a course; give its end", program.code));
    }
    Result<StudentPlan> plan = student_plan(n.date, *n.course_end, gdx_day);
    if (!plan) return plan.error();
    const std::int64_t cap = *program.cap_per_month * plan->disbursement_months;
    if (n.amount.minor_units() > cap) {
      return refused(fmt::format(
          "amount {} is over program {}'s cap of {} ({} months of study at {} a month)", amount,
          program.code, amount_text(cap, program.currency), plan->disbursement_months,
          amount_text(*program.cap_per_month, program.currency)));
    }
    c.term_months = plan->term_months;
    c.method = RepaymentMethod::EqualPrincipal;
    c.every_months = plan->every_months;
    c.grace_principal_months = plan->grace_principal_months;
  } else if (n.course_end) {
    return invalid_field("course_end",
                         fmt::format(": program {} is not a student program", program.code));
  }
  if (program.cap_amount && n.amount.minor_units() > *program.cap_amount) {
    return refused(fmt::format("amount {} is over program {}'s cap of {}", amount, program.code,
                               amount_text(*program.cap_amount, program.currency)));
  }
  if (program.max_term_months && c.term_months > *program.max_term_months) {
    return refused(fmt::format("a term of {} months is over program {}'s {} months", c.term_months,
                               program.code, *program.max_term_months));
  }
  if (Result<Schedule> s = Schedule::build(schedule_terms(program, c, n.amount, n.date)); !s)
    return s.error();
  return c;
}

std::string custom_plan_text(const std::vector<CustomInstallment>& custom) {
  std::string out;
  for (const CustomInstallment& c : custom)
    out += fmt::format("{}{}:{}", out.empty() ? "" : ";", c.period, c.principal.minor_units());
  return out;
}

std::vector<CustomInstallment> custom_plan_from(const std::string& text, Currency currency) {
  std::vector<CustomInstallment> out;
  if (text.empty()) return out;
  for (std::string_view item : text::split(text, ';')) {
    const std::size_t colon = item.find(':');
    out.push_back(CustomInstallment{
        std::stoi(std::string(item.substr(0, colon))),
        Money::from_minor(std::stoll(std::string(item.substr(colon + 1))), currency)});
  }
  return out;
}

}  // namespace socai::credit
