// apply_event: one function per event kind, over the steps every event shares (checks that
// hold for any event, then advance_to, then the event, then its postings).
#include <fmt/format.h>

#include <algorithm>

#include "credit/accrual.hpp"
#include "credit/errors.hpp"
#include "credit/postings.hpp"

namespace socai {
namespace {

using credit::accrue_to;
using credit::amount_text;
using credit::end_period;
using credit::refused;
using credit::take;

// One event being applied: the loan and the event, the state before it (`state`), and the
// state and split it makes (`s`, `split`), which advance_to has brought to the event's date.
struct Applying {
  const Program& p;
  const LoanContract& c;
  const LoanState& state;
  const LoanEvent& e;
  LoanState& s;
  LoanSplit& split;
};

// Principal out, within the approved amount.
Status disburse(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  if (e.amount > c.approved.minor_units() - s.disbursed) {
    return refused(fmt::format("disbursing {} would bring loan {} to {}, beyond the approved {}",
                               amount_text(e.amount, p.currency), c.code,
                               amount_text(s.disbursed + e.amount, p.currency),
                               amount_text(c.approved.minor_units(), p.currency)));
  }
  s.disbursed += e.amount;
  s.in_term += e.amount;
  split.disbursed = e.amount;
  if (!s.first_disbursed_on) s.first_disbursed_on = e.date;
  if (!s.interest_through) s.interest_through = e.date;
  return {};
}

// The period ends; interest paid, overdue bucket first.
Status collect_interest(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  Result<std::int64_t> rounded = end_period(p, s);
  if (!rounded) return rounded.error();
  split.interest_rounded = rounded.value();
  const std::int64_t owed = s.interest_due_overdue + s.interest_due_in_term;
  if (e.amount > owed) {
    return refused(fmt::format("collecting {} is more than the interest owed on {} ({})",
                               amount_text(e.amount, p.currency), format_date(e.date),
                               amount_text(owed, p.currency)));
  }
  std::int64_t left = take(e.amount, s.interest_due_overdue, split.overdue_interest);
  take(left, s.interest_due_in_term, split.in_term_interest);
  return {};
}

// Principal paid: overdue first, then the in-term principal due, then prepaid.
Status repay_principal(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  const std::int64_t owed = s.overdue + s.in_term;
  if (e.amount > owed) {
    return refused(fmt::format("repaying {} is more than the principal owed ({})",
                               amount_text(e.amount, p.currency), amount_text(owed, p.currency)));
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
  return {};
}

// One amount split in the program's allocation order (DOMAIN.md section 3).
Status pay(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  Result<std::int64_t> rounded = end_period(p, s);
  if (!rounded) return rounded.error();
  split.interest_rounded = rounded.value();
  const std::int64_t owed = s.interest_due_overdue + s.interest_due_in_term + s.overdue + s.in_term;
  if (e.amount > owed) {
    return refused(fmt::format("paying {} is more than everything owed on {} ({})",
                               amount_text(e.amount, p.currency), format_date(e.date),
                               amount_text(owed, p.currency)));
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
  return {};
}

// In-term and overdue principal frozen for 3 or 5 years (Decisions 50/2010, 08/2021).
Status freeze(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
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
  return {};
}

// Frozen principal back in term before the freeze ends.
Status unfreeze(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
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
  return {};
}

// Due dates on or after the event's date move `years` months later, within the cap.
Status extend(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  if (!s.first_disbursed_on) return refused(fmt::format("loan {} is not disbursed", c.code));
  Result<Schedule> original =
      Schedule::build(schedule_terms(p, c, c.approved, *s.first_disbursed_on));
  if (!original) return original.error();
  const int term = static_cast<int>(original->periods().size());
  if (Status cap = check_extension(term, s.extended_months(), e.years); !cap) return cap.error();
  Result<Schedule> now = loan_schedule(p, c, s);
  if (!now) return now.error();
  bool moves = false;
  for (const SchedulePeriod& period : now->periods())
    moves = moves || (period.principal.is_positive() && period.due_date >= e.date);
  if (!moves) {
    return refused(fmt::format("loan {} has no installment due on or after {} to extend", c.code,
                               format_date(e.date)));
  }
  s.extensions.push_back({e.date, e.years});
  return {};
}

// Installment `years` (before its due date) joins the next one.
Status adjust(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  if (!s.first_disbursed_on) return refused(fmt::format("loan {} is not disbursed", c.code));
  Result<Schedule> now = loan_schedule(p, c, s);
  if (!now) return now.error();
  std::vector<Date> dues;
  for (const SchedulePeriod& period : now->periods())
    if (period.principal.is_positive()) dues.push_back(period.due_date);
  const int k = e.years;
  if (k < 1 || k >= static_cast<int>(dues.size())) {
    return refused(
        fmt::format("installment {}: loan {} has installments 1 to {}, and the last one cannot be "
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
  return {};
}

// Principal (frozen, overdue, in-term) and interest owed written off.
Status write_off(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  Result<std::int64_t> rounded = end_period(p, s);
  if (!rounded) return rounded.error();
  split.interest_rounded = rounded.value();
  if (e.amount > s.principal()) {
    return refused(fmt::format("writing off {} of principal is more than the balance ({})",
                               amount_text(e.amount, p.currency),
                               amount_text(s.principal(), p.currency)));
  }
  const std::int64_t interest_owed = s.interest_due_overdue + s.interest_due_in_term;
  if (e.interest_amount > interest_owed) {
    return refused(fmt::format("writing off {} of interest is more than the interest owed ({})",
                               amount_text(e.interest_amount, p.currency),
                               amount_text(interest_owed, p.currency)));
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
  return {};
}

// The month-end close: interest through the day's end, rounded once per bucket.
Status accrue(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  // The month's interest through the end of the day, rounded once per bucket. A due date
  // on this day is settled by the next event: it can be paid until the day ends.
  const Date next{date::sys_days{e.date} + date::days{1}};
  if (Status a = accrue_to(p, s, next); !a) return a.error();
  Result<std::int64_t> rounded = end_period(p, s);
  if (!rounded) return rounded.error();
  split.interest_rounded = rounded.value();
  return {};
}

// Money recovered on written-off debt.
Status recover(const Applying& a) {
  const auto& [p, c, state, e, s, split] = a;
  const std::int64_t recoverable = s.written_off_principal + s.written_off_interest - s.recovered;
  if (e.amount > recoverable) {
    return refused(
        fmt::format("recovering {} is more than the debt written off and not yet "
                    "recovered ({})",
                    amount_text(e.amount, p.currency), amount_text(recoverable, p.currency)));
  }
  split.recovered = e.amount;
  s.recovered += e.amount;
  return {};
}

Status apply_kind(const Applying& a) {
  switch (a.e.kind) {
    case LoanEventKind::Disburse:
      return disburse(a);
    case LoanEventKind::CollectInterest:
      return collect_interest(a);
    case LoanEventKind::RepayPrincipal:
      return repay_principal(a);
    case LoanEventKind::Pay:
      return pay(a);
    case LoanEventKind::Freeze:
      return freeze(a);
    case LoanEventKind::Unfreeze:
      return unfreeze(a);
    case LoanEventKind::Extend:
      return extend(a);
    case LoanEventKind::Adjust:
      return adjust(a);
    case LoanEventKind::WriteOff:
      return write_off(a);
    case LoanEventKind::Accrue:
      return accrue(a);
    case LoanEventKind::Recover:
      return recover(a);
    case LoanEventKind::Reverse:
      break;  // refused by check_event
  }
  return {};
}

// The refusals that hold whatever the event's kind, on the state before the event.
Status check_event(const LoanContract& c, const LoanState& state, const LoanEvent& e) {
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
  return {};
}

Result<LoanTransition> apply_event_on(const Program& p, const LoanContract& c,
                                      const LoanState& state, const LoanEvent& e,
                                      const Schedule* plan) {
  if (Status s = check_event(c, state, e); !s) return s.error();
  LoanTransition t{state, {}, {}, {}};
  LoanState& s = t.state;
  LoanSplit& split = t.split;
  Result<std::vector<OverdueTransfer>> transfers = credit::advance_to(p, c, s, e.date, plan);
  if (!transfers) return transfers.error();
  t.transfers = std::move(transfers).value();
  if (Status done = apply_kind(Applying{p, c, state, e, s, split}); !done) return done.error();
  const std::int64_t principal_paid =
      split.overdue_principal + split.due_principal + split.prepaid_principal;
  s.principal_repaid += principal_paid;
  s.interest_collected += split.overdue_interest + split.in_term_interest;
  if (split.overdue_interest + split.in_term_interest > 0) s.interest_paid_on = e.date;
  s.last_event_on = e.date;
  s.events += 1;
  t.postings = credit::event_postings(p, c, split);
  return t;
}

}  // namespace

Result<LoanTransition> apply_event(const Program& p, const LoanContract& c, const LoanState& state,
                                   const LoanEvent& e) {
  return apply_event_on(p, c, state, e, nullptr);
}

Result<LoanTransition> apply_event(const Program& p, const LoanContract& c, const LoanState& state,
                                   const LoanEvent& e, const Schedule& schedule) {
  return apply_event_on(p, c, state, e, &schedule);
}

Result<LoanTransition> apply_reversal(const Program& p, const LoanContract& c,
                                      const LoanState& before, const LoanState& after, Date day) {
  if (after.last_event_on && day < *after.last_event_on) {
    return refused(fmt::format("reverse dated {} is before the event it reverses ({})",
                               format_date(day), format_date(*after.last_event_on)));
  }
  LoanTransition t{before, {}, {}, {}};
  LoanState& s = t.state;
  Result<std::vector<OverdueTransfer>> transfers = credit::advance_to(p, c, s, day, nullptr);
  if (!transfers) return transfers.error();
  // The transfers the reversal finds due were either posted before the reversed event (and
  // are in `after` too) or are new: either way the restatement below carries them, so none
  // is posted on its own.
  s.last_event_on = day;
  s.events += 1;
  t.postings = credit::restatement_postings(p, c, after, s);
  return t;
}

}  // namespace socai
