// socai schedule: the repayment schedule of a hypothetical loan from flags, or of a recorded
// loan (--loan).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "ledger/entry_input.hpp"
#include "ledger/loan_book.hpp"
#include "ledger/schedule.hpp"

namespace socai::cli {
namespace {

struct ScheduleArgs {
  std::string loan;  // a recorded loan, instead of the terms below
  std::string principal;
  std::string currency = "VND";
  std::string rate;
  int term = 0;
  std::string start;
  std::string method = "equal-principal";
  int every = 1;
  int grace = 0;
  std::string day_count = "act365f";
  std::string rounding = "half-up";
  std::string multiple;
  std::string installment_rounding = "down";
  int gdx_day = 0;
  std::string installments;
};

}  // namespace

// "12:10.000.000,24:20.000.000": period:amount pairs of a custom plan.
Result<std::vector<CustomInstallment>> parse_installments(const std::string& text,
                                                          Currency currency) {
  std::vector<CustomInstallment> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const std::size_t colon = item.find(':');
    Result<LoanId> period = colon == std::string::npos
                                ? Result<LoanId>(make_error(ErrorCode::InvalidArgument, ""))
                                : parse_loan_id(item.substr(0, colon));
    if (!period || period->value > 600) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("--installments: '{}' is not PERIOD:AMOUNT", item));
    }
    Result<Money> amount = Money::parse(item.substr(colon + 1), currency);
    if (!amount) return with_context("--installments", amount.error());
    out.push_back(CustomInstallment{static_cast<int>(period->value), amount.value()});
    start = end + 1;
  }
  return out;
}

namespace {

Result<ScheduleTerms> terms_from_args(const ScheduleArgs& a) {
  // Required without --loan (CLI11 cannot say "required unless").
  for (auto [flag, missing] :
       {std::pair{"--principal", a.principal.empty()}, std::pair{"--rate", a.rate.empty()},
        std::pair{"--term", a.term == 0}, std::pair{"--start", a.start.empty()}}) {
    if (missing) {
      return make_error(
          ErrorCode::InvalidArgument,
          fmt::format("{}: required for a hypothetical loan (or give --loan LOAN)", flag));
    }
  }
  Result<Currency> currency = parse_option<Currency>("--currency", a.currency, Currency::find);
  if (!currency) return currency.error();
  Result<Money> principal = parse_option<Money>(
      "--principal", a.principal, [&](const std::string& t) { return Money::parse(t, *currency); });
  if (!principal) return principal.error();
  Result<Rate> rate = parse_option<Rate>("--rate", a.rate, Rate::parse);
  if (!rate) return rate.error();
  Result<Date> start = parse_option<Date>("--start", a.start, parse_date);
  if (!start) return start.error();
  Result<RepaymentMethod> method =
      parse_option<RepaymentMethod>("--method", a.method, parse_repayment_method);
  if (!method) return method.error();
  Result<DayCount> day_count = parse_option<DayCount>("--day-count", a.day_count, parse_day_count);
  if (!day_count) return day_count.error();
  Result<RoundingMode> rounding =
      parse_option<RoundingMode>("--rounding", a.rounding, parse_rounding_mode);
  if (!rounding) return rounding.error();
  Result<InstallmentRounding> installment_rounding = parse_option<InstallmentRounding>(
      "--installment-rounding", a.installment_rounding, parse_installment_rounding);
  if (!installment_rounding) return installment_rounding.error();

  ScheduleTerms terms{.principal = principal.value(),
                      .rates = RateHistory::constant(rate.value()),
                      .term_months = a.term,
                      .start = start.value(),
                      .method = method.value(),
                      .every_months = a.every,
                      .grace_principal_months = a.grace,
                      .day_count = day_count.value(),
                      .rounding = rounding.value(),
                      .installment_multiple = std::nullopt,
                      .installment_rounding = installment_rounding.value(),
                      .gdx_day = std::nullopt,
                      .custom = {}};
  if (!a.multiple.empty()) {
    Result<Money> multiple =
        parse_option<Money>("--installment-multiple", a.multiple,
                            [&](const std::string& t) { return Money::parse(t, *currency); });
    if (!multiple) return multiple.error();
    terms.installment_multiple = multiple.value();
  }
  if (a.gdx_day != 0) terms.gdx_day = a.gdx_day;
  if (!a.installments.empty()) {
    Result<std::vector<CustomInstallment>> custom = parse_installments(a.installments, *currency);
    if (!custom) return custom.error();
    terms.custom = std::move(custom).value();
  }
  return terms;
}

Result<Schedule> hypothetical_schedule(const ScheduleArgs& args) {
  Result<ScheduleTerms> terms = terms_from_args(args);
  if (!terms) return terms.error();
  return Schedule::build(terms.value());
}

// The schedule of a recorded loan, from its contract and first disbursement.
Result<Schedule> loan_schedule(const Context& ctx, const std::string& loan) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return store.error();
  Result<std::unique_ptr<LoanBook>> book = open_loan_book(*store.value());
  if (!book) return book.error();
  return book.value()->loan_schedule(loan);
}

int run_schedule(const Context& ctx, const ScheduleArgs& args) {
  Result<Schedule> schedule =
      args.loan.empty() ? hypothetical_schedule(args) : loan_schedule(ctx, args.loan);
  if (!schedule) return fail(schedule.error());
  const Format format = ctx.output_format();
  const Lang lang = ctx.output_lang();
  const std::string currency(schedule->total_principal().currency().code());
  auto amount = [&](Money m) { return amount_text(m.minor_units(), currency, format, lang); };
  Table table{
      .columns = {{"period", label(lang, "Period", "Kỳ"), true, true},
                  {"due_date", label(lang, "Due date", "Ngày đến hạn"), false, false},
                  {"days", label(lang, "Days", "Số ngày"), true, true},
                  {"opening_balance", label(lang, "Opening", "Dư nợ đầu kỳ"), true, false},
                  {"principal", label(lang, "Principal", "Gốc"), true, false},
                  {"interest", label(lang, "Interest", "Lãi"), true, false},
                  {"payment", label(lang, "Payment", "Tổng trả"), true, false},
                  {"closing_balance", label(lang, "Closing", "Dư nợ cuối kỳ"), true, false}},
      .rows = {},
      .footer = {}};
  for (const SchedulePeriod& p : schedule->periods()) {
    table.rows.push_back({std::to_string(p.period),
                          format == Format::Table && lang == Lang::Vi ? format_date_vn(p.due_date)
                                                                      : format_date(p.due_date),
                          std::to_string(p.days), amount(p.opening_balance), amount(p.principal),
                          amount(p.interest), amount(p.payment), amount(p.closing_balance)});
  }
  const Money total_principal = schedule->total_principal();
  const Money total_interest = schedule->total_interest();
  // The principal and its interest may each fit where their sum does not.
  const Result<Money> summed = total_principal.plus(total_interest);
  if (!summed) return fail(with_context("total payment", summed.error()));
  const Money total_payment = summed.value();
  table.footer.push_back({"", label(lang, "Total", "Tổng cộng"), "", "", amount(total_principal),
                          amount(total_interest), amount(total_payment), ""});
  print_list(ctx, table,
             nlohmann::json{{"currency", currency},
                            {"periods", rows_json(table)},
                            {"total_principal", amount(total_principal)},
                            {"total_interest", amount(total_interest)},
                            {"total_payment", amount(total_payment)}});
  return kExitOk;
}

}  // namespace

void register_schedule_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ScheduleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schedule",
      "The repayment schedule of a recorded loan (--loan), or of a hypothetical loan from\n"
      "flags: a period per month, principal on the plan's installment months, interest by the\n"
      "day count. The first due date is one month after the (first) disbursement. CSV\n"
      "columns: period,due_date,days,opening_balance,principal,interest,payment,\n"
      "closing_balance.\n"
      "Examples:\n"
      "  socai schedule --loan L-0001 --format csv\n"
      "  socai schedule --principal 30.000.000 --rate 6.24%/year --term 36 --start 2026-01-15 \\\n"
      "      --method equal-principal --every 12 --installment-multiple 100000\n"
      "  socai schedule --principal 1000.00 --currency USD --rate 0.52%/month --term 12 \\\n"
      "      --start 15/01/2026 --method annuity --format csv\n"
      "  socai schedule --principal 50.000.000 --rate 6.24%/year --term 24 --start 2026-01-15 \\\n"
      "      --method custom --installments '12:20.000.000;24:30.000.000' --gdx-day 10");
  CLI::Option* loan = cmd->add_option(
      "--loan", a->loan, "a recorded loan: its contract's schedule (no other flag with it)");
  cmd->add_option("--principal", a->principal, "amount lent (required without --loan)");
  cmd->add_option("--currency", a->currency, "currency code (default VND)");
  cmd->add_option("--rate", a->rate,
                  "interest rate, e.g. 6.24%/year or 0.52%/month (required without --loan)");
  cmd->add_option("--term", a->term, "term in months (required without --loan)");
  cmd->add_option("--start", a->start, "disbursement date (required without --loan)");
  cmd->add_option("--method", a->method, "equal-principal (default), annuity, bullet or custom");
  cmd->add_option("--every", a->every, "equal-principal: months between installments (default 1)");
  cmd->add_option("--grace-principal", a->grace, "months without principal at the start");
  cmd->add_option("--day-count", a->day_count, "act365f (default), act30, 30-360, act360, actact");
  cmd->add_option("--rounding", a->rounding,
                  "interest rounding: half-up (default), half-even, down, up");
  cmd->add_option("--installment-multiple", a->multiple,
                  "round installments to a multiple, e.g. 100000");
  cmd->add_option("--installment-rounding", a->installment_rounding,
                  "down (default), nearest or up");
  cmd->add_option("--gdx-day", a->gdx_day, "the commune's transaction day: due dates move to it");
  cmd->add_option(
      "--installments", a->installments,
      "custom: PERIOD:AMOUNT pairs separated by ';', e.g. '12:20.000.000;24:30.000.000'");
  // The hypothetical loan's flags and --loan exclude each other.
  for (CLI::Option* option : cmd->get_options()) {
    if (option != loan && option->get_name() != "--help") loan->excludes(option);
  }
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_schedule(ctx, *a); }; });
}

}  // namespace socai::cli
