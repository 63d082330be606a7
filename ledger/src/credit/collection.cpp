#include "credit/collection.hpp"

#include <algorithm>

namespace socai::credit {

Date session_day(date::year_month month, std::optional<int> gdx_day) {
  const Date last{month / date::last};
  if (!gdx_day) return last;
  const unsigned day = std::min(static_cast<unsigned>(*gdx_day), static_cast<unsigned>(last.day()));
  return Date{month / date::day{day}};
}

bool on_collection_sheet(const LoanState& state) {
  return state.disbursed > 0 && !state.repaid_in_full();
}

Result<CollectionLine> collection_line(const Program& p, const LoanContract& c,
                                       const LoanState& now, const LoanState& then,
                                       Date previous_session, Date session) {
  Result<InterestDue> owed_now = interest_due_on(p, c, now, session);
  if (!owed_now) return owed_now.error();
  std::int64_t owed_then = 0;
  if (then.disbursed > 0) {
    Result<InterestDue> o = interest_due_on(p, c, then, previous_session);
    if (!o) return o.error();
    owed_then = o->total();
  }
  const std::int64_t paid_since = now.interest_collected - then.interest_collected +
                                  now.written_off_interest - then.written_off_interest;
  const std::int64_t arrears =
      std::clamp<std::int64_t>(owed_then - paid_since, 0, owed_now->total());
  Result<LoanState> on_day = state_on(p, c, now, session);
  if (!on_day) return on_day.error();
  Result<std::int64_t> due = principal_due_on(p, c, on_day.value(), session);
  if (!due) return due.error();
  Result<std::int64_t> late = days_past_due(p, c, on_day.value(), session);
  if (!late) return late.error();
  CollectionLine line;
  line.loan = c.code;
  line.program = p.code;
  line.principal_outstanding = on_day->principal();
  line.interest_due = owed_now->total() - arrears;
  line.interest_arrears = arrears;
  line.principal_due = on_day->overdue + due.value();
  line.days_past_due = late.value();
  return line;
}

}  // namespace socai::credit
