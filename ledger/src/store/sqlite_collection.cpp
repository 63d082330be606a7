// A group's monthly collection sheet (LoanBook::collection_sheet, DESIGN.md section 8): the
// members, their loans and savings read here; each line worked out by credit/collection.hpp.
#include <fmt/format.h>

#include "credit/collection.hpp"
#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {

using credit::session_day;

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
                          .month = month_text(month),
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
        // The loan before each session day: its events dated before it.
        Result<LoanState> now = fold(loan.value(), day_before(sheet.session), std::nullopt);
        if (!now) return now.error();
        if (!credit::on_collection_sheet(now.value())) continue;
        Result<LoanState> then =
            fold(loan.value(), day_before(sheet.previous_session), std::nullopt);
        if (!then) return then.error();
        Result<CollectionLine> line =
            credit::collection_line(*loan->program, loan->contract, now.value(), then.value(),
                                    sheet.previous_session, sheet.session);
        if (!line) return line.error();
        line->household = household;
        line->head = head;
        line->savings = listed ? 0 : savings.value();
        sheet.lines.push_back(std::move(line).value());
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
