// socai report delinquency|portfolio|ledger: the auditors' reports over the portfolio
// (DESIGN.md section 8, DOMAIN.md sections 4 to 6), computed by the library, and an
// account's page of the general ledger.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"
#include "ledger/reports.hpp"

namespace socai::cli {
namespace {

struct DelinquencyArgs {
  std::string as_of, by, list;
  bool from_loans = false;
};

struct PortfolioArgs {
  std::string month, by = "commune";
};

Result<date::year_month> month_option(const std::string& text) {
  Result<Date> first = make_error(ErrorCode::InvalidArgument, "");
  if (text.size() == 7 && text[4] == '-') first = parse_date(text + "-01");
  if (!first) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("--month '{}': expected YYYY-MM, e.g. 2026-06", text));
  }
  return first->year() / first->month();
}

Result<DelinquencyGrouping> grouping_option(const std::string& text) {
  if (text.empty()) return DelinquencyGrouping::None;
  if (text == "program") return DelinquencyGrouping::Program;
  if (text == "district") return DelinquencyGrouping::District;
  if (text == "commune") return DelinquencyGrouping::Commune;
  if (text == "organisation") return DelinquencyGrouping::Organisation;
  if (text == "group") return DelinquencyGrouping::Group;
  if (text == "officer") return DelinquencyGrouping::Officer;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("--by '{}': expected program, district, commune, organisation, "
                                "group or officer",
                                text));
}

Result<DelinquencyList> list_option(const std::string& text) {
  if (text.empty()) return DelinquencyList::None;
  if (text == "overdue") return DelinquencyList::Overdue;
  if (text == "inactive") return DelinquencyList::Inactive;
  if (text == "maturing") return DelinquencyList::Maturing;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("--list '{}': expected overdue, inactive or maturing", text));
}

// "2.35" for machines, "2.35%" for people ("2,35%" in Vietnamese).
std::string ratio_cell(const Context& ctx, const Ratio& r) {
  std::string text = r.percent_text();
  if (ctx.output_format() != Format::Table && ctx.output_format() != Format::Html) {
    text.pop_back();
  } else if (ctx.output_lang() == Lang::Vi) {
    std::replace(text.begin(), text.end(), '.', ',');
  }
  return text;
}

// The header of the --by column for people.
std::string by_label(Lang lang, const std::string& by) {
  static const std::pair<const char*, const char*> kVi[] = {
      {"program", "Chương trình"}, {"district", "Huyện"}, {"commune", "Xã"},
      {"organisation", "Tổ chức"}, {"group", "Tổ"},       {"officer", "Cán bộ"}};
  if (lang == Lang::Vi) {
    for (const auto& [en, vi] : kVi)
      if (by == en) return vi;
  }
  std::string english = by;  // "district" -> "District"
  if (!english.empty() && english[0] >= 'a' && english[0] <= 'z')
    english[0] = static_cast<char>(english[0] - 'a' + 'A');
  return english;
}

// --- delinquency ----------------------------------------------------------------------------

const char* const kBucketKeys[kAgingBuckets] = {"current", "d1_30",    "d31_90",
                                                "d91_180", "d181_360", "over_360"};

// The stable columns of the figures rows (CSV and --by tables): by,key, then the figures.
std::vector<Column> figures_columns(Lang lang, bool wide) {
  std::vector<Column> c{{"by", label(lang, "By", "Theo"), false, false},
                        {"key", label(lang, "Value", "Giá trị"), false, false},
                        {"loans", label(lang, "Loans", "Số món"), true, true},
                        {"outstanding", label(lang, "Outstanding", "Dư nợ"), true, false}};
  for (int b = 0; b < kAgingBuckets; ++b) {
    const std::string name = aging_bucket_name(b);
    if (wide)
      c.push_back({std::string(kBucketKeys[b]) + "_loans", name + label(lang, " loans", " món"),
                   true, true});
    c.push_back({kBucketKeys[b], b == 0 ? label(lang, "current", "trong hạn") : name, true, false});
  }
  c.insert(c.end(), {{"par30", "PAR30", true, false}, {"par90", "PAR90", true, false}});
  if (wide) {
    c.insert(c.end(), {{"par30_principal", "PAR30 principal", true, false},
                       {"par90_principal", "PAR90 principal", true, false},
                       {"in_term_loans", "in-term loans", true, true}});
  }
  c.push_back({"in_term", label(lang, "In term", "Trong hạn"), true, false});
  if (wide) c.push_back({"overdue_loans", "overdue loans", true, true});
  c.push_back({"overdue", label(lang, "Overdue", "Quá hạn"), true, false});
  if (wide) c.push_back({"frozen_loans", "frozen loans", true, true});
  c.push_back({"frozen", label(lang, "Frozen", "Khoanh"), true, false});
  if (wide) c.push_back({"written_off_loans", "written-off loans", true, true});
  c.push_back({"written_off", label(lang, "Written off", "Đã xóa"), true, false});
  c.push_back({"overdue_principal", label(lang, "Overdue principal", "Gốc quá hạn"), true, false});
  c.push_back({"overdue_ratio", label(lang, "Overdue ratio", "Tỷ lệ quá hạn"), true, false});
  return c;
}

std::vector<std::string> figures_row(const Context& ctx, const std::string& by,
                                     const std::string& key, const DelinquencyFigures& f,
                                     bool wide) {
  const Currency vnd = Currency::find("VND").value();
  auto money = [&](std::int64_t v) { return amount_cell(ctx, v, vnd); };
  std::vector<std::string> r{by, key, std::to_string(f.outstanding.loans),
                             money(f.outstanding.principal)};
  for (const CountAmount& a : f.aging) {
    if (wide) r.push_back(std::to_string(a.loans));
    r.push_back(money(a.principal));
  }
  r.push_back(ratio_cell(ctx, f.par30));
  r.push_back(ratio_cell(ctx, f.par90));
  if (wide) {
    r.push_back(money(f.par30.numerator));
    r.push_back(money(f.par90.numerator));
  }
  for (const CountAmount* a : {&f.in_term, &f.overdue, &f.frozen, &f.written_off}) {
    if (wide) r.push_back(std::to_string(a->loans));
    r.push_back(money(a->principal));
  }
  r.push_back(money(f.overdue_principal));
  r.push_back(ratio_cell(ctx, Ratio{f.overdue_principal, f.outstanding.principal}));
  return r;
}

nlohmann::json count_json(const Context& ctx, const CountAmount& a) {
  return {{"loans", a.loans},
          {"principal", amount_cell(ctx, a.principal, Currency::find("VND").value())}};
}

nlohmann::json ratio_json(const Context& ctx, const Ratio& r) {
  const Currency vnd = Currency::find("VND").value();
  return {{"numerator", amount_cell(ctx, r.numerator, vnd)},
          {"denominator", amount_cell(ctx, r.denominator, vnd)},
          {"percent", ratio_cell(ctx, r)}};
}

nlohmann::json figures_json(const Context& ctx, const DelinquencyFigures& f) {
  nlohmann::json aging = nlohmann::json::array();
  for (int b = 0; b < kAgingBuckets; ++b) {
    nlohmann::json a = count_json(ctx, f.aging[static_cast<std::size_t>(b)]);
    a["bucket"] = aging_bucket_name(b);
    aging.push_back(a);
  }
  return {
      {"outstanding", count_json(ctx, f.outstanding)},
      {"aging", aging},
      {"par30", ratio_json(ctx, f.par30)},
      {"par90", ratio_json(ctx, f.par90)},
      {"in_term", count_json(ctx, f.in_term)},
      {"overdue", count_json(ctx, f.overdue)},
      {"frozen", count_json(ctx, f.frozen)},
      {"written_off", count_json(ctx, f.written_off)},
      {"overdue_principal", amount_cell(ctx, f.overdue_principal, Currency::find("VND").value())},
      {"overdue_ratio", ratio_json(ctx, Ratio{f.overdue_principal, f.outstanding.principal})}};
}

Table lines_table(const Context& ctx, const DelinquencyReport& r) {
  const Lang lang = ctx.output_lang();
  const Currency vnd = Currency::find("VND").value();
  Table t{.columns = {{"loan", label(lang, "Loan", "Khế ước"), false, false},
                      {"household", label(lang, "Household", "Hộ"), false, false},
                      {"group", label(lang, "Group", "Tổ"), false, false},
                      {"program", label(lang, "Program", "Chương trình"), false, false},
                      {"days_past_due", label(lang, "Days late", "Số ngày quá hạn"), true, true},
                      {"outstanding", label(lang, "Outstanding", "Dư nợ"), true, false},
                      {"overdue", label(lang, "Overdue", "Quá hạn"), true, false},
                      {"interest_owed", label(lang, "Interest owed", "Lãi phải trả"), true, false},
                      {"last_transaction", label(lang, "Last transaction", "Giao dịch cuối"), false,
                       false},
                      {"maturity", label(lang, "Maturity", "Ngày đáo hạn"), false, false}},
          .rows = {},
          .footer = {}};
  for (const DelinquencyLine& l : r.lines) {
    t.rows.push_back({l.loan, l.household, l.group, l.program, std::to_string(l.days_past_due),
                      amount_cell(ctx, l.outstanding, vnd), amount_cell(ctx, l.overdue, vnd),
                      amount_cell(ctx, l.interest_owed, vnd), date_cell(ctx, l.last_transaction),
                      date_cell(ctx, l.maturity)});
  }
  return t;
}

Table organisations_table(const Context& ctx, const DelinquencyReport& r) {
  const Lang lang = ctx.output_lang();
  const Currency vnd = Currency::find("VND").value();
  Table t{
      .columns = {{"organisation", label(lang, "Organisation", "Tổ chức"), false, false},
                  {"overdue", label(lang, "Overdue", "Quá hạn"), true, false},
                  {"outstanding", label(lang, "Outstanding", "Dư nợ"), true, false},
                  {"overdue_ratio", label(lang, "Overdue ratio", "Tỷ lệ quá hạn"), true, false}},
      .rows = {},
      .footer = {}};
  for (const OrganisationRatio& o : r.organisations) {
    t.rows.push_back({o.organisation, amount_cell(ctx, o.overdue.numerator, vnd),
                      amount_cell(ctx, o.overdue.denominator, vnd), ratio_cell(ctx, o.overdue)});
  }
  return t;
}

int run_delinquency(const Context& ctx, const DelinquencyArgs& a) {
  Result<Date> as_of = date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  Result<DelinquencyGrouping> by = grouping_option(a.by);
  if (!by) return fail(by.error());
  Result<DelinquencyList> list = list_option(a.list);
  if (!list) return fail(list.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<DelinquencyReport> report =
      book->book->delinquency(DelinquencyOptions{.as_of = as_of.value(),
                                                 .by = by.value(),
                                                 .list = list.value(),
                                                 .from_month_ends = !a.from_loans});
  if (!report) return fail(report.error());
  const DelinquencyReport& r = report.value();
  const Lang lang = ctx.output_lang();
  const Currency vnd = Currency::find("VND").value();
  auto money = [&](std::int64_t v) { return amount_cell(ctx, v, vnd); };
  switch (ctx.output_format()) {
    case Format::Table:
    case Format::Html: {
      // The same sections as text, or as the body of one HTML page with the charts.
      const bool html = ctx.output_format() == Format::Html;
      const std::string title =
          fmt::format("{} {}", label(lang, "Delinquency as of", "Nợ quá hạn đến ngày"),
                      date_cell(ctx, r.as_of));
      std::string out = html ? std::string() : title + "\n";
      auto text = [&](const std::string& line) {
        out += html ? "<p>" + html_escape(line) + "</p>\n" : line + "\n";
      };
      auto table = [&](const Table& t) { out += html ? render_html_table(t) : render_table(t); };
      auto gap = [&] {
        if (!html) out += "\n";
      };
      // PAR as a bar: basis points of the principal.
      auto bar = [&](const std::string& name, const Ratio& ratio) {
        return Bar{name, ratio.denominator > 0 ? ratio.numerator * 10'000 / ratio.denominator : 0,
                   ratio_cell(ctx, ratio)};
      };
      if (by.value() != DelinquencyGrouping::None) {
        Table t{.columns = figures_columns(lang, false), .rows = {}, .footer = {}};
        t.columns.erase(t.columns.begin());
        t.columns[0].label = by_label(lang, a.by);
        for (const auto& [key, f] : r.groups) {
          auto row = figures_row(ctx, a.by, key, f, false);
          row.erase(row.begin());
          t.rows.push_back(std::move(row));
        }
        auto total = figures_row(ctx, "", label(lang, "Total", "Tổng"), r.total, false);
        total.erase(total.begin());
        t.footer.push_back(std::move(total));
        table(t);
        if (html) {
          std::vector<Bar> par30;
          std::vector<Bar> par90;
          for (const auto& [key, f] : r.groups) {
            par30.push_back(bar(key, f.par30));
            par90.push_back(bar(key, f.par90));
          }
          out +=
              render_svg_bars("PAR30 " + label(lang, "by ", "theo ") + by_label(lang, a.by), par30);
          out +=
              render_svg_bars("PAR90 " + label(lang, "by ", "theo ") + by_label(lang, a.by), par90);
        }
      }
      if (html || by.value() == DelinquencyGrouping::None) {
        Table aging{
            .columns = {{"bucket", label(lang, "Days late", "Số ngày quá hạn"), false, false},
                        {"loans", label(lang, "Loans", "Số món"), true, true},
                        {"principal", label(lang, "Principal", "Dư nợ gốc"), true, false}},
            .rows = {},
            .footer = {}};
        for (int b = 0; b < kAgingBuckets; ++b) {
          const CountAmount& c = r.total.aging[static_cast<std::size_t>(b)];
          aging.rows.push_back({b == 0 ? label(lang, "current", "trong hạn") : aging_bucket_name(b),
                                std::to_string(c.loans), money(c.principal)});
        }
        aging.footer.push_back({label(lang, "Total", "Tổng"),
                                std::to_string(r.total.outstanding.loans),
                                money(r.total.outstanding.principal)});
        if (html) {
          std::vector<Bar> bars;
          for (std::size_t b = 0; b < aging.rows.size(); ++b) {
            const CountAmount& c = r.total.aging[b];
            bars.push_back({aging.rows[b][0], c.principal, money(c.principal)});
          }
          out += render_svg_bars(
              label(lang, "Outstanding principal by days late", "Dư nợ gốc theo số ngày quá hạn"),
              bars);
        }
        table(aging);
        text(fmt::format("PAR30 {} ({} / {})", ratio_cell(ctx, r.total.par30),
                         money(r.total.par30.numerator), money(r.total.par30.denominator)));
        text(fmt::format("PAR90 {} ({} / {})", ratio_cell(ctx, r.total.par90),
                         money(r.total.par90.numerator), money(r.total.par90.denominator)));
        Table status{.columns = {{"status", label(lang, "Status", "Trạng thái"), false, false},
                                 {"loans", label(lang, "Loans", "Số món"), true, true},
                                 {"principal", label(lang, "Principal", "Dư nợ gốc"), true, false}},
                     .rows = {},
                     .footer = {}};
        const std::pair<std::string, const CountAmount*> statuses[] = {
            {label(lang, "in term", "trong hạn"), &r.total.in_term},
            {label(lang, "overdue", "quá hạn"), &r.total.overdue},
            {label(lang, "frozen", "khoanh"), &r.total.frozen},
            {label(lang, "written off", "đã xóa"), &r.total.written_off}};
        for (const auto& [name, c] : statuses)
          status.rows.push_back({name, std::to_string(c->loans), money(c->principal)});
        gap();
        table(status);
      }
      gap();
      table(organisations_table(ctx, r));
      if (list.value() != DelinquencyList::None) {
        gap();
        text(fmt::format("{} ({})", label(lang, "Loans", "Khế ước"), a.list));
        table(lines_table(ctx, r));
      }
      std::cout << (html ? render_html_page(title, lang, ctx.training_notice(), out) : out);
      break;
    }
    case Format::Csv: {
      if (list.value() != DelinquencyList::None) {
        std::cout << render_csv(lines_table(ctx, r));
        break;
      }
      Table t{.columns = figures_columns(lang, true), .rows = {}, .footer = {}};
      t.rows.push_back(figures_row(ctx, "total", "", r.total, true));
      for (const auto& [key, f] : r.groups) t.rows.push_back(figures_row(ctx, a.by, key, f, true));
      std::cout << render_csv(t);
      break;
    }
    case Format::Json: {
      nlohmann::json groups = nlohmann::json::array();
      for (const auto& [key, f] : r.groups) {
        nlohmann::json g = figures_json(ctx, f);
        g["by"] = a.by;
        g["key"] = key;
        groups.push_back(g);
      }
      nlohmann::json orgs = nlohmann::json::array();
      for (const OrganisationRatio& o : r.organisations)
        orgs.push_back(
            {{"organisation", o.organisation}, {"overdue_ratio", ratio_json(ctx, o.overdue)}});
      nlohmann::json out{{"as_of", format_date(r.as_of)},
                         {"total", figures_json(ctx, r.total)},
                         {"organisations", orgs},
                         {"groups", groups}};
      if (list.value() != DelinquencyList::None) {
        out["list"] = a.list;
        out["lines"] = rows_json(lines_table(ctx, r));
      }
      std::cout << out.dump(2) << "\n";
      break;
    }
  }
  return kExitOk;
}

// --- portfolio ------------------------------------------------------------------------------

std::vector<Column> portfolio_columns(Lang lang) {
  std::vector<Column> c{{"by", label(lang, "By", "Theo"), false, false},
                        {"key", label(lang, "Value", "Giá trị"), false, false}};
  const std::pair<const char*, std::pair<const char*, const char*>> flows[] = {
      {"opening", {"Opening", "Dư đầu kỳ"}},
      {"disbursed", {"Disbursed", "Cho vay"}},
      {"reversed", {"Reversed", "Hủy"}},
      {"collected_principal", {"Principal collected", "Thu nợ gốc"}},
      {"collected_interest", {"Interest collected", "Thu lãi"}},
      {"written_off", {"Written off", "Xóa nợ"}},
      {"closing", {"Closing", "Dư cuối kỳ"}}};
  for (const auto& [key, names] : flows)
    c.push_back({key, label(lang, names.first, names.second), true, false});
  c.insert(c.end(), {{"in_term", label(lang, "In term", "Trong hạn"), true, false},
                     {"overdue", label(lang, "Overdue", "Quá hạn"), true, false},
                     {"frozen", label(lang, "Frozen", "Khoanh"), true, false},
                     {"loans", label(lang, "Loans", "Số món"), true, true},
                     {"borrowers", label(lang, "Borrowers", "Hộ còn dư nợ"), true, true}});
  for (const auto& [key, names] : flows) {
    c.push_back({std::string("ytd_") + key,
                 label(lang, (std::string(names.first) + " (year)").c_str(),
                       (std::string(names.second) + " (lũy kế năm)").c_str()),
                 true, false});
  }
  return c;
}

std::vector<std::string> portfolio_row(const Context& ctx, const std::string& by,
                                       const PortfolioRow& r) {
  const Currency vnd = Currency::find("VND").value();
  auto money = [&](std::int64_t v) { return amount_cell(ctx, v, vnd); };
  auto flows = [&](std::vector<std::string>& out, const PortfolioFlows& f) {
    for (std::int64_t v : {f.opening, f.disbursed, f.reversed, f.collected_principal,
                           f.collected_interest, f.written_off, f.closing})
      out.push_back(money(v));
  };
  std::vector<std::string> out{by, r.key};
  flows(out, r.month);
  out.insert(out.end(), {money(r.in_term), money(r.overdue), money(r.frozen),
                         std::to_string(r.loans), std::to_string(r.borrowers)});
  flows(out, r.year_to_date);
  return out;
}

int run_portfolio(const Context& ctx, const PortfolioArgs& a) {
  Result<date::year_month> month = month_option(a.month);
  if (!month) return fail(month.error());
  PortfolioGrouping by = PortfolioGrouping::Commune;
  if (a.by == "program") {
    by = PortfolioGrouping::Program;
  } else if (a.by != "commune") {
    return fail(ErrorCode::InvalidArgument,
                fmt::format("--by '{}': expected commune or program", a.by));
  }
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<PortfolioReport> report = book->book->portfolio(month.value(), by);
  if (!report) return fail(report.error());
  const PortfolioReport& r = report.value();
  const Lang lang = ctx.output_lang();
  Table t{.columns = portfolio_columns(lang), .rows = {}, .footer = {}};
  for (const PortfolioRow& row : r.rows) t.rows.push_back(portfolio_row(ctx, a.by, row));
  switch (ctx.output_format()) {
    case Format::Table:
    case Format::Html: {
      const std::string title = fmt::format(
          "{} {} ({} {} - {})", label(lang, "Lending report", "Báo cáo cho vay tháng"), r.month,
          label(lang, "from", "từ"), date_cell(ctx, r.first), date_cell(ctx, r.last));
      t.columns.erase(t.columns.begin());
      t.columns[0].label = by_label(lang, a.by);
      for (auto& row : t.rows) row.erase(row.begin());
      std::vector<std::string> total = portfolio_row(ctx, "", r.total);
      total.erase(total.begin());
      total[0] = label(lang, "Total", "Tổng");
      t.footer.push_back(std::move(total));
      if (ctx.output_format() == Format::Html) {
        std::cout << render_html_page(title, lang, ctx.training_notice(), render_html_table(t));
      } else {
        std::cout << title << "\n" << render_table(t);
      }
      break;
    }
    case Format::Csv:
      t.rows.insert(t.rows.begin(), portfolio_row(ctx, "total", r.total));
      std::cout << render_csv(t);
      break;
    case Format::Json: {
      Table total{
          .columns = t.columns, .rows = {portfolio_row(ctx, "total", r.total)}, .footer = {}};
      std::cout << nlohmann::json{{"month", r.month},
                                  {"first", format_date(r.first)},
                                  {"last", format_date(r.last)},
                                  {"total", row_json(total, 0)},
                                  {"rows", rows_json(t)}}
                       .dump(2)
                << "\n";
      break;
    }
  }
  return kExitOk;
}

struct LedgerArgs {
  std::string account, as_of;
};

// An account's postings with its running balance: the general ledger's page of the account.
int run_ledger(const Context& ctx, const LedgerArgs& a) {
  Result<std::optional<Date>> as_of = optional_date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Result<std::vector<LedgerLine>> lines = store.value()->account_ledger(a.account, *as_of);
  if (!lines) return fail(lines.error());
  const Lang lang = ctx.output_lang();
  const Format format = ctx.output_format();
  Table t{.columns = {{"date", label(lang, "Date", "Ngày"), false, false},
                      {"entry", label(lang, "Entry", "Bút toán"), true, true},
                      {"kind", label(lang, "Kind", "Loại"), false, false},
                      {"memo", label(lang, "Memo", "Diễn giải"), false, false},
                      {"loan", label(lang, "Loan id", "Khoản vay"), true, true},
                      {"currency", label(lang, "Currency", "Tiền tệ"), false, false},
                      {"debit", label(lang, "Debit", "Nợ"), true, false},
                      {"credit", label(lang, "Credit", "Có"), true, false},
                      {"balance", label(lang, "Balance", "Số dư"), true, false}},
          .rows = {},
          .footer = {}};
  for (const LedgerLine& l : lines.value()) {
    t.rows.push_back({date_cell(ctx, l.date), std::to_string(l.entry.value), l.kind, l.memo,
                      l.loan ? std::to_string(l.loan->value) : "", l.currency,
                      l.amount > 0 ? amount_text(l.amount, l.currency, format, lang) : "",
                      l.amount < 0 ? amount_text(-l.amount, l.currency, format, lang) : "",
                      amount_text(l.balance, l.currency, format, lang)});
  }
  print_list(ctx, t);
  return kExitOk;
}

}  // namespace

void register_auditor_report_commands(CLI::App& app, Context& ctx) {
  CLI::App* report = app.add_subcommand(
      "report",
      "The auditors' reports: delinquency, the monthly lending report, and an account's\n"
      "ledger.\n"
      "Example: socai report delinquency --as-of 2026-06-30 --by district");
  report->require_subcommand(1);

  auto d = std::make_shared<DelinquencyArgs>();
  CLI::App* delinquency = report->add_subcommand(
      "delinquency",
      "Each loan lent and not repaid as it stood at the end of --as-of: days past due (from\n"
      "the oldest due date with principal unpaid), aging buckets (current, 1-30, 31-90,\n"
      "91-180, 181-360, >360 days) with loans and principal, PAR30 and PAR90 (principal of\n"
      "loans more than 30 / 90 days late over all outstanding principal, half up to 2\n"
      "decimals; exact numerator and denominator in JSON), totals by status (in term,\n"
      "overdue, frozen; written off: the principal written off of loans written off) and the\n"
      "overdue ratio per entrusted organisation. --by gives the figures per program,\n"
      "district, commune, organisation, group or officer. --list adds the loans to inspect:\n"
      "overdue (overdue principal or days past due), inactive (no transaction for 3 months,\n"
      "frozen and student loans excepted) or maturing (final maturity next month).\n"
      "CSV columns: by,key,loans,outstanding, per bucket <bucket>_loans,<bucket> (current,\n"
      "d1_30, d31_90, d91_180, d181_360, over_360), par30,par90 (percent), par30_principal,\n"
      "par90_principal, in_term_loans,in_term,overdue_loans,overdue,frozen_loans,frozen,\n"
      "written_off_loans,written_off,overdue_principal,overdue_ratio (percent); the first row\n"
      "is the total (by = total). With --list the CSV is the list: loan,household,group,\n"
      "program,days_past_due,outstanding,overdue,interest_owed,last_transaction,maturity.\n"
      "On the last day of a month whose close is complete, the figures (without --list) are\n"
      "counted from the close's month-end record of each loan; --from-loans reads every\n"
      "loan and brings it to the day instead, which gives the same figures, more slowly.\n"
      "Example: socai report delinquency --as-of 2026-06-30 --by district");
  delinquency->add_option("--as-of", d->as_of, "the loans at the end of this day")->required();
  delinquency->add_option("--by", d->by,
                          "program, district, commune, organisation, group or officer");
  delinquency->add_option("--list", d->list, "overdue, inactive or maturing");
  delinquency->add_flag("--from-loans", d->from_loans,
                        "read every loan, not a closed month's month-end records");
  delinquency->callback([&ctx, d] { ctx.run = [&ctx, d] { return run_delinquency(ctx, *d); }; });

  auto p = std::make_shared<PortfolioArgs>();
  CLI::App* portfolio = report->add_subcommand(
      "portfolio",
      "The monthly lending report per commune (of the loan's group) or program, and in\n"
      "total: for the month and the year to date, opening outstanding, disbursed, reversed,\n"
      "principal and interest collected, written off, closing outstanding, where opening +\n"
      "disbursed - reversed - principal collected - written off = closing; at the month's\n"
      "end the outstanding principal in term, overdue and frozen, the loans and the\n"
      "borrowers (households with outstanding principal).\n"
      "CSV columns: by,key,opening,disbursed,reversed,collected_principal,\n"
      "collected_interest,written_off,closing,in_term,overdue,frozen,loans,borrowers, then\n"
      "ytd_ and each flow from opening to closing; the first row is the total (by = total).\n"
      "Example: socai report portfolio --month 2026-06 --by program");
  portfolio->add_option("--month", p->month, "the month, e.g. 2026-06")->required();
  portfolio->add_option("--by", p->by, "commune (default) or program");
  portfolio->callback([&ctx, p] { ctx.run = [&ctx, p] { return run_portfolio(ctx, *p); }; });

  auto l = std::make_shared<LedgerArgs>();
  CLI::App* ledger = report->add_subcommand(
      "ledger",
      "The postings of one account, in date then entry order, with its running balance per\n"
      "currency (the account's page of the general ledger).\n"
      "CSV columns: date,entry,kind,memo,loan,currency,debit,credit,balance.\n"
      "Example: socai report ledger Assets:Cash:TP-TN --as-of 2026-06-30");
  ledger->add_option("ACCOUNT", l->account, "the account, e.g. Assets:Cash:TP-TN")->required();
  ledger->add_option("--as-of", l->as_of, "postings dated on or before this day");
  ledger->callback([&ctx, l] { ctx.run = [&ctx, l] { return run_ledger(ctx, *l); }; });
}

}  // namespace socai::cli
