// The reference model of the deterministic simulation (tests/test_simulation.cpp): the lending
// rules of DOMAIN.md written out again, as plainly as possible, over exact integers and without
// any of the library's code, so that the library's loan book can be checked against it after
// every operation.
//
// Interest is summed day by day: each day adds the end-of-day balance of each bucket times the
// yearly rate in force that day (in millionths), in units of 1 / (365 x 10^8) (act365f) or
// 1 / (360 x 10^8) (act30: the monthly rate, yearly / 12, over 30 days), the overdue bucket
// times 130 and the in-term bucket times 100. The sum of a period is rounded once, half up,
// when the period ends (an interest collection, a payment, a write-off, the last principal
// repaid, a month-end close).
#pragma once

#include <date/date.h>

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace socai::sim {

using Day = date::sys_days;
using Wide = boost::multiprecision::checked_int128_t;

inline Day day_of(int y, unsigned m, unsigned d) {
  return Day{date::year{y} / date::month{m} / date::day{d}};
}

// A day of a month, clamped to the month's length.
inline Day clamped(date::year_month ym, unsigned day) {
  const unsigned last = static_cast<unsigned>((ym / date::last).day());
  return Day{ym / date::day{std::min(day, last)}};
}

// `start` plus `months`, the start's day kept and clamped (DESIGN.md section 7).
inline Day plus_months(Day start, int months) {
  const date::year_month_day s{start};
  return clamped(date::year_month{s.year(), s.month()} + date::months{months},
                 static_cast<unsigned>(s.day()));
}

// The due date of month `period` after `start` (DESIGN.md section 7, DOMAIN.md section 3):
// without a GDX day the start's day of month; with one, the GDX day of the due month when it
// falls on or before the start's day of month, else the GDX day of the month before, so that
// there is one due date a month.
inline Day due_on(Day start, int period, std::optional<int> gdx) {
  const Day contractual = plus_months(start, period);
  if (!gdx) return contractual;
  const date::year_month_day s{start};
  const date::year_month_day c{contractual};
  const bool same_month = clamped({s.year(), s.month()}, static_cast<unsigned>(*gdx)) <= start;
  date::year_month month{c.year(), c.month()};
  if (!same_month) month -= date::months{1};
  return clamped(month, static_cast<unsigned>(*gdx));
}

enum class Status { Poor, NearPoor, None };

struct ProgramRule {
  std::string code;
  bool act30 = false;    // monthly rate / 30 a day; else yearly rate / 365
  bool accrual = false;  // accrual basis: rounded interest is income and a receivable
  std::vector<std::pair<Day, std::int64_t>> rates;  // from a day on, yearly rate in millionths
  std::optional<Status> eligible;                   // empty: any household
  std::optional<std::int64_t> cap;
  int max_term = 120;

  std::int64_t rate_on(Day d) const {
    std::int64_t r = 0;
    for (const auto& [from, rate] : rates)
      if (from <= d) r = rate;
    return r;
  }
  // Interest is counted in units of 1 / denominator() of a đồng.
  std::int64_t denominator() const { return (act30 ? 360 : 365) * std::int64_t{100'000'000}; }
  std::int64_t round(const Wide& units) const {
    const Wide d = denominator();
    return ((2 * units + d) / (2 * d)).convert_to<std::int64_t>();  // half up, units >= 0
  }
};

// Loans first disbursed from this day on have every missed installment's unpaid part moved to
// overdue; earlier loans only their final maturity's (DOMAIN.md section 3).
inline const Day kMissedRuleCutoff = day_of(2026, 3, 1);

enum class EventKind {
  Open,
  Disburse,
  Collect,
  Repay,
  Pay,
  Freeze,
  Unfreeze,
  Extend,
  Adjust,
  WriteOff,
  Recover,
  Reverse,
  Accrue
};

struct Installment {
  int period = 0;  // months after the first disbursement, before extensions moved it
  std::int64_t amount = 0;
};

struct LoanState {
  std::int64_t disbursed = 0;
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t owed_in_term = 0;  // rounded interest not yet paid
  std::int64_t owed_overdue = 0;
  Wide accruing_in_term = 0;  // the open period's interest, in 1 / denominator()
  Wide accruing_overdue = 0;
  std::optional<Day> interest_from;  // the first day not yet counted
  std::optional<Day> first_disbursed;
  std::optional<Day> last_event;
  std::optional<Day> frozen_until;
  std::optional<Day> settled_through;  // due dates up to this day have been looked at
  std::vector<Installment> plan;       // the installments with principal, in due order
  int extended = 0;
  std::int64_t collected = 0;
  std::int64_t rounded = 0;
  std::int64_t repaid = 0;
  std::int64_t written_off_principal = 0;
  std::int64_t written_off_interest = 0;
  std::int64_t recovered = 0;

  std::int64_t principal() const { return in_term + overdue + frozen; }
  bool written_off() const { return written_off_principal + written_off_interest > 0; }
  bool settled() const {
    return disbursed > 0 && principal() == 0 && owed_in_term == 0 && owed_overdue == 0 &&
           accruing_in_term == 0 && accruing_overdue == 0;
  }
};

struct LoanRule {
  std::string code;
  const ProgramRule* program = nullptr;
  Status household_status = Status::Poor;
  std::optional<int> gdx;
  std::int64_t approved = 0;
  int term = 12;
  int every = 12;
};

class LoanModel {
 public:
  explicit LoanModel(LoanRule rule) : rule_(std::move(rule)) {}

  const LoanRule& rule() const { return rule_; }
  const LoanState& state() const { return now_; }
  EventKind last_kind() const { return last_kind_; }

  Day due_of(const LoanState& s, const Installment& i) const {
    return due_on(*s.first_disbursed, i.period, rule_.gdx);
  }

  // The loan as it stands on `day` with nothing more recorded.
  LoanState on(Day day) const {
    LoanState s = now_;
    advance(s, day);
    return s;
  }
  // Interest owed if paid on `day`: each bucket's owed interest and its period so far, rounded.
  std::pair<std::int64_t, std::int64_t> interest_owed(const LoanState& s) const {
    return {s.owed_in_term + rule_.program->round(s.accruing_in_term),
            s.owed_overdue + rule_.program->round(s.accruing_overdue)};
  }
  // Principal of installments due on or before `day` and still in term, plus all overdue.
  std::int64_t principal_due(const LoanState& s, Day day) const {
    if (!s.first_disbursed || s.in_term == 0) return s.overdue;
    return s.overdue + std::max<std::int64_t>(0, s.in_term - may_stay_in_term(s, day));
  }
  // Days since the oldest due date before `day` whose installment is not all repaid or
  // written off, installments being paid in their order.
  std::int64_t days_past_due(const LoanState& s, Day day) const {
    if (!s.first_disbursed || s.in_term + s.overdue == 0) return 0;
    std::int64_t scheduled = 0;
    for (const Installment& i : s.plan) {
      const Day due = due_of(s, i);
      if (due >= day) break;
      scheduled += i.amount;
      if (scheduled > s.repaid + s.written_off_principal) return (day - due).count();
    }
    return 0;
  }
  std::string status(const LoanState& s) const {
    if (s.disbursed == 0) return "approved";
    if (s.settled()) return s.written_off() ? "written-off" : "closed";
    if (s.frozen > 0) return "frozen";
    if (s.overdue > 0) return "overdue";
    return "in-term";
  }

  struct Op {
    EventKind kind = EventKind::Disburse;
    Day day;
    std::int64_t amount = 0;
    std::int64_t interest = 0;  // write-off
    int number = 0;             // freeze: years; extend: months; adjust: installment
  };

  // Applies `op` when the rules allow it and says whether they did (a refused one changes
  // nothing). Nothing can be recorded on or before `closed_through`.
  bool apply(const Op& op, std::optional<Day> closed_through) {
    if (closed_through && op.day <= *closed_through) return false;
    if (now_.last_event && op.day < *now_.last_event) return false;
    if (op.kind == EventKind::Reverse) {
      if (!before_last_) return false;
      LoanState s = *before_last_;
      advance(s, op.day);
      s.last_event = op.day;
      commit(std::move(s), EventKind::Reverse);
      return true;
    }
    LoanState s = now_;
    // A month-end close counted the interest of its last day: nothing more on that day.
    if (s.interest_from && s.last_event && *s.interest_from > *s.last_event &&
        op.day < *s.interest_from)
      return false;
    const bool frozen_now = s.frozen_until && op.day < *s.frozen_until;
    if (frozen_now && (op.kind == EventKind::Disburse || op.kind == EventKind::Recover))
      return false;
    if (op.kind == EventKind::Recover) {
      if (!s.written_off()) return false;
    } else if (s.settled()) {
      return false;
    }
    advance(s, op.day);
    switch (op.kind) {
      case EventKind::Disburse: {
        if (rule_.program->eligible && *rule_.program->eligible != rule_.household_status)
          return false;
        if (op.amount <= 0 || op.amount > rule_.approved - s.disbursed) return false;
        s.disbursed += op.amount;
        s.in_term += op.amount;
        if (!s.first_disbursed) {
          s.first_disbursed = op.day;
          s.interest_from = op.day;
          s.plan = equal_principal_plan();
        }
        break;
      }
      case EventKind::Collect: {
        end_period(s);
        if (op.amount <= 0 || op.amount > s.owed_in_term + s.owed_overdue) return false;
        std::int64_t left = op.amount;
        left = take(left, s.owed_overdue);
        take(left, s.owed_in_term);
        s.collected += op.amount;
        break;
      }
      case EventKind::Repay: {
        if (op.amount <= 0 || op.amount > s.overdue + s.in_term) return false;
        std::int64_t left = take(op.amount, s.overdue);
        take(left, s.in_term);
        s.repaid += op.amount;
        if (s.principal() == 0) end_period(s);
        break;
      }
      case EventKind::Pay: {
        end_period(s);
        if (op.amount <= 0 || op.amount > s.owed_overdue + s.owed_in_term + s.overdue + s.in_term)
          return false;
        // Overdue interest, in-term interest, overdue principal, then in-term principal (the
        // part due first, then prepayment: both come out of the in-term bucket).
        std::int64_t left = op.amount;
        const std::int64_t interest_before = s.owed_overdue + s.owed_in_term;
        left = take(left, s.owed_overdue);
        left = take(left, s.owed_in_term);
        const std::int64_t interest = interest_before - (s.owed_overdue + s.owed_in_term);
        left = take(left, s.overdue);
        take(left, s.in_term);
        s.collected += interest;
        s.repaid += op.amount - interest;
        break;
      }
      case EventKind::Freeze: {
        if (op.number != 3 && op.number != 5) return false;
        if (s.principal() == 0) return false;
        s.frozen += s.in_term + s.overdue;
        s.in_term = 0;
        s.overdue = 0;
        s.frozen_until = plus_months(op.day, 12 * op.number);
        break;
      }
      case EventKind::Unfreeze: {
        if (!s.frozen_until) return false;
        s.in_term += s.frozen;
        s.frozen = 0;
        s.frozen_until.reset();
        s.settled_through = op.day;  // the due dates passed while frozen are not missed
        break;
      }
      case EventKind::Extend: {
        if (!s.first_disbursed || op.number <= 0) return false;
        const int cap = rule_.term <= 12 ? 12 : rule_.term / 2;  // DOMAIN.md section 4, V7
        if (s.extended + op.number > cap) return false;
        bool moves = false;
        for (Installment& i : s.plan) {
          if (due_of(s, i) >= op.day) {
            i.period += op.number;
            moves = true;
          }
        }
        if (!moves) return false;
        s.extended += op.number;
        break;
      }
      case EventKind::Adjust: {
        if (!s.first_disbursed) return false;
        const int k = op.number;
        if (k < 1 || k >= static_cast<int>(s.plan.size())) return false;
        if (op.day >= due_of(s, s.plan[k - 1])) return false;
        s.plan[k].amount += s.plan[k - 1].amount;
        s.plan.erase(s.plan.begin() + (k - 1));
        break;
      }
      case EventKind::WriteOff: {
        end_period(s);
        if (op.amount < 0 || op.interest < 0 || op.amount + op.interest == 0) return false;
        if (op.amount > s.principal() || op.interest > s.owed_in_term + s.owed_overdue)
          return false;
        std::int64_t left = take(op.amount, s.frozen);
        left = take(left, s.overdue);
        take(left, s.in_term);
        left = take(op.interest, s.owed_overdue);
        take(left, s.owed_in_term);
        s.written_off_principal += op.amount;
        s.written_off_interest += op.interest;
        if (s.frozen == 0) s.frozen_until.reset();
        break;
      }
      case EventKind::Recover: {
        const std::int64_t recoverable =
            s.written_off_principal + s.written_off_interest - s.recovered;
        if (op.amount <= 0 || op.amount > recoverable) return false;
        s.recovered += op.amount;
        break;
      }
      case EventKind::Open:
      case EventKind::Reverse:
      case EventKind::Accrue:
        return false;
    }
    s.last_event = op.day;
    commit(std::move(s), op.kind);
    return true;
  }

  // The month-end close of the month ending `through`: whether the loan got an accrual event.
  bool close(Day through) {
    const LoanState& now = now_;
    if (now.disbursed == 0 || now.settled()) return false;
    if (now.last_event && *now.last_event > through) return false;
    LoanState s = now;
    const bool accruing =
        now.in_term + now.overdue > 0 || now.accruing_in_term != 0 || now.accruing_overdue != 0;
    const int moves = advance(s, through);
    accrue(s, through + date::days{1});
    end_period(s);
    if (!accruing && moves == 0) return false;
    s.last_event = through;
    commit(std::move(s), EventKind::Accrue);
    return true;
  }

 private:
  static std::int64_t take(std::int64_t amount, std::int64_t& bucket) {
    const std::int64_t part = std::min(amount, bucket);
    bucket -= part;
    return amount - part;
  }

  void commit(LoanState s, EventKind kind) {
    const bool reversible = kind == EventKind::Disburse || kind == EventKind::Collect ||
                            kind == EventKind::Repay || kind == EventKind::Pay ||
                            kind == EventKind::Recover;
    if (reversible) {
      before_last_ = now_;
    } else {
      before_last_.reset();
    }
    now_ = std::move(s);
    last_kind_ = kind;
  }

  // Equal principal every `every` months to the term, each rounded down to 100,000 VND, the
  // remainder on the last (DOMAIN.md section 3); installments of nothing left out.
  std::vector<Installment> equal_principal_plan() const {
    const int count = rule_.term / rule_.every;
    const std::int64_t each = rule_.approved / (count * std::int64_t{100'000}) * 100'000;
    std::vector<Installment> plan;
    for (int k = 1; k < count; ++k)
      if (each > 0) plan.push_back({k * rule_.every, each});
    plan.push_back({rule_.term, rule_.approved - each * (count - 1)});
    return plan;
  }

  // What of the principal disbursed may still be in term once the installments due by `day`
  // are paid.
  std::int64_t may_stay_in_term(const LoanState& s, Day day) const {
    std::int64_t scheduled = 0;
    for (const Installment& i : s.plan)
      if (due_of(s, i) <= day) scheduled += i.amount;
    return std::max<std::int64_t>(0, s.disbursed - scheduled);
  }

  // Day by day up to `to` (not counted), on each day's end-of-day balances.
  void accrue(LoanState& s, Day to) const {
    if (!s.interest_from || to <= *s.interest_from) return;
    const ProgramRule& p = *rule_.program;
    for (Day d = *s.interest_from; d < to; d += date::days{1}) {
      const std::int64_t rate = p.rate_on(d);
      s.accruing_in_term += Wide(s.in_term) * rate * 100;
      s.accruing_overdue += Wide(s.overdue) * rate * 130;
    }
    s.interest_from = to;
  }

  void end_period(LoanState& s) const {
    const std::int64_t in_term = rule_.program->round(s.accruing_in_term);
    const std::int64_t overdue = rule_.program->round(s.accruing_overdue);
    s.owed_in_term += in_term;
    s.owed_overdue += overdue;
    s.rounded += in_term + overdue;
    s.accruing_in_term = 0;
    s.accruing_overdue = 0;
  }

  // Time passes up to `day`: a freeze that ended gives its principal back to term on its last
  // day (the due dates passed while frozen are not missed), and each due date passed before
  // `day` moves the unpaid part of its installment to overdue the next day (for loans first
  // disbursed before the cutoff, only the final maturity's). Returns the moves made.
  int advance(LoanState& s, Day day) const {
    int moves = 0;
    if (s.frozen_until && *s.frozen_until <= day) {
      const Day end = *s.frozen_until;
      accrue(s, end);
      if (s.frozen > 0) ++moves;
      s.in_term += s.frozen;
      s.frozen = 0;
      s.frozen_until.reset();
      s.settled_through = std::max(s.settled_through.value_or(end), end);
    }
    if (s.first_disbursed) {
      const bool every_installment = *s.first_disbursed >= kMissedRuleCutoff;
      for (std::size_t n = 0; n < s.plan.size(); ++n) {
        const Day due = due_of(s, s.plan[n]);
        if (due >= day) break;
        if (s.settled_through && due <= *s.settled_through) continue;
        s.settled_through = due;
        if (!every_installment && n + 1 != s.plan.size()) continue;
        accrue(s, due + date::days{1});
        const std::int64_t unpaid = s.in_term - may_stay_in_term(s, due);
        if (unpaid <= 0) continue;
        s.in_term -= unpaid;
        s.overdue += unpaid;
        ++moves;
      }
    }
    accrue(s, day);
    return moves;
  }

  LoanRule rule_;
  LoanState now_;
  std::optional<LoanState> before_last_;  // the state before the last event, when reversible
  EventKind last_kind_ = EventKind::Open;
};

}  // namespace socai::sim
