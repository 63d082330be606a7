// The month-end close's rows in SQLite (month_closes, loan_month_ends, entrustment_fees), and
// the loan reader that works out the next batch on a connection of its own. The close itself
// is operations/close.cpp.
#include <fmt/format.h>
#include <sqlite3.h>

#include "exact_text.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {
namespace {

// Reads loans on its own read-only connection to the ledger, with the programs it was given.
class SqliteLoanReader final : public ops::LoanReader {
 public:
  SqliteLoanReader(SqliteLoanRepository& repo, const std::string& path, ProgramCache programs)
      : repo_(repo), db_(path, SQLite::OPEN_READONLY), programs_(std::move(programs)) {
    db_.setBusyTimeout(5000);
    db_.exec("PRAGMA query_only = ON");
  }

  std::vector<ops::ReadLoan> read(const std::vector<LoanId>& ids) override {
    std::vector<ops::ReadLoan> out;
    out.reserve(ids.size());
    try {
      // One read transaction for the batch, not one per loan.
      SQLite::Transaction read(db_, SQLite::TransactionBehavior::DEFERRED);
      for (LoanId id : ids) {
        query_.bind(1, id.value);
        ops::ReadLoan loan{.id = id, .loan = std::nullopt, .snapshot_event = 0};
        if (query_.executeStep() && programs_.count(query_.getColumn(3).getString()) == 1) {
          loan.snapshot_event = query_.getColumn(17).isNull() ? 0 : query_.getColumn(17).getInt64();
          if (Result<LoanRecord> record = repo_.loan_from_row(query_, &programs_); record)
            loan.loan = std::move(record).value();
        }
        query_.reset();
        out.push_back(std::move(loan));
      }
    } catch (const std::exception&) {
      // What was not read is read again by the writer.
      query_.tryReset();
      for (std::size_t i = out.size(); i < ids.size(); ++i)
        out.push_back({ids[i], std::nullopt, 0});
    }
    return out;
  }

 private:
  SqliteLoanRepository& repo_;
  SQLite::Database db_;
  SQLite::Statement query_{db_, loan_by_id_query()};
  ProgramCache programs_;  // read only here
};

}  // namespace

ops::CloseState SqliteLoanRepository::close_state(const std::string& month) {
  auto q = cache_.get("SELECT completed_at IS NOT NULL FROM month_closes WHERE month = ?");
  q->bind(1, month);
  if (!q->executeStep()) return {};
  return {true, q->getColumn(0).getInt() == 1};
}

std::optional<std::string> SqliteLoanRepository::last_closed_month() {
  auto last = cache_.get("SELECT max(month) FROM month_closes WHERE completed_at IS NOT NULL");
  if (!last->executeStep() || last->getColumn(0).isNull()) return std::nullopt;
  return last->getColumn(0).getString();
}

std::optional<Date> SqliteLoanRepository::earliest_event(std::optional<Date> after, Date before) {
  auto earlier = cache_.get(
      "SELECT min(effective_date) FROM loan_events WHERE effective_date < ? "
      "AND effective_date > ?");
  earlier->bind(1, format_date(before));
  earlier->bind(2, after ? format_date(*after) : std::string("0000-00-00"));
  if (!earlier->executeStep() || earlier->getColumn(0).isNull()) return std::nullopt;
  return date_column(earlier->getColumn(0));
}

void SqliteLoanRepository::start_close(const std::string& month, Date through,
                                       std::string_view actor) {
  auto insert = cache_.get(
      "INSERT INTO month_closes (month, through, actor, started_at) VALUES (?, ?, ?, ?)");
  insert->bind(1, month);
  insert->bind(2, format_date(through));
  insert->bind(3, std::string(actor));
  insert->bind(4, store_.now());
  insert->exec();
}

namespace {
constexpr const char* kUnrecorded =
    "FROM loans l WHERE NOT EXISTS (SELECT 1 FROM loan_month_ends m "
    "WHERE m.month = ? AND m.loan_id = l.id)";
}  // namespace

std::int64_t SqliteLoanRepository::unrecorded(const std::string& month) {
  auto q = cache_.get(std::string("SELECT count(*) ") + kUnrecorded);
  q->bind(1, month);
  q->executeStep();
  return q->getColumn(0).getInt64();
}

std::vector<LoanId> SqliteLoanRepository::unrecorded_loans(const std::string& month,
                                                           std::int64_t after, int limit) {
  auto q =
      cache_.get(std::string("SELECT l.id ") + kUnrecorded + " AND l.id > ? ORDER BY l.id LIMIT ?");
  q->bind(1, month);
  q->bind(2, after);
  q->bind(3, limit);
  std::vector<LoanId> ids;
  while (q->executeStep()) ids.push_back(LoanId{q->getColumn(0).getInt64()});
  return ids;
}

std::int64_t SqliteLoanRepository::snapshot_event(LoanId loan) {
  auto q = cache_.get("SELECT event_id FROM loan_states WHERE loan_id = ?");
  q->bind(1, loan.value);
  return q->executeStep() ? q->getColumn(0).getInt64() : 0;
}

void SqliteLoanRepository::insert_month_end(const ops::MonthEndRecord& r) {
  auto insert = cache_.get(
      "INSERT INTO loan_month_ends (month, loan_id, status, in_term, overdue, frozen, "
      "interest_due, days_past_due, interest_collected, event_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, r.month);
  insert->bind(2, r.loan.value);
  insert->bind(3, std::string(loan_status_name(r.status)));
  insert->bind(4, r.in_term);
  insert->bind(5, r.overdue);
  insert->bind(6, r.frozen);
  insert->bind(7, r.interest_due);
  insert->bind(8, r.days_past_due);
  insert->bind(9, r.interest_collected ? 1 : 0);
  if (r.event) insert->bind(10, *r.event);
  insert->exec();
}

std::int64_t SqliteLoanRepository::month_ends(const std::string& month) {
  auto q = cache_.get("SELECT count(*) FROM loan_month_ends WHERE month = ?");
  q->bind(1, month);
  q->executeStep();
  return q->getColumn(0).getInt64();
}

std::vector<FeeRow> SqliteLoanRepository::fee_basis(const std::string& month) {
  auto q = cache_.get(
      "SELECT g.commune_code, g.org_code, l.currency, "
      "sum(CASE WHEN m.interest_collected = 1 THEN m.in_term + m.overdue ELSE 0 END), "
      "sum(m.in_term + m.overdue + m.frozen), sum(m.overdue) "
      "FROM loan_month_ends m JOIN loans l ON l.id = m.loan_id "
      "JOIN groups g ON g.code = l.group_code WHERE m.month = ? "
      "GROUP BY g.commune_code, g.org_code, l.currency "
      "ORDER BY g.commune_code, g.org_code, l.currency");
  q->bind(1, month);
  std::vector<FeeRow> rows;
  while (q->executeStep()) rows.push_back(fee_row_basis(*q, month));
  return rows;
}

void SqliteLoanRepository::insert_fee(const FeeRow& r, const std::string& settings) {
  auto insert = cache_.get(
      "INSERT INTO entrustment_fees (month, commune_code, org_code, currency, balance, "
      "outstanding, overdue, factor, fee, commune_part, district_part, province_part, "
      "central_part, settings, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, r.month);
  insert->bind(2, r.commune);
  insert->bind(3, r.organisation);
  insert->bind(4, r.currency);
  insert->bind(5, r.balance);
  insert->bind(6, r.outstanding);
  insert->bind(7, r.overdue);
  insert->bind(8, r.factor.str());
  insert->bind(9, r.fee);
  insert->bind(10, r.commune_part);
  insert->bind(11, r.district_part);
  insert->bind(12, r.province_part);
  insert->bind(13, r.central_part);
  insert->bind(14, settings);
  if (r.entry) insert->bind(15, r.entry->value);
  insert->exec();
}

void SqliteLoanRepository::close_period(Date through, std::string_view actor) {
  store_.insert_period_close(through, actor);
}

void SqliteLoanRepository::complete_close(const std::string& month, std::int64_t loans) {
  auto complete = cache_.get(
      "UPDATE month_closes SET completed_at = ?, loans = ?, events = (SELECT count(*) FROM "
      "loan_month_ends WHERE month = ? AND event_id IS NOT NULL) WHERE month = ?");
  complete->bind(1, store_.now());
  complete->bind(2, loans);
  complete->bind(3, month);
  complete->bind(4, month);
  complete->exec();
}

std::unique_ptr<ops::LoanReader> SqliteLoanRepository::loan_reader(const ProgramCache& programs) {
  // A ledger in memory, or one a second connection cannot open, closes on one thread.
  const char* path = sqlite3_db_filename(db_.getHandle(), "main");
  if (!path || !*path) return nullptr;
  try {
    return std::make_unique<SqliteLoanReader>(*this, path, programs);
  } catch (const SQLite::Exception&) {
    return nullptr;
  }
}

}  // namespace socai::store
