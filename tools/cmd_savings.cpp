// socai savings deposit|withdraw|show: members' voluntary savings, kept by the group leader
// on the group's savings liability (DOMAIN.md section 5).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct SavingsArgs {
  std::string household, amount, date, key, as_of;
};

int run_savings(const Context& ctx, bool withdrawal, const SavingsArgs& a) {
  const Currency vnd = Currency::find("VND").value();
  Result<Date> date = date_option("--date", a.date);
  if (!date) return fail(date.error());
  Result<Money> amount = positive_amount_option("--amount", a.amount, vnd);
  if (!amount) return fail(amount.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<SavingsOutcome> o = book->book->savings(SavingsOperation{.household = a.household,
                                                                  .withdrawal = withdrawal,
                                                                  .amount = amount.value(),
                                                                  .date = *date,
                                                                  .key = a.key},
                                                 ctx.actor_name());
  if (!o) return fail(o.error());
  if (ctx.output_format() == Format::Table) {
    std::cout << fmt::format("{} {} for household {} (group {}, entry {}){}; savings {}\n",
                             withdrawal ? "withdrew" : "deposited",
                             amount_cell(ctx, amount->minor_units(), vnd), o->household, o->group,
                             o->entry.value, o->already_recorded ? " already recorded" : "",
                             amount_cell(ctx, o->balance, vnd));
    return kExitOk;
  }
  auto column = [](const char* key, bool number) { return Column{key, key, false, number}; };
  Table t{.columns = {column("household", false), column("group", false), column("kind", false),
                      column("date", false), column("amount", false), column("entry", true),
                      column("status", false), column("balance", false)},
          .rows = {{o->household, o->group, withdrawal ? "withdraw" : "deposit", format_date(*date),
                    amount_cell(ctx, amount->minor_units(), vnd), std::to_string(o->entry.value),
                    o->already_recorded ? "already-recorded" : "recorded",
                    amount_cell(ctx, o->balance, vnd)}},
          .footer = {}};
  print_record(ctx, t);
  return kExitOk;
}

int run_show(const Context& ctx, const SavingsArgs& a) {
  Result<std::optional<Date>> as_of = optional_date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Household> household = book->book->household(a.household);
  if (!household) return fail(household.error());
  Result<std::int64_t> balance = book->book->savings_balance(a.household, *as_of);
  if (!balance) return fail(balance.error());
  const Lang lang = ctx.output_lang();
  Table t{
      .columns = {{"household", label(lang, "Household", "Hộ"), false, false},
                  {"group", label(lang, "Group", "Tổ"), false, false},
                  {"as_of", label(lang, "As of", "Đến ngày"), false, false},
                  {"savings", label(lang, "Savings", "Tiền gửi tiết kiệm"), true, false}},
      .rows = {{household->code, household->group, *as_of ? date_cell(ctx, **as_of) : std::string(),
                amount_cell(ctx, balance.value(), Currency::find("VND").value())}},
      .footer = {}};
  print_record(ctx, t);
  return kExitOk;
}

}  // namespace

void register_savings_commands(CLI::App& app, Context& ctx) {
  CLI::App* savings = app.add_subcommand(
      "savings",
      "Members' voluntary savings, collected by the group leader (at least 5,000 a deposit).\n"
      "Example: socai savings deposit HH-001 --amount 50.000 --date 2026-02-10");
  savings->require_subcommand(1);
  for (bool withdrawal : {false, true}) {
    auto a = std::make_shared<SavingsArgs>();
    CLI::App* cmd = savings->add_subcommand(
        withdrawal ? "withdraw" : "deposit",
        withdrawal ? "Withdraw savings (at most the member's balance): the group's savings\n"
                     "liability and the commune's cash go down.\n"
                     "Example: socai savings withdraw HH-001 --amount 20.000 --date 2026-03-10"
                   : "Deposit savings: the commune's cash and the group's savings liability\n"
                     "(Liabilities:Savings:<group>) go up. Repeating it records nothing.\n"
                     "Example: socai savings deposit HH-001 --amount 50.000 --date 2026-02-10");
    cmd->add_option("HOUSEHOLD", a->household, "the member household")->required();
    cmd->add_option("--amount", a->amount, "amount, e.g. 50000 or 1.000.000")->required();
    cmd->add_option("--date", a->date, "effective date")->required();
    cmd->add_option("--key", a->key, "idempotency key, e.g. the receipt number");
    cmd->callback([&ctx, a, withdrawal] {
      ctx.run = [&ctx, a, withdrawal] { return run_savings(ctx, withdrawal, *a); };
    });
  }
  auto a = std::make_shared<SavingsArgs>();
  CLI::App* show = savings->add_subcommand("show",
                                           "A member's savings balance.\n"
                                           "Example: socai savings show HH-001 --as-of 2026-03-31");
  show->add_option("HOUSEHOLD", a->household, "the member household")->required();
  show->add_option("--as-of", a->as_of, "balance at the end of this day (default: all)");
  show->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_show(ctx, *a); }; });
}

}  // namespace socai::cli
