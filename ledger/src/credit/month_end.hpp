// What the month-end close records of a loan (DOMAIN.md sections 3 to 5; LoanBook::close_month).
// Internal to the library.
#pragma once

#include "ledger/loan.hpp"

namespace socai::credit {

// Whether a loan as it stands at a month's end has a month-end record: not one never
// disbursed, nor one repaid in full and closed (one written off has, to report it).
bool has_month_end_record(const LoanState& state);

// Whether the close records `accrual`, the accrue event applied to `state`: a loan with
// nothing accruing and nothing falling due needs no event.
bool records_accrual(const LoanState& state, const LoanTransition& accrual);

}  // namespace socai::credit
