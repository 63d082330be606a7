// Rate: an exact interest rate, entered per year or per month.
//
// A monthly rate is the yearly rate / 12 exactly (DESIGN.md section 3); both views are exact
// rationals, never doubles. The unit it was entered in is kept for display.
//
//   Rate poor = Rate::parse("6.24%/year").value();    // per_year() == 624/10000
//   Rate same = Rate::parse("0.52%/month").value();   // equal to poor
//   Rate overdue = poor.scaled(Exact(130, 100));      // 8.112%/year
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "ledger/money.hpp"
#include "ledger/result.hpp"

namespace socai {

enum class RateUnit { PerYear, PerMonth };

class Rate {
 public:
  // "6.24%/year", "0.52%/month" (also "%/yr", "%/mo"); the unit is required.
  // The percentage is a plain non-negative decimal: no sign, no grouping, '.' decimals.
  static Result<Rate> parse(std::string_view text);
  // An exact yearly fraction (0.066 for 6.6%/year); REQUIRES: fraction >= 0.
  static Rate per_year(const Exact& fraction);

  const Exact& yearly() const { return yearly_; }
  Exact monthly() const { return yearly_ / 12; }
  RateUnit unit() const { return unit_; }

  // This rate times an exact factor (the overdue multiplier 130% is Exact(13, 10)).
  Rate scaled(const Exact& factor) const;

  // "6.24%/year" or "0.52%/month" in the unit it was entered in; a rate whose percentage is
  // not a finite decimal in that unit is shown as a fraction, e.g. "13/15%/month".
  std::string to_string() const;

  friend bool operator==(const Rate& a, const Rate& b) { return a.yearly_ == b.yearly_; }

 private:
  Rate(Exact yearly, RateUnit unit) : yearly_(std::move(yearly)), unit_(unit) {}
  Exact yearly_;
  RateUnit unit_;
};

}  // namespace socai
