#include "ledger/rate_history.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace socai {

Result<RateHistory> RateHistory::make(std::vector<RateChange> changes) {
  if (changes.empty()) return make_error(ErrorCode::InvalidArgument, "a rate history needs a rate");
  std::sort(changes.begin(), changes.end(), [](const RateChange& a, const RateChange& b) {
    return a.effective_from < b.effective_from;
  });
  for (std::size_t i = 1; i < changes.size(); ++i) {
    if (changes[i].effective_from == changes[i - 1].effective_from) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("two rates from {}", format_date(changes[i].effective_from)));
    }
  }
  return RateHistory(std::move(changes));
}

RateHistory RateHistory::constant(Rate rate) {
  return RateHistory({RateChange{Date{date::year{kMinYear}, date::January, date::day{1}}, rate}});
}

Result<Rate> RateHistory::rate_on(Date day) const {
  auto after = std::upper_bound(changes_.begin(), changes_.end(), day,
                                [](Date d, const RateChange& c) { return d < c.effective_from; });
  if (after == changes_.begin()) {
    return make_error(ErrorCode::NotFound,
                      fmt::format("no rate is in force on {} (the first is from {})",
                                  format_date(day), format_date(changes_.front().effective_from)));
  }
  return std::prev(after)->rate;
}

Result<Exact> interest_over(Money balance, const RateHistory& rates, Date from, Date to,
                            DayCount dc, const Exact& multiplier) {
  if (to < from) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("interest period {} to {}: ends before it starts",
                                  format_date(from), format_date(to)));
  }
  Exact total = 0;
  Date piece_start = from;
  while (piece_start < to) {
    Result<Rate> rate = rates.rate_on(piece_start);
    if (!rate) return rate.error();
    // The piece ends at the next change after its start, or at `to`.
    Date piece_end = to;
    for (const RateChange& c : rates.changes()) {
      if (c.effective_from > piece_start) {
        piece_end = std::min(piece_end, c.effective_from);
        break;
      }
    }
    total +=
        balance.exact() * rate->yearly() * multiplier * year_fraction(piece_start, piece_end, dc);
    piece_start = piece_end;
  }
  return total;
}

}  // namespace socai
