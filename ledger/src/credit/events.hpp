// What a loan operation records besides its state (DESIGN.md section 5): the key and digest
// that make it idempotent, and the journal kind and memo of its entries. Internal to the
// library; the stores call these and decide none of it themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/loan_book.hpp"

namespace socai::credit {

// An operation's idempotency key (the caller's, else one derived from everything the
// operation is about) and the digest of its content: the same key with another digest is a
// conflict.
struct OperationKey {
  std::string key;
  std::string digest;
};

// Opening a loan: "open:<code>" unless the caller gave a key.
OperationKey open_key(const NewLoan& loan);
// An event other than a reversal: "<kind>:<loan>:<date>:<amount>", with "/<months>" (an
// extension), "/<installment>" (an adjustment), "/<years>" (a freeze) or "+<interest>" (a
// write-off) after it.
OperationKey operation_key(const LoanOperation& operation);
// A reversal of event `target` (the event reversed, also when the loan's last event is its
// reversal already): "reverse:<loan>:event-<target>".
OperationKey reversal_key(const LoanOperation& operation, std::int64_t target);
// A month-end accrual of `month` ("2025-11"): "accrue:<loan>:<month>".
OperationKey accrual_key(std::string_view loan, std::string_view month);

// Whether an event of `kind` records its terms (years or months, interest written off, reason,
// approval) with its split.
bool records_terms(LoanEventKind kind);

// Refused (FailedPrecondition) unless the loan's last event, of kind `last_kind` as stored
// ("open" included) and id `last_id`, is one a reversal may undo: a disbursement, an interest
// collection, a repayment, a payment or a recovery.
Status check_reversible(std::string_view loan, std::string_view last_kind, std::int64_t last_id);

// The journal kind of an event's entry ("disbursement", "interest-collection", ...).
std::string entry_kind(LoanEventKind kind);
// The memo of an event's entry: "Disbursement of loan L-0001".
std::string entry_memo(LoanEventKind kind, std::string_view loan);

// A transfer's own entry (an overdue transfer or a freeze's end): its journal kind, memo and
// key, which names the loan and the due date, so that a transfer is posted once.
struct TransferEntry {
  std::string kind;
  std::string memo;
  std::string key;
};
TransferEntry transfer_entry(std::string_view loan, const OverdueTransfer& transfer);
// The context of an error posting a transfer: "overdue transfer", "freeze end".
std::string_view transfer_context(const OverdueTransfer& transfer);

// Posts the journal entries of `operation`'s transition with `append`: each overdue transfer's
// own entry (transfer_entry), then the event's own entry under "loan:<key>" when it has
// postings. Returns that entry; IdempotencyConflict when its key was used already.
using AppendEntry = std::function<Result<PostOutcome>(const EntrySpec&)>;
Result<std::optional<EntryId>> post_transition(const Program& program, const LoanContract& contract,
                                               const LoanOperation& operation, std::string_view key,
                                               const LoanTransition& t, const AppendEntry& append);

}  // namespace socai::credit
