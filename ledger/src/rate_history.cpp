#include "ledger/rate_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "rate_pieces.hpp"

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
  const std::span<const RateChange> changes = changes_;
  const auto after = rate_pieces::first_after(changes, day);
  if (after == changes.begin()) {
    return make_error(ErrorCode::NotFound,
                      fmt::format("no rate is in force on {} (the first is from {})",
                                  format_date(day), format_date(changes_.front().effective_from)));
  }
  return std::prev(after)->rate;
}

// The pieces and their sum: rate_pieces.hpp. Each piece is balance x multiplier x yearly rate x
// year fraction of the piece under `dc`.
Result<Exact> interest_over(Money balance, const RateHistory& rates, Date from, Date to,
                            DayCount dc, const Exact& multiplier) {
  if (to < from) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("interest period {} to {}: ends before it starts",
                                  format_date(from), format_date(to)));
  }
  using boost::multiprecision::cpp_int;
  const cpp_int scaled_balance =
      cpp_int(balance.minor_units()) * boost::multiprecision::numerator(multiplier);
  const cpp_int& multiplier_denominator = boost::multiprecision::denominator(multiplier);
  auto piece = [&](Date start, Date end, const Rate& rate, cpp_int& n, cpp_int& d) {
    const Exact& yearly = rate.yearly();
    const Exact fraction = year_fraction(start, end, dc);
    n = scaled_balance * boost::multiprecision::numerator(yearly) *
        boost::multiprecision::numerator(fraction);
    d = multiplier_denominator * boost::multiprecision::denominator(yearly) *
        boost::multiprecision::denominator(fraction);
    return true;
  };
  cpp_int numerator;
  cpp_int denominator;
  Date uncovered;
  if (rate_pieces::sum(rates.changes(), from, to, piece, numerator, denominator, &uncovered) ==
      rate_pieces::Outcome::NoRate)
    return rates.rate_on(uncovered).error();
  return Exact(numerator, denominator);
}

}  // namespace socai
