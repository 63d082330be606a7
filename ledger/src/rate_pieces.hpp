// Interest across rate changes (DESIGN.md section 6, DOMAIN.md): the one definition of how a
// period is split at the changes of a rate history and the pieces summed, behind interest_over
// (ledger/rate_history.hpp, exact) and the schedule's 128-bit fast path (schedule.cpp).
//
// The period [from, to) is cut at every change inside it; each piece accrues at the rate in force
// on its first day (the last change on or before that day) until the next change or `to`. The
// pieces' interest is summed exactly as one fraction num / den, kept unreduced (no gcd per
// piece), for the caller to reduce or round once.
#pragma once

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <iterator>
#include <span>

#include "ledger/rate_history.hpp"

namespace socai::rate_pieces {

__extension__ using Int128 = __int128;

// Checked arithmetic of the sum: always true for cpp_int; false on overflow for Int128.
inline bool checked_mul(const boost::multiprecision::cpp_int& a,
                        const boost::multiprecision::cpp_int& b,
                        boost::multiprecision::cpp_int& out) {
  out = a * b;
  return true;
}
inline bool checked_add(const boost::multiprecision::cpp_int& a,
                        const boost::multiprecision::cpp_int& b,
                        boost::multiprecision::cpp_int& out) {
  out = a + b;
  return true;
}
inline bool checked_mul(Int128 a, Int128 b, Int128& out) {
  return !__builtin_mul_overflow(a, b, &out);
}
inline bool checked_add(Int128 a, Int128 b, Int128& out) {
  return !__builtin_add_overflow(a, b, &out);
}

// The first change after `day`: the rate in force on `day` is the one before it (none when it
// is the first).
inline std::span<const RateChange>::iterator first_after(std::span<const RateChange> changes,
                                                         Date day) {
  return std::upper_bound(changes.begin(), changes.end(), day,
                          [](Date d, const RateChange& c) { return d < c.effective_from; });
}

enum class Outcome {
  Summed,    // num / den is the period's interest
  NoRate,    // no rate is in force on `*uncovered` (before the history's first change)
  Overflow,  // a piece or the sum does not fit Int (never for cpp_int)
};

// Sums the interest of [from, to) over the pieces of `changes` (ascending by date) into num / den
// (den > 0). `piece(start, end, rate, n, d)` sets one piece's interest n / d, d > 0, and returns
// false when it does not fit Int. An empty period (to <= from) sums to 0 / 1.
template <class Int, class Piece>
Outcome sum(std::span<const RateChange> changes, Date from, Date to, Piece&& piece, Int& num,
            Int& den, Date* uncovered) {
  num = 0;
  den = 1;
  Date piece_start = from;
  while (piece_start < to) {
    const auto next = first_after(changes, piece_start);
    if (next == changes.begin()) {
      *uncovered = piece_start;
      return Outcome::NoRate;
    }
    const Date piece_end = next == changes.end() ? to : std::min(to, next->effective_from);
    Int n = 0;
    Int d = 0;
    if (!piece(piece_start, piece_end, std::prev(next)->rate, n, d)) return Outcome::Overflow;
    if (d == den) {
      if (!checked_add(num, n, num)) return Outcome::Overflow;
    } else {
      Int a = 0;
      Int b = 0;
      if (!checked_mul(num, d, a) || !checked_mul(n, den, b) || !checked_add(a, b, num) ||
          !checked_mul(den, d, den))
        return Outcome::Overflow;
    }
    piece_start = piece_end;
  }
  return Outcome::Summed;
}

}  // namespace socai::rate_pieces
