// The rows the reports read (operations/reports.cpp) from SQLite: where groups are, every loan,
// the month-end records and the loan events of a period.
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {

std::map<std::string, reports::Place> SqliteLoanRepository::group_places() {
  std::map<std::string, reports::Place> places;
  auto q = cache_.get(
      "SELECT g.code, g.commune_code, g.org_code, c.district FROM groups g "
      "JOIN communes c ON c.code = g.commune_code");
  while (q->executeStep()) {
    places[q->getColumn(0).getString()] = reports::Place{
        q->getColumn(1).getString(), q->getColumn(2).getString(), q->getColumn(3).getString()};
  }
  return places;
}

Status SqliteLoanRepository::each_loan(ops::LoanOrder order, ProgramCache& programs,
                                       const std::function<Status(LoanRecord)>& each) {
  if (order == ops::LoanOrder::Id) {
    // One scan of the loans with their states, in id order.
    SQLite::Statement q(db_, std::string(kLoanQuery) + "ORDER BY l.id");
    while (q.executeStep()) {
      Result<LoanRecord> loan = loan_from_row(q, &programs);
      if (!loan) return loan.error();
      if (Status s = each(std::move(loan).value()); !s) return s;
    }
    return {};
  }
  // By household: the ids in that order (the index on the household), each loan read by id.
  SQLite::Statement ids(db_, "SELECT id FROM loans ORDER BY household_code, id");
  while (ids.executeStep()) {
    Result<LoanRecord> loan = read_loan(LoanId{ids.getColumn(0).getInt64()}, programs);
    if (!loan) return loan.error();
    if (Status s = each(std::move(loan).value()); !s) return s;
  }
  return {};
}

std::optional<std::string> SqliteLoanRepository::month_closed_through(Date day) {
  auto q =
      cache_.get("SELECT month FROM month_closes WHERE through = ? AND completed_at IS NOT NULL");
  q->bind(1, format_date(day));
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getString();
}

Status SqliteLoanRepository::each_month_end(
    const std::string& month, Date day,
    const std::function<Status(const ops::MonthEndRow&)>& each) {
  SQLite::Statement q(
      db_,
      "SELECT l.id, l.program_code, l.group_code, coalesce(l.officer_code, ''), "
      "m.loan_id IS NOT NULL, m.in_term, m.overdue, m.frozen, m.days_past_due, "
      "CASE WHEN m.loan_id IS NULL THEN EXISTS (SELECT 1 FROM loan_events e "
      "WHERE e.loan_id = l.id AND e.effective_date > ?2) ELSE 0 END "
      "FROM loans l LEFT JOIN loan_month_ends m ON m.month = ?1 AND m.loan_id = l.id "
      "ORDER BY l.id");
  // The events are looked for only without a record: CASE decides before it evaluates, where
  // AND would run the subquery for every loan.
  q.bind(1, month);
  q.bind(2, format_date(day));
  ops::MonthEndRow row;
  while (q.executeStep()) {
    row.loan = LoanId{q.getColumn(0).getInt64()};
    row.recorded = q.getColumn(4).getInt() != 0;
    row.figures = reports::LoanFigures{q.getColumn(5).getInt64(), q.getColumn(6).getInt64(),
                                       q.getColumn(7).getInt64(), q.getColumn(8).getInt64()};
    row.events_after = q.getColumn(9).getInt() != 0;
    // The codes are read only for a record that is counted as it stands.
    if (row.recorded && row.figures.principal() > 0) {
      row.program = q.getColumn(1).getString();
      row.group = q.getColumn(2).getString();
      row.officer = q.getColumn(3).getString();
    }
    if (Status s = each(row); !s) return s;
  }
  return {};
}

std::optional<Date> SqliteLoanRepository::last_transaction(LoanId loan, Date day) {
  auto q = cache_.get(
      "SELECT max(effective_date) FROM loan_events WHERE loan_id = ? "
      "AND kind NOT IN ('open', 'accrue') AND effective_date <= ?");
  q->bind(1, loan.value);
  q->bind(2, format_date(day));
  std::optional<Date> last;
  if (q->executeStep() && !q->getColumn(0).isNull()) last = date_column(q->getColumn(0));
  return last;
}

void SqliteLoanRepository::each_event_between(
    Date first, Date last, const std::function<void(const ops::EventRow&)>& each) {
  SQLite::Statement q(db_,
                      "SELECT ev.loan_id, l.group_code, l.program_code, ev.kind, ev.details, "
                      "ev.effective_date, "
                      "(SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN accounts a "
                      "ON a.id = p.account_id WHERE p.entry_id = ev.entry_id "
                      "AND a.name LIKE 'Assets:Loans:%') "
                      "FROM loan_events ev JOIN loans l ON l.id = ev.loan_id "
                      "WHERE ev.effective_date BETWEEN ? AND ?");
  q.bind(1, format_date(first));
  q.bind(2, format_date(last));
  while (q.executeStep()) {
    each(ops::EventRow{.loan = LoanId{q.getColumn(0).getInt64()},
                       .group = q.getColumn(1).getString(),
                       .program = q.getColumn(2).getString(),
                       .kind = q.getColumn(3).getString(),
                       .details = q.getColumn(4).getString(),
                       .date = date_column(q.getColumn(5)),
                       .loan_principal_postings = q.getColumn(6).getInt64()});
  }
}

}  // namespace socai::store
