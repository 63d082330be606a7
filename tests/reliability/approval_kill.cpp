// The approval kill test: `approve` killed (SIGKILL) before each statement it runs, while
// another process posts entries. After every kill the ledger holds either a pending request
// and nothing of its operation (a month-end close: at most its resumable loan batches), or an
// approved request and all of it, with the recorded entry and event ranges holding exactly
// the request's own writes and none of the other writer's.
//
//   socai_approval_kill [--loans N]
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ledger/approvals.hpp"
#include "reliability_support.hpp"
#include "store/sqlite_store.hpp"

using namespace socai;
using namespace socai::reliability;
using namespace date::literals;

namespace {

constexpr const char* kMaker = "maker";
constexpr const char* kChecker = "checker";

StoreOptions options() {
  StoreOptions o;
  o.busy_timeout_ms = 30'000;
  return o;
}

// Child: approve request `id`, killed before the `kill_at`th statement of the approval.
int child_approve(const std::string& path, std::int64_t id, std::int64_t kill_at) {
  auto store = store::open_sqlite_ledger(path, options());
  if (!store) return 3;
  auto book = open_loan_book(*store.value());
  auto approvals = open_approvals(*store.value());
  if (!book || !approvals) return 3;
  std::int64_t statements = 0;
  store.value()->set_statement_hook([&](std::string_view) {
    if (++statements == kill_at) raise(SIGKILL);
  });
  Result<Approved> approved = approvals.value()->approve(id, kChecker);
  if (!approved) {
    std::cerr << "approve: " << approved.error().message << "\n";
    return 1;
  }
  return 0;
}

// Child: posts small entries keyed noise-N until `stop` exists.
int child_noise(const std::string& path, const std::string& stop) {
  auto store = open_ledger(path, options());
  if (!store) return 3;
  for (int n = 1; !std::filesystem::exists(stop); ++n) {
    EntrySpec e{.date = 2026_y / date::June / 1,
                .kind = "manual",
                .memo = "noise",
                .key = fmt::format("noise-{}", n),
                .loan = std::nullopt,
                .postings = {{"Assets:Cash:HeadOffice", vnd_amount(1'000), std::nullopt},
                             {"Equity:Funds:Central", vnd_amount(-1'000), std::nullopt}}};
    if (!store.value()->post(e, "noise")) return 1;
    usleep(500);
  }
  return 0;
}

template <class T>
T value_of(Result<T>&& result, const std::string& what) {
  check_ok(result, what);
  return std::move(result).value();
}

struct Marks {
  std::int64_t entry = 0, event = 0, own_entries = 0, events = 0, periods = 0, months = 0;
};

Marks marks(RawDb& db) {
  Marks m;
  m.entry = db.count("SELECT coalesce(max(id), 0) FROM entries");
  m.event = db.count("SELECT coalesce(max(id), 0) FROM loan_events");
  m.own_entries = db.count("SELECT count(*) FROM entries WHERE idempotency_key NOT LIKE 'noise-%'");
  m.events = db.count("SELECT count(*) FROM loan_events");
  m.periods = db.count("SELECT count(*) FROM period_closes");
  m.months = db.count("SELECT count(*) FROM month_closes WHERE completed_at IS NOT NULL");
  return m;
}

struct Figures {
  int runs = 0, kills = 0;
};

// Approves request `id` (of `kind`) killed at statement 1, 2, ... until an approval runs to
// its end; checks the ledger after each run.
Figures kill_each_step(const std::string& path, std::int64_t id, OperationKind kind) {
  Figures f;
  RawDb db(path);
  const Marks before = marks(db);
  const bool month = kind == OperationKind::MonthClose;
  for (std::int64_t kill_at = 1;; ++kill_at) {
    const pid_t pid = spawn_self({"approve", path, std::to_string(id), std::to_string(kill_at)});
    const int code = wait_for(pid);
    ++f.runs;
    const std::string when = fmt::format("{} request {}, killed at statement {} (exit {})",
                                         operation_kind_name(kind), id, kill_at, code);
    check(code == 0 || code == 128 + SIGKILL, when + ": the approval was refused");
    if (code != 0) ++f.kills;
    db.check_database(when);
    const std::string status =
        db.rows("SELECT status FROM approval_requests WHERE id = ?", std::to_string(id))[0][0];
    const Marks now = marks(db);
    if (status == "pending") {
      check(code != 0, when + ": approve succeeded and the request is pending");
      check(now.own_entries == before.own_entries || month,
            when + ": entries written under a pending request");
      check(now.periods == before.periods && now.months == before.months,
            when + ": a period closed under a pending request");
      if (month) {
        check(db.count("SELECT count(*) FROM loan_events WHERE id > ? AND kind <> 'accrue'",
                       std::to_string(before.event)) == 0,
              when + ": a pending close wrote more than its loan batches");
        check(db.count("SELECT count(*) FROM entrustment_fees") == 0,
              when + ": fees posted under a pending close");
      } else {
        check(now.events == before.events, when + ": loan events written under a pending request");
      }
      continue;
    }
    check(status == "approved", when + ": the request is " + status);
    auto r = db.rows(
        "SELECT coalesce(first_entry, 0), coalesce(last_entry, -1), coalesce(first_event, 0), "
        "coalesce(last_event, -1) FROM approval_requests WHERE id = ?",
        std::to_string(id))[0];
    const std::string first = r[0], last = r[1], first_event = r[2], last_event = r[3];
    // Every entry in the range is the operation's: the requester's, none of the other writer's.
    const std::int64_t in_range =
        db.count("SELECT count(*) FROM entries WHERE id BETWEEN " + first + " AND " + last);
    const std::int64_t own_in_range =
        db.count("SELECT count(*) FROM entries WHERE actor = 'maker' AND id BETWEEN " + first +
                 " AND " + last);
    check(in_range == own_in_range, when + ": the entry range holds another writer's entries");
    check(db.count("SELECT count(*) FROM loan_events WHERE actor <> 'maker' AND id BETWEEN " +
                   first_event + " AND " + last_event) == 0,
          when + ": the event range holds another writer's events");
    if (month) {
      check(now.months == before.months + 1, when + ": approved and the month not closed");
      check(db.count("SELECT count(*) FROM entrustment_fees WHERE entry_id NOT BETWEEN " + first +
                     " AND " + last) == 0,
            when + ": a fee entry outside the recorded range");
    } else {
      // Every entry and event the operation wrote is in the range.
      check(db.count("SELECT count(*) FROM entries WHERE actor = 'maker' AND id > ?",
                     std::to_string(before.entry)) == own_in_range,
            when + ": an entry of the operation outside the recorded range");
      check(
          db.count("SELECT count(*) FROM loan_events WHERE id > ?", std::to_string(before.event)) ==
              (last_event == "-1" ? 0 : std::stoll(last_event) - std::stoll(first_event) + 1),
          when + ": an event of the operation outside the recorded range");
      check(now.own_entries > before.own_entries || now.periods == before.periods + 1,
            when + ": approved and nothing done");
    }
    check(code == 0 || kill_at > 1, when + ": approved before any statement ran");
    return f;
  }
}

int parent(int loans) {
  const auto start = std::chrono::steady_clock::now();
  const std::string dir = unique_directory("socai-approval-kill");
  const std::string path = dir + "/ledger.db";
  EntryId to_reverse{0};
  {
    auto store = value_of(create_ledger(path, options()), "create");
    auto book = value_of(open_loan_book(*store), "book");
    check_ok(book->add_commune({"XH", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""}, kMaker),
             "commune");
    // The scenario follows loans, not cash: the point disburses from nothing (fees.hpp).
    check_ok(book->set_setting("cash-floor.Assets:Cash:TP-XH", "none", kMaker), "cash floor");
    check_ok(book->add_group({"G1", "XH", "Thôn Đông", "12", "Leader", 0}, kMaker), "group");
    for (int i = 1; i <= loans; ++i) {
      const std::string n = std::to_string(i);
      check_ok(
          book->add_household(
              poor_household("H" + n, "Head " + n, fmt::format("0012030{:05}", i), "G1"), kMaker),
          "household");
      check_ok(
          book->open_loan(
              yearly_loan("L-" + n, "H" + n, 20'000'000, 36, 2026_y / date::January / 10), kMaker),
          "loan");
      check_ok(book->apply({.loan = "L-" + n,
                            .kind = LoanEventKind::Disburse,
                            .amount = vnd_amount(20'000'000),
                            .date = 2026_y / date::January / 10,
                            .key = "",
                            .years = 0,
                            .reason = "",
                            .approval = "",
                            .interest_amount = 0},
                           kMaker),
               "disburse");
    }
    to_reverse =
        check_ok(
            store->post({.date = 2026_y / date::February / 20,
                         .kind = "manual",
                         .memo = "to reverse",
                         .key = "R-1",
                         .loan = std::nullopt,
                         .postings = {{"Assets:Cash:HeadOffice", vnd_amount(7'000), std::nullopt},
                                      {"Equity:Funds:Central", vnd_amount(-7'000), std::nullopt}}},
                        kMaker),
            "entry to reverse")
            .id;
    ;
  }
  const std::string stop = dir + "/stop";
  // The other writer, stopped (and waited for) however this run ends.
  struct Noise {
    std::string stop;
    pid_t pid;
    bool waited = false;
    int finish() {
      { std::ofstream(stop).put('x'); }
      waited = true;
      return wait_for(pid);
    }
    ~Noise() {
      if (!waited) finish();
    }
  } noise{stop, spawn_self({"noise", path, stop})};

  struct Step {
    const char* name;
    Result<Operation> operation;
  };
  auto loan_op = [](const char* loan, LoanEventKind kind, std::int64_t principal) {
    return Operation::loan_event({.loan = loan,
                                  .kind = kind,
                                  .amount = vnd_amount(principal),
                                  .date = 2026_y / date::March / 10,
                                  .key = "",
                                  .years = kind == LoanEventKind::Freeze ? 3 : 0,
                                  .reason = kind == LoanEventKind::Freeze ? "FLOOD" : "DEATH",
                                  .approval = "QD-1/2026",
                                  .interest_amount = 0});
  };
  std::vector<Step> steps;
  steps.push_back({"month-close", Operation::month_close(2026_y / date::January)});
  steps.push_back({"freeze", loan_op("L-1", LoanEventKind::Freeze, 0)});
  steps.push_back({"write-off", loan_op("L-2", LoanEventKind::WriteOff, 1'000'000)});
  steps.push_back(
      {"journal-reversal", Operation::journal_reversal({.original = to_reverse,
                                                        .date = 2026_y / date::March / 1,
                                                        .memo = "",
                                                        .key = "",
                                                        .rehearsal = false})});
  steps.push_back({"period-close", Operation::period_close(2026_y / date::February / 28)});
  Figures total;
  for (Step& step : steps) {
    std::int64_t id = 0;
    {
      auto store = value_of(open_ledger(path, options()), "open");
      auto book = value_of(open_loan_book(*store), "book");
      auto approvals = value_of(open_approvals(*store), "approvals");
      check(step.operation.ok(), std::string(step.name) + ": operation");
      Submitted s = value_of(approvals->submit(step.operation.value(), kMaker), step.name);
      check(s.request.has_value(), std::string(step.name) + ": not held for approval");
      id = s.request->id;
    }
    Figures f = kill_each_step(path, id, step.operation->kind());
    std::cout << fmt::format("{}: {} runs, {} killed before the approval ended\n", step.name,
                             f.runs, f.kills);
    total.runs += f.runs;
    total.kills += f.kills;
  }
  check(noise.finish() == 0, "the other writer failed");
  RawDb db(path);
  const std::int64_t noise_entries =
      db.count("SELECT count(*) FROM entries WHERE idempotency_key LIKE 'noise-%'");
  std::cout << fmt::format(
      "{} runs, {} kills; the other writer posted {} entries meanwhile; {:.1f} s\n", total.runs,
      total.kills, noise_entries, seconds_since(start));
  check(total.runs >= 200, "fewer than 200 runs");
  check(noise_entries > 0, "the other writer posted nothing");
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "approve")
      return child_approve(args.at(1), std::stoll(args.at(2)), std::stoll(args.at(3)));
    if (!args.empty() && args[0] == "noise") return child_noise(args.at(1), args.at(2));
    int loans = 4;
    if (args.size() == 2 && args[0] == "--loans") loans = std::stoi(args[1]);
    return parent(loans);
  } catch (const CheckFailed& e) {
    std::cerr << "FAILED: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 3;
  }
}
