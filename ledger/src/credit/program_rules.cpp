// Program rules: poverty status and eligibility, accounting basis and accounts, payment
// allocation, extension caps, the student plan and a contract's schedule terms (DOMAIN.md
// sections 1, 2 and 4).
#include <fmt/format.h>

#include <algorithm>

#include "credit/errors.hpp"
#include "ledger/loan.hpp"
#include "text.hpp"

namespace socai {

using credit::refused;

std::string_view payment_part_name(PaymentPart part) {
  switch (part) {
    case PaymentPart::OverdueInterest:
      return "overdue-interest";
    case PaymentPart::InTermInterest:
      return "in-term-interest";
    case PaymentPart::OverduePrincipal:
      return "overdue-principal";
    case PaymentPart::DuePrincipal:
      return "due-principal";
    case PaymentPart::Prepayment:
      return "prepayment";
  }
  return "prepayment";
}

Result<std::vector<PaymentPart>> parse_allocation(std::string_view text) {
  constexpr PaymentPart kParts[] = {PaymentPart::OverdueInterest, PaymentPart::InTermInterest,
                                    PaymentPart::OverduePrincipal, PaymentPart::DuePrincipal,
                                    PaymentPart::Prepayment};
  std::vector<PaymentPart> order;
  for (std::string_view word : text::split(text, ' ')) {
    if (word.empty()) continue;
    auto part = std::find_if(std::begin(kParts), std::end(kParts),
                             [&](PaymentPart p) { return payment_part_name(p) == word; });
    if (part == std::end(kParts) || std::find(order.begin(), order.end(), *part) != order.end()) {
      order.clear();
      break;
    }
    order.push_back(*part);
  }
  if (order.size() != std::size(kParts)) {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("allocation {}: the five parts overdue-interest, in-term-interest, "
                    "overdue-principal, due-principal and prepayment, each once, in order",
                    text::quoted(text)));
  }
  return order;
}

std::string allocation_text(std::span<const PaymentPart> order) {
  std::string out;
  for (PaymentPart p : order) out += (out.empty() ? "" : " ") + std::string(payment_part_name(p));
  return out;
}

std::string_view poverty_status_name(PovertyStatus status) {
  switch (status) {
    case PovertyStatus::Poor:
      return "poor";
    case PovertyStatus::NearPoor:
      return "near-poor";
    case PovertyStatus::Escaped:
      return "escaped";
    case PovertyStatus::None:
      return "none";
  }
  return "none";
}

Result<PovertyStatus> parse_poverty_status(std::string_view text) {
  for (PovertyStatus s : {PovertyStatus::Poor, PovertyStatus::NearPoor, PovertyStatus::Escaped,
                          PovertyStatus::None}) {
    if (poverty_status_name(s) == text) return s;
  }
  return make_error(
      ErrorCode::InvalidArgument,
      fmt::format("status {}: expected poor, near-poor, escaped or none", text::quoted(text)));
}

std::optional<PovertyStatus> status_on(std::span<const StatusChange> history, Date day) {
  std::optional<StatusChange> latest;
  for (const StatusChange& c : history) {
    if (c.effective_from <= day && (!latest || c.effective_from > latest->effective_from))
      latest = c;
  }
  if (!latest) return std::nullopt;
  return latest->status;
}

std::string_view accounting_basis_name(AccountingBasis basis) {
  return basis == AccountingBasis::Cash ? "cash" : "accrual";
}

Result<AccountingBasis> parse_accounting_basis(std::string_view text) {
  if (text == "cash") return AccountingBasis::Cash;
  if (text == "accrual") return AccountingBasis::Accrual;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("basis {}: expected cash or accrual", text::quoted(text)));
}

std::string Program::account(LoanAccount role) const {
  switch (role) {
    case LoanAccount::InTerm:
      return "Assets:Loans:InTerm:" + code;
    case LoanAccount::Overdue:
      return "Assets:Loans:Overdue:" + code;
    case LoanAccount::Frozen:
      return "Assets:Loans:Frozen:" + code;
    case LoanAccount::InterestReceivable:
      return "Assets:InterestReceivable:" + code;
    case LoanAccount::InterestIncome:
      return "Income:Interest:" + code;
    case LoanAccount::AccruedInterest:
      return "OffBalance:AccruedInterest:" + code;
    case LoanAccount::AccruedInterestContra:
      return "OffBalance:AccruedInterestContra:" + code;
  }
  return {};
}

Status check_eligibility(const Program& program, std::span<const StatusChange> history, Date day) {
  if (program.eligible.empty()) return {};
  const std::optional<PovertyStatus> status = status_on(history, day);
  if (!status) {
    return refused(fmt::format("the household has no poverty status on {}; program {} requires one",
                               format_date(day), program.code));
  }
  if (std::find(program.eligible.begin(), program.eligible.end(), *status) ==
      program.eligible.end()) {
    std::string required;
    for (PovertyStatus s : program.eligible)
      required += (required.empty() ? "" : " or ") + std::string(poverty_status_name(s));
    return refused(fmt::format("the household's status on {} is {}; program {} requires {}",
                               format_date(day), poverty_status_name(*status), program.code,
                               required));
  }
  if (*status == PovertyStatus::Escaped && program.escaped_window_months) {
    // The run of "escaped" in force on `day` started on the latest change to it.
    std::optional<Date> escaped_from;
    std::vector<StatusChange> sorted(history.begin(), history.end());
    std::sort(sorted.begin(), sorted.end(), [](const StatusChange& a, const StatusChange& b) {
      return a.effective_from < b.effective_from;
    });
    for (const StatusChange& c : sorted) {
      if (c.effective_from > day) break;
      if (c.status != PovertyStatus::Escaped) {
        escaped_from.reset();
      } else if (!escaped_from) {
        escaped_from = c.effective_from;
      }
    }
    const Date limit =
        add_months(*escaped_from, *program.escaped_window_months, EndOfMonthRule::Clamp);
    if (day >= limit) {
      return refused(
          fmt::format("the household left poverty on {}, more than {} months before {}; program {} "
                      "lends for {} months after",
                      format_date(*escaped_from), *program.escaped_window_months, format_date(day),
                      program.code, *program.escaped_window_months));
    }
  }
  return {};
}

int extension_cap_months(int term_months) {
  return term_months <= 12 ? 12 : term_months / 2;
}

Status check_extension(int term_months, int extended_months, int requested_months) {
  if (requested_months <= 0) {
    return field_error(
        ErrorCode::InvalidArgument, "months",
        fmt::format(" {}: an extension is a positive number of months", requested_months));
  }
  const int cap = extension_cap_months(term_months);
  if (extended_months + requested_months > cap) {
    return refused(fmt::format(
        "extending by {} months would take the extensions to {} months, over the cap of {} for "
        "a {}-month loan ({} left)",
        requested_months, extended_months + requested_months, cap, term_months,
        std::max(0, cap - extended_months)));
  }
  return {};
}

Result<StudentPlan> student_plan(Date first_disbursement, Date course_end,
                                 std::optional<int> gdx_day) {
  if (course_end <= first_disbursement) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("course end {} is not after the first disbursement {}",
                                  format_date(course_end), format_date(first_disbursement)));
  }
  int months = 0;
  while (add_months(first_disbursement, months + 1, EndOfMonthRule::Clamp) <= course_end) ++months;
  months = std::max(months, 1);
  const int repayment = months <= 12 ? 2 * months : months;
  StudentPlan plan;
  plan.disbursement_months = months;
  plan.grace_principal_months = months + 12;
  plan.term_months = months + 12 + repayment;
  plan.every_months = 12;
  plan.maturity = due_date(first_disbursement, plan.term_months, gdx_day);
  return plan;
}

ScheduleTerms schedule_terms(const Program& program, const LoanContract& contract, Money principal,
                             Date start) {
  LoanContract plan = contract;
  if (contract.course_end) {
    // Student loans count their periods from the first disbursement (DOMAIN.md V6).
    Result<StudentPlan> student = student_plan(start, *contract.course_end, contract.gdx_day);
    if (student) {
      plan.term_months = student->term_months;
      plan.grace_principal_months = student->grace_principal_months;
      plan.every_months = student->every_months;
      plan.method = RepaymentMethod::EqualPrincipal;
    }
  }
  return ScheduleTerms{
      .principal = principal,
      .rates = program.rates,
      .term_months = plan.term_months,
      .start = start,
      .method = plan.method,
      .every_months = plan.every_months,
      .grace_principal_months = plan.grace_principal_months,
      .day_count = program.day_count,
      .rounding = program.rounding,
      .installment_multiple = Money::from_minor(program.installment_multiple, program.currency),
      .installment_rounding = program.installment_rounding,
      .gdx_day = contract.gdx_day,
      .custom = contract.custom};
}

}  // namespace socai
