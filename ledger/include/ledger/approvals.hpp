// Approvals: two-person control as library operations (DESIGN.md section 12).
//
// An operation that the ledger's policy puts under two-person control is recorded by one
// actor as a request holding the typed Operation (its kind and fields in canonical form, and
// their digest), and carried out only when a second actor approves it. What a person is
// shown (description()) is generated from the fields, never from text typed by the requester.
//
//   auto approvals = open_approvals(*store).value();
//   Operation freeze = Operation::loan_event({.loan = "L-0001", .kind = LoanEventKind::Freeze,
//       .amount = Money::zero(vnd), .date = d, .years = 3, .reason = "FLOOD",
//       .approval = "QD-123/2026"}).value();
//   Submitted s = approvals->submit(freeze, "lan").value();       // s.request: held
//   Approved a = approvals->approve(s.request->id, "binh").value();  // carried out, recorded
//
// Approving carries the operation out, with the requester as the actor of what it writes,
// and records the decision, the approver and the exact entries and loan events written, in
// ONE transaction: a failure or a kill at any moment leaves either a pending request and
// nothing done, or an approved request and everything done. The month-end close runs in many
// transactions (loan batches of its own, each idempotent and resumable); its approval is
// recorded in the same transaction as the close's final step (the entrustment fees and the
// period close), so that a kill may leave loan batches done under a pending request, never
// the month closed under one. Its request's entry and event range is that final step's.
//
// A request is decided once, never by its requester; the database refuses both too, and
// refuses any decision, change or insertion not made through the library.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ledger/actors.hpp"
#include "ledger/loan_book.hpp"
#include "ledger/rate.hpp"
#include "ledger/store.hpp"

namespace socai {

// The operations that may be put under two-person control. Their names (operation_kind_name)
// are those of the policy setting approval.kinds.
enum class OperationKind {
  Freeze,             // freeze
  Unfreeze,           // unfreeze
  WriteOff,           // write-off
  LoanEventReversal,  // loan-event-reversal: a loan's last event reversed
  JournalReversal,    // journal-reversal: an entry reversed
  PeriodClose,        // period-close
  MonthClose,         // month-close: the month-end close
  ProgramRate,        // program-rate: a program's rate from a date on
  ProgramSetting,     // program-setting: a program's settings changed
  LedgerSetting,      // ledger-setting: a ledger setting (fees, the approval policy)
  ManualEntry,        // manual-entry: journal entries posted by hand
  ActorChange,        // actor-change: an actor registered or disabled (ledger/actors.hpp)
};

std::string_view operation_kind_name(OperationKind kind);
Result<OperationKind> parse_operation_kind(std::string_view name);

struct PeriodCloseOperation {
  Date through;
};
struct MonthCloseOperation {
  date::year_month month;
};
struct ProgramRateOperation {
  std::string program;
  Date from;
  Rate rate;
  std::string source;
};
// Program settings (LoanBook::set_program's names), applied in this order, all or none.
struct ProgramSettingOperation {
  std::string program;
  std::vector<std::pair<std::string, std::string>> settings;
};
struct LedgerSettingOperation {
  std::string key;
  std::string value;
};
// Entries posted together, all or none.
struct ManualEntryOperation {
  std::vector<EntrySpec> entries;
};
// An actor registered (name, OS account, roles) or disabled (name). Once a ledger has an
// administrator, every such change needs a second actor, whatever approval.kinds says.
struct ActorChangeOperation {
  enum class Action { Add, Disable };
  Action action = Action::Add;
  std::string name;
  std::string os_user;   // Add only
  std::set<Role> roles;  // Add only
};

using OperationFields =
    std::variant<LoanOperation, ReversalSpec, PeriodCloseOperation, MonthCloseOperation,
                 ProgramRateOperation, ProgramSettingOperation, LedgerSettingOperation,
                 ManualEntryOperation, ActorChangeOperation>;

// A typed operation: built only by the factories, which check its text fields are clean
// text (valid UTF-8, no control characters) and its kind matches its fields.
class Operation {
 public:
  // A freeze, an unfreeze, a write-off or a reversal of the loan's last event (kind Reverse).
  static Result<Operation> loan_event(LoanOperation operation);
  static Result<Operation> journal_reversal(ReversalSpec reversal);
  static Result<Operation> period_close(Date through);
  static Result<Operation> month_close(date::year_month month);
  static Result<Operation> program_rate(ProgramRateOperation change);
  static Result<Operation> program_setting(ProgramSettingOperation change);
  static Result<Operation> ledger_setting(LedgerSettingOperation change);
  static Result<Operation> manual_entries(std::vector<EntrySpec> entries);
  static Result<Operation> actor_change(ActorChangeOperation change);
  // The operation a request stored: DataLoss when the text is not one.
  static Result<Operation> from_canonical(std::string_view kind, std::string_view canonical);

  OperationKind kind() const { return kind_; }
  const OperationFields& fields() const { return fields_; }
  // The fields as JSON with sorted keys and no spaces: amounts in minor units with their
  // currency, dates ISO. Equal operations have equal canonical forms.
  std::string canonical() const;
  // SHA-256 (hex) of the kind's name, a line feed and the canonical form.
  std::string digest() const;
  // What a person approves, from the fields: "freeze L-0001 for 3 years from 15/10/2026,
  // reason FLOOD, approval QD-123/2026". Text fields are quoted where they hold a space.
  std::string description() const;

 private:
  Operation(OperationKind kind, OperationFields fields) : kind_(kind), fields_(std::move(fields)) {}
  OperationKind kind_;
  OperationFields fields_;
};

// Which operations need a second actor: the ledger settings approval.kinds (kind names
// separated by spaces) and approval.post-above (CURRENCY:AMOUNT words: a manual entry whose
// debits in a currency exceed its amount; a currency not listed: any manual entry in it).
// Defaults (schema 8): every kind, and VND:100000000 USD:4000.00. A change of an approval.*,
// limit.* or cash-floor.* setting needs a second actor whatever approval.kinds says, so that
// one person cannot loosen the policy, the rates' limits or a cash floor.
struct ApprovalPolicy {
  std::set<OperationKind> kinds;
  std::vector<Money> post_above;

  // The policy of the two settings' values; InvalidArgument naming the setting.
  static Result<ApprovalPolicy> parse(std::string_view kinds, std::string_view post_above);
  // Checks a value for the setting `key` (approval.kinds or approval.post-above).
  static Status check_setting(std::string_view key, std::string_view value);
  bool needs_second_actor(const Operation& operation) const;
};

struct ApprovalRequest {
  std::int64_t id = 0;
  // The operation's kind name and canonical fields; both empty for a request recorded as a
  // command line before schema 8, which can only be rejected.
  std::string kind;
  std::string operation;
  std::string digest;
  std::string description;           // generated from the operation (or the old command line)
  std::vector<std::string> command;  // the old form's command words; empty otherwise
  std::string requested_by;
  std::string requested_at;
  std::string status;  // pending, approved or rejected
  std::string decided_by;
  std::string decided_at;
  std::string outcome;  // what the approval did (generated), or why it was rejected
  // What the approval wrote, exactly (a month-end close: its final step).
  std::optional<EntryId> first_entry, last_entry;
  std::optional<std::int64_t> first_event, last_event;
};

// What carrying an operation out wrote.
struct OperationOutcome {
  OperationKind kind = OperationKind::Freeze;
  std::optional<LoanOutcome> loan;         // loan events
  std::vector<PostOutcome> entries;        // journal reversal, manual entries
  std::optional<CloseOutcome> period;      // period close
  std::optional<MonthCloseOutcome> month;  // month-end close
  std::optional<Program> program;          // program rate and settings
  std::optional<Actor> actor;              // actor change
  std::string summary;                     // one line, kept as an approved request's outcome
  // The entries and loan events written (empty when none).
  std::optional<EntryId> first_entry, last_entry;
  std::optional<std::int64_t> first_event, last_event;
};

// submit's answer: a request recorded (held), or the operation carried out at once.
struct Submitted {
  std::optional<ApprovalRequest> request;
  std::optional<OperationOutcome> outcome;
};

struct Approved {
  ApprovalRequest request;
  OperationOutcome outcome;
};

class Approvals {
 public:
  virtual ~Approvals() = default;

  virtual Result<ApprovalPolicy> policy() = 0;
  // Carries `operation` out at once when the policy lets one actor do it, or when it would
  // write nothing (recorded already, a period already closed); otherwise it is first tried in
  // a transaction that is rolled back (a month-end close: checked), so that an operation the
  // rules refuse now is refused and never recorded, and then recorded as a pending request.
  virtual Result<Submitted> submit(const Operation& operation, std::string_view actor,
                                   const Progress& progress = {}) = 0;
  // Carries the request's operation out as its requester, and records the decision, in one
  // transaction. FailedPrecondition for the requester, a request decided already, a request
  // of the old command-line form, and an operation the rules refuse now (the request then
  // stays pending, nothing written); NotFound for an unknown id.
  virtual Result<Approved> approve(std::int64_t id, std::string_view actor,
                                   const Progress& progress = {}) = 0;
  // Nothing is carried out; the reason (clean text, not empty) is kept.
  virtual Result<ApprovalRequest> reject(std::int64_t id, std::string_view actor,
                                         std::string_view reason) = 0;
  virtual Result<ApprovalRequest> request(std::int64_t id) = 0;
  // All requests, or those with `status`, oldest first.
  virtual Result<std::vector<ApprovalRequest>> requests(std::optional<std::string> status) = 0;
};

// The approvals of a ledger opened by open_ledger or create_ledger. They carry operations out
// through a loan book of their own on the same connection; use them from the store's thread.
Result<std::unique_ptr<Approvals>> open_approvals(Store& store);

}  // namespace socai
