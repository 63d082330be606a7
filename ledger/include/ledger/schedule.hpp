// Schedule: the immutable repayment projection of a loan (DESIGN.md section 7).
//
// Interest is due every month; principal on the installment months of the plan. Due dates
// keep the start's day of month, clamped to the month's length (31 Jan, 28 Feb, 31 Mar), and
// with a GDX day move to that day of the same month when it is not later than the
// contractual date, else to that day of the previous month. The principal column always sums
// to the principal exactly.
//
//   ScheduleTerms terms{.principal = Money::from_minor(30'000'000, vnd),
//                       .rates = RateHistory::constant(Rate::parse("6.24%/year").value()),
//                       .term_months = 36, .start = 2026_y/January/15,
//                       .method = RepaymentMethod::EqualPrincipal, .every_months = 12};
//   terms.installment_multiple = Money::from_minor(100'000, vnd);
//   Schedule s = Schedule::build(terms).value();  // 36 periods, principal in months 12, 24, 36
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ledger/rate_history.hpp"

namespace socai {

enum class RepaymentMethod {
  EqualPrincipal,  // "equal-principal": equal principal installments every N months
  Annuity,         // "annuity": equal monthly payments of principal and interest
  Bullet,          // "bullet": all principal at maturity
  Custom,          // "custom": the principal installments listed by the contract
};
std::string_view repayment_method_name(RepaymentMethod method);
Result<RepaymentMethod> parse_repayment_method(std::string_view text);

// Direction in which an installment is rounded to the installment multiple; the remainder
// always goes to the last installment.
enum class InstallmentRounding {
  Down,     // "down": the bank's default (DOMAIN.md section 3): 13,333,333 -> 13,300,000
  Nearest,  // "nearest": half up to the nearest multiple
  Up,       // "up"
};
std::string_view installment_rounding_name(InstallmentRounding rounding);
Result<InstallmentRounding> parse_installment_rounding(std::string_view text);

struct CustomInstallment {
  int period;  // month number, 1 = the first due date
  Money principal;
};

struct ScheduleTerms {
  Money principal;
  RateHistory rates;
  int term_months = 12;
  Date start;  // disbursement date; the first due date is one month later
  RepaymentMethod method = RepaymentMethod::EqualPrincipal;
  int every_months = 1;            // equal-principal: months between principal installments
  int grace_principal_months = 0;  // months at the start without principal
  DayCount day_count = DayCount::Act365F;
  RoundingMode rounding = RoundingMode::HalfUp;  // interest, and annuity payments
  std::optional<Money> installment_multiple;     // e.g. 100,000 VND
  InstallmentRounding installment_rounding = InstallmentRounding::Down;
  std::optional<int> gdx_day;             // the commune's transaction day, 1 to 31
  std::vector<CustomInstallment> custom;  // Custom: ascending periods, summing to principal
};

struct SchedulePeriod {
  int period = 0;         // 1, 2, ...
  Date start;             // interest from this day (counted) ...
  Date due_date;          // ... to the due date (not counted)
  std::int64_t days = 0;  // days counted by the day count (d30 for 30-360)
  Money opening_balance;
  Money principal;
  Money interest;
  Money payment;  // principal + interest
  Money closing_balance;
};

class Schedule {
 public:
  // InvalidArgument naming the term that is wrong (term, every, grace, custom list, ...).
  static Result<Schedule> build(const ScheduleTerms& terms);

  const std::vector<SchedulePeriod>& periods() const { return periods_; }
  Money total_principal() const;
  Money total_interest() const;

 private:
  explicit Schedule(std::vector<SchedulePeriod> periods) : periods_(std::move(periods)) {}
  std::vector<SchedulePeriod> periods_;
};

// The contractual due date moved to the GDX day (DOMAIN.md section 3): that day of the same
// month if it is not later than `contractual`, else that day of the previous month; a GDX day
// past the month's end is the month's last day.
Date move_to_gdx_day(Date contractual, int gdx_day);

// The contractual due date of month `period` after `start` (start's day clamped), moved to
// the GDX day when there is one: to the due month's GDX day when the GDX day is not later
// than the start's day of month, else to the previous month's, the same for every period so
// that due dates stay one a month (a GDX day past a month's end is its last day).
Date due_date(Date start, int period, std::optional<int> gdx_day);

}  // namespace socai
