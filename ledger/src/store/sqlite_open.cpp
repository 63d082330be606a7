// Opening a SQLite ledger: the connection's settings, the schema's migrations, and the
// public create_ledger and open_ledger.
#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <sqlite3.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <filesystem>

#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "text.hpp"

namespace socai::store {

// Sets the per-connection settings and checks that `db` is a socai ledger of a schema this
// build knows. Never writes to a file that is not a socai ledger.
namespace {

Status prepare_connection(SQLite::Database& db, const std::string& path,
                          const StoreOptions& options, bool creating) {
  const int application_id = db.execAndGet("PRAGMA application_id").getInt();
  if (!creating && application_id != kApplicationId) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{} is not a socai ledger", text::quoted(path)));
  }
  db.exec("PRAGMA foreign_keys = ON");
  // socai_library(): 1 on socai's own connections; the triggers of approval_requests
  // (schema 8), actors (11) and control records (12) refuse every write without it.
  store::define_socai_functions(db);
  db.exec(options.durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  if (options.read_only) {
    db.exec("PRAGMA query_only = ON");
  } else if (db.execAndGet("PRAGMA journal_mode").getString() != "wal") {
    db.exec("PRAGMA journal_mode = WAL");
  }
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > store::latest_schema_version()) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("{} has schema version {}, newer than this socai knows ({}); "
                                  "use a newer socai",
                                  text::quoted(path), version, store::latest_schema_version()));
  }
  if (version < store::latest_schema_version()) {
    if (options.read_only) {
      return make_error(
          ErrorCode::FailedPrecondition,
          fmt::format("{} needs a schema upgrade; open it once for writing", text::quoted(path)));
    }
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (creating) db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    store::migrate(db, options.clock ? options.clock() : system_clock_utc(), std::nullopt,
                   creating && options.training, creating ? options.ledger_id : std::string());
    transaction.commit();
  }
  return {};
}

// SQLite's process-wide settings, before its first connection: no memory statistics, whose
// global mutex every allocation would take (the month-end close reads on a second thread).
// Refused once SQLite is initialised, which only changes speed.
//
// And glibc's heap kept, not given back to the system as soon as 128 KiB at its top are free:
// a write whose triggers may abort keeps a statement journal, allocated in 64 KiB chunks at the
// top of the heap and freed when the statement ends, so that the heap shrank and grew again
// with brk (a TLB flush each time) every few entries. These are the largest values glibc's own
// dynamic thresholds reach.
void configure_sqlite() {
  static const int configured = [] {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  }();
  (void)configured;
}

Result<std::unique_ptr<SqliteStore>> open_file(const std::string& path, const StoreOptions& options,
                                               bool creating) {
  configure_sqlite();
  int flags = options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
  if (creating) flags |= SQLite::OPEN_CREATE;
  Result<std::unique_ptr<SqliteStore>> result =
      guarded([&]() -> Result<std::unique_ptr<SqliteStore>> {
        auto db = std::make_unique<SQLite::Database>(path, flags, options.busy_timeout_ms);
        if (Status s = prepare_connection(*db, path, options, creating); !s) return s.error();
        return std::make_unique<SqliteStore>(std::move(db), options);
      });
  if (!result && result.error().code == ErrorCode::InvalidArgument) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{} is not a socai ledger", text::quoted(path)));
  }
  return result;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> create_sqlite_ledger(const std::string& path,
                                                          const StoreOptions& options) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
    return make_error(
        ErrorCode::AlreadyExists,
        fmt::format("{} already exists; socai init never overwrites a file", text::quoted(path)));
  }
  if (options.read_only) {
    return make_error(ErrorCode::InvalidArgument, "a new ledger cannot be created read-only");
  }
  Result<std::unique_ptr<SqliteStore>> store = open_file(path, options, true);
  if (!store) {
    // Nothing half-made is left behind.
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path + "-wal", ec);
    std::filesystem::remove(path + "-shm", ec);
  }
  return store;
}

Result<std::unique_ptr<SqliteStore>> open_sqlite_ledger(const std::string& path,
                                                        const StoreOptions& options) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    return make_error(
        ErrorCode::NotFound,
        fmt::format("no ledger at {}; create one with 'socai init'", text::quoted(path)));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("{} is not a socai ledger (not a regular file)", text::quoted(path)));
  }
  return open_file(path, options, false);
}

}  // namespace socai::store

namespace socai {
namespace {

Result<std::unique_ptr<Store>> as_store(Result<std::unique_ptr<store::SqliteStore>> opened) {
  if (!opened) return opened.error();
  return std::unique_ptr<Store>(std::move(opened).value());
}

}  // namespace

Result<std::unique_ptr<Store>> create_ledger(const std::string& path, const StoreOptions& options) {
  return as_store(store::create_sqlite_ledger(path, options));
}

Result<std::unique_ptr<Store>> open_ledger(const std::string& path, const StoreOptions& options) {
  return as_store(store::open_sqlite_ledger(path, options));
}

}  // namespace socai
