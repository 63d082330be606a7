// socai loan open|show|list: loan contracts and their state on a date (DESIGN.md section 5).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct OpenArgs {
  std::string code, household, program, amount, date, method, officer, course_end, installments;
  std::string key;
  int term = kNotGiven;
  int every = kNotGiven;  // default 1
  int grace = kNotGiven;  // default 0
};

struct ShowArgs {
  std::string code, as_of, status;
};

// Usage checks that need no ledger: what a plain loan needs, and what a student loan (whose
// plan follows from its course) must leave out.
Status check_plan_options(const OpenArgs& a) {
  auto usage = [](std::string message) { return make_error(ErrorCode::InvalidArgument, message); };
  if (!a.course_end.empty()) {
    const char* why = "a student loan's plan follows from --course-end; leave it out";
    if (a.term != kNotGiven) return usage(fmt::format("--term: {}", why));
    if (!a.method.empty() && a.method != "equal-principal")
      return usage(fmt::format("--method: {}", why));
    if (a.every != kNotGiven) return usage(fmt::format("--every: {}", why));
    if (a.grace != kNotGiven) return usage(fmt::format("--grace-principal: {}", why));
    if (!a.installments.empty()) return usage(fmt::format("--installments: {}", why));
    return {};
  }
  if (a.term == kNotGiven) {
    return usage("--term: required: the term in months (or --course-end for a student loan)");
  }
  if (a.method.empty()) {
    return usage("--method: required: equal-principal, annuity, bullet or custom");
  }
  return {};
}

int run_loan_open(const Context& ctx, const OpenArgs& a) {
  if (Status s = check_plan_options(a); !s) return fail(s.error());
  Result<Date> date = date_option("--date", a.date);
  if (!date) return fail(date.error());
  Result<std::optional<Date>> course_end = optional_date_option("--course-end", a.course_end);
  if (!course_end) return fail(course_end.error());
  Result<RepaymentMethod> method = parse_option<RepaymentMethod>(
      "--method", a.method.empty() ? "equal-principal" : a.method, parse_repayment_method);
  if (!method) return fail(method.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  // Amounts are read in the program's currency.
  Result<Program> program = book.value()->program(a.program);
  if (!program) return fail(with_context("--program", program.error()));
  Result<Money> amount = positive_amount_option("--amount", a.amount, program->currency);
  if (!amount) return fail(amount.error());
  NewLoan loan{.code = a.code,
               .household = a.household,
               .program = a.program,
               .officer = a.officer,
               .amount = amount.value(),
               .term_months = a.term == kNotGiven ? 0 : a.term,
               .date = date.value(),
               .method = method.value(),
               .every_months = a.every == kNotGiven ? 1 : a.every,
               .grace_principal_months = a.grace == kNotGiven ? 0 : a.grace,
               .course_end = course_end.value(),
               .custom = {},
               .key = a.key};
  if (!a.installments.empty()) {
    Result<std::vector<CustomInstallment>> custom =
        parse_installments(a.installments, program->currency);
    if (!custom) return fail(custom.error());
    loan.custom = std::move(custom).value();
  }
  Result<LoanOutcome> outcome = book.value()->open_loan(loan, ctx.actor_name());
  if (!outcome) return fail(outcome.error());
  const std::string status = outcome->already_recorded ? "already-recorded" : "recorded";
  switch (ctx.output_format()) {
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      std::cout << fmt::format(
          "loan {} opened: {} for household {}, program {} (event {}){}\n", outcome->loan,
          amount_cell(ctx, amount->minor_units(), amount->currency()), a.household, a.program,
          outcome->event_id, outcome->already_recorded ? " already recorded" : "");
      break;
    case Format::Csv:
      std::cout << "loan,event,status\n"
                << fmt::format("{},{},{}\n", outcome->loan, outcome->event_id, status);
      break;
    case Format::Json:
      std::cout << nlohmann::json{{"loan", outcome->loan},
                                  {"event", outcome->event_id},
                                  {"status", status}}
                       .dump(2)
                << "\n";
      break;
  }
  return kExitOk;
}

// The stable columns of a loan (`full`: every field, for `loan show`; else the list's).
Table loan_table(const Context& ctx, bool full) {
  const Lang lang = ctx.output_lang();
  auto text = [&](const char* key, const char* en, const char* vi) {
    return Column{key, label(lang, en, vi), false, false};
  };
  auto amount = [&](const char* key, const char* en, const char* vi) {
    return Column{key, label(lang, en, vi), true, false};
  };
  auto number = [&](const char* key, const char* en, const char* vi) {
    return Column{key, label(lang, en, vi), true, true};
  };
  if (!full) {
    return Table{
        .columns = {text("loan", "Loan", "Khoản vay"), text("household", "Household", "Hộ"),
                    text("program", "Program", "Chương trình"),
                    text("status", "Status", "Trạng thái"),
                    amount("approved", "Approved", "Phê duyệt"),
                    amount("disbursed", "Disbursed", "Đã giải ngân"),
                    amount("principal_outstanding", "Outstanding", "Dư nợ"),
                    amount("overdue", "Overdue", "Quá hạn"),
                    amount("interest_due", "Interest due", "Lãi phải trả"),
                    text("next_due_date", "Next due", "Kỳ hạn tới"),
                    number("days_past_due", "Days late", "Số ngày quá hạn"),
                    text("maturity", "Maturity", "Ngày đáo hạn")},
        .rows = {},
        .footer = {}};
  }
  return Table{
      .columns = {text("loan", "Loan", "Khoản vay"),
                  text("program", "Program", "Chương trình"),
                  text("household", "Household", "Hộ"),
                  text("group", "Group", "Tổ"),
                  text("officer", "Officer", "Cán bộ"),
                  text("status", "Status", "Trạng thái"),
                  text("currency", "Currency", "Tiền tệ"),
                  amount("approved", "Approved", "Số tiền phê duyệt"),
                  amount("disbursed", "Disbursed", "Đã giải ngân"),
                  amount("principal_outstanding", "Principal outstanding", "Dư nợ gốc"),
                  amount("in_term", "  in term", "  trong hạn"),
                  amount("overdue", "  overdue", "  quá hạn"),
                  amount("frozen", "  frozen", "  khoanh"),
                  amount("principal_repaid", "Principal repaid", "Gốc đã trả"),
                  amount("interest_due", "Interest due", "Lãi phải trả"),
                  amount("interest_due_in_term", "  on in-term principal", "  lãi trong hạn"),
                  amount("interest_due_overdue", "  on overdue principal", "  lãi quá hạn"),
                  amount("interest_collected", "Interest collected", "Lãi đã thu"),
                  text("next_due_date", "Next due date", "Kỳ hạn tới"),
                  number("days_past_due", "Days past due", "Số ngày quá hạn"),
                  text("approved_on", "Approved on", "Ngày phê duyệt"),
                  text("first_disbursed_on", "First disbursed on", "Giải ngân lần đầu"),
                  text("maturity", "Maturity", "Ngày đáo hạn"),
                  number("term_months", "Term (months)", "Thời hạn (tháng)"),
                  number("extended_months", "Extended (months)", "Gia hạn (tháng)"),
                  text("method", "Repayment", "Phương thức trả"),
                  number("every_months", "Principal every (months)", "Kỳ trả gốc (tháng)"),
                  number("grace_principal_months", "Grace on principal (months)",
                         "Ân hạn gốc (tháng)"),
                  text("course_end", "Course ends", "Kết thúc khóa học"),
                  text("as_of", "As of", "Tính đến ngày")},
      .rows = {},
      .footer = {}};
}

std::vector<std::string> loan_row(const Context& ctx, const LoanView& v, bool full) {
  const LoanContract& c = v.contract;
  const LoanState& s = v.state;
  auto money = [&](std::int64_t minor) { return amount_cell(ctx, minor, v.currency); };
  if (!full) {
    return {c.code,
            c.household,
            v.program,
            std::string(loan_status_name(v.status)),
            money(c.approved.minor_units()),
            money(s.disbursed),
            money(s.principal()),
            money(s.overdue),
            money(v.interest_due.total()),
            date_cell(ctx, v.next_due_date),
            std::to_string(v.days_past_due),
            date_cell(ctx, v.maturity)};
  }
  return {c.code,
          v.program,
          c.household,
          c.group,
          c.officer,
          std::string(loan_status_name(v.status)),
          std::string(v.currency.code()),
          money(c.approved.minor_units()),
          money(s.disbursed),
          money(s.principal()),
          money(s.in_term),
          money(s.overdue),
          money(s.frozen),
          money(s.principal_repaid),
          money(v.interest_due.total()),
          money(v.interest_due.in_term),
          money(v.interest_due.overdue),
          money(s.interest_collected),
          date_cell(ctx, v.next_due_date),
          std::to_string(v.days_past_due),
          date_cell(ctx, c.opened_on),
          date_cell(ctx, s.first_disbursed_on),
          date_cell(ctx, v.maturity),
          std::to_string(c.term_months),
          std::to_string(s.extended_months()),
          std::string(repayment_method_name(c.method)),
          std::to_string(c.every_months),
          std::to_string(c.grace_principal_months),
          date_cell(ctx, c.course_end),
          date_cell(ctx, v.as_of)};
}

int run_loan_show(const Context& ctx, const ShowArgs& a) {
  Result<std::optional<Date>> as_of = optional_date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<LoanView> view = book.value()->loan(a.code, as_of.value());
  if (!view) return fail(view.error());
  Table table = loan_table(ctx, true);
  table.rows.push_back(loan_row(ctx, view.value(), true));
  print_record(ctx, table);
  return kExitOk;
}

int run_loan_list(const Context& ctx, const ShowArgs& a) {
  Result<std::optional<Date>> as_of = optional_date_option("--as-of", a.as_of);
  if (!as_of) return fail(as_of.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<std::vector<LoanView>> loans = book.value()->loans(as_of.value());
  if (!loans) return fail(loans.error());
  Table table = loan_table(ctx, false);
  for (const LoanView& v : loans.value()) {
    if (a.status.empty() || loan_status_name(v.status) == a.status)
      table.rows.push_back(loan_row(ctx, v, false));
  }
  print_list(ctx, table);
  return kExitOk;
}

}  // namespace

void register_loan_commands(CLI::App& app, Context& ctx) {
  CLI::App* loan = app.add_subcommand("loan", "Open, show or list loans");
  loan->require_subcommand(1);

  auto oa = std::make_shared<OpenArgs>();
  CLI::App* open = loan->add_subcommand(
      "open",
      "Open (approve) a loan for a household under a program, checked against the program's\n"
      "caps. A student loan (program 02) gives --course-end instead of --term: its term, grace\n"
      "and yearly installments follow from the course. Repeating the command records nothing\n"
      "(the key defaults to open:LOAN).\n"
      "Examples:\n"
      "  socai loan open L-0001 --household H-001 --program 01 --amount 50.000.000 --term 36 \\\n"
      "      --date 2025-11-10 --method equal-principal --every 12 --officer CB-01\n"
      "  socai loan open S-0001 --household H-002 --program 02 --amount 40.000.000 \\\n"
      "      --date 25/09/2026 --course-end 28/02/2029\n"
      "  socai loan open L-0002 --household H-003 --program 01 --amount 30.000.000 --term 24 \\\n"
      "      --date 2026-01-15 --method custom --installments '12:10.000.000;24:20.000.000'");
  open->add_option("LOAN", oa->code, "loan number, e.g. L-0001")->required();
  open->add_option("--household", oa->household, "borrowing household")->required();
  open->add_option("--program", oa->program, "program code, e.g. 01")->required();
  open->add_option("--amount", oa->amount, "approved amount, e.g. 50.000.000")->required();
  open->add_option("--date", oa->date, "contract date")->required();
  open->add_option("--term", oa->term, "term in months (not for student loans)");
  open->add_option("--method", oa->method, "equal-principal, annuity, bullet or custom");
  open->add_option("--every", oa->every, "equal-principal: months between installments (1)");
  open->add_option("--grace-principal", oa->grace, "months without principal at the start (0)");
  open->add_option("--officer", oa->officer, "loan officer code");
  open->add_option("--course-end", oa->course_end, "student loans: the course's last day");
  open->add_option("--installments", oa->installments,
                   "custom: PERIOD:AMOUNT pairs separated by ';'");
  open->add_option("--key", oa->key, "idempotency key (default: open:LOAN)");
  open->callback([&ctx, oa] { ctx.run = [&ctx, oa] { return run_loan_open(ctx, *oa); }; });

  auto sa = std::make_shared<ShowArgs>();
  CLI::App* show = loan->add_subcommand(
      "show",
      "Show a loan: balances, interest owed if paid on the day (days before it counted), next\n"
      "due date, days past due. --as-of takes the events dated on or before the day (default:\n"
      "today). JSON keys: loan, program, household, status, approved, disbursed,\n"
      "principal_outstanding, in_term, overdue, frozen, interest_due, interest_due_in_term,\n"
      "interest_due_overdue, next_due_date, days_past_due, maturity, term_months, as_of, ...;\n"
      "amounts are decimal strings.\n"
      "Example: socai loan show L-0001 --as-of 2025-12-10 --format json");
  show->add_option("LOAN", sa->code, "loan number")->required();
  show->add_option("--as-of", sa->as_of, "the day the loan is seen on");
  show->callback([&ctx, sa] { ctx.run = [&ctx, sa] { return run_loan_show(ctx, *sa); }; });

  auto la = std::make_shared<ShowArgs>();
  CLI::App* list = loan->add_subcommand(
      "list",
      "List loans on a day. CSV columns: loan,household,program,status,approved,disbursed,\n"
      "principal_outstanding,overdue,interest_due,next_due_date,days_past_due,maturity.\n"
      "Example: socai loan list --status overdue --as-of 2026-06-30 --format csv");
  list->add_option("--status", la->status, "only loans in this status")
      ->check(CLI::IsMember({"approved", "in-term", "overdue", "frozen", "written-off", "closed"}));
  list->add_option("--as-of", la->as_of, "the day the loans are seen on (default: today)");
  list->callback([&ctx, la] { ctx.run = [&ctx, la] { return run_loan_list(ctx, *la); }; });
}

}  // namespace socai::cli
