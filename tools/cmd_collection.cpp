// socai collection-sheet: what each group leader carries to the commune's monthly session
// (DESIGN.md section 8): per member, interest due for the month, interest arrears, principal
// due and savings; totals per group.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct SheetArgs {
  std::string group, commune, month;
};

std::vector<Column> sheet_columns(Lang lang) {
  return {
      {"group", label(lang, "Group", "Tổ"), false, false},
      {"household", label(lang, "Household", "Hộ"), false, false},
      {"head", label(lang, "Head", "Chủ hộ"), false, false},
      {"loan", label(lang, "Loan", "Khế ước"), false, false},
      {"program", label(lang, "Program", "Chương trình"), false, false},
      {"outstanding", label(lang, "Outstanding", "Dư nợ"), true, false},
      {"interest_due", label(lang, "Interest due", "Lãi phải thu"), true, false},
      {"interest_arrears", label(lang, "Interest arrears", "Lãi tồn"), true, false},
      {"interest_to_collect", label(lang, "Interest to collect", "Tổng lãi phải thu"), true, false},
      {"principal_due", label(lang, "Principal due", "Gốc đến hạn"), true, false},
      {"days_past_due", label(lang, "Days late", "Số ngày quá hạn"), true, true},
      {"savings", label(lang, "Savings", "Tiết kiệm"), true, false}};
}

Table sheet_table(const Context& ctx, const CollectionSheet& sheet) {
  const Lang lang = ctx.output_lang();
  const Currency vnd = Currency::find("VND").value();
  auto money = [&](std::int64_t v) { return amount_cell(ctx, v, vnd); };
  Table t{.columns = sheet_columns(lang), .rows = {}, .footer = {}};
  std::int64_t sums[6] = {0, 0, 0, 0, 0, 0};
  for (const CollectionLine& l : sheet.lines) {
    const bool loan = !l.loan.empty();
    t.rows.push_back({sheet.group, l.household, l.head, l.loan, l.program,
                      loan ? money(l.principal_outstanding) : "", loan ? money(l.interest_due) : "",
                      loan ? money(l.interest_arrears) : "", loan ? money(l.to_collect()) : "",
                      loan ? money(l.principal_due) : "",
                      loan ? std::to_string(l.days_past_due) : "", money(l.savings)});
    sums[0] += l.principal_outstanding;
    sums[1] += l.interest_due;
    sums[2] += l.interest_arrears;
    sums[3] += l.to_collect();
    sums[4] += l.principal_due;
    sums[5] += l.savings;
  }
  t.footer.push_back({label(lang, "Total", "Tổng"), "", "", "", "", money(sums[0]), money(sums[1]),
                      money(sums[2]), money(sums[3]), money(sums[4]), "", money(sums[5])});
  return t;
}

int run_sheet(const Context& ctx, const SheetArgs& a) {
  if (a.group.empty() == a.commune.empty()) {
    return fail(ErrorCode::InvalidArgument, "--group, --commune: give one of them");
  }
  Result<date::year_month> month = month_option("--month", a.month);
  if (!month) return fail(month.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  std::vector<std::string> groups;
  if (!a.group.empty()) {
    groups.push_back(a.group);
  } else {
    Result<std::vector<Commune>> communes = book->book->communes();
    if (!communes) return fail(communes.error());
    if (std::none_of(communes->begin(), communes->end(),
                     [&](const Commune& c) { return c.code == a.commune; })) {
      return fail(ErrorCode::NotFound, fmt::format("commune '{}' not found", a.commune));
    }
    Result<std::vector<Group>> in_commune = book->book->groups(a.commune);
    if (!in_commune) return fail(in_commune.error());
    for (const Group& g : in_commune.value()) groups.push_back(g.code);
  }
  std::vector<CollectionSheet> sheets;
  for (const std::string& g : groups) {
    Result<CollectionSheet> sheet = book->book->collection_sheet(g, month.value());
    if (!sheet) return fail(sheet.error());
    sheets.push_back(std::move(sheet).value());
  }
  const Lang lang = ctx.output_lang();
  switch (ctx.output_format()) {
    case Format::Table:
      for (std::size_t i = 0; i < sheets.size(); ++i) {
        const CollectionSheet& s = sheets[i];
        if (i > 0) std::cout << "\n";
        if (lang == Lang::Vi) {
          std::cout << fmt::format(
              "Tổ {} ({}, xã {}, tổ chức {}, tổ trưởng {}): phiên giao dịch {}, lãi từ {}\n",
              s.group, s.village, s.commune, s.organisation, s.leader, date_cell(ctx, s.session),
              date_cell(ctx, s.previous_session));
        } else {
          std::cout << fmt::format(
              "Group {} ({}, commune {}, organisation {}, leader {}): session {}, interest from "
              "{}\n",
              s.group, s.village, s.commune, s.organisation, s.leader, date_cell(ctx, s.session),
              date_cell(ctx, s.previous_session));
        }
        std::cout << render_table(sheet_table(ctx, s));
      }
      break;
    case Format::Html: {
      std::string body;
      for (const CollectionSheet& s : sheets) {
        body += "<h2>" +
                html_escape(fmt::format("{} {} ({}, {} {}, {} {})", label(lang, "Group", "Tổ"),
                                        s.group, s.village, label(lang, "commune", "xã"), s.commune,
                                        label(lang, "leader", "tổ trưởng"), s.leader)) +
                "</h2>\n<p>" +
                html_escape(fmt::format("{} {}, {} {}", label(lang, "Session", "Phiên giao dịch"),
                                        date_cell(ctx, s.session),
                                        label(lang, "interest from", "lãi từ"),
                                        date_cell(ctx, s.previous_session))) +
                "</p>\n" + render_html_table(sheet_table(ctx, s));
      }
      std::cout << render_html_page(
          fmt::format("{} {}", label(lang, "Collection sheet", "Bảng kê thu lãi"), a.month), lang,
          ctx.training_notice(), body);
      break;
    }
    case Format::Csv: {
      // One header, every group's rows (totals are for people; machines sum).
      Table all{.columns = sheet_columns(lang), .rows = {}, .footer = {}};
      for (const CollectionSheet& s : sheets) {
        Table t = sheet_table(ctx, s);
        all.rows.insert(all.rows.end(), t.rows.begin(), t.rows.end());
      }
      std::cout << render_csv(all);
      break;
    }
    case Format::Json: {
      nlohmann::json out = nlohmann::json::array();
      for (const CollectionSheet& s : sheets) {
        Table t = sheet_table(ctx, s);
        nlohmann::json totals = row_json(Table{t.columns, t.footer, {}}, 0);
        totals.erase("group");
        totals.erase("household");
        totals.erase("head");
        totals.erase("loan");
        totals.erase("program");
        totals.erase("days_past_due");
        out.push_back({{"group", s.group},
                       {"commune", s.commune},
                       {"village", s.village},
                       {"organisation", s.organisation},
                       {"leader", s.leader},
                       {"month", s.month},
                       {"previous_session", format_date(s.previous_session)},
                       {"session", format_date(s.session)},
                       {"lines", rows_json(t)},
                       {"totals", totals}});
      }
      std::cout << out.dump(2) << "\n";
      break;
    }
  }
  return kExitOk;
}

}  // namespace

void register_collection_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<SheetArgs>();
  CLI::App* cmd = app.add_subcommand(
      "collection-sheet",
      "The collection sheet a group leader carries to the commune's monthly session (its GDX\n"
      "day, else the month's last day): per member and loan, the month's interest (from the\n"
      "previous session to this one), interest arrears, principal due and savings, as they\n"
      "stand before the session; totals per group. --commune gives every group of the\n"
      "commune's session.\n"
      "CSV columns: group,household,head,loan,program,outstanding,interest_due,\n"
      "interest_arrears,interest_to_collect,principal_due,days_past_due,savings.\n"
      "Example: socai --lang vi collection-sheet --group G-DONG-01 --month 2026-02");
  cmd->add_option("--group", a->group, "the savings-and-loan group");
  cmd->add_option("--commune", a->commune, "every group of the commune");
  cmd->add_option("--month", a->month, "the month, e.g. 2026-02")->required();
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_sheet(ctx, *a); }; });
}

}  // namespace socai::cli
