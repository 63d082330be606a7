// The rows reconciliation reads (operations/reports.cpp) from SQLite: the journal's turnover
// and balances, each loan's postings, and the loans' places. The comparisons are in
// reports/reconcile_checks.
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {

std::vector<reports::CurrencyTurnover> SqliteLoanRepository::turnover(std::optional<Date> through) {
  auto q = cache_.get(
      "SELECT p.currency, sum(max(p.amount, 0)), sum(max(-p.amount, 0)) "
      "FROM postings p JOIN entries e ON e.id = p.entry_id "
      "WHERE e.date <= ? GROUP BY p.currency ORDER BY p.currency");
  q->bind(1, through ? format_date(*through) : std::string("9999-12-31"));
  std::vector<reports::CurrencyTurnover> per_currency;
  while (q->executeStep()) {
    per_currency.push_back({.currency = q->getColumn(0).getString(),
                            .debits = q->getColumn(1).getInt64(),
                            .credits = q->getColumn(2).getInt64()});
  }
  return per_currency;
}

void SqliteLoanRepository::each_unbalanced_entry(
    const std::function<void(std::int64_t, const std::string&, std::int64_t)>& each) {
  SQLite::Statement q(db_,
                      "SELECT entry_id, currency, sum(amount) FROM postings "
                      "GROUP BY entry_id, currency HAVING sum(amount) <> 0 ORDER BY entry_id");
  while (q.executeStep())
    each(q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64());
}

std::vector<std::int64_t> SqliteLoanRepository::entries_without_postings() {
  SQLite::Statement q(db_,
                      "SELECT id FROM entries e WHERE NOT EXISTS "
                      "(SELECT 1 FROM postings p WHERE p.entry_id = e.id) ORDER BY id");
  std::vector<std::int64_t> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

std::pair<std::int64_t, std::int64_t> SqliteLoanRepository::journal_size() {
  auto q = cache_.get("SELECT count(*), (SELECT count(*) FROM postings) FROM entries");
  q->executeStep();
  return {q->getColumn(0).getInt64(), q->getColumn(1).getInt64()};
}

std::vector<std::pair<std::string, std::int64_t>> SqliteLoanRepository::ledger_totals() {
  SQLite::Statement q(db_, "SELECT currency, debit FROM ledger_totals ORDER BY currency");
  std::vector<std::pair<std::string, std::int64_t>> totals;
  while (q.executeStep())
    totals.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return totals;
}

// The running (balances) and daily (daily_balances) balances against the postings summed.
void SqliteLoanRepository::each_balance(
    const std::function<void(const reports::BalanceRow&)>& each) {
  SQLite::Statement q(
      db_,
      "WITH r AS (SELECT account_id, currency, coalesce(loan_id, 0) AS loan_id, "
      "sum(max(amount, 0)) AS debit, sum(max(-amount, 0)) AS credit FROM postings "
      "GROUP BY 1, 2, 3), "
      "d AS (SELECT account_id, currency, loan_id, sum(debit) AS debit, sum(credit) AS credit "
      "FROM daily_balances GROUP BY 1, 2, 3), "
      "k AS (SELECT account_id, currency, loan_id FROM r UNION "
      "SELECT account_id, currency, loan_id FROM balances UNION "
      "SELECT account_id, currency, loan_id FROM d) "
      "SELECT coalesce(a.name, '#' || k.account_id), k.currency, k.loan_id, "
      "coalesce(r.debit, 0), coalesce(r.credit, 0), coalesce(b.debit, 0), "
      "coalesce(b.credit, 0), coalesce(d.debit, 0), coalesce(d.credit, 0) FROM k "
      "LEFT JOIN r USING (account_id, currency, loan_id) "
      "LEFT JOIN balances b USING (account_id, currency, loan_id) "
      "LEFT JOIN d USING (account_id, currency, loan_id) "
      "LEFT JOIN accounts a ON a.id = k.account_id ORDER BY 1, 2, 3");
  auto pair = [&](int column) {
    return reports::DebitCredit{.debit = q.getColumn(column).getInt64(),
                                .credit = q.getColumn(column + 1).getInt64()};
  };
  while (q.executeStep()) {
    each(reports::BalanceRow{.account = q.getColumn(0).getString(),
                             .currency = q.getColumn(1).getString(),
                             .loan_id = q.getColumn(2).getInt64(),
                             .postings = pair(3),
                             .running = pair(5),
                             .daily = pair(7)});
  }
}

std::map<std::pair<std::int64_t, std::string>, std::int64_t> SqliteLoanRepository::loan_postings() {
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> by_loan;
  SQLite::Statement q(db_,
                      "SELECT p.loan_id, a.name, sum(p.amount) FROM postings p "
                      "JOIN accounts a ON a.id = p.account_id WHERE p.loan_id IS NOT NULL "
                      "GROUP BY 1, 2");
  while (q.executeStep())
    by_loan[{q.getColumn(0).getInt64(), q.getColumn(1).getString()}] = q.getColumn(2).getInt64();
  return by_loan;
}

std::vector<std::pair<std::string, std::int64_t>> SqliteLoanRepository::control_balances() {
  SQLite::Statement q(db_,
                      "SELECT a.name, coalesce(sum(p.amount), 0) FROM accounts a "
                      "LEFT JOIN postings p ON p.account_id = a.id WHERE a.control = 1 "
                      "GROUP BY a.name ORDER BY a.name");
  std::vector<std::pair<std::string, std::int64_t>> balances;
  while (q.executeStep())
    balances.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return balances;
}

void SqliteLoanRepository::each_loan_principal(
    Date first, Date last,
    const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& each) {
  SQLite::Statement q(db_,
                      "SELECT p.loan_id, sum(CASE WHEN e.date < ?1 THEN p.amount ELSE 0 END), "
                      "sum(CASE WHEN e.date <= ?2 THEN p.amount ELSE 0 END) "
                      "FROM postings p JOIN entries e ON e.id = p.entry_id "
                      "JOIN accounts a ON a.id = p.account_id "
                      "WHERE p.loan_id IS NOT NULL AND a.name LIKE 'Assets:Loans:%' "
                      "GROUP BY p.loan_id");
  q.bind(1, format_date(first));
  q.bind(2, format_date(last));
  while (q.executeStep())
    each(q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64());
}

void SqliteLoanRepository::each_loan_levels(
    const std::function<void(const reports::LoanLevels&)>& each) {
  SQLite::Statement q(db_,
                      "SELECT l.id, l.code, l.group_code, g.commune_code, g.org_code, "
                      "l.program_code, c.district, c.province FROM loans l "
                      "JOIN groups g ON g.code = l.group_code "
                      "JOIN communes c ON c.code = g.commune_code ORDER BY l.id");
  while (q.executeStep()) {
    each(reports::LoanLevels{.loan_id = q.getColumn(0).getInt64(),
                             .code = q.getColumn(1).getString(),
                             .group = q.getColumn(2).getString(),
                             .commune = q.getColumn(3).getString(),
                             .organisation = q.getColumn(4).getString(),
                             .program = q.getColumn(5).getString(),
                             .district = q.getColumn(6).getString(),
                             .province = q.getColumn(7).getString()});
  }
}

std::optional<std::int64_t> SqliteLoanRepository::account_balance(const std::string& name,
                                                                  Date day) {
  auto q = cache_.get(
      "SELECT (SELECT count(*) FROM accounts WHERE name = ?1), "
      "coalesce(sum(p.amount), 0) FROM postings p "
      "JOIN entries e ON e.id = p.entry_id "
      "JOIN accounts a ON a.id = p.account_id "
      "WHERE a.name = ?1 AND e.date <= ?2");
  q->bind(1, name);
  q->bind(2, format_date(day));
  q->executeStep();
  if (q->getColumn(0).getInt64() == 0) return std::nullopt;
  return q->getColumn(1).getInt64();
}

}  // namespace socai::store
