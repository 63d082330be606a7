#include "credit/fold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace socai::credit {

Result<LoanState> fold(const Program& program, const LoanContract& contract,
                       std::span<const RecordedEvent> events) {
  std::vector<std::int64_t> reversed;
  for (const RecordedEvent& r : events)
    if (r.reverses) reversed.push_back(*r.reverses);
  LoanState state;
  std::optional<LoanState> undone;  // the state with the reversed event, until its reversal
  for (const RecordedEvent& r : events) {
    Result<LoanTransition> t = make_error(ErrorCode::Internal, "");
    if (r.event.kind == LoanEventKind::Reverse) {
      if (!undone) return make_error(ErrorCode::DataLoss, "a reversal without its event");
      t = apply_reversal(program, contract, state, *undone, r.event.date);
      undone.reset();
    } else {
      t = apply_event(program, contract, state, r.event);
    }
    if (!t) {
      return make_error(ErrorCode::DataLoss, fmt::format("loan {}: its events do not replay: {}",
                                                         contract.code, t.error().message));
    }
    if (std::find(reversed.begin(), reversed.end(), r.id) != reversed.end()) {
      undone = std::move(t->state);  // the state stays as it was before the event
    } else {
      state = std::move(t->state);
    }
  }
  // Folded up to a date between an event and its reversal: the event stands.
  if (undone) state = std::move(*undone);
  return state;
}

}  // namespace socai::credit
