// Two-person control: socai approve, socai reject, socai request list|show; and
// held_for_approval, which turns a freeze, write-off, reversal or period close into a request.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "cli.hpp"

namespace socai::cli {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) {
    const bool plain = !w.empty() && w.find_first_of(" '\"\\$`") == std::string::npos;
    text += (text.empty() ? "" : " ") + (plain ? w : "'" + w + "'");
  }
  return text;
}

Table request_table(const Context& ctx, const std::vector<ApprovalRequest>& requests) {
  const Lang lang = ctx.output_lang();
  auto column = [&](const char* key, const char* en, const char* vi, bool number = false) {
    return Column{key, label(lang, en, vi), number, number};
  };
  Table t{
      .columns = {column("request", "Request", "Yêu cầu", true),
                  column("command", "Command", "Lệnh"), column("status", "Status", "Trạng thái"),
                  column("requested_by", "Requested by", "Người đề nghị"),
                  column("requested_at", "Requested at", "Lúc đề nghị"),
                  column("decided_by", "Decided by", "Người duyệt"),
                  column("decided_at", "Decided at", "Lúc duyệt"),
                  column("first_entry", "First entry", "Bút toán đầu", true),
                  column("last_entry", "Last entry", "Bút toán cuối", true),
                  column("outcome", "Outcome", "Kết quả")},
      .rows = {},
      .footer = {}};
  auto entry = [](const std::optional<EntryId>& id) {
    return id ? std::to_string(id->value) : std::string();
  };
  for (const ApprovalRequest& r : requests) {
    std::string outcome = r.outcome;
    // A table row is one line: the command's answer is shown up to its first line break.
    if (ctx.output_format() == Format::Table) outcome = outcome.substr(0, outcome.find('\n'));
    t.rows.push_back({std::to_string(r.id), joined(r.command), r.status, r.requested_by,
                      r.requested_at, r.decided_by, r.decided_at, entry(r.first_entry),
                      entry(r.last_entry), outcome});
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

// Opens the ledger and finds a pending request that the acting user may decide.
Result<ApprovalRequest> decidable(const Context& ctx, Store& store, std::int64_t id) {
  Result<ApprovalRequest> request = store.approval_request(id);
  if (!request) return request.error();
  if (request->status != "pending") {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("request {} was already {} by {} at {}", id, request->status,
                                  request->decided_by, request->decided_at));
  }
  if (request->requested_by == ctx.actor_name()) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("request {} was made by '{}': a second actor must decide it "
                                  "(--actor)",
                                  id, request->requested_by));
  }
  return request;
}

int run_approve(const Context& ctx, const std::string& id_text) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<ApprovalRequest> request = decidable(ctx, *store.value(), id.value());
  if (!request) return fail(request.error());
  Result<std::int64_t> before = store.value()->entry_count();
  if (!before) return fail(before.error());

  // The command runs as its requester asked it, on this ledger, with this user's output
  // settings; what it prints is shown and kept as the request's outcome.
  Context approved;
  approved.db = ctx.db;
  approved.format = ctx.format;
  approved.lang = ctx.lang;
  approved.actor = request->requested_by;
  approved.read_only = ctx.read_only;
  approved.words = request->command;
  approved.approving = id.value();
  CLI::App app{"socai", "socai"};
  app.require_subcommand(1, 1);
  register_commands(app, approved);
  try {
    std::vector<std::string> reversed(request->command.rbegin(), request->command.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return fail(ErrorCode::InvalidArgument,
                fmt::format("request {}: its command no longer parses: {}", id.value(), e.what()));
  }
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    approved.command += (approved.command.empty() ? "" : " ") + sub->get_name();
  }
  std::ostringstream answer;
  std::streambuf* out = std::cout.rdbuf(answer.rdbuf());
  int code = kExitStorage;
  try {
    code = approved.run ? approved.run() : kExitUsage;
  } catch (...) {
    std::cout.rdbuf(out);
    throw;
  }
  std::cout.rdbuf(out);
  std::cout << answer.str();
  // Refused now (its error is on stderr): the request stays pending, to be approved again
  // or rejected.
  if (code != kExitOk) return code;
  Result<std::int64_t> after = store.value()->entry_count();
  if (!after) return fail(after.error());
  Decision decision{.approve = true, .outcome = answer.str(), .first_entry = {}, .last_entry = {}};
  while (!decision.outcome.empty() && decision.outcome.back() == '\n') decision.outcome.pop_back();
  if (after.value() > before.value()) {
    decision.first_entry = EntryId{before.value() + 1};
    decision.last_entry = EntryId{after.value()};
  }
  Result<ApprovalRequest> decided =
      store.value()->decide_request(id.value(), decision, ctx.actor_name());
  if (!decided) return fail(decided.error());
  return kExitOk;
}

int run_reject(const Context& ctx, const std::string& id_text, const std::string& reason) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<ApprovalRequest> request = decidable(ctx, *store.value(), id.value());
  if (!request) return fail(request.error());
  Result<ApprovalRequest> decided = store.value()->decide_request(
      id.value(),
      Decision{.approve = false, .outcome = reason, .first_entry = {}, .last_entry = {}},
      ctx.actor_name());
  if (!decided) return fail(decided.error());
  print_record(ctx, request_table(ctx, {decided.value()}));
  return kExitOk;
}

int run_request_list(const Context& ctx, const std::string& status) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::vector<ApprovalRequest>> requests = store.value()->approval_requests(
      status.empty() ? std::nullopt : std::optional<std::string>(status));
  if (!requests) return fail(requests.error());
  print_list(ctx, request_table(ctx, requests.value()));
  return kExitOk;
}

int run_request_show(const Context& ctx, const std::string& id_text) {
  Result<std::int64_t> id = request_id(id_text);
  if (!id) return fail(id.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<ApprovalRequest> request = store.value()->approval_request(id.value());
  if (!request) return fail(request.error());
  print_record(ctx, request_table(ctx, {request.value()}));
  return kExitOk;
}

}  // namespace

std::optional<int> held_for_approval(const Context& ctx, Store& store) {
  if (ctx.approving) return std::nullopt;
  Result<ApprovalRequest> request = store.submit_request(ctx.words, ctx.actor_name());
  if (!request) return fail(request.error());
  if (ctx.output_format() == Format::Table) {
    std::cout << fmt::format(
        "request {} recorded: '{}' is carried out when a second actor approves it:\n"
        "  socai approve {} --actor NAME   (or: socai reject {} --actor NAME --reason TEXT)\n",
        request->id, joined(request->command), request->id, request->id);
  } else {
    print_record(ctx, request_table(ctx, {request.value()}));
  }
  return kExitOk;
}

void register_approval_commands(CLI::App& app, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* approve = app.add_subcommand(
      "approve",
      "Approve a request as the second actor: its command (a freeze, write-off, reversal or\n"
      "period close) is carried out now, recorded with its requester as actor, and the\n"
      "request keeps the approver, the command's answer and the entries it posted. Refused\n"
      "for the requester. A command refused now leaves the request pending.\n"
      "Example: socai approve 3 --actor chief.accountant");
  approve->add_option("REQUEST", *id, "the request's number (socai request list)")->required();
  approve->callback([&ctx, id] { ctx.run = [&ctx, id] { return run_approve(ctx, *id); }; });

  auto reject_id = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  CLI::App* reject = app.add_subcommand(
      "reject",
      "Reject a request as the second actor: nothing is carried out; the reason is kept.\n"
      "CSV/JSON fields: request,command,status,requested_by,requested_at,decided_by,\n"
      "decided_at,first_entry,last_entry,outcome.\n"
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
      "CSV/JSON fields: request,command,status,requested_by,requested_at,decided_by,\n"
      "decided_at,first_entry,last_entry,outcome.\n"
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
