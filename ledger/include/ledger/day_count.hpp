// Day counts and exact interest (DESIGN.md section 6).
//
// Interest runs from `from` (counted) to `to` (not counted) on a constant balance at a
// constant rate; a period with rate or balance changes is the exact sum of its pieces,
// rounded once by the caller (Circular 14/2017: first day counted, last day not).
//
//   Exact i = interest(Money::from_minor(30'000'000, vnd), Rate::parse("6.6%/year").value(),
//                      2025_y/January/20, 2025_y/February/20, DayCount::Act365F).value();
//   round_exact(i, RoundingMode::HalfUp);  // 168,164 (exactly 168,164.38...)
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/date.hpp"
#include "ledger/money.hpp"
#include "ledger/rate.hpp"

namespace socai {

enum class DayCount {
  Act365F,    // "act365f" (default): balance x yearly rate x actual days / 365
  Act30,      // "act30": balance x monthly rate x actual days / 30
  Thirty360,  // "30-360": balance x yearly rate x d30 / 360, with d30 counted 30E/360:
              // 360 x years + 30 x months + (min(d2, 30) - min(d1, 30))
  Act360,     // "act360": balance x yearly rate x actual days / 360
  ActAct,     // "actact": the period split at each 1 January; each part's actual days
              // / 365, or / 366 in a leap year
};

std::string_view day_count_name(DayCount dc);
Result<DayCount> parse_day_count(std::string_view text);

// The days the day count counts from `from` to `to`: actual days, or d30 for Thirty360.
// REQUIRES: from <= to.
std::int64_t counted_days(Date from, Date to, DayCount dc);

// The exact year fraction from `from` to `to` under `dc` (for Act30: actual days / 30 / 12,
// so that yearly rate x fraction = monthly rate x days / 30). REQUIRES: from <= to.
Exact year_fraction(Date from, Date to, DayCount dc);

// Exact interest, in minor units of balance's currency, on `balance` at `rate` from `from`
// (counted) to `to` (not counted). InvalidArgument when to < from. Zero when from == to.
Result<Exact> interest(Money balance, const Rate& rate, Date from, Date to, DayCount dc);

}  // namespace socai
