// The names of loan events, and the journal kind and memo of each event's entry.
#include <fmt/format.h>

#include "credit/errors.hpp"
#include "credit/events.hpp"
#include "credit/programs.hpp"
#include "text.hpp"

namespace socai {

std::string_view loan_event_kind_name(LoanEventKind kind) {
  switch (kind) {
    case LoanEventKind::Disburse:
      return "disburse";
    case LoanEventKind::CollectInterest:
      return "collect-interest";
    case LoanEventKind::RepayPrincipal:
      return "repay";
    case LoanEventKind::Pay:
      return "pay";
    case LoanEventKind::Freeze:
      return "freeze";
    case LoanEventKind::Unfreeze:
      return "unfreeze";
    case LoanEventKind::Extend:
      return "extend";
    case LoanEventKind::Adjust:
      return "adjust";
    case LoanEventKind::WriteOff:
      return "write-off";
    case LoanEventKind::Recover:
      return "recover";
    case LoanEventKind::Accrue:
      return "accrue";
    case LoanEventKind::Reverse:
      return "reverse";
  }
  return "disburse";
}

Result<LoanEventKind> parse_loan_event_kind(std::string_view text) {
  for (LoanEventKind k :
       {LoanEventKind::Disburse, LoanEventKind::CollectInterest, LoanEventKind::RepayPrincipal,
        LoanEventKind::Pay, LoanEventKind::Freeze, LoanEventKind::Unfreeze, LoanEventKind::WriteOff,
        LoanEventKind::Recover, LoanEventKind::Extend, LoanEventKind::Adjust, LoanEventKind::Accrue,
        LoanEventKind::Reverse}) {
    if (loan_event_kind_name(k) == text) return k;
  }
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("loan event {}: unknown kind", text::quoted(text)));
}

namespace credit {

OperationKey open_key(const NewLoan& n) {
  return {
      n.key.empty() ? "open:" + n.code : n.key,
      sha256_hex(fmt::format(
          "open|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", n.code, n.household, n.program, n.officer,
          n.amount.minor_units(), n.amount.currency().code(), n.term_months, format_date(n.date),
          repayment_method_name(n.method), n.every_months, n.grace_principal_months,
          n.course_end ? format_date(*n.course_end) : "", custom_plan_text(n.custom)))};
}

OperationKey operation_key(const LoanOperation& op) {
  const std::string kind(loan_event_kind_name(op.kind));
  const std::string amount = format(op.amount, MoneyFormat::Plain);
  // The derived key names everything the operation is about: an extension's months, the
  // installment adjusted, a freeze's years, the interest written off.
  std::string extra;
  if (op.kind == LoanEventKind::WriteOff) extra = fmt::format("+{}", op.interest_amount);
  if (op.kind == LoanEventKind::Freeze || op.kind == LoanEventKind::Extend ||
      op.kind == LoanEventKind::Adjust)
    extra = fmt::format("/{}", op.years);
  return {op.key.empty()
              ? fmt::format("{}:{}:{}:{}{}", kind, op.loan, format_date(op.date), amount, extra)
              : op.key,
          sha256_hex(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", kind, op.loan, format_date(op.date),
                                 amount, op.amount.currency().code(), op.years, op.reason,
                                 op.approval, op.interest_amount))};
}

OperationKey reversal_key(const LoanOperation& op, std::int64_t target) {
  return {op.key.empty() ? fmt::format("reverse:{}:event-{}", op.loan, target) : op.key,
          sha256_hex(fmt::format("reverse|{}|{}|{}|{}", op.loan, target, format_date(op.date),
                                 op.reason))};
}

OperationKey accrual_key(std::string_view loan, std::string_view month) {
  return {fmt::format("accrue:{}:{}", loan, month),
          sha256_hex(fmt::format("accrue|{}|{}", loan, month))};
}

bool records_terms(LoanEventKind kind) {
  return kind == LoanEventKind::Freeze || kind == LoanEventKind::WriteOff ||
         kind == LoanEventKind::Extend || kind == LoanEventKind::Adjust;
}

Status check_reversible(std::string_view loan, std::string_view last_kind, std::int64_t last_id) {
  for (LoanEventKind k :
       {LoanEventKind::Disburse, LoanEventKind::CollectInterest, LoanEventKind::RepayPrincipal,
        LoanEventKind::Pay, LoanEventKind::Recover}) {
    if (loan_event_kind_name(k) == last_kind) return {};
  }
  return refused(fmt::format(
      "the last event of loan {} is {} (event {}); only the last event can be reversed, and "
      "only a disbursement, interest collection, repayment, payment or recovery",
      loan, last_kind == "reverse" ? "already a reversal" : "a " + std::string(last_kind),
      last_id));
}

std::string entry_kind(LoanEventKind kind) {
  switch (kind) {
    case LoanEventKind::Disburse:
      return "disbursement";
    case LoanEventKind::CollectInterest:
      return "interest-collection";
    case LoanEventKind::RepayPrincipal:
      return "principal-repayment";
    case LoanEventKind::Pay:
      return "payment";
    case LoanEventKind::Freeze:
      return "freeze";
    case LoanEventKind::Unfreeze:
      return "unfreeze";
    case LoanEventKind::Extend:
      return "extension";
    case LoanEventKind::Adjust:
      return "adjustment";
    case LoanEventKind::WriteOff:
      return "write-off";
    case LoanEventKind::Recover:
      return "recovery";
    case LoanEventKind::Accrue:
      return "month-end-accrual";
    case LoanEventKind::Reverse:
      return "loan-reversal";
  }
  return "payment";
}

std::string entry_memo(LoanEventKind kind, std::string_view loan_code) {
  const std::string loan(loan_code);
  switch (kind) {
    case LoanEventKind::Disburse:
      return "Disbursement of loan " + loan;
    case LoanEventKind::CollectInterest:
      return "Interest collected on loan " + loan;
    case LoanEventKind::RepayPrincipal:
      return "Principal repaid on loan " + loan;
    case LoanEventKind::Pay:
      return "Payment on loan " + loan;
    case LoanEventKind::Freeze:
      return "Principal of loan " + loan + " frozen";
    case LoanEventKind::Unfreeze:
      return "Principal of loan " + loan + " unfrozen";
    case LoanEventKind::Extend:
      return "Due dates of loan " + loan + " extended";
    case LoanEventKind::Adjust:
      return "Installment of loan " + loan + " adjusted to the next";
    case LoanEventKind::WriteOff:
      return "Debt of loan " + loan + " written off";
    case LoanEventKind::Recover:
      return "Recovered on written-off loan " + loan;
    case LoanEventKind::Accrue:
      return "Month-end interest accrual of loan " + loan;
    case LoanEventKind::Reverse:
      return "Reversal of the last event of loan " + loan;
  }
  return loan;
}

TransferEntry transfer_entry(std::string_view loan, const OverdueTransfer& transfer) {
  if (transfer.kind == TransferKind::Unfreeze) {
    return {"freeze-end",
            fmt::format("Freeze of loan {} ended {}: principal back in term", loan,
                        format_date(transfer.due_date)),
            fmt::format("loan:{}:freeze-end:{}", loan, format_date(transfer.due_date))};
  }
  return {"transfer-to-overdue",
          fmt::format("Unpaid principal of loan {} due {} moved to overdue", loan,
                      format_date(transfer.due_date)),
          fmt::format("loan:{}:overdue:{}", loan, format_date(transfer.due_date))};
}

std::string_view transfer_context(const OverdueTransfer& transfer) {
  return transfer.kind == TransferKind::Unfreeze ? "freeze end" : "overdue transfer";
}

Result<std::optional<EntryId>> post_transition(const Program& program, const LoanContract& contract,
                                               const LoanOperation& op, std::string_view key,
                                               const LoanTransition& t, const AppendEntry& append) {
  for (const OverdueTransfer& transfer : t.transfers) {
    TransferEntry text = transfer_entry(op.loan, transfer);
    EntrySpec moved{.date = transfer.effective,
                    .kind = std::move(text.kind),
                    .memo = std::move(text.memo),
                    .key = std::move(text.key),
                    .loan = contract.id,
                    .postings = transfer_postings(program, contract, transfer)};
    Result<PostOutcome> posted = append(moved);
    if (!posted) return with_context(transfer_context(transfer), posted.error());
  }
  if (t.postings.empty()) return std::optional<EntryId>();
  EntrySpec spec{.date = op.date,
                 .kind = entry_kind(op.kind),
                 .memo = entry_memo(op.kind, op.loan),
                 .key = "loan:" + std::string(key),
                 .loan = contract.id,
                 .postings = t.postings};
  Result<PostOutcome> posted = append(spec);
  if (!posted) return posted.error();
  if (posted->already_recorded) {
    return make_error(
        ErrorCode::IdempotencyConflict,
        fmt::format("journal key {} is already used by entry {}", spec.key, posted->id.value));
  }
  return std::optional<EntryId>(posted->id);
}

}  // namespace credit
}  // namespace socai
