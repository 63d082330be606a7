// A group's monthly collection sheet (DESIGN.md section 8): the session day and what each
// member loan owes at it. Internal to the library.
//
// For each member loan, as it stands before the session day:
//   arrears       = interest owed on the previous session day - interest paid since,
//   interest due  = interest owed on this session day - arrears (the month's interest),
//   principal due = overdue principal + installments due by the session day.
// Both interest figures come from the loan's own rounding, so they add up to what the loan
// owes on the day to the đồng.
#pragma once

#include <optional>

#include "ledger/loan_book.hpp"

namespace socai::credit {

// The session day of `month`: the commune's GDX day (clamped to the month's length), else
// the month's last day.
Date session_day(date::year_month month, std::optional<int> gdx_day);

// Whether a loan whose events before the session day fold to `state` is on the sheet: it was
// disbursed and is not repaid in full.
bool on_collection_sheet(const LoanState& state);

// The loan's line, without the member's household, head and savings: `now` and `then` are
// its events dated before `session` and before `previous_session` folded.
// REQUIRES: on_collection_sheet(now).
Result<CollectionLine> collection_line(const Program& program, const LoanContract& contract,
                                       const LoanState& now, const LoanState& then,
                                       Date previous_session, Date session);

}  // namespace socai::credit
