// socai disburse, collect-interest, repay, pay: the money-moving events of a loan, each one
// loan event and its journal entry in one transaction (DESIGN.md section 5).
#include <fmt/format.h>

#include <functional>
#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct EventArgs {
  std::string loan, amount, date, key;
};

// The principal a write-off took off the loan's books, all buckets together.
std::int64_t written_off_principal(const LoanSplit& split) {
  return split.written_off_frozen + split.written_off_overdue + split.written_off_in_term;
}

// "disbursed 50,000,000 on loan L-1", then the split where the amount was divided.
std::string describe(const Context& ctx, LoanEventKind kind, const std::string& amount,
                     const LoanOutcome& o, Currency currency) {
  auto money = [&](std::int64_t minor) { return amount_cell(ctx, minor, currency); };
  const std::string interest =
      fmt::format("interest: overdue {}, in term {}", money(o.split.overdue_interest),
                  money(o.split.in_term_interest));
  const std::string principal =
      fmt::format("principal: overdue {}, due {}, prepaid {}", money(o.split.overdue_principal),
                  money(o.split.due_principal), money(o.split.prepaid_principal));
  std::string what, split;
  switch (kind) {
    case LoanEventKind::Disburse:
      what = "disbursed";
      break;
    case LoanEventKind::CollectInterest:
      what = "collected interest";
      split = interest;
      break;
    case LoanEventKind::RepayPrincipal:
      what = "repaid principal";
      split = principal;
      break;
    case LoanEventKind::Pay:
      what = "paid";
      split = interest + "; " + principal;
      break;
    case LoanEventKind::Freeze:
      what = "froze " + money(o.split.frozen);
      break;
    case LoanEventKind::Unfreeze:
      what = "unfroze " + money(o.split.unfrozen);
      break;
    case LoanEventKind::WriteOff:
      what =
          fmt::format("wrote off principal {} and interest {}",
                      money(written_off_principal(o.split)), money(o.split.written_off_interest));
      break;
    case LoanEventKind::Recover:
      what = "recovered";
      break;
    case LoanEventKind::Extend:
      what = "extended the due dates";
      break;
    case LoanEventKind::Adjust:
      what = "adjusted an installment to the next";
      break;
    case LoanEventKind::Accrue:
      what = fmt::format("accrued interest {}", money(o.split.interest_rounded));
      break;
    case LoanEventKind::Reverse:
      what = "reversed the last event";
      break;
  }
  std::string out;
  // Installments left unpaid past their due dates, moved to overdue before this operation.
  for (const OverdueTransfer& t : o.transfers) {
    if (t.kind == TransferKind::Unfreeze) {
      out += fmt::format("the freeze of loan {} ended on {}: {} back in term\n", o.loan,
                         date_cell(ctx, t.effective), money(t.amount));
    } else {
      out += fmt::format("moved {} of loan {} to overdue from {} (unpaid on its due date {})\n",
                         money(t.amount), o.loan, date_cell(ctx, t.effective),
                         date_cell(ctx, t.due_date));
    }
  }
  out += fmt::format("{}{} on loan {} (event {}{}){}\n", what, amount.empty() ? "" : " " + amount,
                     o.loan, o.event_id, o.entry ? fmt::format(", entry {}", o.entry->value) : "",
                     o.already_recorded ? " already recorded" : "");
  if (!split.empty()) out += "  " + split + "\n";
  return out;
}

int run_event(const Context& ctx, LoanEventKind kind, const EventArgs& a) {
  Result<Date> date = date_option("--date", a.date);
  if (!date) return fail(date.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  // Amounts are read in the loan's currency.
  Result<LoanView> loan = book.value()->loan(a.loan, std::nullopt);
  if (!loan) return fail(loan.error());
  const Currency currency = loan->currency;
  Result<Money> amount = positive_amount_option("--amount", a.amount, currency);
  if (!amount) return fail(amount.error());
  Result<LoanOutcome> outcome = book.value()->apply(
      LoanOperation{
          .loan = a.loan, .kind = kind, .amount = amount.value(), .date = *date, .key = a.key},
      ctx.actor_name());
  if (!outcome) return fail(outcome.error());
  const LoanOutcome& o = outcome.value();
  if (ctx.output_format() == Format::Table) {
    std::cout << describe(ctx, kind, amount_cell(ctx, amount->minor_units(), currency), o,
                          currency);
    return kExitOk;
  }
  auto column = [&](const char* key, bool number) { return Column{key, key, false, number}; };
  auto money = [&](std::int64_t minor) { return amount_cell(ctx, minor, currency); };
  Table table{
      .columns = {column("loan", false), column("kind", false), column("date", false),
                  column("amount", false), column("currency", false), column("event", true),
                  column("entry", true), column("status", false), column("disbursed", false),
                  column("overdue_interest", false), column("in_term_interest", false),
                  column("overdue_principal", false), column("due_principal", false),
                  column("prepaid_principal", false), column("interest_rounded", false)},
      .rows = {{o.loan, std::string(loan_event_kind_name(kind)), format_date(*date),
                money(amount->minor_units()), std::string(currency.code()),
                std::to_string(o.event_id), o.entry ? std::to_string(o.entry->value) : "",
                o.already_recorded ? "already-recorded" : "recorded", money(o.split.disbursed),
                money(o.split.overdue_interest), money(o.split.in_term_interest),
                money(o.split.overdue_principal), money(o.split.due_principal),
                money(o.split.prepaid_principal), money(o.split.interest_rounded)}},
      .footer = {}};
  print_record(ctx, table);
  return kExitOk;
}

struct FreezeArgs {
  std::string loan, date, key, reason, approval, principal, interest;
  int years = 0;
};

// socai freeze / unfreeze: no amount; the whole in-term and overdue principal moves.
int run_freeze(const Context& ctx, LoanEventKind kind, const FreezeArgs& a) {
  Result<Date> date = date_option("--date", a.date);
  if (!date) return fail(date.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  Result<LoanView> loan = book.value()->loan(a.loan, std::nullopt);
  if (!loan) return fail(loan.error());
  // write-off: the principal and the interest written off, each optional.
  Money principal = Money::zero(loan->currency);
  std::int64_t interest = 0;
  if (kind == LoanEventKind::WriteOff) {
    if (a.principal.empty() && a.interest.empty()) {
      return fail(ErrorCode::InvalidArgument,
                  "--principal, --interest: give the principal and/or interest written off");
    }
    if (!a.principal.empty()) {
      Result<Money> p = positive_amount_option("--principal", a.principal, loan->currency);
      if (!p) return fail(p.error());
      principal = p.value();
    }
    if (!a.interest.empty()) {
      Result<Money> i = positive_amount_option("--interest", a.interest, loan->currency);
      if (!i) return fail(i.error());
      interest = i->minor_units();
    }
  }
  const LoanOperation operation{.loan = a.loan,
                                .kind = kind,
                                .amount = principal,
                                .date = *date,
                                .key = a.key,
                                .years = a.years,
                                .reason = a.reason,
                                .approval = a.approval,
                                .interest_amount = interest};
  // A freeze, an unfreeze, a write-off and a reversal are operations the ledger's policy may
  // put under two-person control; extending and adjusting follow the rules alone.
  if (kind == LoanEventKind::Freeze || kind == LoanEventKind::Unfreeze ||
      kind == LoanEventKind::WriteOff || kind == LoanEventKind::Reverse) {
    return submit_operation(ctx, *book->store, *book->book, Operation::loan_event(operation));
  }
  Result<LoanOutcome> outcome = book.value()->apply(operation, ctx.actor_name());
  if (!outcome) return fail(outcome.error());
  print_loan_operation(ctx, operation, outcome.value(), loan->currency);
  return kExitOk;
}

struct Command {
  const char* name;
  LoanEventKind kind;
  const char* help;
};

}  // namespace

void print_loan_operation(const Context& ctx, const LoanOperation& operation, const LoanOutcome& o,
                          Currency currency) {
  const LoanEventKind kind = operation.kind;
  if (ctx.output_format() == Format::Table) {
    std::cout << describe(ctx, kind, "", o, currency);
    return;
  }
  auto column = [&](const char* key, bool number) { return Column{key, key, false, number}; };
  auto money = [&](std::int64_t minor) { return amount_cell(ctx, minor, currency); };
  Table table{
      .columns = {column("loan", false), column("kind", false), column("date", false),
                  column("event", true), column("entry", true), column("status", false),
                  column("frozen", false), column("unfrozen", false),
                  column("written_off_principal", false), column("written_off_interest", false)},
      .rows = {{o.loan, std::string(loan_event_kind_name(kind)), format_date(operation.date),
                std::to_string(o.event_id), o.entry ? std::to_string(o.entry->value) : "",
                o.already_recorded ? "already-recorded" : "recorded", money(o.split.frozen),
                money(o.split.unfrozen), money(written_off_principal(o.split)),
                money(o.split.written_off_interest)}},
      .footer = {}};
  print_record(ctx, table);
}

void register_loan_event_commands(CLI::App& app, Context& ctx) {
  static const Command commands[] = {
      {"disburse", LoanEventKind::Disburse,
       "Disburse principal of an opened loan (in one or more parts, up to the approved amount).\n"
       "The household must be eligible for the program on the date.\n"
       "Example: socai disburse L-0001 --amount 50.000.000 --date 2025-11-10"},
      {"collect-interest", LoanEventKind::CollectInterest,
       "Collect interest: ends the interest period on the date (days before it counted) and\n"
       "takes the amount from the interest owed, overdue interest first.\n"
       "Example: socai collect-interest L-0001 --amount 266795 --date 2025-12-10"},
      {"repay", LoanEventKind::RepayPrincipal,
       "Repay principal: overdue principal first, then installments due, then prepayment\n"
       "(allowed without fee).\n"
       "Example: socai repay L-0001 --amount 10.000.000 --date 2026-11-10"},
      {"pay", LoanEventKind::Pay,
       "Pay one amount, split in order: overdue interest, in-term interest, overdue\n"
       "principal, principal due, then prepayment.\n"
       "Example: socai pay L-0001 --amount 10.300.000 --date 2026-11-10"},
      {"recover", LoanEventKind::Recover,
       "Record money recovered on written-off debt: income (Income:Recoveries); the loan is\n"
       "not reopened.\n"
       "Example: socai recover L-0001 --amount 2.000.000 --date 2027-03-10"},
  };
  for (const Command& c : commands) {
    auto a = std::make_shared<EventArgs>();
    CLI::App* cmd = app.add_subcommand(
        c.name, std::string(c.help) +
                    "\nRepeating the command records nothing (the key defaults to "
                    "KIND:LOAN:DATE:AMOUNT).\nCSV/JSON fields: loan,kind,date,amount,currency,"
                    "event,entry,status,disbursed,\noverdue_interest,in_term_interest,"
                    "overdue_principal,due_principal,prepaid_principal,\ninterest_rounded.");
    cmd->add_option("LOAN", a->loan, "loan number")->required();
    cmd->add_option("--amount", a->amount, "amount, e.g. 50.000.000")->required();
    cmd->add_option("--date", a->date, "effective date")->required();
    cmd->add_option("--key", a->key, "idempotency key, e.g. the voucher number");
    const LoanEventKind kind = c.kind;
    cmd->callback(
        [&ctx, a, kind] { ctx.run = [&ctx, a, kind] { return run_event(ctx, kind, *a); }; });
  }

  // The events that move no cash: each with LOAN, --date and --key, plus its own options.
  // The count of a freeze (years), an extension (months) and an adjustment (the installment)
  // travels in the operation's `years` field.
  auto add = [&](const char* name, LoanEventKind kind, const char* help,
                 const std::function<void(CLI::App*, FreezeArgs&)>& options) {
    auto a = std::make_shared<FreezeArgs>();
    CLI::App* cmd = app.add_subcommand(name, help);
    cmd->add_option("LOAN", a->loan, "loan number")->required();
    cmd->add_option("--date", a->date, "effective date")->required();
    options(cmd, *a);
    cmd->add_option("--key", a->key, "idempotency key");
    cmd->callback(
        [&ctx, a, kind] { ctx.run = [&ctx, a, kind] { return run_freeze(ctx, kind, *a); }; });
  };
  auto reason_and_approval = [](CLI::App* cmd, FreezeArgs& a, const char* example) {
    cmd->add_option("--reason", a.reason, std::string("reason code, e.g. ") + example)->required();
    cmd->add_option("--approval", a.approval, "the approval's reference")->required();
  };
  add("freeze", LoanEventKind::Freeze,
      "Freeze a loan hit by a natural disaster or epidemic (Decisions 50/2010, 08/2021): its\n"
      "in-term and overdue principal moves to the frozen control account and accrues no\n"
      "interest for 3 years (losses of 40-79%) or 5 (80-100%). Freezing a frozen loan renews\n"
      "it from the date. Interest already owed stays owed.\n"
      "Example: socai freeze L-0001 --years 3 --date 2026-10-15 --reason FLOOD --approval "
      "QD-123/2026",
      [&](CLI::App* cmd, FreezeArgs& a) {
        cmd->add_option("--years", a.years, "3 or 5")->required();
        reason_and_approval(cmd, a, "FLOOD");
      });
  add("unfreeze", LoanEventKind::Unfreeze,
      "Unfreeze a frozen loan, at the end of its freeze or early: its principal is in term\n"
      "again and accrues interest from the date; due dates passed while frozen are not missed.\n"
      "Example: socai unfreeze L-0001 --date 2029-10-15",
      [](CLI::App*, FreezeArgs&) {});
  add("write-off", LoanEventKind::WriteOff,
      "Write off principal (frozen first, then overdue, then in-term) and/or interest owed,\n"
      "against the credit risk reserve (Decisions 50/2010, 08/2021); the debt is followed off\n"
      "balance sheet (OffBalance:WrittenOff) for recovery. A loan with nothing left is closed\n"
      "as written off.\n"
      "Example: socai write-off L-0001 --date 2027-03-10 --principal 20.000.000 --interest "
      "1.320.000 --reason DEATH --approval QD-45/2027",
      [&](CLI::App* cmd, FreezeArgs& a) {
        cmd->add_option("--principal", a.principal, "principal written off");
        cmd->add_option("--interest", a.interest, "interest written off");
        reason_and_approval(cmd, a, "DEATH");
      });
  add("reverse-event", LoanEventKind::Reverse,
      "Reverse the loan's last event, a disbursement, interest collection, repayment, payment\n"
      "or recovery recorded by mistake or bounced: the loan is as if it had never happened,\n"
      "brought to the date (a payment made after a due date and reversed leaves the\n"
      "installment overdue, with overdue interest from the day after the due date). One\n"
      "entry restates the loan's accounts and the cash.\n"
      "Example: socai reverse-event L-0001 --date 2027-03-22 --reason WRONG-LOAN",
      [](CLI::App* cmd, FreezeArgs& a) {
        cmd->add_option("--reason", a.reason, "reason code, e.g. WRONG-LOAN")->required();
      });
  add("extend", LoanEventKind::Extend,
      "Extend a loan's due dates: every installment due on or after the date moves N months\n"
      "later, and so does the maturity; the rate is unchanged. In all at most 12 months for\n"
      "terms up to 12 months, at most half the original term otherwise.\n"
      "Example: socai extend L-0001 --months 6 --date 2026-12-01 --reason DROUGHT",
      [](CLI::App* cmd, FreezeArgs& a) {
        cmd->add_option("--months", a.years, "months of extension")->required();
        cmd->add_option("--reason", a.reason, "reason code, e.g. DROUGHT")->required();
      });
  add("adjust", LoanEventKind::Adjust,
      "Adjust installment K to the next one, filed before its due date: its principal is due\n"
      "with installment K+1; the final maturity is kept.\n"
      "Example: socai adjust L-0001 --installment 1 --date 2026-12-01",
      [](CLI::App* cmd, FreezeArgs& a) {
        cmd->add_option("--installment", a.years, "installment number, 1 = the first")->required();
      });
}

}  // namespace socai::cli
