// Two-person control: socai approve, socai reject, socai request list|show, and
// submit_operation, through which every command under control asks the library
// (ledger/approvals.hpp). The library decides what needs a second actor; this file parses and
// renders.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

Table request_table(const Context& ctx, const std::vector<ApprovalRequest>& requests) {
  const Lang lang = ctx.output_lang();
  auto column = [&](const char* key, const char* en, const char* vi, bool number = false) {
    return Column{key, label(lang, en, vi), number, number};
  };
  Table t{
      .columns = {column("request", "Request", "Yêu cầu", true), column("kind", "Kind", "Loại"),
                  column("command", "Operation", "Thao tác"),
                  column("status", "Status", "Trạng thái"),
                  column("requested_by", "Requested by", "Người đề nghị"),
                  column("requested_at", "Requested at", "Lúc đề nghị"),
                  column("decided_by", "Decided by", "Người duyệt"),
                  column("decided_at", "Decided at", "Lúc duyệt"),
                  column("first_entry", "First entry", "Bút toán đầu", true),
                  column("last_entry", "Last entry", "Bút toán cuối", true),
                  column("first_event", "First event", "Sự kiện đầu", true),
                  column("last_event", "Last event", "Sự kiện cuối", true),
                  column("outcome", "Outcome", "Kết quả"), column("digest", "Digest", "Mã băm")},
      .rows = {},
      .footer = {}};
  auto id = [](const std::optional<std::int64_t>& n) {
    return n ? std::to_string(*n) : std::string();
  };
  auto entry = [](const std::optional<EntryId>& e) {
    return e ? std::to_string(e->value) : std::string();
  };
  for (const ApprovalRequest& r : requests) {
    t.rows.push_back({std::to_string(r.id), r.kind.empty() ? "command-line" : r.kind, r.description,
                      r.status, r.requested_by, r.requested_at, r.decided_by, r.decided_at,
                      entry(r.first_entry), entry(r.last_entry), id(r.first_event),
                      id(r.last_event), r.outcome, r.digest});
  }
  return t;
}

Result<std::int64_t> request_id(const std::string& text) {
  std::string digits = text.rfind("R-", 0) == 0 ? text.substr(2) : text;
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("request '{}': expected its number, e.g. 3 or R-3", text));
  }
  return std::stoll(digits);
}

struct OpenApprovals {
  OpenBook book;
  std::unique_ptr<Approvals> approvals;
};

Result<OpenApprovals> open_approvals(const Context& ctx) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return book.error();
  Result<std::unique_ptr<Approvals>> approvals = socai::open_approvals(*book->store);
  if (!approvals) return approvals.error();
  return OpenApprovals{std::move(book).value(), std::move(approvals).value()};
}

int run_approve(const Context& ctx, const std::string& id_text) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<OpenApprovals> open = open_approvals(ctx);
  if (!open) return fail(open.error());
  Result<Approved> approved =
      open->approvals->approve(id.value(), ctx.actor_name(), progress_bar("closing loans"));
  if (!approved) return fail(approved.error());
  Result<Operation> op =
      Operation::from_canonical(approved->request.kind, approved->request.operation);
  if (!op) return fail(op.error());
  print_operation_outcome(ctx, *open->book.book, op.value(), approved->outcome);
  return kExitOk;
}

int run_reject(const Context& ctx, const std::string& id_text, const std::string& reason) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<OpenApprovals> open = open_approvals(ctx);
  if (!open) return fail(open.error());
  Result<ApprovalRequest> decided = open->approvals->reject(id.value(), ctx.actor_name(), reason);
  if (!decided) return fail(decided.error());
  print_record(ctx, request_table(ctx, {decided.value()}));
  return kExitOk;
}

int run_request_list(const Context& ctx, const std::string& status) {
  Result<OpenApprovals> open = open_approvals(ctx);
  if (!open) return fail(open.error());
  Result<std::vector<ApprovalRequest>> requests =
      open->approvals->requests(status.empty() ? std::nullopt : std::optional<std::string>(status));
  if (!requests) return fail(requests.error());
  print_list(ctx, request_table(ctx, requests.value()));
  return kExitOk;
}

int run_request_show(const Context& ctx, const std::string& id_text) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<OpenApprovals> open = open_approvals(ctx);
  if (!open) return fail(open.error());
  Result<ApprovalRequest> request = open->approvals->request(id.value());
  if (!request) return fail(request.error());
  print_record(ctx, request_table(ctx, {request.value()}));
  return kExitOk;
}

}  // namespace

int submit_operation(const Context& ctx, Store& store, LoanBook& book,
                     const Result<Operation>& operation, const Progress& progress) {
  if (!operation) return fail(operation.error());
  Result<std::unique_ptr<Approvals>> approvals = socai::open_approvals(store);
  if (!approvals) return fail(approvals.error());
  Result<Submitted> submitted =
      approvals.value()->submit(operation.value(), ctx.actor_name(), progress);
  if (!submitted) return fail(submitted.error());
  if (submitted->outcome) {
    print_operation_outcome(ctx, book, operation.value(), *submitted->outcome);
    return kExitOk;
  }
  const ApprovalRequest& request = *submitted->request;
  if (ctx.output_format() == Format::Table) {
    const char* as = ctx.training() ? " --actor NAME" : "";
    std::cout << fmt::format(
        "request {} recorded: {} ({}) is carried out when a second actor approves it:\n"
        "  socai approve {}{}   (or: socai reject {}{} --reason TEXT)\n",
        request.id, request.description, request.kind, request.id, as, request.id, as);
  } else {
    print_record(ctx, request_table(ctx, {request}));
  }
  return kExitOk;
}

void print_operation_outcome(const Context& ctx, LoanBook& book, const Operation& operation,
                             const OperationOutcome& outcome) {
  switch (operation.kind()) {
    case OperationKind::Freeze:
    case OperationKind::Unfreeze:
    case OperationKind::WriteOff:
    case OperationKind::LoanEventReversal: {
      const auto& op = std::get<LoanOperation>(operation.fields());
      Currency currency = op.amount.currency();
      if (Result<LoanView> loan = book.loan(op.loan, std::nullopt)) currency = loan->currency;
      print_loan_operation(ctx, op, *outcome.loan, currency);
      return;
    }
    case OperationKind::JournalReversal:
      print_reversal(ctx, std::get<ReversalSpec>(operation.fields()), outcome.entries.front());
      return;
    case OperationKind::ManualEntry:
      print_posted(ctx, std::get<ManualEntryOperation>(operation.fields()).entries,
                   outcome.entries);
      return;
    case OperationKind::PeriodClose:
      print_period_close(ctx, *outcome.period);
      return;
    case OperationKind::MonthClose:
      print_month_close(ctx, *outcome.month);
      return;
    case OperationKind::ProgramRate:
    case OperationKind::ProgramSetting:
      print_program_change(ctx, operation, *outcome.program);
      return;
    case OperationKind::LedgerSetting:
      print_setting_set(ctx, std::get<LedgerSettingOperation>(operation.fields()));
      return;
    case OperationKind::ActorChange:
      print_actor(ctx, *outcome.actor);
      return;
  }
}

void register_approval_commands(CLI::App& app, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* approve = app.add_subcommand(
      "approve",
      "Approve a request as the second actor: its operation is carried out now, with its\n"
      "requester as actor, and the request keeps the approver, what was done and the exact\n"
      "entries and loan events written, all in one transaction. Refused for the requester.\n"
      "An operation refused now leaves the request pending, with nothing written. The\n"
      "answer is the operation's own command's.\n"
      "Example: socai approve 3 --actor chief.accountant");
  approve->add_option("REQUEST", *id, "the request's number (socai request list)")->required();
  approve->callback([&ctx, id] { ctx.run = [&ctx, id] { return run_approve(ctx, *id); }; });

  auto reject_id = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  CLI::App* reject = app.add_subcommand(
      "reject",
      "Reject a request as the second actor: nothing is carried out; the reason is kept.\n"
      "CSV/JSON fields: request,kind,command,status,requested_by,requested_at,decided_by,\n"
      "decided_at,first_entry,last_entry,first_event,last_event,outcome,digest.\n"
      "Example: socai reject 3 --actor chief.accountant --reason 'No flood report attached'");
  reject->add_option("REQUEST", *reject_id, "the request's number")->required();
  reject->add_option("--reason", *reason, "why it is rejected")->required();
  reject->callback([&ctx, reject_id, reason] {
    ctx.run = [&ctx, reject_id, reason] { return run_reject(ctx, *reject_id, *reason); };
  });

  CLI::App* request = app.add_subcommand(
      "request", "Requests waiting for, or decided by, a second actor (two-person control).");
  request->require_subcommand(1);
  auto status = std::make_shared<std::string>();
  CLI::App* list = request->add_subcommand(
      "list",
      "List requests, oldest first.\n"
      "CSV/JSON fields: request,kind,command,status,requested_by,requested_at,decided_by,\n"
      "decided_at,first_entry,last_entry,first_event,last_event,outcome,digest.\n"
      "Example: socai request list --status pending");
  list->add_option("--status", *status, "pending, approved or rejected")
      ->check(CLI::IsMember({"pending", "approved", "rejected"}));
  list->callback(
      [&ctx, status] { ctx.run = [&ctx, status] { return run_request_list(ctx, *status); }; });
  auto show_id = std::make_shared<std::string>();
  CLI::App* show =
      request->add_subcommand("show", "Show one request.\nExample: socai request show 3");
  show->add_option("REQUEST", *show_id, "the request's number")->required();
  show->callback(
      [&ctx, show_id] { ctx.run = [&ctx, show_id] { return run_request_show(ctx, *show_id); }; });
}

}  // namespace socai::cli
