// Reconciliation (LoanBook::reconcile, ledger/reconcile.hpp): each check compares two
// independent records of the same figures.
//   trial balance          postings: debits = credits, per currency
//   entries balanced       postings of each entry sum to zero, per currency
//   hash chain             every entry's hash over its content and its predecessor's hash
//   maintained balances    the balances the triggers keep = the sums of the postings
//   loan states            each loan's snapshot = the fold of its events
//   loan sub-ledgers       each loan's buckets = its postings on its program's accounts
//   GL control accounts    each control account = the sum of its loans' buckets
//   roll-forward           opening + disbursed - reversed - collected - written off = closing,
//                          opening and closing from the journal, the flows from loan events,
//                          at loan, group, commune x organisation x program, district and
//                          province level
//   cash                   counted cash = the transaction point's cash account
// Here the SQL that reads each check's rows; the comparisons are in reports/reconcile_checks.
#include <fmt/format.h>

#include "reports/flows.hpp"
#include "reports/reconcile_checks.hpp"
#include "store/read_transaction.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {
namespace {

ReconcileCheck trial_balance(SQLite::Database& db, const std::optional<Date>& as_of) {
  SQLite::Statement q(db,
                      "SELECT p.currency, sum(max(p.amount, 0)), sum(max(-p.amount, 0)) "
                      "FROM postings p JOIN entries e ON e.id = p.entry_id "
                      "WHERE e.date <= ? GROUP BY p.currency ORDER BY p.currency");
  q.bind(1, as_of ? format_date(*as_of) : std::string("9999-12-31"));
  std::vector<reports::CurrencyTurnover> per_currency;
  while (q.executeStep()) {
    per_currency.push_back({.currency = q.getColumn(0).getString(),
                            .debits = q.getColumn(1).getInt64(),
                            .credits = q.getColumn(2).getInt64()});
  }
  return reports::trial_balance_check(per_currency);
}

ReconcileCheck entries_balanced(SQLite::Database& db) {
  reports::EntriesBalancedCheck check;
  SQLite::Statement q(db,
                      "SELECT entry_id, currency, sum(amount) FROM postings "
                      "GROUP BY entry_id, currency HAVING sum(amount) <> 0 ORDER BY entry_id");
  while (q.executeStep()) {
    check.add_unbalanced(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                         q.getColumn(2).getInt64());
  }
  SQLite::Statement empty(db,
                          "SELECT id FROM entries e WHERE NOT EXISTS "
                          "(SELECT 1 FROM postings p WHERE p.entry_id = e.id) ORDER BY id");
  while (empty.executeStep()) check.add_without_postings(empty.getColumn(0).getInt64());
  SQLite::Statement count(db, "SELECT count(*), (SELECT count(*) FROM postings) FROM entries");
  count.executeStep();
  return std::move(check).finish(count.getColumn(0).getInt64(), count.getColumn(1).getInt64());
}

// The running (balances) and daily (daily_balances) balances against the postings summed.
ReconcileCheck maintained_balances(SQLite::Database& db) {
  reports::MaintainedBalancesCheck check;
  SQLite::Statement q(
      db,
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
    check.add(reports::BalanceRow{.account = q.getColumn(0).getString(),
                                  .currency = q.getColumn(1).getString(),
                                  .loan_id = q.getColumn(2).getInt64(),
                                  .postings = pair(3),
                                  .running = pair(5),
                                  .daily = pair(7)});
  }
  return std::move(check).finish();
}

// Each loan's postings per account: (loan id, account name) -> sum.
std::map<std::pair<std::int64_t, std::string>, std::int64_t> loan_postings(SQLite::Database& db) {
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> by_loan;
  SQLite::Statement q(db,
                      "SELECT p.loan_id, a.name, sum(p.amount) FROM postings p "
                      "JOIN accounts a ON a.id = p.account_id WHERE p.loan_id IS NOT NULL "
                      "GROUP BY 1, 2");
  while (q.executeStep())
    by_loan[{q.getColumn(0).getInt64(), q.getColumn(1).getString()}] = q.getColumn(2).getInt64();
  return by_loan;
}

void control_accounts(SQLite::Database& db, reports::LoanChecks& checks) {
  SQLite::Statement q(db,
                      "SELECT a.name, coalesce(sum(p.amount), 0) FROM accounts a "
                      "LEFT JOIN postings p ON p.account_id = a.id WHERE a.control = 1 "
                      "GROUP BY a.name ORDER BY a.name");
  while (q.executeStep())
    checks.add_control_account(q.getColumn(0).getString(), q.getColumn(1).getInt64());
}

// Runs `sql` with ?1 and ?2 bound to the first and the last day of `month`, calling `row` on
// each row.
template <class Row>
void each_row_of_month(SQLite::Database& db, const char* sql, date::year_month month, Row row) {
  SQLite::Statement q(db, sql);
  q.bind(1, format_date(Date{month / date::day{1}}));
  q.bind(2, format_date(Date{month / date::last}));
  while (q.executeStep()) row(q);
}

ReconcileCheck roll_forward(SQLite::Database& db, date::year_month month) {
  reports::RollForwardCheck check(month);
  each_row_of_month(db,
                    "SELECT p.loan_id, sum(CASE WHEN e.date < ?1 THEN p.amount ELSE 0 END), "
                    "sum(CASE WHEN e.date <= ?2 THEN p.amount ELSE 0 END) "
                    "FROM postings p JOIN entries e ON e.id = p.entry_id "
                    "JOIN accounts a ON a.id = p.account_id "
                    "WHERE p.loan_id IS NOT NULL AND a.name LIKE 'Assets:Loans:%' "
                    "GROUP BY p.loan_id",
                    month, [&](SQLite::Statement& q) {
                      check.add_balances(q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                         q.getColumn(2).getInt64());
                    });
  each_row_of_month(db,
                    "SELECT ev.loan_id, ev.kind, ev.details, "
                    "(SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN accounts a "
                    "ON a.id = p.account_id WHERE p.entry_id = ev.entry_id "
                    "AND a.name LIKE 'Assets:Loans:%') "
                    "FROM loan_events ev WHERE ev.effective_date BETWEEN ?1 AND ?2",
                    month, [&](SQLite::Statement& q) {
                      const std::string kind = q.getColumn(1).getString();
                      const std::string details = q.getColumn(2).getString();
                      check.add_event(q.getColumn(0).getInt64(),
                                      reports::event_flows(
                                          {.kind = kind,
                                           .details = details,
                                           .loan_principal_postings = q.getColumn(3).getInt64()}));
                    });
  SQLite::Statement where(db,
                          "SELECT l.id, l.code, l.group_code, g.commune_code, g.org_code, "
                          "l.program_code, c.district, c.province FROM loans l "
                          "JOIN groups g ON g.code = l.group_code "
                          "JOIN communes c ON c.code = g.commune_code ORDER BY l.id");
  while (where.executeStep()) {
    check.add_levels(reports::LoanLevels{.loan_id = where.getColumn(0).getInt64(),
                                         .code = where.getColumn(1).getString(),
                                         .group = where.getColumn(2).getString(),
                                         .commune = where.getColumn(3).getString(),
                                         .organisation = where.getColumn(4).getString(),
                                         .program = where.getColumn(5).getString(),
                                         .district = where.getColumn(6).getString(),
                                         .province = where.getColumn(7).getString()});
  }
  return std::move(check).finish();
}

ReconcileCheck cash(SQLite::Database& db, const std::vector<CashCount>& counts) {
  reports::CashCheck check;
  SQLite::Statement q(db,
                      "SELECT (SELECT count(*) FROM accounts WHERE name = ?1), "
                      "coalesce(sum(p.amount), 0) FROM postings p "
                      "JOIN entries e ON e.id = p.entry_id "
                      "JOIN accounts a ON a.id = p.account_id "
                      "WHERE a.name = ?1 AND e.date <= ?2");
  for (const CashCount& count : counts) {
    q.reset();
    q.bind(1, count.account);
    q.bind(2, format_date(count.date));
    q.executeStep();
    check.add(count, q.getColumn(0).getInt64() == 0
                         ? std::nullopt
                         : std::optional<std::int64_t>(q.getColumn(1).getInt64()));
  }
  return std::move(check).finish();
}

// Every loan: its snapshot against the fold of its events, its buckets against its postings.
// `read(id, programs)` reads a loan (SqliteLoanRepository::read_loan), `fold(loan)` folds all its
// events (SqliteLoanRepository::fold).
template <class Read, class Fold>
Status add_loans(SQLite::Database& db, reports::LoanChecks& checks, Read read, Fold fold) {
  const std::map<std::pair<std::int64_t, std::string>, std::int64_t> by_loan = loan_postings(db);
  std::vector<LoanId> ids;
  {
    SQLite::Statement q(db, "SELECT id FROM loans ORDER BY id");
    while (q.executeStep()) ids.push_back(LoanId{q.getColumn(0).getInt64()});
  }
  ProgramCache programs;
  for (LoanId id : ids) {
    Result<LoanRecord> loan = read(id, programs);
    if (!loan) return loan.error();
    const LoanState& s = loan->state;
    Result<LoanState> folded = fold(loan.value());
    reports::LoanReplay replay{.code = loan->contract.code,
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
    const Program& p = *loan->program;
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
      auto it = by_loan.find({id.value, account});
      buckets.push_back({.account = account,
                         .snapshot = snapshot,
                         .posted = it == by_loan.end() ? 0 : it->second});
    }
    checks.add_loan(replay, buckets);
  }
  return {};
}

}  // namespace

Result<ReconcileReport> SqliteLoanRepository::reconcile(const ReconcileOptions& options) {
  return guarded([&]() -> Result<ReconcileReport> {
    ReconcileReport report;
    {
      ReadTransaction read(db_);
      report.checks.push_back(trial_balance(db_, options.as_of));
      report.checks.push_back(entries_balanced(db_));
    }
    Result<VerifyReport> verified = store_.verify();  // in its own read transaction
    if (!verified) return verified.error();
    report.checks.push_back(reports::hash_chain_check(verified.value()));

    ReadTransaction read(db_);
    report.checks.push_back(maintained_balances(db_));
    reports::LoanChecks loans;
    Status read_loans = add_loans(
        db_, loans, [&](LoanId id, ProgramCache& programs) { return read_loan(id, programs); },
        [&](const LoanRecord& loan) { return fold(loan, std::nullopt, std::nullopt); });
    if (!read_loans) return read_loans.error();
    control_accounts(db_, loans);
    for (ReconcileCheck& c : std::move(loans).finish()) report.checks.push_back(std::move(c));
    if (options.month) report.checks.push_back(roll_forward(db_, *options.month));
    if (!options.cash.empty()) report.checks.push_back(cash(db_, options.cash));
    return report;
  });
}

}  // namespace socai::store
