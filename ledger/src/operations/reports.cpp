// The auditors' reports (ledger/reports.hpp, ledger/reconcile.hpp) over the loan repository's
// rows: delinquency, the monthly lending report and reconciliation. Each loan is read as it
// stood at the end of the day asked for: its stored snapshot when the day is on or after its
// last event, else its events up to the day folded, then the due dates passed settled. Loans
// are read one at a time; what is kept grows with the groups and the rows of a report, not
// with the loans (the lists excepted). The tallies and the checks are in reports/.
//
// Reconciliation compares two independent records of the same figures:
//   trial balance          postings: debits = credits, per currency
//   entries balanced       postings of each entry sum to zero, per currency
//   hash chain             every entry's hash over its content and its predecessor's hash
//   maintained balances    the balances the backend keeps = the sums of the postings
//   loan states            each loan's snapshot = the fold of its events
//   loan sub-ledgers       each loan's buckets = its postings on its program's accounts
//   GL control accounts    each control account = the sum of its loans' buckets
//   roll-forward           opening + disbursed - reversed - collected - written off = closing,
//                          opening and closing from the journal, the flows from loan events,
//                          at loan, group, commune x organisation x program, district and
//                          province level
//   cash                   counted cash = the transaction point's cash account
#include <fmt/format.h>

#include "operations/book.hpp"
#include "reports/flows.hpp"
#include "reports/portfolio.hpp"

namespace socai::ops {
namespace {

using reports::LoanFigures;
using reports::LoanPlace;
using reports::Place;

// The same day `months` months earlier, clamped to that month's length.
Date months_before(Date d, int months) {
  const date::year_month m = d.year() / d.month() - date::months{months};
  const Date last{m / date::last};
  return Date{m / std::min(d.day(), last.day())};
}

PortfolioFlows flows_of(const EventRow& e) {
  return reports::event_flows(
      {.kind = e.kind, .details = e.details, .loan_principal_postings = e.loan_principal_postings});
}

}  // namespace

Result<LoanState> Book::state_at(const LoanRecord& loan, Date day) {
  if (loan.state.last_event_on && day < *loan.state.last_event_on)
    return fold(loan, day, std::nullopt);
  return loan.state;
}

Result<DelinquencyReport> Book::delinquency(const DelinquencyOptions& options) {
  if (!options.as_of.ok()) return make_error(ErrorCode::InvalidArgument, "as-of: not a date");
  return read<DelinquencyReport>(repo_, [&]() -> Result<DelinquencyReport> {
    const Date day = options.as_of;
    const Date quiet_since = months_before(day, 3);
    const date::year_month next_month = day.year() / day.month() + date::months{1};
    const std::map<std::string, Place> places = repo_.group_places();
    std::vector<std::string> organisations;
    for (const Organisation& o : repo_.organisations()) organisations.push_back(o.code);
    std::sort(organisations.begin(), organisations.end());
    const Place nowhere;
    reports::DelinquencyTally tally(day, options.by, organisations);
    auto place_of = [&](const std::string& group) -> const Place& {
      auto it = places.find(group);
      return it == places.end() ? nowhere : it->second;
    };

    // One loan, brought to the end of the day.
    auto count_loan = [&](const LoanRecord& loan) -> Status {
      const Program& program = *loan.program;
      const LoanContract& contract = loan.contract;
      Result<LoanState> folded = state_at(loan, day);
      if (!folded) return folded.error();
      if (folded->disbursed == 0) return {};  // not lent yet on the day
      // The schedule settles the due dates and counts the days past due: built once (state_on
      // keeps what it is built from). Left empty when it cannot be built: the calls without it
      // then report why.
      std::optional<Schedule> schedule;
      if (folded->first_disbursed_on) {
        if (Result<Schedule> built = socai::loan_schedule(program, contract, folded.value()); built)
          schedule = std::move(built).value();
      }
      Result<LoanState> on = schedule ? state_on(program, contract, folded.value(), day, *schedule)
                                      : state_on(program, contract, folded.value(), day);
      if (!on) return with_context("loan " + contract.code, on.error());
      const LoanState& s = on.value();
      auto maturity_of = [&](const LoanState& plan) -> Result<Date> {
        if (schedule) return schedule->periods().back().due_date;
        Result<Schedule> built = socai::loan_schedule(program, contract, plan);
        if (!built) return built.error();
        return built->periods().back().due_date;
      };
      const LoanPlace at{contract.program, contract.group, contract.officer,
                         place_of(contract.group)};
      if (s.repaid_in_full()) {
        if (s.written_off()) tally.add_written_off(at, s.written_off_principal);
        return {};
      }
      Result<std::int64_t> late = schedule ? Result<std::int64_t>(days_past_due(*schedule, s, day))
                                           : days_past_due(program, contract, s, day);
      if (!late) return with_context("loan " + contract.code, late.error());
      tally.add_active(at, LoanFigures{s.in_term, s.overdue, s.frozen, late.value()});

      bool listed = false;
      std::optional<Date> last_transaction;
      std::optional<Date> maturity;
      switch (options.list) {
        case DelinquencyList::None:
          break;
        case DelinquencyList::Overdue:
          listed = s.overdue > 0 || late.value() > 0;
          break;
        case DelinquencyList::Inactive: {
          if (s.frozen > 0 || program.code == "02") break;
          last_transaction = repo_.last_transaction(contract.id, day);
          listed = !last_transaction || *last_transaction <= quiet_since;
          break;
        }
        case DelinquencyList::Maturing: {
          Result<Date> last_due = maturity_of(s);
          if (!last_due) return with_context("loan " + contract.code, last_due.error());
          maturity = last_due.value();
          listed = maturity->year() / maturity->month() == next_month;
          break;
        }
      }
      if (!listed) return {};
      Result<InterestDue> owed = interest_due_on(program, contract, folded.value(), day);
      if (!owed) return with_context("loan " + contract.code, owed.error());
      if (!maturity) {
        Result<Date> last_due = maturity_of(s);
        if (!last_due) return with_context("loan " + contract.code, last_due.error());
        maturity = last_due.value();
      }
      if (!last_transaction) last_transaction = repo_.last_transaction(contract.id, day);
      tally.add_line(DelinquencyLine{.loan = contract.code,
                                     .household = contract.household,
                                     .group = contract.group,
                                     .program = program.code,
                                     .days_past_due = late.value(),
                                     .outstanding = s.principal(),
                                     .overdue = s.overdue,
                                     .interest_owed = owed->total(),
                                     .last_transaction = last_transaction,
                                     .maturity = *maturity});
      return {};
    };

    // The last day of a month whose close is complete, without a list: the close recorded
    // every loan active at the day's end, with its buckets and days past due, and nothing
    // dated on or before the day can be recorded since. Those records are counted as they
    // stand; a loan is read and brought to the day only when its record cannot say everything
    // (no principal left: written off, or interest still owed) or when it has no record but
    // events after the day (repaid in full after the day, before the close ran).
    ProgramCache programs;
    std::optional<std::string> closed_month;
    if (options.list == DelinquencyList::None && options.from_month_ends)
      closed_month = repo_.month_closed_through(day);
    Status counted =
        closed_month
            ? repo_.each_month_end(
                  *closed_month, day,
                  [&](const MonthEndRow& row) -> Status {
                    if (row.recorded && row.figures.principal() > 0) {
                      tally.add_active(
                          LoanPlace{row.program, row.group, row.officer, place_of(row.group)},
                          row.figures);
                      return {};
                    }
                    if (!row.recorded && !row.events_after) return {};
                    Result<std::optional<LoanRecord>> loan = repo_.find_loan(row.loan, programs);
                    if (!loan) return loan.error();
                    if (!loan.value()) return not_found("loan", std::to_string(row.loan.value));
                    return count_loan(*loan.value());
                  })
            : repo_.each_loan(LoanOrder::Id, programs,
                              [&](LoanRecord loan) { return count_loan(loan); });
    if (!counted) return counted.error();
    return std::move(tally).finish();
  });
}

Result<PortfolioReport> Book::portfolio(date::year_month month, PortfolioGrouping by) {
  if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  return read<PortfolioReport>(repo_, [&]() -> Result<PortfolioReport> {
    reports::PortfolioTally tally(month);
    const std::map<std::string, Place> places = repo_.group_places();
    auto key_of = [&](const std::string& group, const std::string& program) {
      if (by == PortfolioGrouping::Program) return program;
      auto it = places.find(group);
      return it == places.end() ? std::string() : it->second.commune;
    };
    // Flows: the loan events of the year to date, their split as recorded.
    repo_.each_event_between(tally.year_first(), tally.last(), [&](const EventRow& e) {
      tally.add_event(key_of(e.group, e.program), e.date, flows_of(e));
    });
    // Outstanding: each loan at the openings and the month's end, household by household so
    // that a borrower is counted once per row.
    ProgramCache programs;
    Status counted =
        repo_.each_loan(LoanOrder::Household, programs, [&](LoanRecord loan) -> Status {
          const LoanContract& contract = loan.contract;
          Result<LoanState> at_year_opening = state_at(loan, tally.year_opening());
          Result<LoanState> at_month_opening = state_at(loan, tally.month_opening());
          Result<LoanState> at_end = state_at(loan, tally.last());
          if (!at_year_opening) return at_year_opening.error();
          if (!at_month_opening) return at_month_opening.error();
          if (!at_end) return at_end.error();
          if (at_end->disbursed == 0) return {};
          Result<LoanState> on = state_on(*loan.program, contract, at_end.value(), tally.last());
          if (!on) return with_context("loan " + contract.code, on.error());
          tally.add_loan(contract.household, key_of(contract.group, contract.program),
                         at_year_opening->principal(), at_month_opening->principal(),
                         reports::PrincipalBuckets{on->in_term, on->overdue, on->frozen});
          return {};
        });
    if (!counted) return counted.error();
    return std::move(tally).finish();
  });
}

// Every loan: its snapshot against the fold of its events, its buckets against its postings;
// then the control accounts against the loans' buckets.
Status Book::check_loans(reports::LoanChecks& checks) {
  const std::map<std::pair<std::int64_t, std::string>, std::int64_t> by_loan =
      repo_.loan_postings();
  ProgramCache programs;
  Status added = repo_.each_loan(LoanOrder::Id, programs, [&](LoanRecord loan) -> Status {
    const LoanState& s = loan.state;
    Result<LoanState> folded = fold(loan, std::nullopt, std::nullopt);
    reports::LoanReplay replay{.code = loan.contract.code,
                               .failure = std::nullopt,
                               .matches = true,
                               .folded_principal = 0,
                               .snapshot_principal = s.principal()};
    if (!folded) {
      replay.failure = folded.error().message;
    } else {
      replay.matches = folded.value() == s;
      replay.folded_principal = folded->principal();
    }
    const Program& p = *loan.program;
    const std::string interest_account = p.basis == AccountingBasis::Cash
                                             ? p.account(LoanAccount::AccruedInterest)
                                             : p.account(LoanAccount::InterestReceivable);
    const std::pair<std::string, std::int64_t> held[] = {
        {p.account(LoanAccount::InTerm), s.in_term},
        {p.account(LoanAccount::Overdue), s.overdue},
        {p.account(LoanAccount::Frozen), s.frozen},
        {interest_account, s.interest_due_in_term + s.interest_due_overdue}};
    std::vector<reports::LoanBucket> buckets;
    for (const auto& [account, snapshot] : held) {
      auto it = by_loan.find({loan.contract.id.value, account});
      buckets.push_back({.account = account,
                         .snapshot = snapshot,
                         .posted = it == by_loan.end() ? 0 : it->second});
    }
    checks.add_loan(replay, buckets);
    return {};
  });
  if (!added) return added;
  for (const auto& [account, balance] : repo_.control_balances())
    checks.add_control_account(account, balance);
  return {};
}

ReconcileCheck Book::roll_forward(date::year_month month) {
  reports::RollForwardCheck check(month);
  const Date first{month / date::day{1}};
  const Date last{month / date::last};
  repo_.each_loan_principal(first, last,
                            [&](std::int64_t loan, std::int64_t opening, std::int64_t closing) {
                              check.add_balances(loan, opening, closing);
                            });
  repo_.each_event_between(first, last,
                           [&](const EventRow& e) { check.add_event(e.loan.value, flows_of(e)); });
  repo_.each_loan_levels([&](const reports::LoanLevels& levels) { check.add_levels(levels); });
  return std::move(check).finish();
}

Result<ReconcileReport> Book::reconcile(const ReconcileOptions& options) {
  Result<ReconcileReport> journal = read<ReconcileReport>(repo_, [&]() -> Result<ReconcileReport> {
    ReconcileReport report;
    report.checks.push_back(reports::trial_balance_check(repo_.turnover(options.as_of)));
    reports::EntriesBalancedCheck balanced;
    repo_.each_unbalanced_entry(
        [&](std::int64_t entry, const std::string& currency, std::int64_t sum) {
          balanced.add_unbalanced(entry, currency, sum);
        });
    for (std::int64_t entry : repo_.entries_without_postings())
      balanced.add_without_postings(entry);
    const auto [entries, postings] = repo_.journal_size();
    report.checks.push_back(std::move(balanced).finish(entries, postings));
    return report;
  });
  if (!journal) return journal.error();
  ReconcileReport report = std::move(journal).value();
  Result<VerifyReport> verified = repo_.verify();  // in a read of its own
  if (!verified) return verified.error();
  report.checks.push_back(reports::hash_chain_check(verified.value()));

  Status rest = repo_.read([&]() -> Status {
    reports::MaintainedBalancesCheck balances;
    repo_.each_balance([&](const reports::BalanceRow& row) { balances.add(row); });
    for (const auto& [currency, debit] : repo_.ledger_totals())
      balances.add_ledger_total(currency, debit);
    report.checks.push_back(std::move(balances).finish());
    reports::LoanChecks loans;
    if (Status s = check_loans(loans); !s) return s;
    for (ReconcileCheck& c : std::move(loans).finish()) report.checks.push_back(std::move(c));
    reports::ReferenceTextCheck texts;
    repo_.each_reference_text(
        [&](std::string_view kind, std::string_view code, std::string_view field,
            std::string_view value) { texts.add_text(kind, code, field, value); });
    for (const char* kind : {"commune", "officer", "group", "household", "loan"}) {
      for (const std::vector<std::string>& codes : repo_.codes_alike(kind))
        texts.add_codes_alike(kind, codes);
    }
    report.checks.push_back(std::move(texts).finish());
    if (options.month) report.checks.push_back(roll_forward(*options.month));
    if (!options.cash.empty()) {
      reports::CashCheck cash;
      for (const CashCount& count : options.cash)
        cash.add(count, repo_.account_balance(count.account, count.date));
      report.checks.push_back(std::move(cash).finish());
    }
    return {};
  });
  if (!rest) return rest.error();
  return report;
}

}  // namespace socai::ops
