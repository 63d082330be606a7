#include "ledger/rate_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

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

// The sum over the pieces is kept as one unreduced fraction and reduced once at the end: the
// same exact value as summing reduced products, without a gcd per multiplication.
Result<Exact> interest_over(Money balance, const RateHistory& rates, Date from, Date to,
                            DayCount dc, const Exact& multiplier) {
  if (to < from) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("interest period {} to {}: ends before it starts",
                                  format_date(from), format_date(to)));
  }
  using boost::multiprecision::cpp_int;
  const std::span<const RateChange> changes = rates.changes();
  const cpp_int scaled_balance =
      cpp_int(balance.minor_units()) * boost::multiprecision::numerator(multiplier);
  const cpp_int multiplier_denominator = boost::multiprecision::denominator(multiplier);
  cpp_int numerator = 0;
  cpp_int denominator = 1;
  Date piece_start = from;
  while (piece_start < to) {
    // The rate in force is the last change on or before the piece's start; the piece ends at
    // the next change, or at `to`.
    const auto next =
        std::upper_bound(changes.begin(), changes.end(), piece_start,
                         [](Date d, const RateChange& c) { return d < c.effective_from; });
    if (next == changes.begin()) return rates.rate_on(piece_start).error();
    const Exact& yearly = std::prev(next)->rate.yearly();
    const Date piece_end = next == changes.end() ? to : std::min(to, next->effective_from);
    const Exact fraction = year_fraction(piece_start, piece_end, dc);
    const cpp_int n = scaled_balance * boost::multiprecision::numerator(yearly) *
                      boost::multiprecision::numerator(fraction);
    const cpp_int d = multiplier_denominator * boost::multiprecision::denominator(yearly) *
                      boost::multiprecision::denominator(fraction);
    if (d == denominator) {
      numerator += n;
    } else {
      numerator = numerator * d + n * denominator;
      denominator *= d;
    }
    piece_start = piece_end;
  }
  return Exact(numerator, denominator);
}

}  // namespace socai
