// socai commune add|list, officer add, group add|list|show, household add|show|list|status:
// the reference data loans hang on (DESIGN.md section 5).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct CommuneArgs {
  std::string code, name, district, province;
  int gdx_day = kNotGiven;
};

struct GroupArgs {
  std::string code, commune, village, org, leader;
};

struct HouseholdArgs {
  std::string code, head, national_id, commune, village, group, status, status_from;
};

// --- communes and officers ------------------------------------------------------------------

Table commune_table(const Context& ctx) {
  const Lang lang = ctx.output_lang();
  return Table{.columns = {{"code", label(lang, "Code", "Mã"), false, false},
                           {"name", label(lang, "Commune", "Xã"), false, false},
                           {"district", label(lang, "District", "Huyện"), false, false},
                           {"province", label(lang, "Province", "Tỉnh"), false, false},
                           {"gdx_day", label(lang, "GDX day", "Ngày GD"), true, true},
                           {"cash_account", label(lang, "Cash account", "Tài khoản tiền mặt"),
                            false, false}},
               .rows = {},
               .footer = {}};
}

std::vector<std::string> commune_row(const Commune& c) {
  return {
      c.code,        c.name, c.district, c.province, c.gdx_day ? std::to_string(*c.gdx_day) : "",
      c.cash_account};
}

int run_commune_add(const Context& ctx, const CommuneArgs& a) {
  Commune commune{a.code, a.name, a.district, a.province, std::nullopt, ""};
  if (a.gdx_day != kNotGiven) commune.gdx_day = a.gdx_day;
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Commune> added = book.value()->add_commune(commune, ctx.actor_name());
  if (!added) return fail(added.error());
  Table table = commune_table(ctx);
  table.rows.push_back(commune_row(added.value()));
  if (ctx.output_format() != Format::Table) {
    print_record(ctx, table);
  } else {
    std::cout << fmt::format("commune {} added (cash account {}{})\n", added->code,
                             added->cash_account,
                             added->gdx_day ? fmt::format(", GDX day {}", *added->gdx_day) : "");
  }
  return kExitOk;
}

int run_commune_list(const Context& ctx) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::vector<Commune>> communes = book.value()->communes();
  if (!communes) return fail(communes.error());
  Table table = commune_table(ctx);
  for (const Commune& c : communes.value()) table.rows.push_back(commune_row(c));
  print_list(ctx, table);
  return kExitOk;
}

int run_officer_add(const Context& ctx, const Officer& officer) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Officer> added = book.value()->add_officer(officer, ctx.actor_name());
  if (!added) return fail(added.error());
  const Lang lang = ctx.output_lang();
  Table table{.columns = {{"code", label(lang, "Code", "Mã"), false, false},
                          {"name", label(lang, "Officer", "Cán bộ"), false, false}},
              .rows = {{added->code, added->name}},
              .footer = {}};
  if (ctx.output_format() != Format::Table) {
    print_record(ctx, table);
  } else {
    std::cout << fmt::format("officer {} added ({})\n", added->code, added->name);
  }
  return kExitOk;
}

// --- groups ---------------------------------------------------------------------------------

std::vector<Column> group_columns(Lang lang) {
  return {{"code", label(lang, "Group", "Tổ"), false, false},
          {"commune", label(lang, "Commune", "Xã"), false, false},
          {"village", label(lang, "Village", "Thôn"), false, false},
          {"organisation", label(lang, "Organisation", "Hội đoàn thể"), false, false},
          {"leader", label(lang, "Leader", "Tổ trưởng"), false, false},
          {"members", label(lang, "Members", "Thành viên"), true, true}};
}

std::vector<std::string> group_row(const Group& g) {
  return {g.code, g.commune, g.village, g.organisation, g.leader, std::to_string(g.members)};
}

int run_group_add(const Context& ctx, const GroupArgs& a) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Group> added = book.value()->add_group(
      Group{a.code, a.commune, a.village, a.org, a.leader, 0}, ctx.actor_name());
  if (!added) return fail(added.error());
  Table table{
      .columns = group_columns(ctx.output_lang()), .rows = {group_row(*added)}, .footer = {}};
  if (ctx.output_format() != Format::Table) {
    print_record(ctx, table);
  } else {
    std::cout << fmt::format("group {} added (commune {}, village {}, organisation {})\n",
                             added->code, added->commune, added->village, added->organisation);
  }
  return kExitOk;
}

int run_group_list(const Context& ctx, const std::string& commune) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  std::optional<std::string> filter;
  if (!commune.empty()) {
    // An unknown commune is a mistake, not an empty list.
    Result<std::vector<Commune>> communes = book.value()->communes();
    if (!communes) return fail(communes.error());
    bool found = false;
    for (const Commune& c : communes.value()) found = found || c.code == commune;
    if (!found)
      return fail(ErrorCode::NotFound, fmt::format("--commune: commune '{}' not found", commune));
    filter = commune;
  }
  Result<std::vector<Group>> groups = book.value()->groups(filter);
  if (!groups) return fail(groups.error());
  Table table{.columns = group_columns(ctx.output_lang()), .rows = {}, .footer = {}};
  for (const Group& g : groups.value()) table.rows.push_back(group_row(g));
  print_list(ctx, table);
  return kExitOk;
}

// --- households -----------------------------------------------------------------------------

std::vector<Column> household_columns(Lang lang) {
  return {{"code", label(lang, "Household", "Hộ"), false, false},
          {"head", label(lang, "Head", "Chủ hộ"), false, false},
          {"national_id", label(lang, "National id", "Số CCCD"), false, false},
          {"commune", label(lang, "Commune", "Xã"), false, false},
          {"village", label(lang, "Village", "Thôn"), false, false},
          {"group", label(lang, "Group", "Tổ"), false, false}};
}

// The household's fields, then its status in force today and since when.
std::vector<std::string> household_row(const Context& ctx, const Household& h) {
  std::vector<std::string> row{h.code, h.head, h.national_id, h.commune, h.village, h.group};
  std::optional<StatusChange> current;
  for (const StatusChange& c : h.statuses)
    if (c.effective_from <= ctx.today()) current = c;  // ascending by date
  row.push_back(current ? std::string(poverty_status_name(current->status)) : "");
  row.push_back(current ? date_cell(ctx, current->effective_from) : "");
  return row;
}

Table household_table(const Context& ctx) {
  const Lang lang = ctx.output_lang();
  Table table{.columns = household_columns(lang), .rows = {}, .footer = {}};
  table.columns.push_back({"status", label(lang, "Status", "Diện hộ"), false, false});
  table.columns.push_back({"status_from", label(lang, "Since", "Từ ngày"), false, false});
  return table;
}

// The status and the date it holds from, as given by --status and `from_option`.
Result<StatusChange> status_change(const std::string& status, const std::string& from_option,
                                   const std::string& from) {
  Result<PovertyStatus> s = parse_option<PovertyStatus>("--status", status, parse_poverty_status);
  if (!s) return s.error();
  Result<Date> d = date_option(from_option, from);
  if (!d) return d.error();
  return StatusChange{d.value(), s.value()};
}

int run_household_add(const Context& ctx, const HouseholdArgs& a) {
  Result<StatusChange> change = status_change(a.status, "--status-from", a.status_from);
  if (!change) return fail(change.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Household> added = book.value()->add_household(
      Household{a.code, a.head, a.national_id, a.commune, a.village, a.group, {change.value()}},
      ctx.actor_name());
  if (!added) return fail(added.error());
  Table table = household_table(ctx);
  table.rows.push_back(household_row(ctx, *added));
  if (ctx.output_format() != Format::Table) {
    print_record(ctx, table);
  } else {
    std::cout << fmt::format("household {} added to group {} ({} from {})\n", added->code,
                             added->group, poverty_status_name(change->status),
                             date_cell(ctx, change->effective_from));
  }
  return kExitOk;
}

// The status history: one row per change, each with the household's fields in CSV.
Table status_history(const Context& ctx, const Household& h, bool with_household) {
  const Lang lang = ctx.output_lang();
  Table table{.columns = {}, .rows = {}, .footer = {}};
  if (with_household) table.columns = household_columns(lang);
  table.columns.push_back({"status_from", label(lang, "From", "Từ ngày"), false, false});
  table.columns.push_back({"status", label(lang, "Status", "Diện hộ"), false, false});
  for (const StatusChange& c : h.statuses) {
    std::vector<std::string> row;
    if (with_household) row = {h.code, h.head, h.national_id, h.commune, h.village, h.group};
    row.push_back(date_cell(ctx, c.effective_from));
    row.push_back(std::string(poverty_status_name(c.status)));
    table.rows.push_back(std::move(row));
  }
  return table;
}

int run_household_show(const Context& ctx, const std::string& code) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Household> h = book.value()->household(code);
  if (!h) return fail(h.error());
  Table record = household_table(ctx);
  record.rows.push_back(household_row(ctx, *h));
  switch (ctx.output_format()) {
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      std::cout << render_record(record) << "\n" << render_table(status_history(ctx, *h, false));
      break;
    case Format::Csv:
      std::cout << render_csv(status_history(ctx, *h, true));
      break;
    case Format::Json: {
      nlohmann::json json = row_json(record, 0);
      json["statuses"] = rows_json(status_history(ctx, *h, false));
      std::cout << json.dump(2) << "\n";
      break;
    }
  }
  return kExitOk;
}

int run_household_list(const Context& ctx, const std::string& group) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  std::optional<std::string> filter;
  if (!group.empty()) {
    // An unknown group is a mistake, not an empty list.
    if (Result<Group> g = book.value()->group(group); !g)
      return fail(with_context("--group", g.error()));
    filter = group;
  }
  Result<std::vector<Household>> households = book.value()->households(filter);
  if (!households) return fail(households.error());
  Table table = household_table(ctx);
  for (const Household& h : households.value()) table.rows.push_back(household_row(ctx, h));
  print_list(ctx, table);
  return kExitOk;
}

int run_household_status(const Context& ctx, const HouseholdArgs& a) {
  Result<StatusChange> change = status_change(a.status, "--from", a.status_from);
  if (!change) return fail(change.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Household> h = book.value()->set_household_status(a.code, *change, ctx.actor_name());
  if (!h) return fail(h.error());
  Table table = status_history(ctx, *h, true);
  if (ctx.output_format() == Format::Table) {
    std::cout << fmt::format("household {}: {} from {}\n", h->code,
                             poverty_status_name(change->status),
                             date_cell(ctx, change->effective_from));
  } else {
    print_list(ctx, table);
  }
  return kExitOk;
}

int run_group_show(const Context& ctx, const std::string& code) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Group> g = book.value()->group(code);
  if (!g) return fail(g.error());
  Result<std::vector<Household>> members = book.value()->households(code);
  if (!members) return fail(members.error());
  const Lang lang = ctx.output_lang();
  Table record{.columns = group_columns(lang), .rows = {group_row(*g)}, .footer = {}};
  Table households = household_table(ctx);
  for (const Household& h : members.value()) households.rows.push_back(household_row(ctx, h));
  switch (ctx.output_format()) {
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      std::cout << render_record(record) << "\n" << render_table(households);
      break;
    case Format::Csv: {
      // One row per member with the group's fields first; a group without members is one row
      // with empty member fields.
      // The member's columns are renamed where they would repeat the group's.
      Table flat{.columns = group_columns(lang), .rows = {}, .footer = {}};
      for (Column c : households.columns) {
        if (c.key == "code") c.key = "household";
        if (c.key == "commune" || c.key == "village" || c.key == "group")
          c.key = "household_" + c.key;
        flat.columns.push_back(c);
      }
      std::vector<std::vector<std::string>> rows = households.rows;
      if (rows.empty()) rows.emplace_back(households.columns.size(), "");
      for (const auto& member : rows) {
        std::vector<std::string> row = group_row(*g);
        row.insert(row.end(), member.begin(), member.end());
        flat.rows.push_back(std::move(row));
      }
      std::cout << render_csv(flat);
      break;
    }
    case Format::Json: {
      nlohmann::json json = row_json(record, 0);
      json["households"] = rows_json(households);
      std::cout << json.dump(2) << "\n";
      break;
    }
  }
  return kExitOk;
}

}  // namespace

void register_credit_commands(CLI::App& app, Context& ctx) {
  CLI::App* commune = app.add_subcommand("commune", "Add or list communes (transaction points)");
  commune->require_subcommand(1);
  auto ca = std::make_shared<CommuneArgs>();
  CLI::App* cadd = commune->add_subcommand(
      "add",
      "Add a commune; its transaction point gets the cash account Assets:Cash:TP-<CODE>.\n"
      "With a GDX day, due dates of its loans move to that day of the month.\n"
      "Example: socai commune add XH --name 'Xa Hoa' --district 'Phu Hoa' --province 'Phu Yen' "
      "--gdx-day 10");
  cadd->add_option("CODE", ca->code, "commune code: letters, digits, '_' or '-'")->required();
  cadd->add_option("--name", ca->name, "commune name")->required();
  cadd->add_option("--district", ca->district, "district name")->required();
  cadd->add_option("--province", ca->province, "province name")->required();
  cadd->add_option("--gdx-day", ca->gdx_day, "monthly transaction day, 1 to 31");
  cadd->callback([&ctx, ca] { ctx.run = [&ctx, ca] { return run_commune_add(ctx, *ca); }; });
  CLI::App* clist = commune->add_subcommand(
      "list",
      "List communes. CSV columns: code,name,district,province,gdx_day,cash_account.\n"
      "Example: socai commune list --format csv");
  clist->callback([&ctx] { ctx.run = [&ctx] { return run_commune_list(ctx); }; });

  CLI::App* officer = app.add_subcommand("officer", "Add loan officers");
  officer->require_subcommand(1);
  auto oa = std::make_shared<Officer>();
  CLI::App* oadd =
      officer->add_subcommand("add",
                              "Add a loan officer.\n"
                              "Example: socai officer add CB-01 --name 'Tran Thi Lan'");
  oadd->add_option("CODE", oa->code, "officer code")->required();
  oadd->add_option("--name", oa->name, "officer's name")->required();
  oadd->callback([&ctx, oa] { ctx.run = [&ctx, oa] { return run_officer_add(ctx, *oa); }; });

  CLI::App* group = app.add_subcommand("group", "Add, list or show savings-and-loan groups");
  group->require_subcommand(1);
  auto ga = std::make_shared<GroupArgs>();
  CLI::App* gadd = group->add_subcommand(
      "add",
      "Add a savings-and-loan group of a commune's village, entrusted to an organisation\n"
      "(11 Farmers' Union, 12 Women's Union, 13 Veterans, 14 Youth Union, 99 direct).\n"
      "Example: socai group add T-01 --commune XH --village 'Thon 1' --org 12 --leader 'Le Thi "
      "Ba'");
  gadd->add_option("CODE", ga->code, "group code")->required();
  gadd->add_option("--commune", ga->commune, "commune code")->required();
  gadd->add_option("--village", ga->village, "village name")->required();
  gadd->add_option("--org", ga->org, "organisation code: 11, 12, 13, 14 or 99")->required();
  gadd->add_option("--leader", ga->leader, "group leader's name")->required();
  gadd->callback([&ctx, ga] { ctx.run = [&ctx, ga] { return run_group_add(ctx, *ga); }; });
  auto gcommune = std::make_shared<std::string>();
  CLI::App* glist = group->add_subcommand(
      "list",
      "List groups. CSV columns: code,commune,village,organisation,leader,members.\n"
      "Example: socai group list --commune XH --format csv");
  glist->add_option("--commune", *gcommune, "only the groups of this commune");
  glist->callback(
      [&ctx, gcommune] { ctx.run = [&ctx, gcommune] { return run_group_list(ctx, *gcommune); }; });
  auto gcode = std::make_shared<std::string>();
  CLI::App* gshow = group->add_subcommand(
      "show",
      "Show a group and its member households. CSV: one row per member, the group's columns\n"
      "(code,commune,village,organisation,leader,members) then the household's.\n"
      "Example: socai group show T-01");
  gshow->add_option("CODE", *gcode, "group code")->required();
  gshow->callback(
      [&ctx, gcode] { ctx.run = [&ctx, gcode] { return run_group_show(ctx, *gcode); }; });

  CLI::App* household = app.add_subcommand("household", "Add, show or list households");
  household->require_subcommand(1);
  auto ha = std::make_shared<HouseholdArgs>();
  CLI::App* hadd = household->add_subcommand(
      "add",
      "Add a household to a group of its commune, with its poverty status from a date.\n"
      "Example: socai household add H-001 --head 'Nguyen Van An' --national-id 054090001234 \\\n"
      "    --commune XH --village 'Thon 1' --group T-01 --status poor --status-from 2025-01-01");
  hadd->add_option("CODE", ha->code, "household code")->required();
  hadd->add_option("--head", ha->head, "head of household")->required();
  hadd->add_option("--national-id", ha->national_id, "12-digit (or old 9-digit) id number")
      ->required();
  hadd->add_option("--commune", ha->commune, "commune code")->required();
  hadd->add_option("--village", ha->village, "village name")->required();
  hadd->add_option("--group", ha->group, "savings-and-loan group code")->required();
  hadd->add_option("--status", ha->status, "poor, near-poor, escaped or none")->required();
  hadd->add_option("--status-from", ha->status_from, "date the status holds from")->required();
  hadd->callback([&ctx, ha] { ctx.run = [&ctx, ha] { return run_household_add(ctx, *ha); }; });

  auto hcode = std::make_shared<std::string>();
  CLI::App* hshow = household->add_subcommand(
      "show",
      "Show a household, its current status and its status history. CSV: one row per status\n"
      "change: code,head,national_id,commune,village,group,status_from,status.\n"
      "Example: socai household show H-001");
  hshow->add_option("CODE", *hcode, "household code")->required();
  hshow->callback(
      [&ctx, hcode] { ctx.run = [&ctx, hcode] { return run_household_show(ctx, *hcode); }; });

  auto hgroup = std::make_shared<std::string>();
  CLI::App* hlist = household->add_subcommand(
      "list",
      "List households with the status in force today. CSV columns: code,head,national_id,\n"
      "commune,village,group,status,status_from.\n"
      "Example: socai household list --group T-01 --format csv");
  hlist->add_option("--group", *hgroup, "only the members of this group");
  hlist->callback(
      [&ctx, hgroup] { ctx.run = [&ctx, hgroup] { return run_household_list(ctx, *hgroup); }; });

  auto hs = std::make_shared<HouseholdArgs>();
  CLI::App* hstatus = household->add_subcommand(
      "status",
      "Record a household's new poverty status from a date (the history is append-only).\n"
      "Example: socai household status H-001 --status near-poor --from 2026-01-01");
  hstatus->add_option("CODE", hs->code, "household code")->required();
  hstatus->add_option("--status", hs->status, "poor, near-poor, escaped or none")->required();
  hstatus->add_option("--from", hs->status_from, "date the status holds from")->required();
  hstatus->callback(
      [&ctx, hs] { ctx.run = [&ctx, hs] { return run_household_status(ctx, *hs); }; });
}

}  // namespace socai::cli
