// The journal postings of a loan's events (DESIGN.md section 5, DOMAIN.md sections 3 to 5).
// Internal to the credit domain; transfer_postings is public (ledger/loan.hpp).
#pragma once

#include <vector>

#include "ledger/loan.hpp"

namespace socai::credit {

// An event's entry from where its amount went: one posting per account and loan, zero sums
// left out, debits first and then credits, each in account order.
std::vector<PostingSpec> event_postings(const Program& p, const LoanContract& c,
                                        const LoanSplit& split);

// The entry restating the journal of a loan from state `from` to state `to` (a reversal):
// each principal bucket, the interest owed and collected, recoveries, and the cash; laid out
// as event_postings lays out its entry.
std::vector<PostingSpec> restatement_postings(const Program& p, const LoanContract& c,
                                              const LoanState& from, const LoanState& to);

}  // namespace socai::credit
