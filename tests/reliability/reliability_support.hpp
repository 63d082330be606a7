// Shared by the reliability programs (crash_loop.cpp, concurrency.cpp, close_race.cpp):
// failing checks, the households and loans their ledgers are seeded with, processes started
// from the program's own executable, and a raw SQLite connection for the database's own checks
// (PRAGMA integrity_check, foreign_key_check) and key counts that the library's API does not
// answer.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ledger/loan_book.hpp"
#include "ledger/store.hpp"

namespace socai::reliability {

// A failed check: the program reports it and exits with status 1.
class CheckFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline void check(bool condition, const std::string& what) {
  if (!condition) throw CheckFailed(what);
}

template <class T>
const T& check_ok(const Result<T>& result, const std::string& what) {
  if (!result) throw CheckFailed(what + ": " + result.error().message);
  return result.value();
}

// The value of a result that must succeed, moved out of it.
template <class T>
T take_ok(Result<T> result, const std::string& what) {
  if (!result) throw CheckFailed(what + ": " + result.error().message);
  return std::move(result).value();
}

inline void check_ok(const Status& status, const std::string& what) {
  if (!status) throw CheckFailed(what + ": " + status.error().message);
}

// SOCAI_SEED when set (to reproduce a run), else a fresh one.
inline std::uint64_t seed_from_environment() {
  if (const char* env = std::getenv("SOCAI_SEED")) return std::strtoull(env, nullptr, 10);
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

// Options with a fixed clock: the same operations give the same entries, byte for byte, and
// so the same hash chain, in every process that records them.
inline StoreOptions fixed_clock_options(bool durable) {
  StoreOptions options;
  options.durable = durable;
  options.clock = [] { return std::string("2026-01-05T08:30:00Z"); };
  return options;
}

// A new directory under the system's temporary directory, named `prefix` and a unique
// suffix: a directory left by an earlier run that failed is never reused.
inline std::string unique_directory(const std::string& prefix) {
  std::string path = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(path.data()) == nullptr)
    throw std::runtime_error("mkdtemp " + path + ": " + std::strerror(errno));
  return path;
}

inline Money vnd_amount(std::int64_t minor) {
  return Money::from_minor(minor, Currency::find("VND").value());
}

// A household poor since 2020, in `group` of commune XH's village Thôn Đông.
inline Household poor_household(const std::string& code, const std::string& head,
                                const std::string& national_id, const std::string& group) {
  return Household{code,
                   head,
                   national_id,
                   "XH",
                   "Thôn Đông",
                   group,
                   {{date::year{2020} / date::January / 1, PovertyStatus::Poor}}};
}

// A loan of program 01 to `household`: `amount` over `term_months`, equal principal, due
// once a year from `opened`.
inline NewLoan yearly_loan(const std::string& code, const std::string& household,
                           std::int64_t amount, int term_months, Date opened) {
  return NewLoan{.code = code,
                 .household = household,
                 .program = "01",
                 .officer = "",
                 .amount = vnd_amount(amount),
                 .term_months = term_months,
                 .date = opened,
                 .method = RepaymentMethod::EqualPrincipal,
                 .every_months = 12,
                 .grace_principal_months = 0,
                 .course_end = std::nullopt,
                 .custom = {},
                 .key = ""};
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Starts this program again (/proc/self/exe) with `args`; the child inherits the descriptors
// the caller left open without FD_CLOEXEC.
inline pid_t spawn_self(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string self = "/proc/self/exe";
  argv.push_back(self.data());
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for `pid`; its exit status, or 128 + the signal that ended it.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

// A plain SQLite connection, for checks below the library's API. Opened read-write so that
// it can recover a hot WAL after a crash, but only ever reads.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      throw std::runtime_error("open " + path + ": " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 10'000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Every row of `sql`, its columns as text ("NULL" for null); `text` bound to the first
  // parameter when the statement has one.
  std::vector<std::vector<std::string>> rows(const std::string& sql, const std::string& text = {}) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      throw std::runtime_error("prepare " + sql + ": " + sqlite3_errmsg(db_));
    if (sqlite3_bind_parameter_count(statement) > 0)
      sqlite3_bind_text(statement, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::vector<std::string>> out;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const unsigned char* value = sqlite3_column_text(statement, i);
        row.emplace_back(value ? reinterpret_cast<const char*>(value) : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) throw std::runtime_error("step " + sql + ": " + sqlite3_errmsg(db_));
    return out;
  }

  std::int64_t count(const std::string& sql, const std::string& text = {}) {
    return std::stoll(rows(sql, text).at(0).at(0));
  }

  // PRAGMA integrity_check says "ok" and PRAGMA foreign_key_check finds nothing.
  void check_database(const std::string& when) {
    auto integrity = rows("PRAGMA integrity_check");
    check(integrity.size() == 1 && integrity[0][0] == "ok",
          when + ": PRAGMA integrity_check: " + (integrity.empty() ? "" : integrity[0][0]));
    auto foreign = rows("PRAGMA foreign_key_check");
    check(foreign.empty(), when + ": PRAGMA foreign_key_check: " +
                               (foreign.empty() ? "" : foreign[0][0] + " row " + foreign[0][1]));
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace socai::reliability
