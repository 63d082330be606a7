// The SQLite implementation of Store, shared with the loan book's SQLite repository
// (sqlite_loan_repository.hpp), which writes loan events and journal entries in one
// transaction.
// Internal to the library: only ledger/src/store/ includes SQLiteCpp.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/store.hpp"
#include "operations/backend.hpp"

namespace socai::store {

// UTC now as "YYYY-MM-DDTHH:MM:SSZ".
std::string system_clock_utc();

// A storage failure as an Error. Trigger refusals ("socai: ...") are business rules that the
// library should have caught first; they still surface as FailedPrecondition, not Internal.
Error storage_error(const SQLite::Exception& e);

// A write that a rule only the store can check refuses (a cash floor, checked when the
// transaction's balances are written): nothing is written.
class RefusedWrite : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `body`, turning any exception into an Error, so that none crosses the public API.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const RefusedWrite& e) {
    return make_error(ErrorCode::FailedPrecondition, e.what());
  } catch (const SQLite::Exception& e) {
    return storage_error(e);
  } catch (const std::overflow_error& e) {
    return make_error(ErrorCode::OutOfRange, e.what());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::Internal, std::string("internal error: ") + e.what());
  }
}

// A stored date; stored dates passed the schema's CHECK, so a malformed one throws.
Date date_column(const SQLite::Column& column);
std::optional<std::int64_t> optional_int(const SQLite::Column& column);

// Prepared statements kept for a connection's life, by their SQL text. A borrowed statement
// is reset, its bindings cleared, when its handle goes out of scope, so that none keeps a
// read open. A statement still borrowed (a nested use of the same SQL) is not shared: the
// second borrower gets a statement of its own.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  class Handle {
   public:
    Handle(SQLite::Statement* cached, std::unique_ptr<SQLite::Statement> own, bool* in_use)
        : statement_(cached ? cached : own.get()), own_(std::move(own)), in_use_(in_use) {}
    Handle(Handle&& other) noexcept
        : statement_(other.statement_), own_(std::move(other.own_)), in_use_(other.in_use_) {
      other.statement_ = nullptr;
      other.in_use_ = nullptr;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    ~Handle() {
      if (statement_ && in_use_) {
        statement_->tryReset();
        statement_->clearBindings();
        *in_use_ = false;
      }
    }
    SQLite::Statement& operator*() { return *statement_; }
    SQLite::Statement* operator->() { return statement_; }

   private:
    SQLite::Statement* statement_;
    std::unique_ptr<SQLite::Statement> own_;
    bool* in_use_;  // null for a statement of the borrower's own
  };

  Handle get(const std::string& sql) {
    Entry& entry = entries_[sql];
    if (entry.in_use)
      return Handle(nullptr, std::make_unique<SQLite::Statement>(db_, sql), nullptr);
    if (!entry.statement) entry.statement = std::make_unique<SQLite::Statement>(db_, sql);
    entry.in_use = true;
    return Handle(entry.statement.get(), nullptr, &entry.in_use);
  }

 private:
  struct Entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };
  SQLite::Database& db_;
  std::unordered_map<std::string, Entry> entries_;
};

struct AccountRef {
  AccountId id;
  bool control = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<SQLite::Database> db, StoreOptions options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<Account> add_account(const NewAccount& account, std::string_view actor) override;
  Result<std::vector<Account>> list_accounts() override;
  Result<PostOutcome> post(const EntrySpec& entry, std::string_view actor) override;
  Result<std::vector<PostOutcome>> post_batch(std::span<const EntrySpec> entries,
                                              std::string_view actor) override;
  Result<PostOutcome> reverse(const ReversalSpec& reversal, std::string_view actor) override;
  Result<CloseOutcome> close_period(Date through, std::string_view actor) override;
  Result<std::optional<Date>> closed_through() override;
  Result<Entry> entry(EntryId id) override;
  Result<std::int64_t> entry_count() override;
  Result<std::string> control_record_hash(std::int64_t id) override;
  Result<std::vector<BalanceRow>> trial_balance(std::optional<Date> as_of) override;
  Result<std::vector<BalanceRow>> balance(std::string_view account, std::optional<Date> as_of,
                                          std::optional<LoanId> loan) override;
  Result<std::vector<BalanceRow>> loan_balances(std::string_view account,
                                                std::optional<Date> as_of) override;
  Result<std::vector<LedgerLine>> account_ledger(std::string_view account,
                                                 std::optional<Date> as_of) override;
  Result<VerifyReport> verify() override;
  // The loan and approval repositories over this connection (sqlite_backend.cpp).
  ops::Backend& backend() override;

  // For the credit domain's SQLite code: the connection, and appending entries inside a
  // write transaction that the caller opened (BEGIN IMMEDIATE).
  struct Writer {
    std::string actor;
    std::string now;
    std::int64_t head_id = 0;
    std::string head_hash;
    std::optional<Date> closed;
  };

  SQLite::Database& db() { return *db_; }
  Status check_writable() const;
  Status check_actor(std::string_view actor) const;
  Writer begin_writer(std::string_view actor);
  // `checked`: check_entry(spec) has passed already.
  Result<PostOutcome> append(Writer& w, const EntrySpec& spec, std::optional<EntryId> reverses,
                             bool checked = false);
  Result<AccountRef> find_account(const std::string& name);
  // Forgets the accounts found so far: after a rollback, one of them may be gone.
  void forget_accounts() { accounts_.clear(); }
  // Adds an account inside the caller's write transaction.
  Result<Account> insert_account(const NewAccount& account, std::string_view actor);
  std::optional<Date> read_closed_through();
  // Closes the period through `through` inside the caller's write transaction.
  void insert_period_close(Date through, std::string_view actor);
  std::string now() const { return options_.clock ? options_.clock() : system_clock_utc(); }

  // The unit of work: while one is open, every write of this store and of its loan book
  // (write() below) joins its one transaction, begun with BEGIN IMMEDIATE so that it holds the
  // write lock throughout, as a savepoint undone alone when refused. The transaction is kept
  // only when `body` succeeds. Units do not nest (FailedPrecondition).
  Status unit_of_work(const std::function<Status()>& body);
  bool in_unit() const { return in_unit_; }

  // Runs `body` as one write: a savepoint inside a unit of work, else a write transaction of
  // its own. Kept when `body` returns a value and `keep`; undone otherwise (a rehearsal).
  // The balances of the entries a savepoint undoes are discarded with them.
  template <class T, class F>
  Result<T> write(F&& body, bool keep = true);

  // Called before each statement this connection runs, with its SQL (fault injection: a test
  // kills the process at the Nth statement). Empty: none.
  void set_statement_hook(std::function<void(std::string_view)> hook);

  // The maintained balances (`balances`, `daily_balances`) of the entries appended in the
  // current write transaction, folded in memory: one upsert per account, currency, loan (and
  // day) when the transaction commits instead of one per posting. Every COMMIT of a write
  // transaction that appended goes through LedgerTransaction::commit, which writes them first;
  // the connection's commit hook refuses any other COMMIT while some are pending, so that
  // the journal is never committed without its balances. A ROLLBACK discards them (the
  // rollback hook); a ROLLBACK TO a savepoint must discard those appended since it was set:
  // take balances_mark() before the SAVEPOINT and pass it to discard_balances_since().
  // Balances read inside the transaction do not include its own pending entries.
  std::size_t balances_mark() const { return folded_.size(); }
  void discard_balances_since(std::size_t mark) {
    if (mark < folded_.size()) folded_.resize(mark);
  }
  // Writes the pending balances inside the open transaction and forgets them.
  void write_balances();
  // BEGIN IMMEDIATE and COMMIT (the pending balances written first), prepared once.
  void begin_immediate() { cache_.get("BEGIN IMMEDIATE")->exec(); }
  void commit() {
    write_balances();
    cache_.get("COMMIT")->exec();
  }

 private:
  // A posting of an entry appended in the open transaction, as its balances will count it.
  struct FoldedPosting {
    std::int64_t account;
    std::string currency;
    std::int64_t loan;  // 0: none
    Date date;
    std::int64_t amount;
  };
  // Adds this transaction's debits, by currency, to the ledger's totals (schema 13); throws
  // std::overflow_error, writing nothing, when they would pass kMaxLedgerDebits.
  void add_to_ledger_totals(const std::map<std::string, std::int64_t>& debits);
  // Throws RefusedWrite when the balances just written take an account with a cash floor
  // (fees.hpp) below zero on a day it was credited in this transaction or on a later day.
  void check_cash_floors();
  static int refuse_commit_with_pending_balances(void* store);
  static void forget_pending_balances(void* store);

  Result<Entry> read_entry(EntryId id);
  std::vector<BalanceRow> balance_rows(SQLite::Statement& query, bool with_loan);

  std::unique_ptr<SQLite::Database> db_;
  StoreOptions options_;
  std::unordered_map<std::string, AccountRef> accounts_;  // names are never changed
  // The statements of every post, kept prepared. Each is reset when its handle goes: a
  // statement left on a row would keep its read transaction, and its snapshot, open after the
  // call returned, so that the connection's next write found the ledger changed by another
  // writer and failed at once with "database is locked" (SQLITE_BUSY_SNAPSHOT, which no busy
  // timeout waits out), and its reads no longer saw other writers' entries.
  StatementCache cache_{*db_};
  bool in_unit_ = false;
  std::function<void(std::string_view)> statement_hook_;
  std::vector<FoldedPosting> folded_;
  // Made on first use; its statements go before the connection does.
  std::unique_ptr<ops::Backend> backend_;
};

// A write transaction (BEGIN IMMEDIATE) of the store's connection, for every write that may
// append entries: commit() writes the pending balances first, in the same transaction; rolled
// back, with the pending balances discarded, unless committed.
class LedgerTransaction {
 public:
  explicit LedgerTransaction(SqliteStore& store) : store_(store) { store_.begin_immediate(); }
  LedgerTransaction(const LedgerTransaction&) = delete;
  LedgerTransaction& operator=(const LedgerTransaction&) = delete;
  ~LedgerTransaction() {
    if (!committed_) {
      store_.db().tryExec("ROLLBACK");
      store_.discard_balances_since(0);
    }
  }
  void commit() {
    store_.commit();
    committed_ = true;
  }

 private:
  SqliteStore& store_;
  bool committed_ = false;
};

template <class T, class F>
Result<T> SqliteStore::write(F&& body, bool keep) {
  if (in_unit_) {
    return guarded([&]() -> Result<T> {
      const std::size_t balances = balances_mark();
      cache_.get("SAVEPOINT socai_write")->exec();
      Result<T> result = guarded([&]() -> Result<T> { return body(); });
      if (!result || !keep) {
        cache_.get("ROLLBACK TO socai_write")->exec();
        discard_balances_since(balances);
        forget_accounts();
      }
      cache_.get("RELEASE socai_write")->exec();
      return result;
    });
  }
  Result<T> result = guarded([&]() -> Result<T> {
    LedgerTransaction transaction(*this);
    Result<T> written = body();
    if (written && keep) transaction.commit();
    // A rehearsal meets every refusal its commit would, then is rolled back.
    if (written && !keep) write_balances();
    return written;
  });
  if (!result || !keep) forget_accounts();
  return result;
}

// A SQLite ledger created, or opened, as itself rather than as a Store (create_ledger and
// open_ledger give these): for what only SQLite has, such as the statement hook of the
// fault-injection tests and the tests of its transactions.
Result<std::unique_ptr<SqliteStore>> create_sqlite_ledger(const std::string& path,
                                                          const StoreOptions& options);
Result<std::unique_ptr<SqliteStore>> open_sqlite_ledger(const std::string& path,
                                                        const StoreOptions& options);

}  // namespace socai::store
