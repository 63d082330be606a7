// Opening a SQLite ledger: the connection's settings, the schema's migrations, and the
// public create_ledger and open_ledger.
#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>

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
    if (!creating) {
      if (const std::string why = store::schema_objects_difference(db, version); !why.empty()) {
        return make_error(ErrorCode::DataLoss,
                          fmt::format("{} says it is of schema version {}, but {}: its version "
                                      "was changed outside socai; restore the ledger from a copy",
                                      text::quoted(path), version, why));
      }
    }
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

// Opens `path` (or `uri`, a file: URI of it, when given) as a ledger. `sqlite_code`, when
// given, receives the extended result code of a SQLite error. `first`, when given, runs on the
// connection before anything is read through it; its error is returned as it is.
Result<std::unique_ptr<SqliteStore>> open_file(
    const std::string& path, const StoreOptions& options, bool creating,
    const std::string& uri = {}, int* sqlite_code = nullptr,
    const std::function<Status(SQLite::Database&)>& first = {}) {
  configure_sqlite();
  int flags = options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
  if (creating) flags |= SQLite::OPEN_CREATE;
  if (!uri.empty()) flags |= SQLite::OPEN_URI;
  std::optional<Error> refused;
  Result<std::unique_ptr<SqliteStore>> result =
      guarded([&]() -> Result<std::unique_ptr<SqliteStore>> {
        try {
          auto db = std::make_unique<SQLite::Database>(uri.empty() ? path : uri, flags,
                                                       options.busy_timeout_ms);
          if (first) {
            if (Status s = first(*db); !s) {
              refused = s.error();
              return s.error();
            }
          }
          if (Status s = prepare_connection(*db, path, options, creating); !s) return s.error();
          return std::make_unique<SqliteStore>(std::move(db), options);
        } catch (const SQLite::Exception& e) {
          if (sqlite_code) *sqlite_code = e.getExtendedErrorCode();
          throw;
        }
      });
  if (refused) return *refused;
  if (!result && result.error().code == ErrorCode::InvalidArgument) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{} is not a socai ledger", text::quoted(path)));
  }
  return result;
}

Error unreadable(const std::string& path, int error) {
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("cannot read {}: {}", text::quoted(path),
                                error == EACCES ? "permission denied: reading a ledger needs read "
                                                  "access to the file, and to its -wal and -shm "
                                                  "when they exist"
                                                : std::strerror(error)));
}

// True when the ledger may hold what its file does not: a write-ahead log (or a rollback
// journal) with anything in it, or one whose size cannot be seen.
bool has_pending_log(const std::string& path) {
  for (const char* suffix : {"-wal", "-journal"}) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(path + suffix, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) return true;
    if (!std::filesystem::exists(status)) continue;
    if (std::filesystem::file_size(path + suffix, ec) != 0 || ec) return true;
  }
  return false;
}

// `path` as a SQLite file: URI (absolute, every byte but [A-Za-z0-9/._~-] percent-encoded).
std::string file_uri(const std::string& path) {
  std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
  while (absolute.starts_with("//")) absolute.erase(0, 1);
  std::string uri = "file:";
  for (const char c : absolute) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || c == '/' || c == '.' || c == '_' || c == '~' || c == '-') {
      uri += c;
    } else {
      uri += fmt::format("%{:02X}", b);
    }
  }
  return uri;
}

// A read-only open of a ledger in WAL mode needs its -shm (and -wal), existing and readable, or
// a directory where they can be made. An auditor who may only read the file has neither once
// the last writer closed (and removed them): the file is then the whole ledger, and is read as
// it stands (immutable=1: without the write-ahead log, and without SQLite's own locking),
// holding SQLite's SHARED lock on the file, taken through its own file object so that SQLite
// accounts for it. Whoever holds that lock keeps every other connection from the EXCLUSIVE lock
// that the last one to close takes to copy the write-ahead log into the file: a writer who
// comes and goes meanwhile leaves its changes in its -wal. With a write-ahead log that holds
// anything, which this account cannot use, the file alone is not the ledger: refused, saying
// what the auditor needs.
Result<std::unique_ptr<SqliteStore>> open_without_log(const std::string& path,
                                                      const StoreOptions& options) {
  auto lock_and_check = [&path](SQLite::Database& db) -> Status {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) !=
            SQLITE_OK ||
        file == nullptr || file->pMethods == nullptr) {
      return make_error(ErrorCode::Internal, "cannot reach the ledger's file to lock it");
    }
    if (file->pMethods->xLock(file, SQLITE_LOCK_SHARED) != SQLITE_OK) {
      return make_error(
          ErrorCode::Unavailable,
          fmt::format("{} is being written (it is locked); try again", text::quoted(path)));
    }
    // Checked with the lock held: a log written before it is seen here.
    if (has_pending_log(path)) {
      return make_error(
          ErrorCode::InvalidArgument,
          fmt::format("cannot read {0} read-only: its write-ahead log {1} may hold entries not "
                      "yet in the file, and this account cannot use it with {2}; reading needs "
                      "read access to the three files, or a copy that the ledger's owner makes "
                      "with sqlite3 {0} \".backup copy.db\"",
                      text::quoted(path), text::quoted(path + "-wal"),
                      text::quoted(path + "-shm")));
    }
    return {};
  };
  return open_file(path, options, false, file_uri(path) + "?immutable=1", nullptr, lock_and_check);
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
  // Asked of the kernel without opening the file: closing a descriptor of it would release the
  // locks that this process's other connections to it hold.
  if (::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) != 0) return unreadable(path, errno);
  if (!options.read_only) return open_file(path, options, false);
  int sqlite_code = SQLITE_OK;
  Result<std::unique_ptr<SqliteStore>> store = open_file(path, options, false, {}, &sqlite_code);
  // SQLITE_CANTOPEN or SQLITE_READONLY: the -shm or -wal could not be opened or made. When both
  // exist and are readable, SQLite's own error stands.
  if (store || ((sqlite_code & 0xFF) != SQLITE_CANTOPEN && (sqlite_code & 0xFF) != SQLITE_READONLY))
    return store;
  auto readable = [](const std::string& file) {
    return ::faccessat(AT_FDCWD, file.c_str(), R_OK, AT_EACCESS) == 0;
  };
  if (readable(path + "-wal") && readable(path + "-shm")) return store;
  return open_without_log(path, options);
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
