// socai init, socai account add|list.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"

namespace socai::cli {
namespace {

struct AccountAddArgs {
  std::string name;
  std::string type;
  std::string code;
  std::string description;
  bool control = false;
};

int run_init(const Context& ctx, bool training) {
  if (ctx.read_only) return fail(ErrorCode::InvalidArgument, "init cannot run with --read-only");
  Result<std::optional<std::string>> fixed = Context::fixed_clock();
  if (!fixed) return fail(fixed.error());
  if (fixed.value() && !training) {
    return fail(ErrorCode::PermissionDenied,
                "SOCAI_CLOCK fixes the time of a training ledger only (init --training)");
  }
  StoreOptions options;
  options.training = training;
  if (fixed.value()) options.clock = [time = *fixed.value()] { return time; };
  Result<std::unique_ptr<Store>> store = create_ledger(ctx.db, options);
  if (!store) return fail(store.error());
  Result<std::vector<Account>> accounts = store.value()->list_accounts();
  if (!accounts) return fail(accounts.error());
  std::cout << fmt::format("created {} {} with {} accounts\n",
                           training ? "training ledger" : "ledger", ctx.db, accounts->size());
  if (!training) {
    std::cout << "next: register its actors (socai actor add NAME --os-user USER --role ROLE), "
                 "the administrator last\n";
  }
  return kExitOk;
}

int run_account_add(const Context& ctx, const AccountAddArgs& args) {
  NewAccount account{.name = args.name,
                     .type = AccountType::Asset,
                     .code = args.code,
                     .control = args.control,
                     .description = args.description};
  if (!args.type.empty()) {
    Result<AccountType> type = parse_option<AccountType>("--type", args.type, parse_account_type);
    if (!type) return fail(type.error());
    account.type = type.value();
  } else {
    // The type follows from the name's first segment.
    const std::string root = args.name.substr(0, args.name.find(':'));
    bool found = false;
    for (AccountType t : {AccountType::Asset, AccountType::Liability, AccountType::Equity,
                          AccountType::Income, AccountType::Expense, AccountType::OffBalance}) {
      if (account_root(t) == root) account.type = t, found = true;
    }
    if (!found) {
      return fail(ErrorCode::InvalidArgument,
                  "--type: give the account's type, or start its name with Assets, "
                  "Liabilities, Equity, Income, Expenses or OffBalance");
    }
  }
  if (Status s = check_account_name(account.name, account.type); !s) return fail(s.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<Account> added = store.value()->add_account(account, ctx.actor_name());
  if (!added) return fail(added.error());
  if (ctx.output_format() == Format::Json) {
    std::cout << nlohmann::json{{"id", added->id.value},
                                {"name", added->name},
                                {"code", added->code},
                                {"type", account_type_name(added->type)},
                                {"control", added->control}}
                     .dump()
              << "\n";
  } else if (ctx.output_format() == Format::Csv) {
    std::cout << "id,code,name,type,control\n"
              << fmt::format("{},{},{},{},{}\n", added->id.value, added->code, added->name,
                             account_type_name(added->type), added->control ? 1 : 0);
  } else {
    std::cout << fmt::format("account {} added (code {}, {})\n", added->name, added->code,
                             account_type_name(added->type));
  }
  return kExitOk;
}

int run_account_list(const Context& ctx) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::vector<Account>> accounts = store.value()->list_accounts();
  if (!accounts) return fail(accounts.error());
  const Lang lang = ctx.output_lang();
  Table table{.columns = {{"code", label(lang, "Code", "Mã"), false, false},
                          {"name", label(lang, "Account", "Tài khoản"), false, false},
                          {"type", label(lang, "Type", "Loại"), false, false},
                          {"control", label(lang, "Control", "Kiểm soát"), false, true},
                          {"description", label(lang, "Description", "Mô tả"), false, false}},
              .rows = {},
              .footer = {}};
  for (const Account& a : accounts.value()) {
    table.rows.push_back({a.code, a.name, std::string(account_type_name(a.type)),
                          a.control ? "1" : "0", a.description});
  }
  print_list(ctx, table);
  return kExitOk;
}

}  // namespace

void register_ledger_commands(CLI::App& app, Context& ctx) {
  CLI::App* init = app.add_subcommand(
      "init",
      "Create a new ledger with the currencies and chart of accounts of schemas/. Its actors\n"
      "are then registered with 'socai actor add' (each an OS account with roles), the\n"
      "administrator last. --training makes a ledger for practice instead, whose actors are\n"
      "the names people declare (--actor, SOCAI_ACTOR); every report says so.\n"
      "Examples: socai --db branch.db init\n"
      "          socai --db practice.db init --training");
  auto training = std::make_shared<bool>(false);
  init->add_flag("--training", *training,
                 "a training ledger: declared names, not authenticated actors (fixed for good)");
  init->callback(
      [&ctx, training] { ctx.run = [&ctx, training] { return run_init(ctx, *training); }; });

  CLI::App* account = app.add_subcommand("account", "Add or list accounts of the chart");
  account->require_subcommand(1);
  auto add_args = std::make_shared<AccountAddArgs>();
  CLI::App* add = account->add_subcommand(
      "add",
      "Add an account. Its name starts with its type's root: Assets, Liabilities, Equity,\n"
      "Income, Expenses or OffBalance.\n"
      "Example: socai account add Assets:Cash:TP-XaHoa --type asset --description 'Xa Hoa point'");
  add->add_option("NAME", add_args->name, "account name, e.g. Assets:Cash:TP-XaHoa")->required();
  add->add_option("--type", add_args->type,
                  "asset, liability, equity, income, expense or off-balance (default: from the "
                  "name)");
  add->add_option("--code", add_args->code, "numeric code (default: the next of its class)");
  add->add_option("--description", add_args->description, "what the account holds");
  add->add_flag("--control", add_args->control,
                "a loan control account: every posting on it names a loan");
  add->callback(
      [&ctx, add_args] { ctx.run = [&ctx, add_args] { return run_account_add(ctx, *add_args); }; });

  CLI::App* list = account->add_subcommand("list",
                                           "List the chart of accounts.\n"
                                           "Example: socai account list --format csv");
  list->callback([&ctx] { ctx.run = [&ctx] { return run_account_list(ctx); }; });
}

}  // namespace socai::cli
