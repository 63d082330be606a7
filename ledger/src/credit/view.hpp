// A loan as a reader sees it on a day (LoanView): its status, interest owed, next due date,
// days past due and principal due. Internal to the library.
#pragma once

#include <optional>

#include "ledger/loan_book.hpp"

namespace socai::credit {

// The day LoanBook::loan shows a loan on when no day is given: the later of `today` and the
// loan's last event (its opening before any).
Date view_day(const LoanContract& contract, const LoanState& state, Date today);

// The loan on `day`, from `state`, the fold of its events dated up to `day`: the due dates
// passed since its last event settled, and the interest owed if paid on `day`.
Result<LoanView> loan_view(const Program& program, const LoanContract& contract,
                           const LoanState& state, Date day);

}  // namespace socai::credit
