// Rounding an exact quotient to a whole number with a named mode (DESIGN.md section 3): the one
// definition behind round_exact (ledger/money.hpp) and the schedule's 128-bit fast path.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <limits>

#include "ledger/money.hpp"

namespace socai::rounding {

// num / den rounded with `mode` (RoundingMode documents each mode; signs are symmetric).
// REQUIRES: den > 0. The fraction need not be reduced: the quotient and the remainder's share of
// the denominator are the same for every form of it. The remainder is compared with den minus
// itself, never doubled, so no intermediate value leaves Int's range: `Int` may be a
// fixed-width integer (__int128) as well as boost::multiprecision::cpp_int.
template <class Int>
Int round_fraction(const Int& num, const Int& den, RoundingMode mode) {
  Int quotient = num / den;   // truncated towards zero
  Int remainder = num % den;  // same sign as num
  if (remainder == 0) return quotient;
  if (remainder < 0) remainder = -remainder;
  const Int rest = den - remainder;
  bool away = false;
  switch (mode) {
    case RoundingMode::Down:
      away = false;
      break;
    case RoundingMode::Up:
      away = true;
      break;
    case RoundingMode::HalfUp:
      away = remainder >= rest;
      break;
    case RoundingMode::HalfEven:
      away = remainder > rest || (remainder == rest && quotient % 2 != 0);
      break;
  }
  if (away) quotient += num < 0 ? -1 : 1;
  return quotient;
}

// True when `v` fits std::int64_t.
inline bool fits_int64(const boost::multiprecision::cpp_int& v) {
  return v >= std::numeric_limits<std::int64_t>::min() &&
         v <= std::numeric_limits<std::int64_t>::max();
}

}  // namespace socai::rounding
