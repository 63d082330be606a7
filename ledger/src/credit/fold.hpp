// A loan's state as the fold of its events (DESIGN.md section 5): each event applied in the
// order recorded, and a reversal undoing the event it names, which was the loan's last when
// the reversal was recorded. Internal to the library; the stores read the events.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "ledger/loan.hpp"

namespace socai::credit {

// A loan event as recorded, "open" excepted.
struct RecordedEvent {
  std::int64_t id = 0;
  LoanEvent event;
  std::optional<std::int64_t> reverses;  // a reversal: the id of the event it undoes
};

// The state after `events` (in the order recorded). A reversal's event, when folded without
// its reversal (up to a date between them), stands. DataLoss when the events do not replay
// (an event refused, or a reversal without its event).
Result<LoanState> fold(const Program& program, const LoanContract& contract,
                       std::span<const RecordedEvent> events);

}  // namespace socai::credit
