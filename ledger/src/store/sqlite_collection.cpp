// A group's monthly collection sheet (LoanBook::collection_sheet, DESIGN.md section 8).
//
// The commune's session is on its GDX day (the month's last day without one). For each
// member loan, as it stands before the session day:
//   arrears      = interest owed on the previous session day - interest collected since,
//   interest due = interest owed on this session day - arrears (the month's interest),
//   principal due = overdue principal + installments due by the session day.
// Both interest figures come from the loan's own rounding, so they add up to what the loan
// owes on the day to the đồng.
#include <fmt/format.h>

#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

// The session day of `month` for a commune's GDX day (clamped to the month's length).
Date session_day(date::year_month month, std::optional<int> gdx_day) {
  const Date last{month / date::last};
  if (!gdx_day) return last;
  const unsigned day = std::min(static_cast<unsigned>(*gdx_day), static_cast<unsigned>(last.day()));
  return Date{month / date::day{day}};
}

Date day_before(Date d) {
  return Date{date::sys_days{d} - date::days{1}};
}

}  // namespace

Result<CollectionSheet> SqliteLoanBook::collection_sheet(std::string_view group_code,
                                                         date::year_month month) {
  return guarded([&]() -> Result<CollectionSheet> {
    if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
    Result<Group> group = read_group(group_code);
    if (!group) return group.error();
    std::optional<int> gdx_day;
    {
      auto q = cache_.get("SELECT gdx_day FROM communes WHERE code = ?");
      q->bind(1, group->commune);
      if (q->executeStep() && !q->getColumn(0).isNull()) gdx_day = q->getColumn(0).getInt();
    }
    CollectionSheet sheet{.group = group->code,
                          .commune = group->commune,
                          .village = group->village,
                          .organisation = group->organisation,
                          .leader = group->leader,
                          .month = fmt::format("{:04}-{:02}", static_cast<int>(month.year()),
                                               static_cast<unsigned>(month.month())),
                          .previous_session = session_day(month - date::months{1}, gdx_day),
                          .session = session_day(month, gdx_day),
                          .lines = {}};
    std::vector<std::pair<std::string, std::string>> members;  // code, head
    {
      auto q = cache_.get("SELECT code, head FROM households WHERE group_code = ? ORDER BY code");
      q->bind(1, group->code);
      while (q->executeStep())
        members.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
    }
    ProgramCache programs;
    for (const auto& [household, head] : members) {
      Result<std::int64_t> savings = savings_balance(household, day_before(sheet.session));
      if (!savings) return savings.error();
      std::vector<LoanId> ids;
      {
        auto q = cache_.get(
            "SELECT id FROM loans WHERE household_code = ? AND group_code = ? ORDER BY code");
        q->bind(1, household);
        q->bind(2, group->code);
        while (q->executeStep()) ids.push_back(LoanId{q->getColumn(0).getInt64()});
      }
      bool listed = false;
      for (LoanId id : ids) {
        Result<LoanRecord> loan = read_loan(id, programs);
        if (!loan) return loan.error();
        const Program& p = *loan->program;
        const LoanContract& c = loan->contract;
        // The loan before each session day: its events dated before it.
        Result<LoanState> now = fold(loan.value(), day_before(sheet.session), std::nullopt);
        if (!now) return now.error();
        if (now->disbursed == 0 || now->repaid_in_full()) continue;
        Result<LoanState> then =
            fold(loan.value(), day_before(sheet.previous_session), std::nullopt);
        if (!then) return then.error();
        Result<InterestDue> owed_now = interest_due_on(p, c, now.value(), sheet.session);
        if (!owed_now) return owed_now.error();
        std::int64_t owed_then = 0;
        if (then->disbursed > 0) {
          Result<InterestDue> o = interest_due_on(p, c, then.value(), sheet.previous_session);
          if (!o) return o.error();
          owed_then = o->total();
        }
        const std::int64_t paid_since = now->interest_collected - then->interest_collected +
                                        now->written_off_interest - then->written_off_interest;
        const std::int64_t arrears =
            std::clamp<std::int64_t>(owed_then - paid_since, 0, owed_now->total());
        Result<LoanState> on_day = state_on(p, c, now.value(), sheet.session);
        if (!on_day) return on_day.error();
        Result<std::int64_t> due = principal_due_on(p, c, on_day.value(), sheet.session);
        if (!due) return due.error();
        Result<std::int64_t> late = days_past_due(p, c, on_day.value(), sheet.session);
        if (!late) return late.error();
        sheet.lines.push_back(CollectionLine{.household = household,
                                             .head = head,
                                             .loan = c.code,
                                             .program = p.code,
                                             .principal_outstanding = on_day->principal(),
                                             .interest_due = owed_now->total() - arrears,
                                             .interest_arrears = arrears,
                                             .principal_due = on_day->overdue + due.value(),
                                             .savings = listed ? 0 : savings.value(),
                                             .days_past_due = late.value()});
        listed = true;
      }
      // A member with no loan to pay still brings savings.
      if (!listed) {
        CollectionLine line;
        line.household = household;
        line.head = head;
        line.savings = savings.value();
        sheet.lines.push_back(line);
      }
    }
    return sheet;
  });
}

}  // namespace socai::store
