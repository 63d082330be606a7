// socai reconcile: every check that proves the books whole (DESIGN.md section 8), each pass
// or fail with its figures; exit 1 with the discrepancies (where, expected, found).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct ReconcileArgs {
  std::string as_of, month, cash;
};

int run_reconcile(const Context& ctx, const ReconcileArgs& a) {
  ReconcileOptions options;
  Result<std::optional<Date>> as_of = optional_date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  options.as_of = *as_of;
  if (!a.month.empty()) {
    Result<date::year_month> month = month_option("--month", a.month);
    if (!month) return fail(month.error());
    options.month = month.value();
  }
  if (!a.cash.empty()) {
    Result<std::string> text = read_file(a.cash);
    if (!text) return fail(with_context(fmt::format("--cash {}", a.cash), text.error()));
    Result<std::vector<CashCount>> counts = parse_cash_counts(text.value());
    if (!counts) return fail(counts.error());
    options.cash = std::move(counts).value();
  }
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<ReconcileReport> report = book->book->reconcile(options);
  if (!report) return fail(report.error());
  const Lang lang = ctx.output_lang();
  switch (ctx.output_format()) {
    case Format::Table: {
      Table t{.columns = {{"check", label(lang, "Check", "Kiểm tra"), false, false},
                          {"result", label(lang, "Result", "Kết quả"), false, false},
                          {"figures", label(lang, "Figures", "Số liệu"), false, false}},
              .rows = {},
              .footer = {}};
      for (const ReconcileCheck& c : report->checks) {
        t.rows.push_back(
            {c.name,
             c.passed ? label(lang, "pass", "đạt")
                      : fmt::format("{} ({})", label(lang, "FAIL", "SAI"), c.discrepancy_count),
             c.figures});
      }
      std::cout << render_table(t);
      for (const ReconcileCheck& c : report->checks) {
        if (c.passed) continue;
        std::cout << fmt::format(
            "\n{}: {} discrepancies{}\n", c.name, c.discrepancy_count,
            c.discrepancy_count > static_cast<std::int64_t>(c.discrepancies.size())
                ? fmt::format(", the first {}", c.discrepancies.size())
                : "");
        for (const Discrepancy& d : c.discrepancies)
          std::cout << fmt::format("  {}: expected {}, found {}\n", d.where, d.expected, d.found);
      }
      break;
    }
    case Format::Html: {
      std::string body = "<table>\n<thead><tr><th>" + label(lang, "Check", "Kiểm tra") +
                         "</th><th>" + label(lang, "Result", "Kết quả") + "</th><th>" +
                         label(lang, "Figures", "Số liệu") + "</th></tr></thead>\n<tbody>\n";
      for (const ReconcileCheck& c : report->checks) {
        body += "<tr><td>" + html_escape(c.name) + "</td><td class=\"" +
                (c.passed ? "pass\">" + label(lang, "pass", "đạt")
                          : "fail\">" + fmt::format("{} ({})", label(lang, "FAIL", "SAI"),
                                                    c.discrepancy_count)) +
                "</td><td>" + html_escape(c.figures) + "</td></tr>\n";
      }
      body += "</tbody>\n</table>\n";
      for (const ReconcileCheck& c : report->checks) {
        if (c.passed) continue;
        Table t{.columns = {{"where", label(lang, "Where", "Ở đâu"), false, false},
                            {"expected", label(lang, "Expected", "Phải là"), false, false},
                            {"found", label(lang, "Found", "Thực tế"), false, false}},
                .rows = {},
                .footer = {}};
        for (const Discrepancy& d : c.discrepancies)
          t.rows.push_back({d.where, d.expected, d.found});
        body += "<h2>" + html_escape(c.name) + "</h2>\n" + render_html_table(t);
      }
      std::cout << render_html_page(label(lang, "Reconciliation", "Đối chiếu"), lang,
                                    ctx.training_notice(), body);
      break;
    }
    case Format::Csv: {
      Table t{.columns = {{"check", "check", false, false},
                          {"passed", "passed", false, false},
                          {"where", "where", false, false},
                          {"expected", "expected", false, false},
                          {"found", "found", false, false}},
              .rows = {},
              .footer = {}};
      for (const ReconcileCheck& c : report->checks) {
        if (c.passed) t.rows.push_back({c.name, "true", "", "", ""});
        for (const Discrepancy& d : c.discrepancies)
          t.rows.push_back({c.name, "false", d.where, d.expected, d.found});
      }
      std::cout << render_csv(t);
      break;
    }
    case Format::Json: {
      nlohmann::json checks = nlohmann::json::array();
      for (const ReconcileCheck& c : report->checks) {
        nlohmann::json list = nlohmann::json::array();
        for (const Discrepancy& d : c.discrepancies)
          list.push_back({{"where", d.where}, {"expected", d.expected}, {"found", d.found}});
        checks.push_back({{"check", c.name},
                          {"passed", c.passed},
                          {"figures", c.figures},
                          {"discrepancy_count", c.discrepancy_count},
                          {"discrepancies", list}});
      }
      std::cout << nlohmann::json{{"passed", report->passed()}, {"checks", checks}}.dump(2) << "\n";
      break;
    }
  }
  return report->passed() ? kExitOk : kExitRefused;
}

}  // namespace

void register_reconcile_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ReconcileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "reconcile",
      "Prove the books whole: trial balance zero per currency; every entry balanced; the hash\n"
      "chain intact; maintained balances = balances recomputed from postings; each loan's\n"
      "snapshot = the fold of its events; each loan's buckets = its postings; GL control\n"
      "accounts = the sum of their loans; with --month, the roll-forward opening + disbursed\n"
      "- reversed - collected - written off = closing at loan, group, commune x organisation\n"
      "x program, district and province level; with --cash, counted cash against each\n"
      "transaction point (a CSV with the header commune,date,amount or account,date,amount).\n"
      "Exit 0 when every check passes, 1 with the discrepancies (where, expected, found).\n"
      "Example: socai --read-only reconcile --month 2026-06 --cash counted-2026-06.csv");
  cmd->add_option("--as-of", a->as_of, "the trial balance at the end of this day");
  cmd->add_option("--month", a->month, "the month to roll forward, e.g. 2026-06");
  cmd->add_option("--cash", a->cash, "a CSV of cash counted at transaction points");
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_reconcile(ctx, *a); }; });
}

}  // namespace socai::cli
