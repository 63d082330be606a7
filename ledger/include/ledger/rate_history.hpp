// RateHistory: a program's interest rate as a time series, and exact interest across changes.
//
// A change applies to every outstanding balance from its date (Decision 2553/QĐ-TTg cut the
// rates from 01/12/2025 for existing loans too). Interest over a period that spans a change is
// the exact sum of its pieces, rounded once by the caller.
//
//   RateHistory poor = RateHistory::make({{2000_y/January/1, Rate::parse("6.6%/year").value()},
//                                         {2025_y/December/1, Rate::parse("6.24%/year").value()}})
//                          .value();
//   Exact i = interest_over(Money::from_minor(50'000'000, vnd), poor, 2025_y/November/10,
//                           2025_y/December/10, DayCount::Act365F, 1).value();
//   round_exact(i, RoundingMode::HalfUp);  // 266,795 (DOMAIN.md V1)
#pragma once

#include <span>
#include <vector>

#include "ledger/day_count.hpp"

namespace socai {

struct RateChange {
  Date effective_from;  // the first day the rate applies
  Rate rate;
};

class RateHistory {
 public:
  // REQUIRES nothing; InvalidArgument when empty or two changes share a date. Sorted here.
  static Result<RateHistory> make(std::vector<RateChange> changes);
  // One rate for all time.
  static RateHistory constant(Rate rate);

  // The rate in force on `day`; NotFound before the first change.
  Result<Rate> rate_on(Date day) const;
  std::span<const RateChange> changes() const { return changes_; }

 private:
  explicit RateHistory(std::vector<RateChange> changes) : changes_(std::move(changes)) {}
  std::vector<RateChange> changes_;  // ascending by date
};

// Exact interest, in minor units, on a constant `balance` from `from` (counted) to `to` (not
// counted) at the rate in force each day times `multiplier` (1 in term, 13/10 overdue), the
// period split at every rate change. Pieces use `dc` each; with Thirty360 the pieces' d30
// add up to the whole period's.
Result<Exact> interest_over(Money balance, const RateHistory& rates, Date from, Date to,
                            DayCount dc, const Exact& multiplier);

}  // namespace socai
