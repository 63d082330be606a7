// The SQLite store's reads (sqlite_store.hpp): entries, balances, an account's ledger, and
// the verification of the hash chain and of the database's triggers.
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "store/control_chain.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "text.hpp"

namespace socai::store {

Result<Entry> SqliteStore::read_entry(EntryId id) {
  SQLite::Statement q(*db_,
                      "SELECT date, recorded_at, actor, kind, memo, idempotency_key, loan_id, "
                      "reverses_id, prev_hash, hash FROM entries WHERE id = ?");
  q.bind(1, id.value);
  if (!q.executeStep()) {
    return make_error(ErrorCode::NotFound, fmt::format("entry {} not found", id.value));
  }
  Entry e;
  e.id = id;
  e.date = date_column(q.getColumn(0));
  e.recorded_at = q.getColumn(1).getString();
  e.actor = q.getColumn(2).getString();
  e.kind = q.getColumn(3).getString();
  e.memo = q.getColumn(4).getString();
  e.key = q.getColumn(5).getString();
  if (auto loan = optional_int(q.getColumn(6))) e.loan = LoanId{*loan};
  if (auto rev = optional_int(q.getColumn(7))) e.reverses = EntryId{*rev};
  e.prev_hash = q.getColumn(8).getString();
  e.hash = q.getColumn(9).getString();
  SQLite::Statement p(*db_,
                      "SELECT p.seq, a.name, p.currency, p.amount, p.loan_id FROM postings p "
                      "JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = ? ORDER BY p.seq");
  p.bind(1, id.value);
  while (p.executeStep()) {
    Result<Currency> currency = Currency::find(p.getColumn(2).getString());
    if (!currency) return currency.error();
    Posting posting{p.getColumn(0).getInt(), p.getColumn(1).getString(),
                    Money::from_minor(p.getColumn(3).getInt64(), currency.value()), std::nullopt};
    if (auto loan = optional_int(p.getColumn(4))) posting.loan = LoanId{*loan};
    e.postings.push_back(std::move(posting));
  }
  return e;
}

Result<Entry> SqliteStore::entry(EntryId id) {
  return guarded([&]() -> Result<Entry> { return read_entry(id); });
}

Result<std::int64_t> SqliteStore::entry_count() {
  return guarded([&]() -> Result<std::int64_t> {
    return db_->execAndGet("SELECT count(*) FROM entries").getInt64();
  });
}

std::vector<BalanceRow> SqliteStore::balance_rows(SQLite::Statement& query, bool with_loan) {
  std::vector<BalanceRow> rows;
  while (query.executeStep()) {
    BalanceRow row;
    row.account = query.getColumn(0).getString();
    row.currency = query.getColumn(1).getString();
    row.debit = query.getColumn(2).getInt64();
    row.credit = query.getColumn(3).getInt64();
    if (__builtin_sub_overflow(row.debit, row.credit, &row.balance))
      throw std::overflow_error("balance of " + row.account + " overflows");
    if (with_loan && query.getColumn(4).getInt64() != 0)
      row.loan = LoanId{query.getColumn(4).getInt64()};
    rows.push_back(std::move(row));
  }
  return rows;
}

// Balances come from the maintained tables: `balances` for the current state,
// `daily_balances` (summed up to the date) as of a date.
Result<std::vector<BalanceRow>> SqliteStore::trial_balance(std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::vector<BalanceRow>> {
    const char* sql =
        as_of ? "SELECT a.name, b.currency, sum(b.debit), sum(b.credit) FROM daily_balances b "
                "JOIN accounts a ON a.id = b.account_id WHERE b.date <= ? "
                "GROUP BY b.account_id, b.currency ORDER BY a.name, b.currency"
              : "SELECT a.name, b.currency, sum(b.debit), sum(b.credit) FROM balances b "
                "JOIN accounts a ON a.id = b.account_id "
                "GROUP BY b.account_id, b.currency ORDER BY a.name, b.currency";
    SQLite::Statement q(*db_, sql);
    if (as_of) q.bind(1, format_date(*as_of));
    return balance_rows(q, false);
  });
}

Result<std::vector<BalanceRow>> SqliteStore::balance(std::string_view account,
                                                     std::optional<Date> as_of,
                                                     std::optional<LoanId> loan) {
  return guarded([&]() -> Result<std::vector<BalanceRow>> {
    const std::string name(account);
    constexpr const char* kSubtree =
        "(a.name = :name OR substr(a.name, 1, length(:name) + 1) = :name || ':')";
    SQLite::Statement exists(
        *db_, fmt::format("SELECT count(*) FROM accounts a WHERE {}", kSubtree).c_str());
    exists.bind(":name", name);
    exists.executeStep();
    if (exists.getColumn(0).getInt64() == 0) {
      return make_error(
          ErrorCode::NotFound,
          fmt::format("account {} not found (see 'socai account list')", text::quoted(account)));
    }
    const std::string table = as_of ? "daily_balances" : "balances";
    std::string sql = fmt::format(
        "SELECT a.name, b.currency, sum(b.debit), sum(b.credit) FROM {} b "
        "JOIN accounts a ON a.id = b.account_id WHERE {}{}{} "
        "GROUP BY b.account_id, b.currency ORDER BY a.name, b.currency",
        table, kSubtree, as_of ? " AND b.date <= :as_of" : "",
        loan ? " AND b.loan_id = :loan" : "");
    SQLite::Statement q(*db_, sql.c_str());
    q.bind(":name", name);
    if (as_of) q.bind(":as_of", format_date(*as_of));
    if (loan) q.bind(":loan", loan->value);
    std::vector<BalanceRow> rows = balance_rows(q, false);
    if (loan)
      for (BalanceRow& row : rows) row.loan = loan;
    return rows;
  });
}

Result<std::vector<BalanceRow>> SqliteStore::loan_balances(std::string_view account,
                                                           std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::vector<BalanceRow>> {
    Result<AccountRef> ref = find_account(std::string(account));
    if (!ref) return ref.error();
    const std::string table = as_of ? "daily_balances" : "balances";
    std::string sql = fmt::format(
        "SELECT a.name, b.currency, sum(b.debit), sum(b.credit), b.loan_id FROM {} b "
        "JOIN accounts a ON a.id = b.account_id WHERE b.account_id = :account AND b.loan_id <> 0"
        "{} GROUP BY b.loan_id, b.currency ORDER BY b.loan_id, b.currency",
        table, as_of ? " AND b.date <= :as_of" : "");
    SQLite::Statement q(*db_, sql.c_str());
    q.bind(":account", ref->id.value);
    if (as_of) q.bind(":as_of", format_date(*as_of));
    return balance_rows(q, true);
  });
}

Result<std::vector<LedgerLine>> SqliteStore::account_ledger(std::string_view account,
                                                            std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::vector<LedgerLine>> {
    Result<AccountRef> ref = find_account(std::string(account));
    if (!ref) return ref.error();
    SQLite::Statement q(*db_,
                        "SELECT e.id, e.date, e.kind, e.memo, p.currency, p.amount, p.loan_id "
                        "FROM postings p JOIN entries e ON e.id = p.entry_id "
                        "WHERE p.account_id = ? AND e.date <= ? "
                        "ORDER BY e.date, e.id, p.seq");
    q.bind(1, ref->id.value);
    q.bind(2, as_of ? format_date(*as_of) : std::string("9999-12-31"));
    std::map<std::string, std::int64_t> running;
    std::vector<LedgerLine> lines;
    while (q.executeStep()) {
      LedgerLine line{.entry = EntryId{q.getColumn(0).getInt64()},
                      .date = date_column(q.getColumn(1)),
                      .kind = q.getColumn(2).getString(),
                      .memo = q.getColumn(3).getString(),
                      .currency = q.getColumn(4).getString(),
                      .amount = q.getColumn(5).getInt64(),
                      .loan = std::nullopt,
                      .balance = 0};
      if (auto loan = optional_int(q.getColumn(6))) line.loan = LoanId{*loan};
      std::int64_t& balance = running[line.currency];
      if (__builtin_add_overflow(balance, line.amount, &balance)) {
        return make_error(ErrorCode::OutOfRange,
                          fmt::format("the balance of {} overflows", text::quoted(account)));
      }
      line.balance = balance;
      lines.push_back(std::move(line));
    }
    return lines;
  });
}

Result<std::string> SqliteStore::control_record_hash(std::int64_t id) {
  return guarded([&]() -> Result<std::string> {
    SQLite::Statement q(*db_, "SELECT hash FROM control_records WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) {
      return make_error(ErrorCode::NotFound, fmt::format("control record {} not found", id));
    }
    return q.getColumn(0).getString();
  });
}

Result<VerifyReport> SqliteStore::verify() {
  return guarded([&]() -> Result<VerifyReport> {
    // One read transaction, so the chain is checked on a consistent snapshot.
    db_->exec("BEGIN");
    struct Rollback {
      SQLite::Database& db;
      ~Rollback() { db.tryExec("ROLLBACK"); }
    } rollback{*db_};

    VerifyReport report;
    report.head_hash = std::string(kGenesisHash);
    SQLite::Statement entries(*db_,
                              "SELECT id, date, recorded_at, actor, kind, memo, idempotency_key, "
                              "loan_id, reverses_id, prev_hash, hash FROM entries ORDER BY id");
    SQLite::Statement postings(*db_,
                               "SELECT p.entry_id, p.seq, a.name, p.currency, p.amount, p.loan_id "
                               "FROM postings p LEFT JOIN accounts a ON a.id = p.account_id "
                               "ORDER BY p.entry_id, p.seq");
    bool posting_ready = postings.executeStep();
    auto fail = [&](std::int64_t id, std::string problem) {
      report.first_bad = EntryId{id};
      report.problem = std::move(problem);
      return report;
    };
    std::int64_t expected_id = 1;
    while (entries.executeStep()) {
      const std::int64_t id = entries.getColumn(0).getInt64();
      // Postings whose entry id is below this one belong to no entry.
      if (posting_ready && postings.getColumn(0).getInt64() < id) {
        return fail(postings.getColumn(0).getInt64(), "postings exist for a missing entry");
      }
      if (id != expected_id) {
        return fail(expected_id,
                    fmt::format("entry {} is missing (next id found is {})", expected_id, id));
      }
      Entry e;
      e.id = EntryId{id};
      Result<Date> date = parse_date(entries.getColumn(1).getString());
      if (!date) return fail(id, "date is malformed: " + date.error().message);
      e.date = date.value();
      e.recorded_at = entries.getColumn(2).getString();
      e.actor = entries.getColumn(3).getString();
      e.kind = entries.getColumn(4).getString();
      e.memo = entries.getColumn(5).getString();
      e.key = entries.getColumn(6).getString();
      if (auto loan = optional_int(entries.getColumn(7))) e.loan = LoanId{*loan};
      if (auto rev = optional_int(entries.getColumn(8))) e.reverses = EntryId{*rev};
      e.prev_hash = entries.getColumn(9).getString();
      const std::string stored_hash = entries.getColumn(10).getString();

      std::vector<PostingSpec> specs;
      while (posting_ready && postings.getColumn(0).getInt64() == id) {
        if (postings.getColumn(2).isNull()) return fail(id, "a posting names a missing account");
        Result<Currency> currency = Currency::find(postings.getColumn(3).getString());
        if (!currency) return fail(id, "a posting has an unknown currency");
        Money amount = Money::from_minor(postings.getColumn(4).getInt64(), currency.value());
        Posting p{postings.getColumn(1).getInt(), postings.getColumn(2).getString(), amount,
                  std::nullopt};
        if (auto loan = optional_int(postings.getColumn(5))) p.loan = LoanId{*loan};
        specs.push_back(PostingSpec{p.account, p.amount, p.loan});
        e.postings.push_back(std::move(p));
        posting_ready = postings.executeStep();
      }
      if (e.prev_hash != report.head_hash) {
        return fail(id, fmt::format("prev_hash does not match the hash of entry {}", id - 1));
      }
      if (compute_entry_hash(e) != stored_hash) {
        return fail(id,
                    "content does not match its hash: the entry was changed after it was "
                    "recorded");
      }
      if (Status s = check_balanced(specs); !s) return fail(id, s.error().message);
      report.head_hash = stored_hash;
      report.entries_checked += 1;
      expected_id += 1;
    }
    if (posting_ready) {
      return fail(postings.getColumn(0).getInt64(), "postings exist for a missing entry");
    }
    // Every row that controls the ledger as socai last wrote it.
    const ControlCheck control = check_control_chain(*db_);
    report.control_records_checked = control.records;
    report.control_head_hash = control.head_hash;
    if (!control.problem.empty()) {
      report.problem = control.problem;
      return report;
    }
    // The database's half of the rules, exactly as this schema version defines it: a trigger
    // replaced by one that does nothing under the same name is found too.
    report.problem = store::schema_difference(*db_);
    return report;
  });
}

}  // namespace socai::store
