// The crash loop: a writer process runs the script of crash_script.hpp (entries, loan
// operations, imports, month-end closes) on a durable ledger and logs each operation it
// begins and each one the library acknowledged; it is killed with SIGKILL after a random
// delay, from a microsecond to 60 milliseconds after it opened the ledger. After each
// kill the ledger must pass SQLite's own checks, hold every acknowledged operation exactly
// once and nothing past the operation in flight, hold that one wholly or not at all (a
// month-end close may stand part-way), verify and reconcile; then the interrupted operation
// is run again and must complete exactly once, and the ledger must equal, entry for entry and
// balance for balance, a reference ledger that ran the same operations without a crash.
//
//   socai_crash_loop [--cycles N] [--cycles-per-ledger K]
//
// The seed is printed; SOCAI_SEED=<seed> repeats the same delays. Exit status 1 on a failed
// check, naming the cycle and the operation.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "crash_script.hpp"

namespace fs = std::filesystem;
using namespace socai;
using namespace socai::reliability;

namespace {

// One line appended with one write(2): a SIGKILL leaves it whole in the file or absent
// (the kernel keeps what was written; only a machine crash would need an fsync here).
void append_line(int fd, const std::string& line) {
  const std::string text = line + "\n";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(3);
}

// The writer: runs operations from `start` to the end of the script, logging "B n" before
// operation n and "A n" once the library returned success.
int writer_main(const std::string& db, const std::string& log, int start, int ready_fd) {
  const int log_fd = open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (log_fd < 0) return 3;
  Ledger ledger = open_script_ledger(db, fixed_clock_options(true));
  if (write(ready_fd, "R", 1) != 1) return 3;
  close(ready_fd);
  for (int n = start; n < kScriptOps; ++n) {
    append_line(log_fd, fmt::format("B {}", n));
    Result<OpOutcome> r = run_op(ledger, n);
    if (!r) {
      append_line(log_fd, fmt::format("E {} {}", n, r.error().message));
      return 2;
    }
    append_line(log_fd, fmt::format("A {}", n));
  }
  return 0;
}

struct WriterLog {
  int last_acked = -1;                // the last operation acknowledged
  std::optional<int> in_flight;       // begun, not acknowledged
  std::vector<std::string> failures;  // "E" lines
};

WriterLog read_log(const std::string& path, int start) {
  WriterLog log;
  std::ifstream in(path);
  std::string line;
  int expected = start;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    char tag = 0;
    int n = -1;
    fields >> tag >> n;
    if (tag == 'E') {
      log.failures.push_back(line);
    } else if (tag == 'B') {
      check(n == expected, fmt::format("log: operation {} begun, {} expected", n, expected));
      log.in_flight = n;
    } else if (tag == 'A') {
      check(log.in_flight == n, fmt::format("log: operation {} acknowledged unbegun", n));
      log.last_acked = n;
      log.in_flight.reset();
      expected = n + 1;
    } else {
      throw CheckFailed("log: unreadable line '" + line + "'");
    }
  }
  return log;
}

std::int64_t balance_of(Store& store, const std::string& account) {
  Result<std::vector<BalanceRow>> rows = store.balance(account, std::nullopt, std::nullopt);
  if (!rows && rows.error().code == ErrorCode::NotFound) return 0;
  std::int64_t sum = 0;
  for (const BalanceRow& r : check_ok(rows, "balance of " + account)) sum += r.balance;
  return sum;
}

bool same_rows(const std::vector<BalanceRow>& a, const std::vector<BalanceRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].account != b[i].account || a[i].currency != b[i].currency ||
        a[i].debit != b[i].debit || a[i].credit != b[i].credit)
      return false;
  }
  return true;
}

struct Stats {
  int cycles = 0;
  int ledgers = 0;
  int kills = 0;
  int finished = 0;          // the writer reached the script's end before its kill
  int in_flight = 0;         // kills during an operation ...
  int rolled_back = 0;       // ... that left no trace of it
  int unacknowledged = 0;    // ... after it committed, before it was acknowledged
  int partial_closes = 0;    // ... inside a month-end close, between its transactions
  int between = 0;           // kills with no operation begun and not acknowledged
  int acked = 0;             // operations acknowledged by writers
  std::int64_t checked = 0;  // acknowledged operations checked present (over all cycles)
  int reruns = 0;
  std::int64_t entries = 0;  // entries of the ledgers when last checked
};

// After a kill: the ledger checked, the interrupted operation run again, and the ledger
// compared with the reference. Returns the next operation to run.
int check_after_kill(const std::string& path, Ledger& reference, int& reference_done,
                     const WriterLog& log, int start, Stats& stats) {
  RawDb raw(path);
  raw.check_database("after the kill");
  Ledger ledger = open_script_ledger(path, fixed_clock_options(true));

  for (int n = 0; n <= log.last_acked; ++n) {
    check(presence(raw, n) == Presence::Present,
          fmt::format("acknowledged operation {} is not wholly in the ledger", op_name(n)));
    ++stats.checked;
  }
  int next = std::max(start, log.last_acked + 1);
  if (log.in_flight) {
    const int n = *log.in_flight;
    ++stats.in_flight;
    const Presence before = presence(raw, n);
    check(before != Presence::Partial || op_kind(n) == OpKind::Close,
          fmt::format("operation {} is in the ledger in part", op_name(n)));
    if (before == Presence::Absent) ++stats.rolled_back;
    if (before == Presence::Present) ++stats.unacknowledged;
    if (before == Presence::Partial) ++stats.partial_closes;
    const OpOutcome again = check_ok(run_op(ledger, n), "re-running operation " + op_name(n));
    check(again.already_recorded == (before == Presence::Present),
          fmt::format("re-running operation {}: already recorded {}, expected {}", op_name(n),
                      again.already_recorded, before == Presence::Present));
    if (op_kind(n) == OpKind::Close)
      check(again.resumed == (before == Presence::Partial),
            fmt::format("re-running close {}: resumed {}", op_name(n), again.resumed));
    check(presence(raw, n) == Presence::Present,
          fmt::format("operation {} is not whole after its re-run", op_name(n)));
    ++stats.reruns;
    next = n + 1;
  } else {
    ++stats.between;
  }
  if (next < kScriptOps)
    check(presence(raw, next) == Presence::Absent,
          fmt::format("operation {} was never begun but is in the ledger", op_name(next)));

  const VerifyReport verified = check_ok(ledger.store->verify(), "verify");
  check(verified.ok(),
        fmt::format("verify: entry {}: {}", verified.first_bad ? verified.first_bad->value : 0,
                    verified.problem));
  const std::int64_t entries = check_ok(ledger.store->entry_count(), "entry count");
  check(verified.entries_checked == entries,
        fmt::format("verify checked {} of {} entries", verified.entries_checked, entries));
  const ReconcileReport reconciled = check_ok(ledger.book->reconcile({}), "reconcile");
  for (const ReconcileCheck& c : reconciled.checks)
    check(c.passed, fmt::format("reconcile: {} failed: {}{}", c.name, c.figures,
                                c.discrepancies.empty() ? ""
                                                        : " (" + c.discrepancies[0].where + ": " +
                                                              c.discrepancies[0].found + ")"));

  // The reference runs the same operations, uninterrupted.
  for (; reference_done < next; ++reference_done) {
    const OpOutcome r = check_ok(run_op(reference, reference_done),
                                 "reference operation " + op_name(reference_done));
    check(!r.already_recorded, "reference operation recorded twice " + op_name(reference_done));
  }
  check(entries == check_ok(reference.store->entry_count(), "reference entry count"),
        fmt::format("{} entries, the reference has {}", entries,
                    reference.store->entry_count().value()));
  if (entries > 0) {
    const Entry head = check_ok(ledger.store->entry(EntryId{entries}), "head entry");
    const Entry reference_head =
        check_ok(reference.store->entry(EntryId{entries}), "reference head entry");
    check(head.hash == reference_head.hash && head.hash == verified.head_hash,
          fmt::format("chain head {} differs from the reference's {}", head.hash,
                      reference_head.hash));
  }
  check(same_rows(check_ok(ledger.store->trial_balance(std::nullopt), "trial balance"),
                  check_ok(reference.store->trial_balance(std::nullopt), "reference trial")),
        "the trial balance differs from the reference's");

  // Cash and funds as the script moved them, without the library's arithmetic.
  const CashModel model = cash_model(next);
  Store& s = *ledger.store;
  check(balance_of(s, "Assets:Cash:HeadOffice") == model.head_office, "head office cash");
  check(balance_of(s, "Assets:Cash:TP-XH") == model.commune,
        fmt::format("commune cash {} expected {}", balance_of(s, "Assets:Cash:TP-XH"),
                    model.commune));
  check(balance_of(s, "Equity:Funds:Central") == model.central, "central funds");
  check(balance_of(s, "Equity:Funds:Local") == model.local, "local funds");
  check(balance_of(s, "Liabilities:Savings:G1") == model.savings, "group savings");
  std::int64_t disbursed = 0;
  std::int64_t outstanding = 0;
  for (int i = 1; i <= 4; ++i) {
    const std::string code = "L" + std::to_string(i);
    const LoanState state = check_ok(ledger.book->stored_state(code), "state of " + code);
    check(state == check_ok(ledger.book->rebuild_state(code), "rebuilt state of " + code),
          code + ": the stored state differs from its events");
    disbursed += state.disbursed;
    outstanding += state.in_term + state.overdue + state.frozen;
  }
  check(disbursed == model.disbursed,
        fmt::format("disbursed {} expected {}", disbursed, model.disbursed));
  check(balance_of(s, "Assets:Loans") == outstanding, "loan control accounts");
  stats.entries = entries;
  return next;
}

int run(int cycles, int cycles_per_ledger, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  // Half the kills come within the first operation, at delays spread evenly on a log scale
  // from 1 us to 5 ms; the others after 5 to 60 ms, a few operations in.
  std::uniform_real_distribution<double> log_short(0.0, std::log(5'000.0));
  std::uniform_int_distribution<std::int64_t> long_delay(5'000, 60'000);
  auto draw_delay = [&]() -> std::int64_t {
    if (rng() % 2 == 0) return static_cast<std::int64_t>(std::exp(log_short(rng)));
    return long_delay(rng);
  };
  const fs::path dir = unique_directory("socai-crash");
  const auto started = std::chrono::steady_clock::now();
  Stats stats;

  std::string path;
  Ledger reference;
  int reference_done = 0;
  int next = kScriptOps;  // start a ledger first
  int ledger_cycles = 0;
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    if (next >= kScriptOps || ledger_cycles == cycles_per_ledger) {
      reference.close();
      ++stats.ledgers;
      path = (dir / fmt::format("ledger-{}.db", stats.ledgers)).string();
      const std::string reference_path =
          (dir / fmt::format("reference-{}.db", stats.ledgers)).string();
      create_script_ledger(path, fixed_clock_options(true));
      reference = create_script_ledger(reference_path, fixed_clock_options(false));
      reference_done = 0;
      next = 0;
      ledger_cycles = 0;
    }
    ++ledger_cycles;
    const std::string log_path = (dir / "writer.log").string();
    fs::remove(log_path);
    int ready[2];
    check(pipe(ready) == 0, "pipe");
    fcntl(ready[0], F_SETFD, FD_CLOEXEC);
    const pid_t pid =
        spawn_self({"--writer", path, log_path, std::to_string(next), std::to_string(ready[1])});
    close(ready[1]);
    char byte = 0;
    const bool opened = read(ready[0], &byte, 1) == 1;
    close(ready[0]);
    const auto delay = std::chrono::microseconds(draw_delay());
    if (opened) std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    const int status = wait_for(pid);
    const WriterLog log = read_log(log_path, next);
    check(log.failures.empty(),
          "the writer failed: " + (log.failures.empty() ? "" : log.failures[0]));
    check(opened, fmt::format("the writer ended (status {}) before it opened the ledger", status));
    check(status == 128 + SIGKILL || status == 0, fmt::format("the writer ended with {}", status));
    if (status == 0) {
      ++stats.finished;
    } else {
      ++stats.kills;
    }
    if (log.last_acked >= next) stats.acked += log.last_acked - next + 1;
    try {
      next = check_after_kill(path, reference, reference_done, log, next, stats);
    } catch (const CheckFailed& e) {
      throw CheckFailed(
          fmt::format("cycle {} (writer started at operation {}, killed after "
                      "{} us): {}; the ledger is kept at {}",
                      cycle, op_name(std::max(0, next)), delay.count(), e.what(), path));
    }
    stats.cycles = cycle;
  }
  reference.close();
  fs::remove_all(dir);
  fmt::print(
      "crash loop: seed {}: {} cycles survived on {} ledgers, {} kills ({} during an operation: "
      "{} rolled back, {} committed but unacknowledged, {} inside a month-end close between its "
      "transactions; {} between operations), {} writers reached the script's end; {} "
      "operations acknowledged, {} acknowledged-operation checks, {} interrupted operations "
      "re-run to completion; nothing lost, nothing doubled; {:.1f} s\n",
      seed, stats.cycles, stats.ledgers, stats.kills, stats.in_flight, stats.rolled_back,
      stats.unacknowledged, stats.partial_closes, stats.between, stats.finished, stats.acked,
      stats.checked, stats.reruns, seconds_since(started));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 5 && args[0] == "--writer")
      return writer_main(args[1], args[2], std::stoi(args[3]), std::stoi(args[4]));
    int cycles = 200;
    int cycles_per_ledger = 25;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
      if (args[i] == "--cycles") {
        cycles = std::stoi(args[i + 1]);
      } else if (args[i] == "--cycles-per-ledger") {
        cycles_per_ledger = std::stoi(args[i + 1]);
      } else {
        std::cerr << "usage: socai_crash_loop [--cycles N] [--cycles-per-ledger K]\n";
        return 2;
      }
    }
    const std::uint64_t seed = seed_from_environment();
    fmt::print("crash loop: seed {} (SOCAI_SEED={} repeats it), {} cycles\n", seed, seed, cycles);
    std::fflush(stdout);
    return run(cycles, cycles_per_ledger, seed);
  } catch (const CheckFailed& e) {
    std::cerr << "crash loop FAILED: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "crash loop error: " << e.what() << "\n";
    return 3;
  }
}
