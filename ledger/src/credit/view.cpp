#include "credit/view.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "credit/errors.hpp"
#include "text.hpp"

namespace socai {

namespace {

constexpr LoanStatus kStatuses[] = {LoanStatus::Approved,   LoanStatus::InTerm,
                                    LoanStatus::Overdue,    LoanStatus::Frozen,
                                    LoanStatus::WrittenOff, LoanStatus::Closed};

}  // namespace

std::string_view loan_status_name(LoanStatus status) {
  switch (status) {
    case LoanStatus::Approved:
      return "approved";
    case LoanStatus::InTerm:
      return "in-term";
    case LoanStatus::Overdue:
      return "overdue";
    case LoanStatus::Frozen:
      return "frozen";
    case LoanStatus::WrittenOff:
      return "written-off";
    case LoanStatus::Closed:
      return "closed";
  }
  return "approved";
}

Result<LoanStatus> parse_loan_status(std::string_view text) {
  for (LoanStatus s : kStatuses) {
    if (loan_status_name(s) == text) return s;
  }
  return credit::invalid_field(
      "status", fmt::format(" {}: one of approved, in-term, overdue, frozen, written-off, closed",
                            text::quoted(text)));
}

LoanStatus loan_status(const LoanState& state) {
  if (state.disbursed == 0) return LoanStatus::Approved;
  if (state.repaid_in_full())
    return state.written_off() ? LoanStatus::WrittenOff : LoanStatus::Closed;
  if (state.frozen > 0) return LoanStatus::Frozen;
  if (state.overdue > 0) return LoanStatus::Overdue;
  return LoanStatus::InTerm;
}

namespace credit {

Date view_day(const LoanContract& contract, const LoanState& state, Date today) {
  return std::max(state.last_event_on.value_or(contract.opened_on), today);
}

Result<LoanView> loan_view(const Program& program, const LoanContract& contract,
                           const LoanState& folded, Date day) {
  LoanView v{.contract = contract,
             .program = program.code,
             .currency = program.currency,
             .status = LoanStatus::Approved,
             .as_of = day,
             .state = folded,
             .interest_due = {},
             .next_due_date = std::nullopt,
             .days_past_due = 0,
             .maturity = due_date(contract.opened_on, contract.term_months, contract.gdx_day)};
  Result<InterestDue> interest = interest_due_on(program, contract, folded, day);
  if (!interest) return interest.error();
  // The balances on the day, with the due dates passed since the last event settled.
  Result<LoanState> on_day = state_on(program, contract, folded, day);
  if (!on_day) return on_day.error();
  const LoanState& state = on_day.value();
  v.state = state;
  v.interest_due = interest.value();
  if (state.disbursed == 0) return v;
  v.status = loan_status(state);
  Result<Schedule> schedule = loan_schedule(program, contract, state);
  if (!schedule) return schedule.error();
  v.maturity = schedule->periods().back().due_date;
  v.contract.term_months = static_cast<int>(schedule->periods().size());
  for (const SchedulePeriod& p : schedule->periods()) {
    if (p.due_date >= day && state.principal() > 0) {
      v.next_due_date = p.due_date;
      break;
    }
  }
  Result<std::int64_t> late = days_past_due(program, contract, state, day);
  if (!late) return late.error();
  v.days_past_due = late.value();
  Result<std::int64_t> due = principal_due_on(program, contract, state, day);
  if (!due) return due.error();
  v.principal_due = state.overdue + due.value();
  return v;
}

}  // namespace credit
}  // namespace socai
