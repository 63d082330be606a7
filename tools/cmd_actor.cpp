// socai actor add|list|disable: who may act on a ledger that is not a training ledger
// (ledger/actors.hpp). Before the ledger has an administrator, actors are registered
// directly; from then on each change is a request a second actor approves.
#include <fmt/format.h>

#include <functional>
#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {

void print_actor(const Context& ctx, const Actor& actor) {
  if (ctx.output_format() == Format::Table) {
    std::cout << fmt::format("actor {} ({}) {}: {}\n", actor.name, actor.os_user,
                             actor.active ? "registered" : "disabled", roles_text(actor.roles));
    return;
  }
  print_record(ctx, actor_table(ctx, {actor}));
}

Table actor_table(const Context& ctx, const std::vector<Actor>& actors) {
  const Lang lang = ctx.output_lang();
  auto column = [&](const char* key, const char* en, const char* vi, bool number = false) {
    return Column{key, label(lang, en, vi), number, number};
  };
  Table t{.columns = {column("id", "Id", "Mã", true), column("name", "Name", "Tên"),
                      column("os_user", "OS account", "Tài khoản hệ thống"),
                      column("roles", "Roles", "Vai trò"), column("status", "Status", "Trạng thái"),
                      column("created_by", "Registered by", "Người đăng ký"),
                      column("created_at", "Registered at", "Lúc đăng ký"),
                      column("disabled_by", "Disabled by", "Người khóa"),
                      column("disabled_at", "Disabled at", "Lúc khóa")},
          .rows = {},
          .footer = {}};
  for (const Actor& a : actors) {
    t.rows.push_back({std::to_string(a.id), a.name, a.os_user, roles_text(a.roles),
                      a.active ? "active" : "disabled", a.created_by, a.created_at, a.disabled_by,
                      a.disabled_at});
  }
  return t;
}

namespace {

struct ActorAddArgs {
  std::string name;
  std::string os_user;
  std::vector<std::string> roles;
};

// Registers or disables directly before the ledger has an administrator; otherwise submits
// the change for a second actor. `change` builds the operation from the open ledger's actors.
int run_actor_change(const Context& ctx, const std::function<Result<Operation>(Actors&)>& change) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::unique_ptr<Actors>> actors = open_actors(*book->store);
  if (!actors) return fail(actors.error());
  Result<Operation> operation = change(*actors.value());
  if (!operation) return fail(operation.error());
  Result<bool> administered = actors.value()->has_administrator();
  if (!administered) return fail(administered.error());
  if (administered.value()) return submit_operation(ctx, *book->store, *book->book, operation);
  const auto& a = std::get<ActorChangeOperation>(operation->fields());
  Result<Actor> done = a.action == ActorChangeOperation::Action::Add
                           ? actors.value()->add(a.name, a.os_user, a.roles, ctx.actor_name())
                           : actors.value()->disable(a.name, ctx.actor_name());
  if (!done) return fail(done.error());
  print_actor(ctx, done.value());
  return kExitOk;
}

int run_actor_add(const Context& ctx, const ActorAddArgs& args) {
  std::string joined;
  for (const std::string& r : args.roles) joined += (joined.empty() ? "" : " ") + r;
  Result<std::set<Role>> roles = parse_option<std::set<Role>>("--role", joined, parse_roles);
  if (!roles) return fail(roles.error());
  // Checked before the ledger is opened: a malformed name or OS account writes nothing.
  Result<Operation> add = Operation::actor_change({.action = ActorChangeOperation::Action::Add,
                                                   .name = args.name,
                                                   .os_user = args.os_user,
                                                   .roles = roles.value()});
  if (!add) return fail(add.error());
  return run_actor_change(ctx, [&](Actors&) { return add; });
}

int run_actor_disable(const Context& ctx, const std::string& name) {
  return run_actor_change(ctx, [&](Actors& actors) -> Result<Operation> {
    // The request names the actor as registered, however the name was typed.
    Result<Actor> actor = actors.find(name);
    if (!actor) return actor.error();
    return Operation::actor_change({.action = ActorChangeOperation::Action::Disable,
                                    .name = actor->name,
                                    .os_user = {},
                                    .roles = {}});
  });
}

int run_actor_list(const Context& ctx) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::unique_ptr<Actors>> actors = open_actors(*store.value());
  if (!actors) return fail(actors.error());
  Result<std::vector<Actor>> all = actors.value()->list();
  if (!all) return fail(all.error());
  print_list(ctx, actor_table(ctx, all.value()));
  return kExitOk;
}

}  // namespace

void register_actor_commands(CLI::App& app, Context& ctx) {
  CLI::App* actor = app.add_subcommand(
      "actor",
      "Who may act on a ledger that is not a training ledger: each actor is an operating-\n"
      "system account with roles (officer, accountant, approver, auditor, administrator).\n"
      "Every command runs as the actor registered for the OS account that runs it, and\n"
      "needs its role. Until the ledger has an administrator, actors are registered directly\n"
      "(register the administrator last); from then on each change is a request that a\n"
      "second actor approves.");
  actor->require_subcommand(1);

  auto add_args = std::make_shared<ActorAddArgs>();
  CLI::App* add = actor->add_subcommand(
      "add",
      "Register an actor: a name (compared after NFC normalisation, trimming and case\n"
      "folding), the OS account that authenticates them, and their roles. A name or an OS\n"
      "account is registered once, ever; an actor's roles never change.\n"
      "Example: socai actor add 'Nguyễn Thị Lan' --os-user lan --role officer");
  add->add_option("NAME", add_args->name, "the actor's name")->required();
  add->add_option("--os-user", add_args->os_user, "the OS account (user name)")->required();
  add->add_option("--role", add_args->roles,
                  "a role: officer, accountant, approver, auditor, administrator (repeat it)")
      ->required();
  add->callback(
      [&ctx, add_args] { ctx.run = [&ctx, add_args] { return run_actor_add(ctx, *add_args); }; });

  CLI::App* list = actor->add_subcommand(
      "list",
      "Every registered actor, disabled ones too.\n"
      "CSV/JSON fields: id,name,os_user,roles,status,created_by,created_at,disabled_by,\n"
      "disabled_at.\n"
      "Example: socai actor list --format csv");
  list->callback([&ctx] { ctx.run = [&ctx] { return run_actor_list(ctx); }; });

  auto name = std::make_shared<std::string>();
  CLI::App* disable = actor->add_subcommand(
      "disable",
      "Disable an actor: their OS account can no longer act on the ledger. Never the last\n"
      "administrator.\n"
      "Example: socai actor disable 'Nguyễn Thị Lan'");
  disable->add_option("NAME", *name, "the actor's name")->required();
  disable->callback(
      [&ctx, name] { ctx.run = [&ctx, name] { return run_actor_disable(ctx, *name); }; });
}

}  // namespace socai::cli
