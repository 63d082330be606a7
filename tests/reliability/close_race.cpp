// A month-end close while another process records the next month's repayments on the very
// loans being closed. The close works out each batch of loans on a second connection while it
// writes the one before; a loan repaid in between must be closed from what it is when the
// close writes it, never from what it was when it was read. The writer retries at once when
// the ledger is busy, so that it gets in between the close's transactions.
//
//   socai_close_race [--loans N]
//
// Checked at the end: the close recorded every loan's month-end, each loan's stored state has
// every repayment acknowledged to the writer (an accrual written from a stale reading would
// lose them), every loan replays from its events, the ledger reconciles, and the delinquency
// report from the month-end records equals the one from the loans. Some repayments must have
// been acknowledged while the close was running.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include <fmt/format.h>

#include "ledger/loan_book.hpp"
#include "ledger/reports.hpp"
#include "reliability_support.hpp"

namespace fs = std::filesystem;
using namespace socai;
using namespace socai::reliability;
using namespace date::literals;

namespace {

constexpr std::int64_t kLoanAmount = 10'000'000;
constexpr std::int64_t kRepayment = 1'000;
constexpr const char* kActor = "officer.race";

std::string loan_code(int i) {
  return fmt::format("L{:05}", i);
}

std::int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Repays 1,000 on random loans, dated in June, until `stop` exists; each acknowledged
// repayment is written to `out` as "loan time" (steady clock, shared by the processes).
int writer_main(const std::string& db, int loans, int start_fd, const std::string& stop,
                const std::string& out) {
  StoreOptions options = fixed_clock_options(false);
  options.busy_timeout_ms = 0;  // busy: try again at once
  auto store = take_ok(open_ledger(db, options), "open");
  auto book = take_ok(open_loan_book(*store), "loan book");
  char byte = 0;
  while (read(start_fd, &byte, 1) > 0) {
  }
  close(start_fd);
  std::mt19937 random(20260531);
  std::uniform_int_distribution<int> pick(1, loans);
  std::ofstream acknowledged(out);
  for (int n = 0; !fs::exists(stop); ++n) {
    const int loan = pick(random);
    for (;;) {
      Result<LoanOutcome> r = book->apply({.loan = loan_code(loan),
                                           .kind = LoanEventKind::RepayPrincipal,
                                           .amount = vnd_amount(kRepayment),
                                           .date = 2024_y / date::June / 5,
                                           .key = fmt::format("race-{}", n)},
                                          kActor);
      if (r) {
        acknowledged << loan << ' ' << monotonic_ns() << '\n' << std::flush;
        break;
      }
      if (r.error().code != ErrorCode::Unavailable) {
        std::cerr << "writer: " << r.error().message << "\n";
        return 1;
      }
      if (fs::exists(stop)) return 0;
    }
  }
  return 0;
}

bool same_figures(const DelinquencyFigures& a, const DelinquencyFigures& b) {
  auto same = [](const CountAmount& x, const CountAmount& y) {
    return x.loans == y.loans && x.principal == y.principal;
  };
  for (std::size_t i = 0; i < a.aging.size(); ++i)
    if (!same(a.aging[i], b.aging[i])) return false;
  return same(a.outstanding, b.outstanding) && same(a.in_term, b.in_term) &&
         same(a.overdue, b.overdue) && same(a.frozen, b.frozen) &&
         same(a.written_off, b.written_off) && a.par30.numerator == b.par30.numerator &&
         a.par90.numerator == b.par90.numerator && a.overdue_principal == b.overdue_principal;
}

int run(int loans) {
  const fs::path dir = unique_directory("socai-close-race");
  const std::string db = (dir / "ledger.db").string();
  {
    auto store = take_ok(create_ledger(db, fixed_clock_options(false)), "create");
    auto book = take_ok(open_loan_book(*store), "loan book");
    check_ok(book->add_commune({"XH", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""}, kActor),
             "commune");
    // The scenario follows loans, not cash: the point disburses from nothing (fees.hpp).
    check_ok(book->set_setting("cash-floor.Assets:Cash:TP-XH", "none", kActor), "cash floor");
    for (int i = 1; i <= loans; ++i) {
      const std::string group = fmt::format("G{:03}", (i - 1) / 50 + 1);
      if ((i - 1) % 50 == 0) {
        check_ok(book->add_group({group, "XH", "Thôn Đông", "12", "Nguyễn Thị Mai", 0}, kActor),
                 "group");
      }
      const std::string household = fmt::format("H{:05}", i);
      check_ok(book->add_household(poor_household(household, fmt::format("Trần Văn {}", i),
                                                  fmt::format("0012{:08}", i), group),
                                   kActor),
               "household");
      check_ok(book->open_loan(
                   yearly_loan(loan_code(i), household, kLoanAmount, 36, 2024_y / date::May / 2),
                   kActor),
               "loan");
      check_ok(book->apply({.loan = loan_code(i),
                            .kind = LoanEventKind::Disburse,
                            .amount = vnd_amount(kLoanAmount),
                            .date = 2024_y / date::May / 2,
                            .key = ""},
                           kActor),
               "disbursement");
    }
  }

  int start[2];
  check(pipe(start) == 0, "pipe");
  fcntl(start[1], F_SETFD, FD_CLOEXEC);
  const std::string stop = (dir / "stop").string();
  const std::string out = (dir / "acknowledged").string();
  const pid_t writer =
      spawn_self({"--writer", db, std::to_string(loans), std::to_string(start[0]), stop, out});
  close(start[0]);
  auto store = take_ok(open_ledger(db, fixed_clock_options(false)), "open");
  auto book = take_ok(open_loan_book(*store), "loan book");
  close(start[1]);  // the writer begins
  usleep(20'000);
  const std::int64_t close_started = monotonic_ns();
  const Result<MonthCloseOutcome> closed = book->close_month(2024_y / date::May, "closer", {});
  const std::int64_t close_ended = monotonic_ns();
  std::ofstream(stop).put('\n');
  check(wait_for(writer) == 0, "the writer failed");
  const MonthCloseOutcome& outcome = check_ok(closed, "close");

  std::map<int, std::int64_t> repaid;  // loan: repayments acknowledged
  std::int64_t during = 0, total = 0;
  {
    std::ifstream in(out);
    int loan = 0;
    std::int64_t at = 0;
    while (in >> loan >> at) {
      ++repaid[loan];
      ++total;
      if (at >= close_started && at <= close_ended) ++during;
    }
  }
  // A loan repaid in June before the close reached it has no accrual (the repayment settled
  // May's interest); every loan has its month-end record.
  check(outcome.loans == loans &&
            outcome.accruals + static_cast<std::int64_t>(repaid.size()) >= loans,
        fmt::format("the close: {} loans, {} accruals of {}, {} loans repaid", outcome.loans,
                    outcome.accruals, loans, repaid.size()));
  check(during > 0, "no repayment was acknowledged while the close ran");
  for (int i = 1; i <= loans; ++i) {
    const std::int64_t expected = kRepayment * (repaid.count(i) ? repaid[i] : 0);
    const LoanState state = check_ok(book->stored_state(loan_code(i)), "state");
    check(state.principal_repaid == expected && state.in_term == kLoanAmount - expected,
          fmt::format("loan {}: repaid {} in its state, {} acknowledged", loan_code(i),
                      state.principal_repaid, expected));
  }
  RawDb raw(db);
  raw.check_database("after the close");
  const auto month_ends = raw.rows(
      "SELECT count(*), sum(in_term = 10000000) FROM loan_month_ends WHERE month = ?", "2024-05");
  check(month_ends.at(0).at(0) == std::to_string(loans) &&
            month_ends.at(0).at(1) == std::to_string(loans),
        "every loan's month-end record, with all its principal in term on 31/05");
  const ReconcileReport reconciled = check_ok(book->reconcile({}), "reconcile");
  for (const ReconcileCheck& c : reconciled.checks)
    check(c.passed, "reconcile: " + c.name + " failed: " + c.figures);
  const DelinquencyReport from_records = check_ok(
      book->delinquency({.as_of = 2024_y / date::May / 31, .from_month_ends = true}), "records");
  const DelinquencyReport from_loans = check_ok(
      book->delinquency({.as_of = 2024_y / date::May / 31, .from_month_ends = false}), "loans");
  check(same_figures(from_records.total, from_loans.total) &&
            from_records.total.outstanding.principal == loans * kLoanAmount,
        "the delinquency report from the month-end records equals the loans'");
  book.reset();
  store.reset();
  fs::remove_all(dir);
  fmt::print(
      "close race: {} loans closed in {:.2f} s while a writer recorded {} June repayments on "
      "them ({} acknowledged while the close ran, {} accruals); every repayment in its loan's "
      "state, the ledger reconciled\n",
      loans, static_cast<double>(close_ended - close_started) / 1e9, total, during,
      outcome.accruals);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 6 && args[0] == "--writer")
      return writer_main(args[1], std::stoi(args[2]), std::stoi(args[3]), args[4], args[5]);
    int loans = 3000;
    if (args.size() == 2 && args[0] == "--loans") {
      loans = std::stoi(args[1]);
    } else if (!args.empty()) {
      std::cerr << "usage: socai_close_race [--loans N]\n";
      return 2;
    }
    return run(loans);
  } catch (const CheckFailed& e) {
    std::cerr << "close race FAILED: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "close race error: " << e.what() << "\n";
    return 3;
  }
}
