#include "credit/month_end.hpp"

namespace socai::credit {

bool has_month_end_record(const LoanState& state) {
  const LoanStatus status = loan_status(state);
  return status != LoanStatus::Approved && status != LoanStatus::Closed;
}

bool records_accrual(const LoanState& state, const LoanTransition& accrual) {
  return state.in_term + state.overdue > 0 || state.accruing_in_term != 0 ||
         state.accruing_overdue != 0 || !accrual.transfers.empty();
}

}  // namespace socai::credit
