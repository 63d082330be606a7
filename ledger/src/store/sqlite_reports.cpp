// The auditors' reports over the portfolio (ledger/reports.hpp): delinquency and the monthly
// lending report. Each loan is read as it stood at the end of the day asked for: its stored
// snapshot when the day is on or after its last event, else its events up to the day folded,
// then the due dates passed settled. Loans are read one at a time; what is kept grows with the
// groups and the rows of the report, not with the loans (the lists excepted).
#include <fmt/format.h>

#include <map>
#include <set>

#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai {

Exact Ratio::exact() const {
  if (denominator == 0) return Exact(0);
  return Exact(numerator, denominator);
}

std::string Ratio::percent_text() const {
  Result<std::int64_t> hundredths = round_exact(exact() * 10000, RoundingMode::HalfUp);
  const std::int64_t h = hundredths ? hundredths.value() : 0;
  const std::int64_t a = h < 0 ? -h : h;
  return fmt::format("{}{}.{:02}%", h < 0 ? "-" : "", a / 100, a % 100);
}

int aging_bucket(std::int64_t days_past_due) {
  if (days_past_due <= 0) return 0;
  if (days_past_due <= 30) return 1;
  if (days_past_due <= 90) return 2;
  if (days_past_due <= 180) return 3;
  if (days_past_due <= 360) return 4;
  return 5;
}

const char* aging_bucket_name(int bucket) {
  static constexpr const char* kNames[kAgingBuckets] = {"current", "1-30",    "31-90",
                                                        "91-180",  "181-360", ">360"};
  return bucket >= 0 && bucket < kAgingBuckets ? kNames[bucket] : "";
}

}  // namespace socai

namespace socai::store {
namespace {

// The same day `months` months earlier, clamped to that month's length.
Date months_before(Date d, int months) {
  const date::year_month m = d.year() / d.month() - date::months{months};
  const Date last{m / date::last};
  return Date{m / std::min(d.day(), last.day())};
}

// Where a group is: its commune, organisation and the commune's district.
struct Place {
  std::string commune;
  std::string organisation;
  std::string district;
};

// A read transaction: every figure of a report comes from the same ledger.
struct ReadTransaction {
  explicit ReadTransaction(SQLite::Database& db) : db(db) { db.exec("BEGIN"); }
  ~ReadTransaction() { db.tryExec("ROLLBACK"); }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  SQLite::Database& db;
};

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

void add(CountAmount& to, std::int64_t principal) {
  to.loans += 1;
  to.principal += principal;
}

// An active loan's principal on the day, by bucket, and its days past due.
struct LoanFigures {
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t late = 0;
  std::int64_t principal() const { return in_term + overdue + frozen; }
};

// Adds an active loan to a set's figures.
void add_loan(DelinquencyFigures& f, const LoanFigures& s) {
  const std::int64_t p = s.principal();
  add(f.aging[static_cast<std::size_t>(aging_bucket(s.late))], p);
  add(f.outstanding, p);
  if (s.late > 30) f.par30.numerator += p;
  if (s.late > 90) f.par90.numerator += p;
  if (s.frozen > 0) {
    add(f.frozen, p);
  } else if (s.overdue > 0) {
    add(f.overdue, p);
  } else {
    add(f.in_term, p);
  }
  f.overdue_principal += s.overdue;
}

void finish(DelinquencyFigures& f) {
  f.par30.denominator = f.outstanding.principal;
  f.par90.denominator = f.outstanding.principal;
}

// Where a loan is counted: its program, group and officer, and where its group is.
struct LoanPlace {
  const std::string& program;
  const std::string& group;
  const std::string& officer;
  const Place& place;
};

std::string group_key(DelinquencyGrouping by, const LoanPlace& at) {
  switch (by) {
    case DelinquencyGrouping::Program:
      return at.program;
    case DelinquencyGrouping::District:
      return at.place.district;
    case DelinquencyGrouping::Commune:
      return at.place.commune;
    case DelinquencyGrouping::Organisation:
      return at.place.organisation;
    case DelinquencyGrouping::Group:
      return at.group;
    case DelinquencyGrouping::Officer:
      return at.officer;
    case DelinquencyGrouping::None:
      break;
  }
  return "";
}

void add_flows(PortfolioFlows& to, const PortfolioFlows& f) {
  to.opening += f.opening;
  to.disbursed += f.disbursed;
  to.reversed += f.reversed;
  to.collected_principal += f.collected_principal;
  to.collected_interest += f.collected_interest;
  to.written_off += f.written_off;
  to.closing += f.closing;
}

}  // namespace

Result<LoanState> SqliteLoanBook::state_at(const LoanRecord& loan, Date day) {
  if (loan.state.last_event_on && day < *loan.state.last_event_on)
    return fold(loan, day, std::nullopt);
  return loan.state;
}

Result<DelinquencyReport> SqliteLoanBook::delinquency(const DelinquencyOptions& options) {
  return guarded([&]() -> Result<DelinquencyReport> {
    if (!options.as_of.ok()) return make_error(ErrorCode::InvalidArgument, "as-of: not a date");
    ReadTransaction read(db_);
    const Date day = options.as_of;
    const Date quiet_since = months_before(day, 3);
    const date::year_month next_month = day.year() / day.month() + date::months{1};
    const std::map<std::string, Place> places = read_places(db_);
    const Place nowhere;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> orgs;  // overdue, outstanding
    {
      SQLite::Statement q(db_, "SELECT code FROM organisations ORDER BY code");
      while (q.executeStep()) orgs[q.getColumn(0).getString()] = {0, 0};
    }
    DelinquencyReport report{
        .as_of = day, .total = {}, .organisations = {}, .groups = {}, .lines = {}};
    std::map<std::string, DelinquencyFigures> grouped;
    auto place_of = [&](const std::string& group) -> const Place& {
      auto it = places.find(group);
      return it == places.end() ? nowhere : it->second;
    };
    auto group_of = [&](const LoanPlace& at) -> DelinquencyFigures* {
      if (options.by == DelinquencyGrouping::None) return nullptr;
      return &grouped[group_key(options.by, at)];
    };
    auto count_active = [&](const LoanPlace& at, const LoanFigures& figures) {
      add_loan(report.total, figures);
      if (DelinquencyFigures* group = group_of(at)) add_loan(*group, figures);
      auto& org = orgs[at.place.organisation];
      org.first += figures.overdue;
      org.second += figures.principal();
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
        if (s.written_off()) {
          add(report.total.written_off, s.written_off_principal);
          if (DelinquencyFigures* group = group_of(at))
            add(group->written_off, s.written_off_principal);
        }
        return {};
      }
      Result<std::int64_t> late = schedule ? Result<std::int64_t>(days_past_due(*schedule, s, day))
                                           : days_past_due(program, contract, s, day);
      if (!late) return with_context("loan " + contract.code, late.error());
      count_active(at, LoanFigures{s.in_term, s.overdue, s.frozen, late.value()});

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
      report.lines.push_back(DelinquencyLine{.loan = contract.code,
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
          count_active(LoanPlace{program, group, officer, place_of(group)}, figures);
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
    finish(report.total);
    for (auto& [key, figures] : grouped) {
      finish(figures);
      report.groups.emplace_back(key, figures);
    }
    for (const auto& [code, figures] : orgs) {
      report.organisations.push_back(OrganisationRatio{code, Ratio{figures.first, figures.second}});
    }
    return report;
  });
}

Result<PortfolioReport> SqliteLoanBook::portfolio(date::year_month month, PortfolioGrouping by) {
  return guarded([&]() -> Result<PortfolioReport> {
    if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
    ReadTransaction read(db_);
    PortfolioReport report;
    report.month = fmt::format("{:04}-{:02}", static_cast<int>(month.year()),
                               static_cast<unsigned>(month.month()));
    report.first = Date{month / 1};
    report.last = Date{month / date::last};
    const Date year_first{month.year() / date::January / 1};
    const Date month_opening = day_before(report.first);
    const Date year_opening = day_before(year_first);
    const std::map<std::string, Place> places = read_places(db_);
    auto key_of = [&](const std::string& group, const std::string& program) {
      if (by == PortfolioGrouping::Program) return program;
      auto it = places.find(group);
      return it == places.end() ? std::string() : it->second.commune;
    };
    std::map<std::string, PortfolioRow> rows;

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
      q.bind(1, format_date(year_first));
      q.bind(2, format_date(report.last));
      while (q.executeStep()) {
        PortfolioFlows f;
        const std::string kind = q.getColumn(2).getString();
        if (kind == "reverse") {
          f.reversed = -q.getColumn(5).getInt64();  // principal taken back out
        } else {
          const nlohmann::json d = nlohmann::json::parse(q.getColumn(3).getString());
          auto part = [&](const char* name) { return d.value(name, std::int64_t{0}); };
          f.disbursed = part("disbursed");
          f.collected_principal =
              part("overdue_principal") + part("due_principal") + part("prepaid_principal");
          f.collected_interest = part("overdue_interest") + part("in_term_interest");
          f.written_off = part("written_off_frozen") + part("written_off_overdue") +
                          part("written_off_in_term");
        }
        PortfolioRow& row = rows[key_of(q.getColumn(0).getString(), q.getColumn(1).getString())];
        add_flows(row.year_to_date, f);
        if (date_column(q.getColumn(4)) >= report.first) add_flows(row.month, f);
      }
    }

    // Outstanding: each loan at the openings and the month's end, household by household so
    // that a borrower is counted once per row.
    ProgramCache programs;
    std::string household;
    std::set<std::string> borrower_rows;  // the rows where the current household borrows
    std::int64_t borrowers = 0;
    auto count_household = [&] {
      for (const std::string& key : borrower_rows) rows[key].borrowers += 1;
      if (!borrower_rows.empty()) ++borrowers;
      borrower_rows.clear();
    };
    SQLite::Statement ids(db_, "SELECT id, household_code FROM loans ORDER BY household_code, id");
    while (ids.executeStep()) {
      if (ids.getColumn(1).getString() != household) {
        count_household();
        household = ids.getColumn(1).getString();
      }
      Result<LoanRecord> loan = read_loan(LoanId{ids.getColumn(0).getInt64()}, programs);
      if (!loan) return loan.error();
      const LoanContract& contract = loan->contract;
      Result<LoanState> at_year_opening = state_at(loan.value(), year_opening);
      Result<LoanState> at_month_opening = state_at(loan.value(), month_opening);
      Result<LoanState> at_end = state_at(loan.value(), report.last);
      if (!at_year_opening) return at_year_opening.error();
      if (!at_month_opening) return at_month_opening.error();
      if (!at_end) return at_end.error();
      if (at_end->disbursed == 0) continue;
      Result<LoanState> on = state_on(*loan->program, contract, at_end.value(), report.last);
      if (!on) return with_context("loan " + contract.code, on.error());
      const std::string key = key_of(contract.group, contract.program);
      PortfolioRow& row = rows[key];
      row.year_to_date.opening += at_year_opening->principal();
      row.month.opening += at_month_opening->principal();
      row.year_to_date.closing += on->principal();
      row.month.closing += on->principal();
      row.in_term += on->in_term;
      row.overdue += on->overdue;
      row.frozen += on->frozen;
      if (on->principal() > 0) {
        row.loans += 1;
        borrower_rows.insert(key);
      }
    }
    count_household();

    report.total.borrowers = borrowers;
    for (auto& [key, row] : rows) {
      row.key = key;
      add_flows(report.total.month, row.month);
      add_flows(report.total.year_to_date, row.year_to_date);
      report.total.in_term += row.in_term;
      report.total.overdue += row.overdue;
      report.total.frozen += row.frozen;
      report.total.loans += row.loans;
      report.rows.push_back(row);
    }
    return report;
  });
}

}  // namespace socai::store
