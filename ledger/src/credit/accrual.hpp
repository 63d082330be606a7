// The steps every loan event and query shares (DESIGN.md section 6, DOMAIN.md section 3):
// interest accrued exactly up to a day, rounded once when a period ends, and the due dates
// passed settled. Internal to the credit domain.
#pragma once

#include <vector>

#include "ledger/loan.hpp"

namespace socai::credit {

// Brings the exact interest of each bucket up to `day` (not counted).
Status accrue_to(const Program& p, LoanState& s, Date day);

// Ends the interest period: each bucket's exact interest rounded once into its due bucket.
// Returns the interest rounded.
Result<std::int64_t> end_period(const Program& p, LoanState& s);

// Takes up to `amount` from `bucket` into `paid`; returns what is left of `amount`.
std::int64_t take(std::int64_t amount, std::int64_t& bucket, std::int64_t& paid);

// The in-term principal that may remain once the installments due by `day` are paid.
std::int64_t in_term_allowed(const Schedule& schedule, const LoanState& state, Date day);

// Ends a freeze that ended by `day`, settles the due dates before `day` (see apply_event)
// and brings interest up to `day`. `plan` is the loan's schedule when the caller built it
// (loan_schedule(p, c, s)), else null.
Result<std::vector<OverdueTransfer>> advance_to(const Program& p, const LoanContract& c,
                                                LoanState& s, Date day, const Schedule* plan);

}  // namespace socai::credit
