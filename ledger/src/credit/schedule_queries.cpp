// Schedule queries over a loan's state: its schedule as extended and adjusted, the due dates
// settled, principal due, days past due, the state and interest owed on a day.
#include <fmt/format.h>

#include <algorithm>

#include "credit/accrual.hpp"
#include "credit/errors.hpp"

namespace socai {
namespace credit {

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

std::int64_t take(std::int64_t amount, std::int64_t& bucket, std::int64_t& paid) {
  const std::int64_t part = std::min(amount, bucket);
  bucket -= part;
  paid += part;
  return amount - part;
}

std::int64_t in_term_allowed(const Schedule& schedule, const LoanState& state, Date day) {
  std::int64_t scheduled = 0;
  for (const SchedulePeriod& period : schedule.periods()) {
    if (period.due_date > day) break;
    scheduled += period.principal.minor_units();
  }
  return std::max<std::int64_t>(0, state.disbursed - scheduled);
}

namespace {

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

}  // namespace

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

}  // namespace credit

using credit::advance_to;
using credit::end_period;
using credit::in_term_allowed;
using credit::refused;

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

}  // namespace socai
