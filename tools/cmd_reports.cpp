// socai balance, socai trial-balance, socai verify.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/entry_input.hpp"

namespace socai::cli {
namespace {

struct BalanceArgs {
  std::string account;
  std::string as_of;
  std::string loan;
  bool by_loan = false;
};

Result<std::optional<Date>> as_of_date(const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> d = parse_option<Date>("--as-of", text, parse_date);
  if (!d) return d.error();
  return std::optional<Date>(d.value());
}

struct Totals {
  std::int64_t debit = 0, credit = 0;
  bool overflow = false;
};

// Totals per currency of balance rows, checked for overflow.
std::map<std::string, Totals> totals_by_currency(const std::vector<BalanceRow>& rows) {
  std::map<std::string, Totals> totals;
  for (const BalanceRow& row : rows) {
    Totals& t = totals[row.currency];
    t.overflow = t.overflow || __builtin_add_overflow(t.debit, row.debit, &t.debit) ||
                 __builtin_add_overflow(t.credit, row.credit, &t.credit);
  }
  return totals;
}

// The stable columns account,currency,debit,credit,balance (plus loan when per loan).
Table balance_table(const Context& ctx, const std::vector<BalanceRow>& rows, bool with_loan,
                    bool with_totals) {
  const Format format = ctx.output_format();
  const Lang lang = ctx.output_lang();
  Table table;
  table.columns = {{"account", label(lang, "Account", "Tài khoản"), false, false}};
  if (with_loan) table.columns.push_back({"loan", label(lang, "Loan", "Khoản vay"), true, true});
  table.columns.insert(table.columns.end(),
                       {{"currency", label(lang, "Currency", "Tiền tệ"), false, false},
                        {"debit", label(lang, "Debit", "Nợ"), true, false},
                        {"credit", label(lang, "Credit", "Có"), true, false},
                        {"balance", label(lang, "Balance", "Số dư"), true, false}});
  for (const BalanceRow& row : rows) {
    std::vector<std::string> cells{row.account};
    if (with_loan) cells.push_back(row.loan ? std::to_string(row.loan->value) : "");
    cells.insert(cells.end(), {row.currency, amount_text(row.debit, row.currency, format, lang),
                               amount_text(row.credit, row.currency, format, lang),
                               amount_text(row.balance, row.currency, format, lang)});
    table.rows.push_back(std::move(cells));
  }
  if (with_totals) {
    for (const auto& [currency, t] : totals_by_currency(rows)) {
      std::vector<std::string> cells{label(lang, "Total", "Tổng cộng")};
      if (with_loan) cells.push_back("");
      if (t.overflow) {
        cells.insert(cells.end(), {currency, "overflow", "overflow", ""});
      } else {
        cells.insert(cells.end(), {currency, amount_text(t.debit, currency, format, lang),
                                   amount_text(t.credit, currency, format, lang),
                                   amount_text(t.debit - t.credit, currency, format, lang)});
      }
      table.footer.push_back(std::move(cells));
    }
  }
  return table;
}

int run_balance(const Context& ctx, const BalanceArgs& args) {
  Result<std::optional<Date>> as_of = as_of_date(args.as_of);
  if (!as_of) return fail(as_of.error());
  std::optional<LoanId> loan;
  if (!args.loan.empty()) {
    Result<LoanId> id = parse_option<LoanId>("--loan", args.loan, parse_loan_id);
    if (!id) return fail(id.error());
    loan = id.value();
  }
  if (args.by_loan && (args.account.empty() || loan)) {
    return fail(ErrorCode::InvalidArgument,
                "--by-loan: name one control account, and no --loan, e.g. "
                "socai balance Assets:Loans:InTerm:01 --by-loan");
  }
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::vector<BalanceRow>> rows =
      args.by_loan           ? store.value()->loan_balances(args.account, as_of.value())
      : args.account.empty() ? store.value()->trial_balance(as_of.value())
                             : store.value()->balance(args.account, as_of.value(), loan);
  if (!rows) return fail(rows.error());
  const bool with_loan = args.by_loan || loan.has_value();
  Table table = balance_table(ctx, rows.value(), with_loan, rows->size() > 1);
  nlohmann::json json{
      {"account", args.account.empty() ? nlohmann::json() : nlohmann::json(args.account)},
      {"as_of", as_of.value() ? nlohmann::json(format_date(**as_of)) : nlohmann::json()},
      {"rows", rows_json(table)}};
  print_list(ctx, table, json);
  return kExitOk;
}

int run_trial_balance(const Context& ctx, const std::string& as_of_text) {
  Result<std::optional<Date>> as_of = as_of_date(as_of_text);
  if (!as_of) return fail(as_of.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::vector<BalanceRow>> rows = store.value()->trial_balance(as_of.value());
  if (!rows) return fail(rows.error());
  Table table = balance_table(ctx, rows.value(), false, true);
  bool balanced = true;
  nlohmann::json totals = nlohmann::json::array();
  for (const auto& [currency, t] : totals_by_currency(rows.value())) {
    balanced = balanced && !t.overflow && t.debit == t.credit;
    totals.push_back({{"currency", currency},
                      {"debit", amount_text(t.debit, currency, Format::Json, Lang::En)},
                      {"credit", amount_text(t.credit, currency, Format::Json, Lang::En)},
                      {"balanced", !t.overflow && t.debit == t.credit}});
  }
  nlohmann::json json{
      {"as_of", as_of.value() ? nlohmann::json(format_date(**as_of)) : nlohmann::json()},
      {"rows", rows_json(table)},
      {"totals", totals},
      {"balanced", balanced}};
  print_list(ctx, table, json);
  if (!balanced) {
    return fail(ErrorCode::FailedPrecondition,
                "the trial balance does not balance: debits differ from credits");
  }
  return kExitOk;
}

struct CheckpointArgs {
  std::vector<std::string> checkpoints;
  std::vector<std::string> public_keys;
};

// The checkpoints given to verify, each read with the public keys: exit code, or -1 when all
// hold.
int check_checkpoints(Store& store, const CheckpointArgs& a) {
  if (a.checkpoints.empty()) return -1;
  if (a.public_keys.empty()) {
    return fail(ErrorCode::InvalidArgument,
                "--checkpoint: give the public key that signed it (--public-key PUBLIC.pem)");
  }
  std::vector<std::string> keys;
  for (const std::string& path : a.public_keys) {
    Result<std::string> pem = read_file(path);
    if (!pem) return fail(with_context(fmt::format("--public-key '{}'", path), pem.error()));
    if (Status s = check_public_key(pem.value()); !s) {
      return fail(with_context(fmt::format("--public-key '{}'", path), s.error()));
    }
    keys.push_back(std::move(pem).value());
  }
  for (const std::string& path : a.checkpoints) {
    Result<std::string> text = read_file(path);
    if (!text) return fail(with_context(fmt::format("--checkpoint '{}'", path), text.error()));
    Result<Checkpoint> checkpoint = read_checkpoint(text.value(), keys);
    if (!checkpoint) {
      return fail(with_context(fmt::format("checkpoint '{}'", path), checkpoint.error()));
    }
    if (Status held = check_checkpoint(store, checkpoint.value()); !held) {
      return fail(with_context(fmt::format("checkpoint '{}'", path), held.error()));
    }
  }
  return -1;
}

struct CheckpointOut {
  std::string key;
  std::string out;
};

int run_checkpoint(const Context& ctx, const CheckpointOut& a) {
  Result<std::string> key = read_file(a.key);
  if (!key) return fail(with_context(fmt::format("--key '{}'", a.key), key.error()));
  if (!a.out.empty() && std::filesystem::exists(std::filesystem::symlink_status(a.out))) {
    return fail(ErrorCode::AlreadyExists,
                fmt::format("--out '{}': exists; a checkpoint never overwrites a file", a.out));
  }
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<Checkpoint> taken = take_checkpoint(*store.value(), ctx.actor_name(), ctx.now());
  if (!taken) return fail(taken.error());
  Result<std::string> text = sign_checkpoint(taken.value(), key.value());
  if (!text) return fail(with_context("--key", text.error()));
  if (a.out.empty()) {
    std::cout << text.value();
    return kExitOk;
  }
  if (Status written = write_new_file(a.out, text.value()); !written) {
    return fail(with_context(fmt::format("--out '{}'", a.out), written.error()));
  }
  std::cout << fmt::format("checkpoint of {} entries and {} control records written to {}\n",
                           taken->entries, taken->control_records, a.out);
  return kExitOk;
}

int run_verify(const Context& ctx, const CheckpointArgs& checkpoints) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  if (int rc = check_checkpoints(*store.value(), checkpoints); rc >= 0) return rc;
  Result<VerifyReport> report = store.value()->verify();
  if (!report) return fail(report.error());
  const VerifyReport& r = report.value();
  switch (ctx.output_format()) {
    case Format::Json: {
      nlohmann::json json{{"ok", r.ok()},
                          {"entries_checked", r.entries_checked},
                          {"head_hash", r.head_hash},
                          {"control_records_checked", r.control_records_checked},
                          {"control_head_hash", r.control_head_hash},
                          {"training", ctx.training()}};
      if (!r.ok()) {
        json["first_bad_entry"] =
            r.first_bad ? nlohmann::json(r.first_bad->value) : nlohmann::json();
        json["problem"] = r.problem;
      }
      std::cout << json.dump(2) << "\n";
      break;
    }
    case Format::Csv:
      std::cout << "ok,entries_checked,head_hash,first_bad_entry,problem,control_records_checked,"
                   "control_head_hash,training\n"
                << fmt::format("{},{},{},{},\"{}\",{},{},{}\n", r.ok() ? "true" : "false",
                               r.entries_checked, r.head_hash,
                               r.first_bad ? std::to_string(r.first_bad->value) : "", r.problem,
                               r.control_records_checked, r.control_head_hash,
                               ctx.training() ? "true" : "false");
      break;
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      if (r.ok()) {
        std::cout << fmt::format(
            "ok: {} entries verified, chain head {}; {} control records, "
            "control head {}{}\n",
            r.entries_checked, r.head_hash, r.control_records_checked, r.control_head_hash,
            ctx.training() ? " (" + ctx.training_notice() + ")" : "");
      }
      break;
  }
  if (!r.ok()) {
    return fail(
        ErrorCode::FailedPrecondition,
        r.first_bad ? fmt::format("entry {}: {}", r.first_bad->value, r.problem) : r.problem);
  }
  return kExitOk;
}

}  // namespace

void register_report_commands(CLI::App& app, Context& ctx) {
  auto balance_args = std::make_shared<BalanceArgs>();
  CLI::App* balance = app.add_subcommand(
      "balance",
      "Balances of an account and its sub-accounts, per currency, now or as of a date.\n"
      "Examples:\n"
      "  socai balance Assets:Cash --as-of 2025-01-31\n"
      "  socai balance Assets:Loans:InTerm:01 --by-loan      (the loan sub-ledger)\n"
      "  socai balance Assets:Loans --loan 17");
  balance->add_option("ACCOUNT", balance_args->account, "account name or prefix (default: all)");
  balance->add_option("--as-of", balance_args->as_of, "postings dated on or before this date");
  balance->add_option("--loan", balance_args->loan, "only postings of this loan");
  balance->add_flag("--by-loan", balance_args->by_loan, "one row per loan of a control account");
  balance->callback([&ctx, balance_args] {
    ctx.run = [&ctx, balance_args] { return run_balance(ctx, *balance_args); };
  });

  auto tb_as_of = std::make_shared<std::string>();
  CLI::App* tb = app.add_subcommand(
      "trial-balance",
      "Debits, credits and balance of every account and currency with postings; totals per\n"
      "currency. CSV columns: account,currency,debit,credit,balance. Exit 1 if unbalanced.\n"
      "Example: socai trial-balance --as-of 2025-12-31 --format csv");
  tb->add_option("--as-of", *tb_as_of, "postings dated on or before this date");
  tb->callback([&ctx, tb_as_of] {
    ctx.run = [&ctx, tb_as_of] { return run_trial_balance(ctx, *tb_as_of); };
  });

  auto checkpoints = std::make_shared<CheckpointArgs>();
  CLI::App* verify = app.add_subcommand(
      "verify",
      "Recompute every entry's SHA-256 and the hash chain, check every entry balances, and\n"
      "compare every request, decision, setting, actor and program with its record in the\n"
      "control chain. With --checkpoint (repeatable), also that the ledger still holds\n"
      "exactly the history each signed checkpoint (socai checkpoint) signed, as a prefix.\n"
      "Exit 0 when all holds; exit 1 naming the first thing that does not.\n"
      "Examples: socai --read-only verify\n"
      "          socai --read-only verify --checkpoint 2026-11.checkpoint --public-key "
      "auditor.pub.pem");
  verify->add_option("--checkpoint", checkpoints->checkpoints,
                     "a signed checkpoint the ledger must still hold (repeatable)");
  verify->add_option("--public-key", checkpoints->public_keys,
                     "an Ed25519 public key (PEM) that may have signed them (repeatable)");
  verify->callback([&ctx, checkpoints] {
    ctx.run = [&ctx, checkpoints] { return run_verify(ctx, *checkpoints); };
  });

  auto checkpoint = std::make_shared<CheckpointOut>();
  CLI::App* take = app.add_subcommand(
      "checkpoint",
      "Sign a checkpoint of the ledger: its id, its entries' and control chain's lengths and\n"
      "heads, the business date and time, and who took it, signed with an Ed25519 key that\n"
      "the auditor keeps outside the branch. Kept with the public key away from the ledger,\n"
      "it lets 'socai verify --checkpoint' prove later that nothing before it was rewritten,\n"
      "lost or swapped. A ledger that does not verify is not signed.\n"
      "Make a key: openssl genpkey -algorithm ed25519 -out auditor.pem\n"
      "            openssl pkey -in auditor.pem -pubout -out auditor.pub.pem\n"
      "Example: socai --read-only checkpoint --key auditor.pem --out 2026-11.checkpoint");
  take->add_option("--key", checkpoint->key, "the Ed25519 private key (PEM, unencrypted)")
      ->required();
  take->add_option(
      "--out", checkpoint->out,
      "write it to this new file, whole and flushed to disk, or not at all (default: stdout)");
  take->callback([&ctx, checkpoint] {
    ctx.run = [&ctx, checkpoint] { return run_checkpoint(ctx, *checkpoint); };
  });
}

}  // namespace socai::cli
