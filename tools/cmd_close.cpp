// socai close, socai fees, socai setting: the month-end close, the entrustment fees it posts,
// and the fee settings (DOMAIN.md sections 3 to 5).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"
#include "ledger/fees.hpp"

namespace socai::cli {
namespace {

Table fee_table(const Context& ctx, const std::vector<FeeRow>& fees) {
  const Lang lang = ctx.output_lang();
  Table t{.columns = {{"month", label(lang, "Month", "Tháng"), false, false},
                      {"commune", label(lang, "Commune", "Xã"), false, false},
                      {"organisation", label(lang, "Org", "Tổ chức"), false, false},
                      {"balance", label(lang, "Balance (interest collected)", "Dư nợ thu được lãi"),
                       true, false},
                      {"outstanding", label(lang, "Outstanding", "Tổng dư nợ"), true, false},
                      {"overdue", label(lang, "Overdue", "Nợ quá hạn"), true, false},
                      {"overdue_ratio", label(lang, "Overdue %", "Tỷ lệ quá hạn"), true, false},
                      {"factor", label(lang, "Factor", "Hệ số"), true, false},
                      {"fee", label(lang, "Fee", "Phí ủy thác"), true, false},
                      {"commune_part", label(lang, "Commune", "Cấp xã"), true, false},
                      {"district_part", label(lang, "District", "Cấp huyện"), true, false},
                      {"province_part", label(lang, "Province", "Cấp tỉnh"), true, false},
                      {"central_part", label(lang, "Central", "Trung ương"), true, false},
                      {"entry", label(lang, "Entry", "Bút toán"), true, true}},
          .rows = {},
          .footer = {}};
  std::int64_t totals[5] = {0, 0, 0, 0, 0};
  std::string currency = "VND";
  for (const FeeRow& f : fees) {
    auto money = [&](std::int64_t v) {
      return amount_text(v, f.currency, ctx.output_format(), lang);
    };
    const Exact ratio = f.outstanding > 0 ? Exact(f.overdue, f.outstanding) : Exact(0);
    t.rows.push_back({f.month, f.commune, f.organisation, money(f.balance), money(f.outstanding),
                      money(f.overdue), percent_text(ratio), percent_text(f.factor), money(f.fee),
                      money(f.commune_part), money(f.district_part), money(f.province_part),
                      money(f.central_part), f.entry ? std::to_string(f.entry->value) : ""});
    totals[0] += f.fee;
    totals[1] += f.commune_part;
    totals[2] += f.district_part;
    totals[3] += f.province_part;
    totals[4] += f.central_part;
    currency = f.currency;
  }
  if (!fees.empty()) {
    auto money = [&](std::int64_t v) {
      return amount_text(v, currency, ctx.output_format(), lang);
    };
    t.footer.push_back({label(lang, "Total", "Tổng"), "", "", "", "", "", "", "", money(totals[0]),
                        money(totals[1]), money(totals[2]), money(totals[3]), money(totals[4]),
                        ""});
  }
  return t;
}

int run_close(const Context& ctx, const std::string& month_text) {
  Result<date::year_month> month = month_option("month", month_text);
  if (!month) return fail(month.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(ctx, *book->store, *book->book, Operation::month_close(month.value()),
                          progress_bar("closing loans"));
}

}  // namespace

void print_month_close(const Context& ctx, const MonthCloseOutcome& c) {
  std::int64_t fee_total = 0;
  for (const FeeRow& f : c.fees) fee_total += f.fee;
  const Currency vnd = Currency::find("VND").value();
  if (ctx.output_format() == Format::Json) {
    nlohmann::json out = {{"month", c.month},
                          {"through", format_date(c.through)},
                          {"already_closed", c.already_closed},
                          {"resumed", c.resumed},
                          {"loans", c.loans},
                          {"accruals", c.accruals},
                          {"transfers", c.transfers},
                          {"interest_accrued", std::to_string(c.interest_accrued)},
                          {"fees", rows_json(fee_table(ctx, c.fees))}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (c.already_closed) {
    std::cout << fmt::format("month {} was already closed through {}: nothing posted\n", c.month,
                             date_cell(ctx, c.through));
    return;
  }
  auto count = [](std::int64_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::cout << fmt::format(
      "month {} closed through {}{}: {} at the month's end, {} ({} interest), {}, entrustment "
      "fees {} for {}\n",
      c.month, date_cell(ctx, c.through), c.resumed ? " (an interrupted close completed)" : "",
      count(c.loans, "loan", "loans"), count(c.accruals, "accrual", "accruals"),
      amount_cell(ctx, c.interest_accrued, vnd), count(c.transfers, "transfer", "transfers"),
      amount_cell(ctx, fee_total, vnd),
      count(static_cast<std::int64_t>(c.fees.size()), "commune organisation",
            "commune organisations"));
}

void print_setting_set(const Context& ctx, const LedgerSettingOperation& setting) {
  (void)ctx;
  std::cout << fmt::format("{} = {}\n", setting.key, setting.value);
}

namespace {

int run_fees(const Context& ctx, const std::string& month_text) {
  Result<date::year_month> month = month_option("month", month_text);
  if (!month) return fail(month.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::vector<FeeRow>> fees = book->book->fees(month.value());
  if (!fees) return fail(fees.error());
  print_list(ctx, fee_table(ctx, fees.value()));
  return kExitOk;
}

int run_setting_list(const Context& ctx) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::vector<std::pair<std::string, std::string>>> settings = book->book->settings();
  if (!settings) return fail(settings.error());
  const Lang lang = ctx.output_lang();
  Table t{.columns = {{"key", label(lang, "Setting", "Tham số"), false, false},
                      {"value", label(lang, "Value", "Giá trị"), false, false}},
          .rows = {},
          .footer = {}};
  for (const auto& [key, value] : settings.value()) t.rows.push_back({key, value});
  print_list(ctx, t);
  return kExitOk;
}

int run_setting_set(const Context& ctx, const std::string& key, const std::string& value) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(ctx, *book->store, *book->book,
                          Operation::ledger_setting({.key = key, .value = value}));
}

}  // namespace

void register_close_commands(CLI::App& app, Context& ctx) {
  auto month = std::make_shared<std::string>();
  CLI::App* close = app.add_subcommand(
      "close",
      "Month-end close of MONTH (YYYY-MM), which must have ended and follow the last month\n"
      "closed. For every active loan: due dates settled (unpaid installments to overdue, ended\n"
      "freezes back in term), the month's interest accrued (off balance sheet on cash basis),\n"
      "days past due recorded; then the entrustment fees per commune and organisation are\n"
      "posted and the period is closed, so nothing can be dated in the month any more.\n"
      "Re-running a close that completed posts nothing; a close that was interrupted completes.\n"
      "Example: socai close 2025-11");
  close->add_option("MONTH", *month, "the month, e.g. 2025-11")->required();
  close->callback([&ctx, month] { ctx.run = [&ctx, month] { return run_close(ctx, *month); }; });

  auto fee_month = std::make_shared<std::string>();
  CLI::App* fees = app.add_subcommand(
      "fees",
      "The entrustment fees the close of MONTH posted, per commune and organisation: the\n"
      "balance whose interest was collected, the overdue ratio and its quality factor, the fee\n"
      "and its split (commune, district, province, central). Empty before the close.\n"
      "Example: socai fees 2025-11 --format csv");
  fees->add_option("MONTH", *fee_month, "the month, e.g. 2025-11")->required();
  fees->callback(
      [&ctx, fee_month] { ctx.run = [&ctx, fee_month] { return run_fees(ctx, *fee_month); }; });

  CLI::App* setting =
      app.add_subcommand("setting",
                         "The ledger's settings: the entrustment fee's (DOMAIN.md section 5),\n"
                         "the approval policy's, the limits of rates and the cash floors. A\n"
                         "change needs a second actor (socai approve) when the policy says so,\n"
                         "and always for approval.*, limit.* and cash-floor.*.\n"
                         "Example: socai setting set fee.factors '2%:100% 3%:80% 4%:50% 0%'");
  setting->require_subcommand(1);
  CLI::App* list = setting->add_subcommand("list",
                                           "Every setting and its value.\n"
                                           "Example: socai setting list");
  list->callback([&ctx] { ctx.run = [&ctx] { return run_setting_list(ctx); }; });
  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  CLI::App* set = setting->add_subcommand(
      "set",
      "Changes a setting; later closes use it.\n"
      "  fee.rate     the monthly rate, e.g. 0.032%\n"
      "  fee.factors  bands RATIO:FACTOR with rising ratios, then the factor beyond them,\n"
      "               e.g. '2%:100% 3%:80% 4%:50% 0%'\n"
      "  fee.split    commune, district and province shares; central gets the rest,\n"
      "               e.g. '84% 9% 4.5%'\n"
      "  approval.kinds       the operations that need a second actor, e.g. 'freeze\n"
      "                       unfreeze write-off loan-event-reversal journal-reversal\n"
      "                       period-close month-close program-rate program-setting\n"
      "                       ledger-setting manual-entry' (the default: all of them)\n"
      "  approval.post-above  CURRENCY:AMOUNT words: a manual entry whose debits exceed the\n"
      "                       amount needs a second actor (a currency not listed: any entry),\n"
      "                       default 'VND:100000000 USD:4000.00'\n"
      "  limit.program-rate   the most a program's rate may be, default 30%/year\n"
      "  limit.fee-rate       the most fee.rate may be, default 1%\n"
      "  cash-floor.ACCOUNT   0: the asset account ACCOUNT may not go below zero on any\n"
      "                       day; none: it may. Default 0 for the transaction points'\n"
      "                       cash (Assets:Cash:TP-*), none for any other account\n"
      "A change of an approval.*, limit.* or cash-floor.* setting always needs a second\n"
      "actor.\n"
      "Examples: socai setting set fee.rate 0.032%\n"
      "          socai setting set cash-floor.Assets:Cash:HeadOffice 0");
  set->add_option("KEY", *key,
                  "fee.rate, fee.factors, fee.split, approval.kinds, approval.post-above, "
                  "limit.program-rate, limit.fee-rate or cash-floor.ACCOUNT")
      ->required();
  set->add_option("VALUE", *value, "the new value")->required();
  set->callback([&ctx, key, value] {
    ctx.run = [&ctx, key, value] { return run_setting_set(ctx, *key, *value); };
  });
}

}  // namespace socai::cli
