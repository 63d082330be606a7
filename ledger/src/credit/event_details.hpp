// What a loan event records beside its kind, date and amount (its "details", JSON text): how
// it split the money over the loan's buckets, the terms of the events that have some (a
// freeze's years and reason, a write-off's interest), and what a reversal undid. Written and
// read here for every backend. Internal to the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "credit/fold.hpp"
#include "ledger/loan_book.hpp"

namespace socai::credit {

// The details of an event that records only its split (an accrual).
std::string split_details(const LoanSplit& split);
// The details of `operation`'s event: the split, and its terms when records_terms(kind).
std::string event_details(const LoanOperation& operation, const LoanSplit& split);
// The details of a reversal of event `reverses`, of `reversed_kind` as stored.
std::string reversal_details(const LoanSplit& split, std::int64_t reverses,
                             std::string_view reversed_kind, std::string_view reason);

// REQUIRES: `details` was written by one of the above (now or by an earlier version), or is
// "{}" (an opening).
LoanSplit split_of_details(std::string_view details);
// The event a reversal undid; empty for any other event.
std::optional<std::int64_t> reversed_event(std::string_view details);
// An event as the fold reads it, from its stored columns; DataLoss for an unknown kind.
Result<RecordedEvent> recorded_event(std::int64_t id, std::string_view kind, Date date,
                                     std::int64_t amount, std::string_view details);

}  // namespace socai::credit
