// Approvals (ledger/approvals.hpp): submit, approve and reject, over the store, the loan book
// and the repository of operations/approval_repository.hpp. No SQL here.
#include <fmt/format.h>

#include <algorithm>

#include "ledger/approvals.hpp"
#include "operations/actors.hpp"
#include "operations/approval_repository.hpp"
#include "operations/backend.hpp"
#include "operations/book.hpp"
#include "text.hpp"

namespace socai {
namespace {

// The error a rehearsal returns to have its transaction rolled back.
constexpr std::string_view kRehearsal = "a rehearsal is rolled back";

std::string count(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

class LibraryApprovals final : public Approvals {
 public:
  LibraryApprovals(Store& store, ops::LoanRepository& loans, ops::ApprovalRepository& repo,
                   ops::ActorRepository& actors)
      : store_(store), loans_(loans), book_(loans), repo_(repo), actors_(actors) {}

  Result<ApprovalPolicy> policy() override {
    Result<std::vector<std::pair<std::string, std::string>>> settings = book_.settings();
    if (!settings) return settings.error();
    std::string kinds, post_above;
    for (const auto& [key, value] : settings.value()) {
      if (key == "approval.kinds") kinds = value;
      if (key == "approval.post-above") post_above = value;
    }
    Result<ApprovalPolicy> p = ApprovalPolicy::parse(kinds, post_above);
    if (!p) return make_error(ErrorCode::DataLoss, "stored " + p.error().message);
    return p;
  }

  Result<Submitted> submit(const Operation& op, std::string_view actor,
                           const Progress& progress) override {
    if (Status s = loans_.check_actor(actor); !s) return s.error();
    Result<ApprovalPolicy> p = policy();
    if (!p) return p.error();
    if (!p->needs_second_actor(op)) {
      Result<OperationOutcome> done = carry_out(op, actor, progress);
      if (!done) return done.error();
      return Submitted{std::nullopt, std::move(done).value()};
    }
    // Tried first, then rolled back: a request is recorded only for an operation the rules
    // take now and that writes something (a month-end close: checked, not tried).
    Result<bool> writes = rehearse(op, actor);
    if (!writes) return writes.error();
    if (!writes.value()) {
      Result<OperationOutcome> done = carry_out(op, actor, progress);
      if (!done) return done.error();
      return Submitted{std::nullopt, std::move(done).value()};
    }
    Result<ApprovalRequest> request = repo_.insert_request(op, actor);
    if (!request) return request.error();
    return Submitted{described(std::move(request).value()), std::nullopt};
  }

  Result<Approved> approve(std::int64_t id, std::string_view actor,
                           const Progress& progress) override {
    if (Status s = loans_.check_actor(actor); !s) return s.error();
    Result<ApprovalRequest> found = decidable(id, actor);
    if (!found) return found.error();
    Result<Operation> stored = operation_of(found.value());
    if (!stored) return stored.error();
    const std::string requester = found->requested_by;
    const Operation& op = stored.value();
    std::optional<OperationOutcome> outcome;

    // Records the decision with what was written since `before`, inside the transaction that
    // wrote it; the request is read again there, so that a decision made meanwhile is seen.
    auto decide = [&](ops::WriteMarks before, OperationOutcome& o) -> Status {
      Result<ApprovalRequest> still = decidable(id, actor);
      if (!still) return still.error();
      if (still->digest != found->digest) {
        return make_error(ErrorCode::DataLoss, fmt::format("request {} changed", id));
      }
      const ops::WriteMarks after = loans_.marks();
      written(before, after, o);
      o.summary = summary(o);
      return repo_.record_decision(id,
                                   ops::DecisionRecord{.approve = true,
                                                       .outcome = o.summary,
                                                       .first_entry = o.first_entry,
                                                       .last_entry = o.last_entry,
                                                       .first_event = o.first_event,
                                                       .last_event = o.last_event},
                                   actor);
    };

    if (op.kind() == OperationKind::MonthClose) {
      const auto month = std::get<MonthCloseOperation>(op.fields()).month;
      Result<bool> closed = book_.month_closed(month);
      if (!closed) return closed.error();
      if (!closed.value()) {
        Result<MonthCloseOutcome> m = book_.close_month_then(month, requester, progress,
                                                             [&](ops::WriteMarks before) -> Status {
                                                               outcome = OperationOutcome{};
                                                               outcome->kind = op.kind();
                                                               return decide(before, *outcome);
                                                             });
        if (!m) return m.error();
        if (outcome) {
          outcome->month = m.value();
          outcome->summary = summary(*outcome);
          return Approved{request_now(id), std::move(*outcome)};
        }
      }
      // Closed already (by another run or approval): approving it writes nothing more.
    }
    Status s = loans_.unit_of_work([&]() -> Status {
      const ops::WriteMarks before = loans_.marks();
      Result<OperationOutcome> done = execute(op, requester, progress);
      if (!done) return done.error();
      outcome = std::move(done).value();
      return decide(before, *outcome);
    });
    if (!s) return s.error();
    return Approved{request_now(id), std::move(*outcome)};
  }

  Result<ApprovalRequest> reject(std::int64_t id, std::string_view actor,
                                 std::string_view reason) override {
    if (Status s = loans_.check_actor(actor); !s) return s.error();
    if (reason.empty() || reason.size() > 400 || !is_clean_text(reason)) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("reason {}: 1 to 400 characters of text, without control "
                                    "characters",
                                    text::quoted(reason)));
    }
    Status s = loans_.unit_of_work([&]() -> Status {
      Result<ApprovalRequest> found = decidable(id, actor);
      if (!found) return found.error();
      return repo_.record_decision(id,
                                   ops::DecisionRecord{.approve = false,
                                                       .outcome = std::string(reason),
                                                       .first_entry = {},
                                                       .last_entry = {},
                                                       .first_event = {},
                                                       .last_event = {}},
                                   actor);
    });
    if (!s) return s.error();
    return request(id);
  }

  Result<ApprovalRequest> request(std::int64_t id) override {
    Result<ApprovalRequest> r = repo_.find_request(id);
    if (!r) return r.error();
    return described(std::move(r).value());
  }

  Result<std::vector<ApprovalRequest>> requests(std::optional<std::string> status) override {
    Result<std::vector<ApprovalRequest>> rs = repo_.find_requests(std::move(status));
    if (!rs) return rs.error();
    for (ApprovalRequest& r : rs.value()) r = described(std::move(r));
    return rs;
  }

 private:
  ApprovalRequest request_now(std::int64_t id) {
    Result<ApprovalRequest> r = request(id);
    return r ? std::move(r).value() : ApprovalRequest{};
  }

  // The request with its description generated from its stored operation.
  ApprovalRequest described(ApprovalRequest r) {
    if (r.kind.empty()) {
      std::string words;
      for (const std::string& w : r.command) words += (words.empty() ? "" : " ") + text::quoted(w);
      r.description = "command line of an earlier socai (can only be rejected): " + words;
      return r;
    }
    Result<Operation> op = Operation::from_canonical(r.kind, r.operation);
    r.description = op ? op->description() : "damaged: " + op.error().message;
    return r;
  }

  // The pending request `id`, which `actor` may decide: refused for an unknown id, a
  // request decided already, and its requester.
  Result<ApprovalRequest> decidable(std::int64_t id, std::string_view actor) {
    Result<ApprovalRequest> r = repo_.find_request(id);
    if (!r) return r.error();
    if (r->status != "pending") {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("request {} was already {} by {} at {}", id, r->status,
                                    r->decided_by, r->decided_at));
    }
    // Names compared as people read them: "Lan" and "lan " are one person.
    Result<std::string> decider = normalize_name(actor, "actor");
    if (!decider) return decider.error();
    if (name_key(text::trim(text::nfc(r->requested_by))) == name_key(decider.value())) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("request {} was made by {}: a second actor must decide it", id,
                                    text::quoted(actor)));
    }
    return r;
  }

  // The request's operation, to carry out: refused for the old command-line form and for an
  // operation whose stored digest does not match.
  static Result<Operation> operation_of(const ApprovalRequest& r) {
    if (r.kind.empty()) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("request {} holds a command line of an earlier socai: it can "
                                    "only be rejected, and its operation requested again",
                                    r.id));
    }
    Result<Operation> op = Operation::from_canonical(r.kind, r.operation);
    if (!op) return op.error();
    if (op->digest() != r.digest) {
      return make_error(ErrorCode::DataLoss,
                        fmt::format("request {}: its operation does not match its digest", r.id));
    }
    return op;
  }

  // The operation tried in a transaction rolled back: true when it would write something.
  Result<bool> rehearse(const Operation& op, std::string_view actor) {
    if (op.kind() == OperationKind::MonthClose) {
      Result<bool> closed = book_.month_closed(std::get<MonthCloseOperation>(op.fields()).month);
      if (!closed) return closed.error();
      return !closed.value();
    }
    std::optional<bool> writes;
    Status s = loans_.unit_of_work([&]() -> Status {
      const ops::WriteMarks before = loans_.marks();
      Result<OperationOutcome> done = execute(op, actor, {});
      if (!done) return done.error();
      if (Status pending = repo_.write_pending(); !pending) return pending.error();
      const ops::WriteMarks after = loans_.marks();
      writes = after.entry != before.entry || after.event != before.event ||
               !nothing_written(done.value());
      return make_error(ErrorCode::FailedPrecondition, std::string(kRehearsal));
    });
    if (writes) return *writes;
    return s.error();
  }

  // Outcomes that say nothing was written although no id moved (a setting, a period close).
  static bool nothing_written(const OperationOutcome& o) {
    if (o.period) return o.period->already_closed;
    if (o.loan) return o.loan->already_recorded;
    if (!o.entries.empty()) {
      for (const PostOutcome& p : o.entries)
        if (!p.already_recorded) return false;
      return true;
    }
    return false;
  }

  // Carried out by one actor (no request), in one transaction (a month-end close: its own).
  Result<OperationOutcome> carry_out(const Operation& op, std::string_view actor,
                                     const Progress& progress) {
    if (op.kind() == OperationKind::MonthClose) return execute(op, actor, progress);
    std::optional<OperationOutcome> outcome;
    Status s = loans_.unit_of_work([&]() -> Status {
      const ops::WriteMarks before = loans_.marks();
      Result<OperationOutcome> done = execute(op, actor, progress);
      if (!done) return done.error();
      outcome = std::move(done).value();
      const ops::WriteMarks after = loans_.marks();
      written(before, after, *outcome);
      return {};
    });
    if (!s) return s.error();
    outcome->summary = summary(*outcome);
    return std::move(*outcome);
  }

  static void written(ops::WriteMarks before, ops::WriteMarks after, OperationOutcome& o) {
    o.first_entry.reset();
    o.last_entry.reset();
    o.first_event.reset();
    o.last_event.reset();
    if (after.entry > before.entry) {
      o.first_entry = EntryId{before.entry + 1};
      o.last_entry = EntryId{after.entry};
    }
    if (after.event > before.event) {
      o.first_event = before.event + 1;
      o.last_event = after.event;
    }
  }

  // Only loan operations move a loan control account or a sub-account of one, so that each
  // loan's sub-ledger stays what its events made it: FailedPrecondition when one of
  // `accounts` (of `what`, to be `done`) is one.
  Status check_no_control_account(const std::vector<std::string>& accounts, std::string_view what,
                                  std::string_view done) {
    Result<std::vector<Account>> chart = store_.list_accounts();
    if (!chart) return chart.error();
    for (const std::string& name : accounts) {
      const auto account = std::find_if(chart->begin(), chart->end(),
                                        [&](const Account& a) { return a.name == name; });
      if (account != chart->end() && account->control) {
        return make_error(ErrorCode::FailedPrecondition,
                          fmt::format("{} cannot be {}: account {} is a loan control account, "
                                      "which only loan operations move",
                                      what, done, text::quoted(name)));
      }
    }
    return {};
  }

  // The operation's writes, as `actor`, joining the caller's unit of work (a month-end
  // close: its own transactions).
  Result<OperationOutcome> execute(const Operation& op, std::string_view actor,
                                   const Progress& progress) {
    OperationOutcome o;
    o.kind = op.kind();
    switch (op.kind()) {
      case OperationKind::Freeze:
      case OperationKind::Unfreeze:
      case OperationKind::WriteOff:
      case OperationKind::LoanEventReversal: {
        Result<LoanOutcome> r = book_.apply(std::get<LoanOperation>(op.fields()), actor);
        if (!r) return r.error();
        o.loan = std::move(r).value();
        break;
      }
      case OperationKind::JournalReversal: {
        const ReversalSpec& reversal = std::get<ReversalSpec>(op.fields());
        Result<Entry> original = store_.entry(reversal.original);
        if (!original) return original.error();
        std::vector<std::string> accounts;
        for (const Posting& p : original->postings) accounts.push_back(p.account);
        if (Status s = check_no_control_account(
                accounts, fmt::format("entry {}", reversal.original.value), "reversed");
            !s)
          return s.error();
        Result<PostOutcome> r = store_.reverse(reversal, actor);
        if (!r) return r.error();
        o.entries.push_back(r.value());
        break;
      }
      case OperationKind::PeriodClose: {
        Result<CloseOutcome> r =
            store_.close_period(std::get<PeriodCloseOperation>(op.fields()).through, actor);
        if (!r) return r.error();
        o.period = r.value();
        break;
      }
      case OperationKind::MonthClose: {
        Result<MonthCloseOutcome> r =
            book_.close_month(std::get<MonthCloseOperation>(op.fields()).month, actor, progress);
        if (!r) return r.error();
        o.month = std::move(r).value();
        break;
      }
      case OperationKind::ProgramRate: {
        const auto& p = std::get<ProgramRateOperation>(op.fields());
        Result<Program> r = book_.add_program_rate(p.program, p.from, p.rate, p.source, actor);
        if (!r) return r.error();
        o.program = std::move(r).value();
        break;
      }
      case OperationKind::ProgramSetting: {
        const auto& p = std::get<ProgramSettingOperation>(op.fields());
        for (const auto& [name, value] : p.settings) {
          Result<Program> r = book_.set_program(p.program, name, value, actor);
          if (!r) return r.error();
          o.program = std::move(r).value();
        }
        break;
      }
      case OperationKind::LedgerSetting: {
        const auto& s = std::get<LedgerSettingOperation>(op.fields());
        if (Status r = book_.set_setting(s.key, s.value, actor); !r) return r.error();
        break;
      }
      case OperationKind::ManualEntry: {
        const auto& m = std::get<ManualEntryOperation>(op.fields());
        for (std::size_t i = 0; i < m.entries.size(); ++i) {
          std::vector<std::string> accounts;
          for (const PostingSpec& p : m.entries[i].postings) accounts.push_back(p.account);
          const std::string what = m.entries.size() == 1 ? std::string("a manual entry")
                                                         : fmt::format("manual entry {}", i + 1);
          if (Status s = check_no_control_account(accounts, what, "posted"); !s) return s.error();
        }
        Result<std::vector<PostOutcome>> r = store_.post_batch(m.entries, actor);
        if (!r) return r.error();
        o.entries = std::move(r).value();
        break;
      }
      case OperationKind::ActorChange: {
        const auto& a = std::get<ActorChangeOperation>(op.fields());
        Result<Actor> r = a.action == ActorChangeOperation::Action::Add
                              ? ops::register_actor(actors_, a, actor)
                              : ops::disable_actor(actors_, a.name, actor);
        if (!r) return r.error();
        o.actor = std::move(r).value();
        break;
      }
    }
    return o;
  }

  // One line of what was done, kept as an approved request's outcome.
  static std::string summary(const OperationOutcome& o) {
    std::string what;
    switch (o.kind) {
      case OperationKind::Freeze:
      case OperationKind::Unfreeze:
      case OperationKind::WriteOff:
      case OperationKind::LoanEventReversal:
        what = fmt::format("{} loan {}: event {}{}{}", operation_kind_name(o.kind), o.loan->loan,
                           o.loan->event_id,
                           o.loan->entry ? fmt::format(", entry {}", o.loan->entry->value) : "",
                           o.loan->already_recorded ? " (already recorded)" : "");
        break;
      case OperationKind::JournalReversal:
      case OperationKind::ManualEntry: {
        std::string ids;
        for (const PostOutcome& p : o.entries)
          ids += (ids.empty() ? "" : ", ") + std::to_string(p.id.value) +
                 (p.already_recorded ? " (already recorded)" : "");
        what = fmt::format("{}: {} {}", operation_kind_name(o.kind),
                           o.entries.size() == 1 ? "entry" : "entries", ids);
        break;
      }
      case OperationKind::PeriodClose:
        what = fmt::format("closed through {}{}", format_date(o.period->closed_through),
                           o.period->already_closed ? " (already closed)" : "");
        break;
      case OperationKind::MonthClose:
        what = o.month
                   ? fmt::format("month {} closed through {}: {}, {}{}", o.month->month,
                                 format_date(o.month->through),
                                 count(static_cast<std::size_t>(o.month->loans), "loan", "loans"),
                                 count(o.month->fees.size(), "fee row", "fee rows"),
                                 o.month->already_closed ? " (already closed)" : "")
                   : "month-close";
        break;
      case OperationKind::ProgramRate:
      case OperationKind::ProgramSetting:
        what = fmt::format("{}: program {}", operation_kind_name(o.kind), o.program->code);
        break;
      case OperationKind::LedgerSetting:
        what = "ledger-setting recorded";
        break;
      case OperationKind::ActorChange:
        what =
            fmt::format("actor {} {}", o.actor->name, o.actor->active ? "registered" : "disabled");
        break;
    }
    if (o.first_entry) {
      what += fmt::format("; entries {} to {}", o.first_entry->value, o.last_entry->value);
    }
    if (o.first_event) what += fmt::format("; loan events {} to {}", *o.first_event, *o.last_event);
    return what;
  }

  Store& store_;
  ops::LoanRepository& loans_;
  ops::Book book_;  // over `loans_`: what an approval carries out joins its unit of work
  ops::ApprovalRepository& repo_;
  ops::ActorRepository& actors_;
};

}  // namespace

Result<std::unique_ptr<Approvals>> open_approvals(Store& store) {
  ops::Backend& backend = store.backend();
  return std::unique_ptr<Approvals>(std::make_unique<LibraryApprovals>(
      store, backend.loan_repository(), backend.approval_repository(), backend.actor_repository()));
}

}  // namespace socai
