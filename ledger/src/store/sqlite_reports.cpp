// The auditors' reports over the portfolio (ledger/reports.hpp): delinquency and the monthly
// lending report. Each loan is read as it stood at the end of the day asked for: its stored
// snapshot when the day is on or after its last event, else its events up to the day folded,
// then the due dates passed settled. Loans are read one at a time; what is kept grows with the
// groups and the rows of the report, not with the loans (the lists excepted).
#include <fmt/format.h>

#include <map>

#include "reports/delinquency.hpp"
#include "reports/flows.hpp"
#include "reports/portfolio.hpp"
#include "store/read_transaction.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "text.hpp"

namespace socai::store {
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

// Where each group is, by group code.
std::map<std::string, Place> read_places(SQLite::Database& db) {
  std::map<std::string, Place> places;
  SQLite::Statement q(db,
                      "SELECT g.code, g.commune_code, g.org_code, c.district FROM groups g "
                      "JOIN communes c ON c.code = g.commune_code");
  while (q.executeStep()) {
    places[q.getColumn(0).getString()] =
        Place{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()};
  }
  return places;
}

std::vector<std::string> read_organisations(SQLite::Database& db) {
  std::vector<std::string> codes;
  SQLite::Statement q(db, "SELECT code FROM organisations ORDER BY code");
  while (q.executeStep()) codes.push_back(q.getColumn(0).getString());
  return codes;
}

}  // namespace

Result<LoanState> SqliteLoanRepository::state_at(const LoanRecord& loan, Date day) {
  if (loan.state.last_event_on && day < *loan.state.last_event_on)
    return fold(loan, day, std::nullopt);
  return loan.state;
}

Result<DelinquencyReport> SqliteLoanRepository::delinquency(const DelinquencyOptions& options) {
  return guarded([&]() -> Result<DelinquencyReport> {
    if (!options.as_of.ok()) return make_error(ErrorCode::InvalidArgument, "as-of: not a date");
    ReadTransaction read(db_);
    const Date day = options.as_of;
    const Date quiet_since = months_before(day, 3);
    const date::year_month next_month = day.year() / day.month() + date::months{1};
    const std::map<std::string, Place> places = read_places(db_);
    const Place nowhere;
    reports::DelinquencyTally tally(day, options.by, read_organisations(db_));
    auto place_of = [&](const std::string& group) -> const Place& {
      auto it = places.find(group);
      return it == places.end() ? nowhere : it->second;
    };
    auto last_transaction_of = [&](const LoanContract& contract) -> std::optional<Date> {
      auto q = cache_.get(
          "SELECT max(effective_date) FROM loan_events WHERE loan_id = ? "
          "AND kind NOT IN ('open', 'accrue') AND effective_date <= ?");
      q->bind(1, contract.id.value);
      q->bind(2, format_date(day));
      std::optional<Date> last;
      if (q->executeStep() && !q->getColumn(0).isNull()) last = date_column(q->getColumn(0));
      q->reset();
      return last;
    };

    // One loan, read and brought to the end of the day.
    ProgramCache programs;
    auto count_loan = [&](LoanId id) -> Status {
      Result<LoanRecord> loan = read_loan(id, programs);
      if (!loan) return loan.error();
      const Program& program = *loan->program;
      const LoanContract& contract = loan->contract;
      Result<LoanState> folded = state_at(loan.value(), day);
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
          last_transaction = last_transaction_of(contract);
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
      if (!last_transaction) last_transaction = last_transaction_of(contract);
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
    // every loan active at the day's end (loan_month_ends), with its buckets and days past
    // due, and nothing dated on or before the day can be recorded since. Those records are
    // counted as they stand; a loan is read and brought to the day only when its record
    // cannot say everything (no principal left: written off, or interest still owed) or when
    // it has no record but events after the day (repaid in full after the day, before the
    // close ran).
    std::optional<std::string> closed_month;
    if (options.list == DelinquencyList::None && options.from_month_ends) {
      auto q = cache_.get(
          "SELECT month FROM month_closes WHERE through = ? AND completed_at IS NOT NULL");
      q->bind(1, format_date(day));
      if (q->executeStep()) closed_month = q->getColumn(0).getString();
      q->reset();
    }
    if (closed_month) {
      SQLite::Statement q(
          db_,
          "SELECT l.id, l.program_code, l.group_code, coalesce(l.officer_code, ''), "
          "m.loan_id IS NOT NULL, m.in_term, m.overdue, m.frozen, m.days_past_due, "
          "m.loan_id IS NULL AND EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = l.id "
          "AND e.effective_date > ?2) "
          "FROM loans l LEFT JOIN loan_month_ends m ON m.month = ?1 AND m.loan_id = l.id "
          "ORDER BY l.id");
      q.bind(1, *closed_month);
      q.bind(2, format_date(day));
      std::string program, group, officer;
      while (q.executeStep()) {
        const bool recorded = q.getColumn(4).getInt() != 0;
        const LoanFigures figures{q.getColumn(5).getInt64(), q.getColumn(6).getInt64(),
                                  q.getColumn(7).getInt64(), q.getColumn(8).getInt64()};
        if (recorded && figures.principal() > 0) {
          program = q.getColumn(1).getString();
          group = q.getColumn(2).getString();
          officer = q.getColumn(3).getString();
          tally.add_active(LoanPlace{program, group, officer, place_of(group)}, figures);
        } else if (recorded || q.getColumn(9).getInt() != 0) {
          if (Status s = count_loan(LoanId{q.getColumn(0).getInt64()}); !s) return s.error();
        }
      }
    } else {
      SQLite::Statement ids(db_, "SELECT id FROM loans ORDER BY id");
      while (ids.executeStep()) {
        if (Status s = count_loan(LoanId{ids.getColumn(0).getInt64()}); !s) return s.error();
      }
    }
    return std::move(tally).finish();
  });
}

Result<PortfolioReport> SqliteLoanRepository::portfolio(date::year_month month,
                                                        PortfolioGrouping by) {
  return guarded([&]() -> Result<PortfolioReport> {
    if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
    ReadTransaction read(db_);
    reports::PortfolioTally tally(month);
    const std::map<std::string, Place> places = read_places(db_);
    auto key_of = [&](const std::string& group, const std::string& program) {
      if (by == PortfolioGrouping::Program) return program;
      auto it = places.find(group);
      return it == places.end() ? std::string() : it->second.commune;
    };

    // Flows: the loan events of the year to date, their split as recorded.
    {
      SQLite::Statement q(db_,
                          "SELECT l.group_code, l.program_code, ev.kind, ev.details, "
                          "ev.effective_date, "
                          "(SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN accounts a "
                          "ON a.id = p.account_id WHERE p.entry_id = ev.entry_id "
                          "AND a.name LIKE 'Assets:Loans:%') "
                          "FROM loan_events ev JOIN loans l ON l.id = ev.loan_id "
                          "WHERE ev.effective_date BETWEEN ? AND ?");
      q.bind(1, format_date(tally.year_first()));
      q.bind(2, format_date(tally.last()));
      while (q.executeStep()) {
        const std::string kind = q.getColumn(2).getString();
        const std::string details = q.getColumn(3).getString();
        tally.add_event(
            key_of(q.getColumn(0).getString(), q.getColumn(1).getString()),
            date_column(q.getColumn(4)),
            reports::event_flows({.kind = kind,
                                  .details = details,
                                  .loan_principal_postings = q.getColumn(5).getInt64()}));
      }
    }

    // Outstanding: each loan at the openings and the month's end, household by household so
    // that a borrower is counted once per row.
    ProgramCache programs;
    SQLite::Statement ids(db_, "SELECT id, household_code FROM loans ORDER BY household_code, id");
    while (ids.executeStep()) {
      Result<LoanRecord> loan = read_loan(LoanId{ids.getColumn(0).getInt64()}, programs);
      if (!loan) return loan.error();
      const LoanContract& contract = loan->contract;
      Result<LoanState> at_year_opening = state_at(loan.value(), tally.year_opening());
      Result<LoanState> at_month_opening = state_at(loan.value(), tally.month_opening());
      Result<LoanState> at_end = state_at(loan.value(), tally.last());
      if (!at_year_opening) return at_year_opening.error();
      if (!at_month_opening) return at_month_opening.error();
      if (!at_end) return at_end.error();
      if (at_end->disbursed == 0) continue;
      Result<LoanState> on = state_on(*loan->program, contract, at_end.value(), tally.last());
      if (!on) return with_context("loan " + contract.code, on.error());
      tally.add_loan(ids.getColumn(1).getString(), key_of(contract.group, contract.program),
                     at_year_opening->principal(), at_month_opening->principal(),
                     reports::PrincipalBuckets{on->in_term, on->overdue, on->frozen});
    }
    return std::move(tally).finish();
  });
}

}  // namespace socai::store
