// An exact fraction as stored text: "numerator/denominator" ("1537/4"), the form loan state
// snapshots and fee factors are kept in. Internal to the library.
#pragma once

#include <string>

#include "ledger/money.hpp"

namespace socai {

// Always "n/d", also for a whole number ("3/1").
std::string exact_text(const Exact& value);
// "n/d", or a whole number "n" (as Exact::str() writes one).
// REQUIRES: `text` is one of those forms (written by exact_text or Exact::str()).
Exact exact_from(const std::string& text);

}  // namespace socai
