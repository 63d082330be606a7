// The socai command line: builds the application with every command, parses the arguments and
// runs the command chosen (declared in cli.hpp).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli.hpp"
#include "ledger/journal.hpp"

namespace socai::cli {

namespace {

// `socai` alone: the commands by who uses them.
constexpr const char* kMap =
    "socai: a double-entry ledger for preferential-credit programs.\n"
    "socai [--db FILE] [--format table|csv|json] [--lang en|vi] COMMAND; socai COMMAND --help\n"
    "\n"
    "Loan officers\n"
    "  commune add, group add, household add|status|show|list, officer add  reference data\n"
    "  loan open|show|list, disburse, collect-interest, repay, pay           a loan's life\n"
    "  extend, adjust, freeze, unfreeze, write-off, recover, reverse-event   risk debt, "
    "corrections\n"
    "  schedule                                                              repayment schedules\n"
    "  import FILE                                                           spreadsheets (CSV)\n"
    "Group leaders\n"
    "  collection-sheet --group G --month M                                  the monthly session\n"
    "  savings deposit|withdraw|show                                         members' savings\n"
    "Accountants\n"
    "  close MONTH, fees MONTH, setting list|set                             month-end close\n"
    "  post, reverse, close-period, account add|list, program rate|set       the journal\n"
    "Second actors (two-person control of freeze, write-off, reversals, closes)\n"
    "  request list|show, approve REQUEST, reject REQUEST --reason R         decide requests\n"
    "Auditors (with --read-only)\n"
    "  reconcile, verify, checkpoint, trial-balance, balance, loan list      proving the books\n"
    "  report delinquency|portfolio|ledger                                   aging, PAR, lending\n"
    "  export hledger|ledger                                                 for hledger, Ledger\n"
    "Administrators\n"
    "  init, actor add|list|disable                                          who may act, as what\n"
    "\n"
    "Try: socai --db demo.db demo && socai --db demo.db loan list --status overdue\n";

}  // namespace

void register_commands(CLI::App& app, Context& ctx) {
  register_ledger_commands(app, ctx);
  register_journal_commands(app, ctx);
  register_report_commands(app, ctx);
  register_schedule_commands(app, ctx);
  register_credit_commands(app, ctx);
  register_program_commands(app, ctx);
  register_loan_commands(app, ctx);
  register_loan_event_commands(app, ctx);
  register_close_commands(app, ctx);
  register_savings_commands(app, ctx);
  register_collection_commands(app, ctx);
  register_demo_commands(app, ctx);
  register_reconcile_commands(app, ctx);
  register_import_commands(app, ctx);
  register_export_commands(app, ctx);
  register_auditor_report_commands(app, ctx);
  register_approval_commands(app, ctx);
  register_actor_commands(app, ctx);
}

namespace {

// The words of a command line without the global options (and their values), which belong
// to whoever runs it: a request keeps only what it asks for.
std::vector<std::string> command_words(const std::vector<std::string>& args) {
  static const char* const kWithValue[] = {"--db", "--format", "--lang", "--actor"};
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--read-only") continue;
    bool global = false;
    for (const char* option : kWithValue) {
      if (a == option) {
        ++i;  // its value
        global = true;
      } else if (a.rfind(std::string(option) + "=", 0) == 0) {
        global = true;
      }
    }
    if (!global) words.push_back(a);
  }
  return words;
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, bool execute) {
  CLI::App app{
      "socai: a double-entry ledger for preferential-credit programs.\n\n"
      "Examples:\n"
      "  socai --db demo.db init\n"
      "  socai --db demo.db post --date 2025-01-15 --key V-0001 --memo 'Capital' \\\n"
      "      --posting 'Assets:Cash:HeadOffice=1.000.000.000' \\\n"
      "      --posting 'Equity:Funds:Central=-1.000.000.000'\n"
      "  socai --db demo.db trial-balance --format csv\n",
      "socai"};
  app.require_subcommand(0, 1);
  app.fallthrough();

  Context ctx;
  const char* env_db = std::getenv("SOCAI_DB");
  ctx.db = env_db && *env_db ? env_db : "socai.db";
  app.add_option("--db", ctx.db, "ledger file (default: $SOCAI_DB, else ./socai.db)");
  app.add_option("--format", ctx.format,
                 "output: table (people), csv or json (machines), html (reports, one page)")
      ->check(CLI::IsMember({"table", "csv", "json", "html"}));
  app.add_option("--lang", ctx.lang, "labels and number style: en or vi (default: from $LANG)")
      ->check(CLI::IsMember({"en", "vi"}));
  app.add_option("--actor", ctx.actor,
                 "who is acting, recorded on every write (default: $SOCAI_ACTOR, else login)");
  app.add_flag("--read-only", ctx.read_only, "open the ledger read-only (auditors)");
  register_commands(app, ctx);

  try {
    // CLI11 takes the arguments in reverse order, the last one first.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      std::cout << app.help();
      return kExitOk;
    }
    return fail(socai::ErrorCode::InvalidArgument, std::string(e.what()) + " (see 'socai --help')");
  }
  // Checked for every command, also those that record nothing, so that a bad --actor is
  // never silently ignored. The value is not echoed: it may not be printable.
  if (!ctx.actor.empty() && (ctx.actor.size() > 100 || !socai::is_clean_text(ctx.actor))) {
    return fail(socai::ErrorCode::InvalidArgument,
                "--actor: 1 to 100 characters of text (valid UTF-8, no control characters)");
  }
  if (!ctx.run) {
    std::cout << kMap;
    return kExitOk;
  }
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    ctx.command += (ctx.command.empty() ? "" : " ") + sub->get_name();
  }
  // An HTML page is a report's; a command that records something answers in text.
  if (ctx.output_format() == Format::Html && !is_report_command(ctx.command)) {
    return fail(socai::ErrorCode::InvalidArgument,
                "--format html: for the reports (trial-balance, balance, report, reconcile, "
                "collection-sheet, fees); '" +
                    ctx.command + "' answers in table, csv or json");
  }
  if (!execute) return kExitOk;
  ctx.words = command_words(args);
  try {
    return ctx.run();
  } catch (const std::exception& e) {
    return fail(socai::ErrorCode::Internal, std::string("internal error: ") + e.what());
  }
}

}  // namespace socai::cli
