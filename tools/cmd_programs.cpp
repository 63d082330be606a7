// socai program list|show|rate|set: lending programs, their settings and rate history
// (DESIGN.md section 5, DOMAIN.md section 1).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct RateArgs {
  std::string code, from, rate, source;
};

// A setting of `program set`: its name (LoanBook::set_program's, and the option's without
// "--"), its help, and the value given (empty: not given).
struct Setting {
  const char* name;
  const char* help;
  std::string value;
};

// The settings, in the order they are applied.
struct SetArgs {
  std::string code;
  std::vector<Setting> settings{
      {"day-count", "act365f, act30, 30-360, act360 or actact", ""},
      {"rounding", "interest rounding: half-up, half-even, down or up", ""},
      {"installment-multiple", "installments are rounded to a multiple of this amount", ""},
      {"installment-rounding", "down, nearest or up", ""},
      {"overdue-multiplier", "overdue rate as a percentage of the rate, e.g. 130%", ""},
      {"basis", "cash or accrual", ""},
      {"cap", "largest approved amount of a loan", ""},
      {"max-term", "longest term in months", ""},
      {"allocation",
       "the order a payment is split in: overdue-interest, in-term-interest,\n"
       "overdue-principal, due-principal and prepayment, each once, separated by spaces",
       ""}};
};

std::string eligible_text(const Program& p) {
  std::string out;
  for (PovertyStatus s : p.eligible)
    out += (out.empty() ? "" : " ") + std::string(poverty_status_name(s));
  return out;
}

std::string optional_amount(const Context& ctx, const std::optional<std::int64_t>& v, Currency c) {
  return v ? amount_cell(ctx, *v, c) : std::string();
}

std::string optional_int(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "";
}

// Every setting of a program, one row.
Table program_record(const Context& ctx, const Program& p) {
  const Lang lang = ctx.output_lang();
  Table t{
      .columns = {{"code", label(lang, "Program", "Chương trình"), false, false},
                  {"name_en", label(lang, "Name (en)", "Tên (en)"), false, false},
                  {"name_vi", label(lang, "Name (vi)", "Tên (vi)"), false, false},
                  {"currency", label(lang, "Currency", "Tiền tệ"), false, false},
                  {"cap", label(lang, "Cap per loan", "Mức cho vay tối đa"), true, false},
                  {"cap_per_month", label(lang, "Cap per month", "Tối đa mỗi tháng"), true, false},
                  {"max_term_months", label(lang, "Max term (months)", "Thời hạn tối đa"), true,
                   true},
                  {"eligible", label(lang, "Eligible", "Đối tượng"), false, false},
                  {"escaped_window_months",
                   label(lang, "Escaped window (months)", "Thời gian sau thoát nghèo"), true, true},
                  {"day_count", label(lang, "Day count", "Cách tính ngày"), false, false},
                  {"rounding", label(lang, "Rounding", "Làm tròn lãi"), false, false},
                  {"installment_multiple", label(lang, "Installment multiple", "Bội số kỳ trả"),
                   true, false},
                  {"installment_rounding", label(lang, "Installment rounding", "Làm tròn kỳ trả"),
                   false, false},
                  {"overdue_multiplier_percent", label(lang, "Overdue rate (%)", "Lãi quá hạn (%)"),
                   true, true},
                  {"basis", label(lang, "Basis", "Cơ sở hạch toán"), false, false},
                  {"missed_rule_cutoff",
                   label(lang, "Missed-installment cutoff", "Mốc quy định kỳ trả"), false, false},
                  {"allocation", label(lang, "Payment allocation", "Thứ tự thu nợ"), false, false}},
      .rows = {},
      .footer = {}};
  t.rows.push_back(
      {p.code, p.name_en, p.name_vi, std::string(p.currency.code()),
       optional_amount(ctx, p.cap_amount, p.currency),
       optional_amount(ctx, p.cap_per_month, p.currency), optional_int(p.max_term_months),
       eligible_text(p), optional_int(p.escaped_window_months),
       std::string(day_count_name(p.day_count)), std::string(rounding_mode_name(p.rounding)),
       amount_cell(ctx, p.installment_multiple, p.currency),
       std::string(installment_rounding_name(p.installment_rounding)),
       std::to_string(p.overdue_multiplier_percent), std::string(accounting_basis_name(p.basis)),
       date_cell(ctx, p.missed_rule_cutoff), allocation_text(p.allocation)});
  return t;
}

Table rate_table(const Context& ctx, const Program& p) {
  const Lang lang = ctx.output_lang();
  Table t{.columns = {{"rate_from", label(lang, "From", "Từ ngày"), false, false},
                      {"rate", label(lang, "Rate", "Lãi suất"), false, false}},
          .rows = {},
          .footer = {}};
  for (const RateChange& c : p.rates.changes())
    t.rows.push_back({date_cell(ctx, c.effective_from), c.rate.to_string()});
  return t;
}

int run_program_list(const Context& ctx) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::vector<Program>> programs = book.value()->programs();
  if (!programs) return fail(programs.error());
  const Lang lang = ctx.output_lang();
  const bool people = ctx.output_format() == Format::Table;
  Table t{.columns = {{"code", label(lang, "Program", "Chương trình"), false, false}},
          .rows = {},
          .footer = {}};
  // People read the name in their language; machines get both.
  if (!people || lang == Lang::En) t.columns.push_back({"name_en", "Name", false, false});
  if (!people || lang == Lang::Vi) t.columns.push_back({"name_vi", "Tên", false, false});
  t.columns.insert(t.columns.end(),
                   {{"currency", label(lang, "Currency", "Tiền tệ"), false, false},
                    {"rate", label(lang, "Rate today", "Lãi suất hiện hành"), false, false},
                    {"rate_from", label(lang, "Since", "Từ ngày"), false, false},
                    {"cap", label(lang, "Cap per loan", "Mức tối đa"), true, false},
                    {"cap_per_month", label(lang, "Cap per month", "Tối đa/tháng"), true, false},
                    {"max_term_months", label(lang, "Max term", "Hạn tối đa"), true, true},
                    {"eligible", label(lang, "Eligible", "Đối tượng"), false, false},
                    {"day_count", label(lang, "Day count", "Cách tính ngày"), false, false}});
  const Date day = ctx.today();
  for (const Program& p : programs.value()) {
    std::optional<RateChange> current;
    for (const RateChange& c : p.rates.changes())
      if (c.effective_from <= day) current = c;
    std::vector<std::string> row{p.code};
    if (!people || lang == Lang::En) row.push_back(p.name_en);
    if (!people || lang == Lang::Vi) row.push_back(p.name_vi);
    row.insert(row.end(),
               {std::string(p.currency.code()), current ? current->rate.to_string() : "",
                current ? date_cell(ctx, current->effective_from) : "",
                optional_amount(ctx, p.cap_amount, p.currency),
                optional_amount(ctx, p.cap_per_month, p.currency), optional_int(p.max_term_months),
                eligible_text(p), std::string(day_count_name(p.day_count))});
    t.rows.push_back(std::move(row));
  }
  print_list(ctx, t);
  return kExitOk;
}

// Settings, then the rate history (CSV: one row per rate, the settings repeated).
void print_program(const Context& ctx, const Program& p) {
  Table record = program_record(ctx, p);
  Table rates = rate_table(ctx, p);
  switch (ctx.output_format()) {
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      std::cout << render_record(record) << "\n" << render_table(rates);
      break;
    case Format::Csv: {
      Table flat = record;
      flat.columns.insert(flat.columns.end(), rates.columns.begin(), rates.columns.end());
      flat.rows.clear();
      for (const auto& r : rates.rows) {
        std::vector<std::string> row = record.rows[0];
        row.insert(row.end(), r.begin(), r.end());
        flat.rows.push_back(std::move(row));
      }
      std::cout << render_csv(flat);
      break;
    }
    case Format::Json: {
      nlohmann::json json = row_json(record, 0);
      json["rates"] = rows_json(rates);
      std::cout << json.dump(2) << "\n";
      break;
    }
  }
}

int run_program_show(const Context& ctx, const std::string& code) {
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Program> p = book.value()->program(code);
  if (!p) return fail(p.error());
  print_program(ctx, p.value());
  return kExitOk;
}

int run_program_rate(const Context& ctx, const RateArgs& a) {
  Result<Date> from = date_option("--from", a.from);
  if (!from) return fail(from.error());
  Result<Rate> rate = parse_option<Rate>("--rate", a.rate, Rate::parse);
  if (!rate) return fail(rate.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(
      ctx, *book->store, *book->book,
      Operation::program_rate(
          {.program = a.code, .from = *from, .rate = rate.value(), .source = a.source}));
}

// The same rules as LoanBook::set_program, checked for every setting before any is applied.
Status check_setting(const std::string& setting, const std::string& value, Currency currency) {
  const std::string option = "--" + setting;
  auto malformed = [&](const char* why) {
    return make_error(ErrorCode::InvalidArgument, fmt::format("{} '{}': {}", option, value, why));
  };
  if (setting == "day-count") {
    if (Result<DayCount> r = parse_day_count(value); !r) return with_context(option, r.error());
  } else if (setting == "rounding") {
    if (Result<RoundingMode> r = parse_rounding_mode(value); !r)
      return with_context(option, r.error());
  } else if (setting == "installment-rounding") {
    if (Result<InstallmentRounding> r = parse_installment_rounding(value); !r)
      return with_context(option, r.error());
  } else if (setting == "basis") {
    if (Result<AccountingBasis> r = parse_accounting_basis(value); !r)
      return with_context(option, r.error());
  } else if (setting == "allocation") {
    if (Result<std::vector<PaymentPart>> r = parse_allocation(value); !r)
      return with_context(option, r.error());
  } else if (setting == "installment-multiple" || setting == "cap") {
    Result<Money> m = amount_option(option, value, currency);
    if (!m) return m.error();
    if (!m->is_positive()) return malformed("a positive amount");
  } else {  // overdue-multiplier, max-term: a whole number (a percentage of 100 or more)
    std::string digits = value;
    const bool percent = setting == "overdue-multiplier";
    if (percent && digits.ends_with('%')) digits.pop_back();
    const bool ok = !digits.empty() && digits.size() <= 4 &&
                    digits.find_first_not_of("0123456789") == std::string::npos &&
                    std::stoi(digits) >= (percent ? 100 : 1);
    if (!ok)
      return malformed(percent ? "a percentage of 100 or more, e.g. 130%" : "months, e.g. 120");
  }
  return {};
}

int run_program_set(const Context& ctx, const SetArgs& a) {
  bool any = false;
  for (const Setting& setting : a.settings) any = any || !setting.value.empty();
  if (!any) {
    return fail(ErrorCode::InvalidArgument,
                "program set: give at least one setting, e.g. --day-count act30");
  }
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<Program> p = book.value()->program(a.code);
  if (!p) return fail(p.error());
  for (const Setting& setting : a.settings) {
    if (setting.value.empty()) continue;
    if (Status s = check_setting(setting.name, setting.value, p->currency); !s)
      return fail(s.error());
  }
  ProgramSettingOperation change{.program = a.code, .settings = {}};
  for (const Setting& setting : a.settings) {
    if (!setting.value.empty()) change.settings.emplace_back(setting.name, setting.value);
  }
  return submit_operation(ctx, *book->store, *book->book,
                          Operation::program_setting(std::move(change)));
}

}  // namespace

void print_program_change(const Context& ctx, const Operation& operation, const Program& program) {
  if (ctx.output_format() != Format::Table) {
    print_program(ctx, program);
    return;
  }
  if (const auto* rate = std::get_if<ProgramRateOperation>(&operation.fields())) {
    std::cout << fmt::format("program {}: rate {} from {}\n", program.code, rate->rate.to_string(),
                             date_cell(ctx, rate->from));
    return;
  }
  for (const auto& [name, value] : std::get<ProgramSettingOperation>(operation.fields()).settings)
    std::cout << fmt::format("program {}: {} set to {}\n", program.code, name, value);
}

namespace {}  // namespace

void register_program_commands(CLI::App& app, Context& ctx) {
  CLI::App* program = app.add_subcommand("program", "List, show or configure lending programs");
  program->require_subcommand(1);

  CLI::App* list = program->add_subcommand(
      "list",
      "List the programs with the rate in force today. CSV columns: code,name_en,name_vi,\n"
      "currency,rate,rate_from,cap,cap_per_month,max_term_months,eligible,day_count.\n"
      "Example: socai program list --format csv");
  list->callback([&ctx] { ctx.run = [&ctx] { return run_program_list(ctx); }; });

  auto code = std::make_shared<std::string>();
  CLI::App* show = program->add_subcommand(
      "show",
      "Show a program's settings and its rate history. CSV: one row per rate, the settings\n"
      "repeated, then rate_from,rate.\n"
      "Example: socai program show 01");
  show->add_option("CODE", *code, "program code, e.g. 01")->required();
  show->callback([&ctx, code] { ctx.run = [&ctx, code] { return run_program_show(ctx, *code); }; });

  auto ra = std::make_shared<RateArgs>();
  CLI::App* rate = program->add_subcommand(
      "rate",
      "Add a rate from a date on; it applies to every outstanding balance from that date.\n"
      "Refused on or before the last event of any of the program's loans.\n"
      "Example: socai program rate 01 --from 2026-07-01 --rate 6%/year --source 'Decision 123'");
  rate->add_option("CODE", ra->code, "program code")->required();
  rate->add_option("--from", ra->from, "first day the rate applies")->required();
  rate->add_option("--rate", ra->rate, "e.g. 6.24%/year or 0.52%/month (the unit is required)")
      ->required();
  rate->add_option("--source", ra->source, "the decision that sets it");
  rate->callback([&ctx, ra] { ctx.run = [&ctx, ra] { return run_program_rate(ctx, *ra); }; });

  auto sa = std::make_shared<SetArgs>();
  CLI::App* set = program->add_subcommand(
      "set",
      "Change settings of a program that has no loans yet. Every value is checked before any\n"
      "is applied.\n"
      "Example: socai program set 01 --day-count act30 --installment-multiple 100000");
  set->add_option("CODE", sa->code, "program code")->required();
  for (Setting& setting : sa->settings)
    set->add_option(std::string("--") + setting.name, setting.value, setting.help);
  set->callback([&ctx, sa] { ctx.run = [&ctx, sa] { return run_program_set(ctx, *sa); }; });
}

}  // namespace socai::cli
