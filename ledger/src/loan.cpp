#include "ledger/loan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "text.hpp"

namespace socai {
namespace {

Error refused(std::string message) {
  return make_error(ErrorCode::FailedPrecondition, std::move(message));
}

std::string amount_text(std::int64_t minor, Currency currency) {
  return format_minor(minor, currency, MoneyFormat::GroupedEnglish);
}

// Brings the exact interest of each bucket up to `day` (not counted).
Status accrue_to(const Program& p, LoanState& s, Date day) {
  if (!s.interest_through || day <= *s.interest_through) return {};
  const Date from = *s.interest_through;
  if (s.in_term != 0) {
    Result<Exact> i =
        interest_over(Money::from_minor(s.in_term, p.currency), p.rates, from, day, p.day_count, 1);
    if (!i) return i.error();
    s.accruing_in_term += i.value();
  }
  if (s.overdue != 0) {
    Result<Exact> i = interest_over(Money::from_minor(s.overdue, p.currency), p.rates, from, day,
                                    p.day_count, p.overdue_multiplier());
    if (!i) return i.error();
    s.accruing_overdue += i.value();
  }
  s.interest_through = day;
  return {};
}

// Ends the interest period: each bucket's exact interest rounded once into its due bucket.
Result<std::int64_t> end_period(const Program& p, LoanState& s) {
  Result<std::int64_t> in_term = round_exact(s.accruing_in_term, p.rounding);
  if (!in_term) return in_term.error();
  Result<std::int64_t> overdue = round_exact(s.accruing_overdue, p.rounding);
  if (!overdue) return overdue.error();
  s.interest_due_in_term += in_term.value();
  s.interest_due_overdue += overdue.value();
  s.accruing_in_term = 0;
  s.accruing_overdue = 0;
  s.interest_rounded += in_term.value() + overdue.value();
  return in_term.value() + overdue.value();
}

// Takes up to `amount` from `bucket` into `paid`; returns what is left of `amount`.
std::int64_t take(std::int64_t amount, std::int64_t& bucket, std::int64_t& paid) {
  const std::int64_t part = std::min(amount, bucket);
  bucket -= part;
  paid += part;
  return amount - part;
}

// The event's entry: one posting per account and loan, zero sums left out.
std::vector<PostingSpec> postings_for(const Program& p, const LoanContract& c,
                                      const LoanSplit& split) {
  std::map<std::pair<std::string, bool>, std::int64_t> sums;  // (account, names the loan)
  auto add = [&](std::string account, bool loan, std::int64_t amount) {
    sums[{std::move(account), loan}] += amount;
  };
  const std::int64_t interest = split.overdue_interest + split.in_term_interest;
  const std::int64_t principal =
      split.overdue_principal + split.due_principal + split.prepaid_principal;
  if (split.disbursed > 0) {
    add(p.account(LoanAccount::InTerm), true, split.disbursed);
    add(c.cash_account, false, -split.disbursed);
  }
  if (p.basis == AccountingBasis::Cash) {
    // Rounded interest is tracked off balance sheet until it is collected, then it is income.
    add(p.account(LoanAccount::AccruedInterest), true, split.interest_rounded - interest);
    add(p.account(LoanAccount::AccruedInterestContra), false, interest - split.interest_rounded);
    add(p.account(LoanAccount::InterestIncome), false, -interest);
  } else {
    add(p.account(LoanAccount::InterestReceivable), true, split.interest_rounded - interest);
    add(p.account(LoanAccount::InterestIncome), false, -split.interest_rounded);
  }
  add(c.cash_account, false, interest + principal);
  add(p.account(LoanAccount::Frozen), true, split.frozen - split.unfrozen);
  add(p.account(LoanAccount::InTerm), true, split.unfrozen - (split.frozen - split.frozen_overdue));
  add(p.account(LoanAccount::Overdue), true, -split.frozen_overdue);
  // Written-off principal is borne by the risk reserve and followed off balance sheet.
  const std::int64_t written_off =
      split.written_off_frozen + split.written_off_overdue + split.written_off_in_term;
  add(p.account(LoanAccount::Frozen), true, -split.written_off_frozen);
  add(p.account(LoanAccount::Overdue), true, -split.written_off_overdue);
  add(p.account(LoanAccount::InTerm), true, -split.written_off_in_term);
  add("Equity:RiskReserve", false, written_off);
  if (p.basis == AccountingBasis::Cash) {
    // Unpaid interest was never income: its off-balance record is cleared.
    add(p.account(LoanAccount::AccruedInterest), true, -split.written_off_interest);
    add(p.account(LoanAccount::AccruedInterestContra), false, split.written_off_interest);
  } else {
    add(p.account(LoanAccount::InterestReceivable), true, -split.written_off_interest);
    add("Equity:RiskReserve", false, split.written_off_interest);
  }
  add("OffBalance:WrittenOff:" + p.code, true,
      written_off + split.written_off_interest - split.recovered);
  add("OffBalance:WrittenOffContra:" + p.code, false,
      split.recovered - written_off - split.written_off_interest);
  add(c.cash_account, false, split.recovered);
  add("Income:Recoveries", false, -split.recovered);
  add(p.account(LoanAccount::Overdue), true, -split.overdue_principal);
  add(p.account(LoanAccount::InTerm), true, -(split.due_principal + split.prepaid_principal));

  std::vector<PostingSpec> postings;
  for (const auto& [key, amount] : sums) {
    if (amount == 0) continue;
    postings.push_back(PostingSpec{key.first, Money::from_minor(amount, p.currency),
                                   key.second ? std::optional(c.id) : std::nullopt});
  }
  // Debits first, then credits, each in account order: a stable, readable entry.
  std::stable_sort(postings.begin(), postings.end(),
                   [](const PostingSpec& a, const PostingSpec& b) {
                     return a.amount.is_positive() && !b.amount.is_positive();
                   });
  return postings;
}

}  // namespace

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

std::string_view loan_event_kind_name(LoanEventKind kind) {
  switch (kind) {
    case LoanEventKind::Disburse:
      return "disburse";
    case LoanEventKind::CollectInterest:
      return "collect-interest";
    case LoanEventKind::RepayPrincipal:
      return "repay";
    case LoanEventKind::Pay:
      return "pay";
    case LoanEventKind::Freeze:
      return "freeze";
    case LoanEventKind::Unfreeze:
      return "unfreeze";
    case LoanEventKind::Extend:
      return "extend";
    case LoanEventKind::Adjust:
      return "adjust";
    case LoanEventKind::WriteOff:
      return "write-off";
    case LoanEventKind::Recover:
      return "recover";
    case LoanEventKind::Accrue:
      return "accrue";
    case LoanEventKind::Reverse:
      return "reverse";
  }
  return "disburse";
}

Result<LoanEventKind> parse_loan_event_kind(std::string_view text) {
  for (LoanEventKind k :
       {LoanEventKind::Disburse, LoanEventKind::CollectInterest, LoanEventKind::RepayPrincipal,
        LoanEventKind::Pay, LoanEventKind::Freeze, LoanEventKind::Unfreeze, LoanEventKind::WriteOff,
        LoanEventKind::Recover, LoanEventKind::Extend, LoanEventKind::Adjust, LoanEventKind::Accrue,
        LoanEventKind::Reverse}) {
    if (loan_event_kind_name(k) == text) return k;
  }
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("loan event {}: unknown kind", text::quoted(text)));
}

Result<Schedule> loan_schedule(const Program& program, const LoanContract& contract,
                               const LoanState& state) {
  ScheduleTerms terms =
      schedule_terms(program, contract, contract.approved, *state.first_disbursed_on);
  if (state.extensions.empty() && state.adjusted_installments.empty())
    return Schedule::build(terms);
  Result<Schedule> base = Schedule::build(terms);
  if (!base) return base.error();
  // The plan's installments, then each adjustment and extension in the order recorded.
  std::vector<CustomInstallment> installments;
  for (const SchedulePeriod& p : base->periods())
    if (p.principal.is_positive()) installments.push_back({p.period, p.principal});
  std::vector<int> adjusted = state.adjusted_installments;
  std::sort(adjusted.begin(), adjusted.end());  // earlier first, so joins chain forward
  for (int k : adjusted) {
    if (k < 1 || k >= static_cast<int>(installments.size())) continue;
    Result<Money> joined = installments[k].principal.plus(installments[k - 1].principal);
    if (!joined) return joined.error();
    installments[k].principal = joined.value();
    installments[k - 1].principal = Money::zero(program.currency);
  }
  std::erase_if(installments, [](const CustomInstallment& c) { return c.principal.is_zero(); });
  int term = terms.term_months;
  for (const LoanState::Extension& e : state.extensions) {
    for (CustomInstallment& c : installments)
      if (due_date(terms.start, c.period, terms.gdx_day) >= e.from) c.period += e.months;
    term += e.months;
  }
  terms.method = RepaymentMethod::Custom;
  terms.custom = std::move(installments);
  terms.term_months = term;
  terms.every_months = 1;
  terms.grace_principal_months = 0;
  return Schedule::build(terms);
}

namespace {

// The in-term principal that may remain once the installments due by `day` are paid.
std::int64_t in_term_allowed(const Schedule& schedule, const LoanState& state, Date day) {
  std::int64_t scheduled = 0;
  for (const SchedulePeriod& period : schedule.periods()) {
    if (period.due_date > day) break;
    scheduled += period.principal.minor_units();
  }
  return std::max<std::int64_t>(0, state.disbursed - scheduled);
}

// Moves the unpaid principal of the due dates before `day` not yet settled to overdue (see
// apply_event), accruing up to each move; `schedule` is loan_schedule(p, c, s).
Status settle_due_dates(const Program& p, LoanState& s, Date day, const Schedule& schedule,
                        std::vector<OverdueTransfer>& transfers) {
  const bool every_installment = *s.first_disbursed_on >= p.missed_rule_cutoff;
  const Date maturity = schedule.periods().back().due_date;
  for (const SchedulePeriod& period : schedule.periods()) {
    const Date due = period.due_date;
    if (due >= day) break;
    if (period.principal.is_zero() || (s.transitions_through && due <= *s.transitions_through))
      continue;
    s.transitions_through = due;
    if (!every_installment && due != maturity) continue;  // rolls into the next installment
    const Date effective{date::sys_days{due} + date::days{1}};
    if (Status a = accrue_to(p, s, effective); !a) return a.error();
    const std::int64_t unpaid = s.in_term - in_term_allowed(schedule, s, due);
    if (unpaid <= 0) continue;
    s.in_term -= unpaid;
    s.overdue += unpaid;
    s.moved_to_overdue += unpaid;
    transfers.push_back(OverdueTransfer{effective, due, unpaid});
  }
  return {};
}

// Settles the due dates before `day` (see apply_event) and brings interest up to `day`.
// `plan` is the loan's schedule when the caller built it (loan_schedule(p, c, s)), else null.
Result<std::vector<OverdueTransfer>> advance_to(const Program& p, const LoanContract& c,
                                                LoanState& s, Date day, const Schedule* plan) {
  std::vector<OverdueTransfer> transfers;
  if (s.frozen_until && *s.frozen_until <= day) {
    // The freeze ended: its principal is back in term from its last day, and the due dates
    // passed while frozen are not missed (the schedule resumes from there).
    const Date end = *s.frozen_until;
    if (Status a = accrue_to(p, s, end); !a) return a.error();
    if (s.frozen > 0)
      transfers.push_back(OverdueTransfer{end, end, s.frozen, TransferKind::Unfreeze});
    s.in_term += s.frozen;
    s.frozen = 0;
    s.frozen_until.reset();
    s.transitions_through = std::max(s.transitions_through.value_or(end), end);
  }
  // Due dates pass even with nothing in term (all of it repaid, overdue or frozen): they are
  // settled then, so that principal disbursed later never moves to overdue, dated back, for an
  // installment that fell due before it was paid out.
  if (s.first_disbursed_on) {
    if (plan) {
      if (Status settled = settle_due_dates(p, s, day, *plan, transfers); !settled)
        return settled.error();
    } else {
      Result<Schedule> schedule = loan_schedule(p, c, s);
      if (!schedule) return schedule.error();
      if (Status settled = settle_due_dates(p, s, day, schedule.value(), transfers); !settled)
        return settled.error();
    }
  }
  if (Status a = accrue_to(p, s, day); !a) return a.error();
  return transfers;
}

Result<LoanTransition> apply_event_on(const Program& p, const LoanContract& c,
                                      const LoanState& state, const LoanEvent& e,
                                      const Schedule* plan);

}  // namespace

std::vector<PostingSpec> transfer_postings(const Program& program, const LoanContract& contract,
                                           const OverdueTransfer& transfer) {
  if (transfer.kind == TransferKind::Unfreeze) {
    return {PostingSpec{program.account(LoanAccount::InTerm),
                        Money::from_minor(transfer.amount, program.currency), contract.id},
            PostingSpec{program.account(LoanAccount::Frozen),
                        Money::from_minor(-transfer.amount, program.currency), contract.id}};
  }
  return {PostingSpec{program.account(LoanAccount::Overdue),
                      Money::from_minor(transfer.amount, program.currency), contract.id},
          PostingSpec{program.account(LoanAccount::InTerm),
                      Money::from_minor(-transfer.amount, program.currency), contract.id}};
}

Result<std::int64_t> principal_due_on(const Program& program, const LoanContract& contract,
                                      const LoanState& state, Date day) {
  if (!state.first_disbursed_on || state.in_term == 0) return std::int64_t{0};
  Result<Schedule> schedule = loan_schedule(program, contract, state);
  if (!schedule) return schedule.error();
  return std::max<std::int64_t>(0, state.in_term - in_term_allowed(schedule.value(), state, day));
}

Result<std::int64_t> days_past_due(const Program& program, const LoanContract& contract,
                                   const LoanState& state, Date day) {
  if (!state.first_disbursed_on || state.in_term + state.overdue == 0) return std::int64_t{0};
  Result<Schedule> schedule = loan_schedule(program, contract, state);
  if (!schedule) return schedule.error();
  return days_past_due(schedule.value(), state, day);
}

std::int64_t days_past_due(const Schedule& schedule, const LoanState& state, Date day) {
  if (!state.first_disbursed_on || state.in_term + state.overdue == 0) return 0;
  const std::int64_t settled = state.principal_repaid + state.written_off_principal;
  std::int64_t scheduled = 0;
  for (const SchedulePeriod& period : schedule.periods()) {
    if (period.due_date >= day) break;
    scheduled += period.principal.minor_units();
    if (scheduled > settled) return days_between(period.due_date, day);
  }
  return 0;
}

namespace {

Result<LoanState> state_on_with(const Program& program, const LoanContract& contract,
                                const LoanState& state, Date day, const Schedule* plan) {
  LoanState s = state;
  if (s.last_event_on && day < *s.last_event_on) {
    return refused(fmt::format("{} is before the loan's last event ({})", format_date(day),
                               format_date(*s.last_event_on)));
  }
  Result<std::vector<OverdueTransfer>> advanced = advance_to(program, contract, s, day, plan);
  if (!advanced) return advanced.error();
  return s;
}

}  // namespace

Result<LoanState> state_on(const Program& program, const LoanContract& contract,
                           const LoanState& state, Date day) {
  return state_on_with(program, contract, state, day, nullptr);
}

Result<LoanState> state_on(const Program& program, const LoanContract& contract,
                           const LoanState& state, Date day, const Schedule& schedule) {
  return state_on_with(program, contract, state, day, &schedule);
}

Result<InterestDue> interest_due_on(const Program& program, const LoanContract& contract,
                                    const LoanState& state, Date day) {
  Result<LoanState> s = state_on(program, contract, state, day);
  if (!s) return s.error();
  if (Result<std::int64_t> r = end_period(program, *s); !r) return r.error();
  return InterestDue{s->interest_due_in_term, s->interest_due_overdue};
}

Result<LoanTransition> apply_event(const Program& p, const LoanContract& c, const LoanState& state,
                                   const LoanEvent& e) {
  return apply_event_on(p, c, state, e, nullptr);
}

Result<LoanTransition> apply_event(const Program& p, const LoanContract& c, const LoanState& state,
                                   const LoanEvent& e, const Schedule& schedule) {
  return apply_event_on(p, c, state, e, &schedule);
}

namespace {

Result<LoanTransition> apply_event_on(const Program& p, const LoanContract& c,
                                      const LoanState& state, const LoanEvent& e,
                                      const Schedule* plan) {
  const Currency cur = p.currency;
  const std::string kind(loan_event_kind_name(e.kind));
  const bool moves_money = e.kind != LoanEventKind::Freeze && e.kind != LoanEventKind::Unfreeze &&
                           e.kind != LoanEventKind::WriteOff && e.kind != LoanEventKind::Extend &&
                           e.kind != LoanEventKind::Adjust && e.kind != LoanEventKind::Accrue;
  if (e.kind == LoanEventKind::Reverse) {
    return make_error(
        ErrorCode::InvalidArgument,
        "reverse: a reversal is applied with apply_reversal, over the loan's history");
  }
  if (e.kind == LoanEventKind::WriteOff &&
      (e.amount < 0 || e.interest_amount < 0 || e.amount + e.interest_amount <= 0)) {
    return make_error(ErrorCode::InvalidArgument,
                      "write-off: give the principal and/or the interest written off");
  }
  if (moves_money && e.amount <= 0) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{}: the amount must be positive", kind));
  }
  if (state.frozen_until && e.date < *state.frozen_until && moves_money &&
      e.kind != LoanEventKind::CollectInterest && e.kind != LoanEventKind::RepayPrincipal &&
      e.kind != LoanEventKind::Pay) {
    return refused(fmt::format("loan {} is frozen until {}; unfreeze it first", c.code,
                               format_date(*state.frozen_until)));
  }
  if (state.last_event_on && e.date < *state.last_event_on) {
    return refused(fmt::format("{} dated {} is before the loan's last event ({})", kind,
                               format_date(e.date), format_date(*state.last_event_on)));
  }
  // A month-end close accrued the interest of its last day: nothing more on that day.
  const bool accrued_ahead = state.interest_through && state.last_event_on &&
                             *state.interest_through > *state.last_event_on;
  if (accrued_ahead && e.date < *state.interest_through) {
    return refused(
        fmt::format("{} dated {}: the month-end close accrued loan {}'s interest "
                    "through {}",
                    kind, format_date(e.date), c.code, format_date(*state.last_event_on)));
  }
  if (e.kind == LoanEventKind::Recover) {
    if (!state.written_off())
      return refused(fmt::format("loan {} has nothing written off", c.code));
  } else if (state.repaid_in_full()) {
    return refused(
        fmt::format("loan {} is {}; nothing more can be {}", c.code,
                    state.written_off() ? "written off and closed" : "repaid in full and closed",
                    e.kind == LoanEventKind::Disburse ? "disbursed" : "paid"));
  }
  LoanTransition t{state, {}, {}, {}};
  LoanState& s = t.state;
  LoanSplit& split = t.split;
  Result<std::vector<OverdueTransfer>> transfers = advance_to(p, c, s, e.date, plan);
  if (!transfers) return transfers.error();
  t.transfers = std::move(transfers).value();

  switch (e.kind) {
    case LoanEventKind::Disburse: {
      if (e.amount > c.approved.minor_units() - s.disbursed) {
        return refused(fmt::format(
            "disbursing {} would bring loan {} to {}, beyond the approved {}",
            amount_text(e.amount, cur), c.code, amount_text(s.disbursed + e.amount, cur),
            amount_text(c.approved.minor_units(), cur)));
      }
      s.disbursed += e.amount;
      s.in_term += e.amount;
      split.disbursed = e.amount;
      if (!s.first_disbursed_on) s.first_disbursed_on = e.date;
      if (!s.interest_through) s.interest_through = e.date;
      break;
    }
    case LoanEventKind::CollectInterest: {
      Result<std::int64_t> rounded = end_period(p, s);
      if (!rounded) return rounded.error();
      split.interest_rounded = rounded.value();
      const std::int64_t owed = s.interest_due_overdue + s.interest_due_in_term;
      if (e.amount > owed) {
        return refused(fmt::format("collecting {} is more than the interest owed on {} ({})",
                                   amount_text(e.amount, cur), format_date(e.date),
                                   amount_text(owed, cur)));
      }
      std::int64_t left = take(e.amount, s.interest_due_overdue, split.overdue_interest);
      take(left, s.interest_due_in_term, split.in_term_interest);
      break;
    }
    case LoanEventKind::RepayPrincipal: {
      const std::int64_t owed = s.overdue + s.in_term;
      if (e.amount > owed) {
        return refused(fmt::format("repaying {} is more than the principal owed ({})",
                                   amount_text(e.amount, cur), amount_text(owed, cur)));
      }
      Result<std::int64_t> due = principal_due_on(p, c, s, e.date);
      if (!due) return due.error();
      std::int64_t left = take(e.amount, s.overdue, split.overdue_principal);
      std::int64_t due_left = due.value();
      const std::int64_t to_due = std::min(left, due_left);
      left -= to_due;
      s.in_term -= to_due;
      split.due_principal = to_due;
      take(left, s.in_term, split.prepaid_principal);
      if (s.principal() == 0) {
        // The last principal ends the last interest period: what accrued is now due, and a
        // loan whose interest rounds to nothing is closed.
        Result<std::int64_t> rounded = end_period(p, s);
        if (!rounded) return rounded.error();
        split.interest_rounded = rounded.value();
      }
      break;
    }
    case LoanEventKind::Pay: {
      Result<std::int64_t> rounded = end_period(p, s);
      if (!rounded) return rounded.error();
      split.interest_rounded = rounded.value();
      const std::int64_t owed =
          s.interest_due_overdue + s.interest_due_in_term + s.overdue + s.in_term;
      if (e.amount > owed) {
        return refused(fmt::format("paying {} is more than everything owed on {} ({})",
                                   amount_text(e.amount, cur), format_date(e.date),
                                   amount_text(owed, cur)));
      }
      Result<std::int64_t> due = principal_due_on(p, c, s, e.date);
      if (!due) return due.error();
      // DOMAIN.md section 3, in the program's order.
      std::int64_t left = e.amount;
      std::int64_t due_left = due.value();
      for (PaymentPart part : p.allocation) {
        switch (part) {
          case PaymentPart::OverdueInterest:
            left = take(left, s.interest_due_overdue, split.overdue_interest);
            break;
          case PaymentPart::InTermInterest:
            left = take(left, s.interest_due_in_term, split.in_term_interest);
            break;
          case PaymentPart::OverduePrincipal:
            left = take(left, s.overdue, split.overdue_principal);
            break;
          case PaymentPart::DuePrincipal: {
            // Due principal is the part of the in-term principal already due.
            const std::int64_t to_due = std::min({left, due_left, s.in_term});
            left -= to_due;
            due_left -= to_due;
            s.in_term -= to_due;
            split.due_principal += to_due;
            break;
          }
          case PaymentPart::Prepayment: {
            // Prepayment takes the in-term principal not yet due.
            const std::int64_t not_due = s.in_term - std::min(due_left, s.in_term);
            const std::int64_t to_prepay = std::min(left, not_due);
            left -= to_prepay;
            s.in_term -= to_prepay;
            split.prepaid_principal += to_prepay;
            break;
          }
        }
      }
      break;
    }
    case LoanEventKind::Freeze: {
      if (e.years != 3 && e.years != 5) {
        return field_error(ErrorCode::InvalidArgument, "years",
                           fmt::format(" {}: a freeze is for 3 or 5 years", e.years));
      }
      if (s.frozen == 0 && s.in_term + s.overdue == 0) {
        return refused(fmt::format("loan {} has no principal outstanding to freeze", c.code));
      }
      // Frozen principal accrues nothing; what accrued until now stays owed.
      split.frozen = s.in_term + s.overdue;
      split.frozen_overdue = s.overdue;
      s.frozen += split.frozen;
      s.in_term = 0;
      s.overdue = 0;
      s.frozen_until = add_months(e.date, 12 * e.years, EndOfMonthRule::Clamp);
      break;
    }
    case LoanEventKind::Unfreeze: {
      if (!s.frozen_until) {
        if (state.frozen_until) {
          return refused(
              fmt::format("the freeze of loan {} ended on {}; its principal is back in "
                          "term",
                          c.code, format_date(*state.frozen_until)));
        }
        return refused(fmt::format("loan {} is not frozen", c.code));
      }
      split.unfrozen = s.frozen;
      s.in_term += s.frozen;
      s.frozen = 0;
      s.frozen_until.reset();
      // The due dates passed while frozen are not missed: the schedule resumes from here.
      s.transitions_through = e.date;
      break;
    }
    case LoanEventKind::Extend: {
      if (!s.first_disbursed_on) return refused(fmt::format("loan {} is not disbursed", c.code));
      Result<Schedule> original =
          Schedule::build(schedule_terms(p, c, c.approved, *s.first_disbursed_on));
      if (!original) return original.error();
      const int term = static_cast<int>(original->periods().size());
      if (Status cap = check_extension(term, s.extended_months(), e.years); !cap)
        return cap.error();
      Result<Schedule> now = loan_schedule(p, c, s);
      if (!now) return now.error();
      bool moves = false;
      for (const SchedulePeriod& period : now->periods())
        moves = moves || (period.principal.is_positive() && period.due_date >= e.date);
      if (!moves) {
        return refused(fmt::format("loan {} has no installment due on or after {} to extend",
                                   c.code, format_date(e.date)));
      }
      s.extensions.push_back({e.date, e.years});
      break;
    }
    case LoanEventKind::Adjust: {
      if (!s.first_disbursed_on) return refused(fmt::format("loan {} is not disbursed", c.code));
      Result<Schedule> now = loan_schedule(p, c, s);
      if (!now) return now.error();
      std::vector<Date> dues;
      for (const SchedulePeriod& period : now->periods())
        if (period.principal.is_positive()) dues.push_back(period.due_date);
      const int k = e.years;
      if (k < 1 || k >= static_cast<int>(dues.size())) {
        return refused(fmt::format(
            "installment {}: loan {} has installments 1 to {}, and the last one cannot be "
            "adjusted to a next one",
            k, c.code, dues.size()));
      }
      if (e.date >= dues[k - 1]) {
        return refused(
            fmt::format("installment {} was due on {}; an adjustment is filed before "
                        "its due date",
                        k, format_date(dues[k - 1])));
      }
      // Installment numbers count the plan as it stands now; record the original's number,
      // the k-th of those not yet joined to a later one.
      int original = 0;
      for (int seen = 0; seen < k;) {
        ++original;
        if (std::find(s.adjusted_installments.begin(), s.adjusted_installments.end(), original) ==
            s.adjusted_installments.end())
          ++seen;
      }
      s.adjusted_installments.push_back(original);
      break;
    }
    case LoanEventKind::WriteOff: {
      Result<std::int64_t> rounded = end_period(p, s);
      if (!rounded) return rounded.error();
      split.interest_rounded = rounded.value();
      if (e.amount > s.principal()) {
        return refused(fmt::format("writing off {} of principal is more than the balance ({})",
                                   amount_text(e.amount, cur), amount_text(s.principal(), cur)));
      }
      const std::int64_t interest_owed = s.interest_due_overdue + s.interest_due_in_term;
      if (e.interest_amount > interest_owed) {
        return refused(fmt::format("writing off {} of interest is more than the interest owed ({})",
                                   amount_text(e.interest_amount, cur),
                                   amount_text(interest_owed, cur)));
      }
      std::int64_t left = take(e.amount, s.frozen, split.written_off_frozen);
      left = take(left, s.overdue, split.written_off_overdue);
      take(left, s.in_term, split.written_off_in_term);
      std::int64_t interest_left =
          take(e.interest_amount, s.interest_due_overdue, split.written_off_interest);
      take(interest_left, s.interest_due_in_term, split.written_off_interest);
      s.written_off_principal += e.amount;
      s.written_off_interest += e.interest_amount;
      if (s.frozen == 0) s.frozen_until.reset();
      break;
    }
    case LoanEventKind::Accrue: {
      // The month's interest through the end of the day, rounded once per bucket. A due date
      // on this day is settled by the next event: it can be paid until the day ends.
      const Date next{date::sys_days{e.date} + date::days{1}};
      if (Status a = accrue_to(p, s, next); !a) return a.error();
      Result<std::int64_t> rounded = end_period(p, s);
      if (!rounded) return rounded.error();
      split.interest_rounded = rounded.value();
      break;
    }
    case LoanEventKind::Reverse:
      break;  // refused above
    case LoanEventKind::Recover: {
      const std::int64_t recoverable =
          s.written_off_principal + s.written_off_interest - s.recovered;
      if (e.amount > recoverable) {
        return refused(
            fmt::format("recovering {} is more than the debt written off and not yet "
                        "recovered ({})",
                        amount_text(e.amount, cur), amount_text(recoverable, cur)));
      }
      split.recovered = e.amount;
      s.recovered += e.amount;
      break;
    }
  }
  const std::int64_t principal_paid =
      split.overdue_principal + split.due_principal + split.prepaid_principal;
  s.principal_repaid += principal_paid;
  s.interest_collected += split.overdue_interest + split.in_term_interest;
  if (split.overdue_interest + split.in_term_interest > 0) s.interest_paid_on = e.date;
  s.last_event_on = e.date;
  s.events += 1;
  t.postings = postings_for(p, c, split);
  return t;
}

}  // namespace

Result<LoanTransition> apply_reversal(const Program& p, const LoanContract& c,
                                      const LoanState& before, const LoanState& after, Date day) {
  if (after.last_event_on && day < *after.last_event_on) {
    return refused(fmt::format("reverse dated {} is before the event it reverses ({})",
                               format_date(day), format_date(*after.last_event_on)));
  }
  LoanTransition t{before, {}, {}, {}};
  LoanState& s = t.state;
  Result<std::vector<OverdueTransfer>> transfers = advance_to(p, c, s, day, nullptr);
  if (!transfers) return transfers.error();
  // The transfers the reversal finds due were either posted before the reversed event (and
  // are in `after` too) or are new: either way the restatement below carries them, so none
  // is posted on its own.
  s.last_event_on = day;
  s.events += 1;
  // Restate the journal from `after` to `s`, one posting per account and loan.
  std::map<std::pair<std::string, bool>, std::int64_t> sums;
  auto add = [&](std::string account, bool loan, std::int64_t amount) {
    sums[{std::move(account), loan}] += amount;
  };
  const std::int64_t due_change = (s.interest_due_in_term + s.interest_due_overdue) -
                                  (after.interest_due_in_term + after.interest_due_overdue);
  std::int64_t on_balance = 0;
  auto add_on = [&](std::string account, bool loan, std::int64_t amount) {
    on_balance += amount;
    add(std::move(account), loan, amount);
  };
  add_on(p.account(LoanAccount::InTerm), true, s.in_term - after.in_term);
  add_on(p.account(LoanAccount::Overdue), true, s.overdue - after.overdue);
  add_on(p.account(LoanAccount::Frozen), true, s.frozen - after.frozen);
  if (p.basis == AccountingBasis::Cash) {
    add(p.account(LoanAccount::AccruedInterest), true, due_change);
    add(p.account(LoanAccount::AccruedInterestContra), false, -due_change);
    add_on(p.account(LoanAccount::InterestIncome), false,
           after.interest_collected - s.interest_collected);
  } else {
    add_on(p.account(LoanAccount::InterestReceivable), true, due_change);
    add_on(p.account(LoanAccount::InterestIncome), false,
           after.interest_rounded - s.interest_rounded);
  }
  const std::int64_t recovered = s.recovered - after.recovered;
  add("OffBalance:WrittenOff:" + p.code, true, -recovered);
  add("OffBalance:WrittenOffContra:" + p.code, false, recovered);
  add_on("Income:Recoveries", false, -recovered);
  add(c.cash_account, false, -on_balance);
  for (const auto& [key, amount] : sums) {
    if (amount == 0) continue;
    t.postings.push_back(PostingSpec{key.first, Money::from_minor(amount, p.currency),
                                     key.second ? std::optional(c.id) : std::nullopt});
  }
  std::stable_sort(t.postings.begin(), t.postings.end(),
                   [](const PostingSpec& a, const PostingSpec& b) {
                     return a.amount.is_positive() && !b.amount.is_positive();
                   });
  return t;
}

}  // namespace socai
