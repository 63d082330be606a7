// Concurrent writers and a reader on one ledger: three writer processes each record N
// operations (four entries posted for every principal repayment on the writer's own loan) and
// one reader process makes N reads (trial balances, entry counts, loans, balances, and a
// verification of the whole chain every 1,000 reads), all at the same time. Every operation
// must succeed (no "busy" reaches a caller), and at the end the ledger must hold exactly what
// the writers acknowledged: the entry count, each writer's account, the funds, each loan's
// principal and the commune's cash, to the unit.
//
//   socai_concurrency [--ops N] [--durable 0|1]
//
// Not durable by default (synchronous=NORMAL): 15,000 synced commits would take a minute on
// their own, and what is tested here is the locking, which is the same in both modes.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "ledger/loan_book.hpp"
#include "reliability_support.hpp"

namespace fs = std::filesystem;
using namespace socai;
using namespace socai::reliability;
using namespace date::literals;

namespace {

constexpr int kWriters = 3;
constexpr std::int64_t kLoanAmount = 100'000'000;
constexpr std::int64_t kRepayment = 1'000;
constexpr const char* kActor = "officer.lan";

bool is_repayment(int i) {
  return i % 5 == 4;
}

// What a process did, written to its result file as one line of numbers and the first error.
struct Tally {
  std::int64_t posts = 0;
  std::int64_t posted = 0;  // sum of the amounts posted, minor units
  std::int64_t repayments = 0;
  std::int64_t reads = 0;
  std::int64_t errors = 0;
  std::int64_t busy = 0;  // errors that were Unavailable: the ledger busy beyond the timeout
  std::int64_t inconsistent = 0;
  double seconds = 0;
  std::string first_error;
};

void save(const Tally& t, const std::string& path) {
  std::ofstream out(path);
  out << t.posts << ' ' << t.posted << ' ' << t.repayments << ' ' << t.reads << ' ' << t.errors
      << ' ' << t.busy << ' ' << t.inconsistent << ' ' << t.seconds << ' ' << t.first_error;
}

Tally load(const std::string& path) {
  Tally t;
  std::ifstream in(path);
  check(static_cast<bool>(in >> t.posts >> t.posted >> t.repayments >> t.reads >> t.errors >>
                          t.busy >> t.inconsistent >> t.seconds),
        "no result from a process: " + path);
  std::getline(in, t.first_error);
  return t;
}

template <class T>
void note(Tally& t, const Result<T>& r) {
  if (r) return;
  ++t.errors;
  if (r.error().code == ErrorCode::Unavailable) ++t.busy;
  if (t.first_error.empty()) t.first_error = r.error().message;
}

// Blocks until the parent closes its end of the start pipe, so that all processes begin
// together.
void wait_for_start(int start_fd) {
  char byte = 0;
  while (read(start_fd, &byte, 1) > 0) {
  }
  close(start_fd);
}

int writer_main(const std::string& db, int writer, int ops, bool durable, int start_fd,
                const std::string& out) {
  auto store = take_ok(open_ledger(db, fixed_clock_options(durable)), "open");
  auto book = take_ok(open_loan_book(*store), "loan book");
  const std::string account = fmt::format("Assets:Cash:W{}", writer);
  const std::string loan = fmt::format("L{}", writer);
  wait_for_start(start_fd);
  const auto started = std::chrono::steady_clock::now();
  Tally t;
  for (int i = 0; i < ops; ++i) {
    if (is_repayment(i)) {
      Result<LoanOutcome> r = book->apply({.loan = loan,
                                           .kind = LoanEventKind::RepayPrincipal,
                                           .amount = vnd_amount(kRepayment),
                                           .date = 2024_y / date::June / 10,
                                           .key = fmt::format("w{}-r{}", writer, i)},
                                          kActor);
      note(t, r);
      if (r && !r->already_recorded) ++t.repayments;
    } else {
      const std::int64_t amount = i + 1;
      EntrySpec spec{.date = 2024_y / date::June / 10,
                     .kind = "manual",
                     .memo = "Capital",
                     .key = fmt::format("w{}-p{}", writer, i),
                     .loan = std::nullopt,
                     .postings = {{account, vnd_amount(amount), std::nullopt},
                                  {"Equity:Funds:Central", vnd_amount(-amount), std::nullopt}}};
      Result<PostOutcome> r = store->post(spec, kActor);
      note(t, r);
      if (r && !r->already_recorded) {
        ++t.posts;
        t.posted += amount;
      }
    }
  }
  t.seconds = seconds_since(started);
  save(t, out);
  return 0;
}

int reader_main(const std::string& db, int ops, bool durable, int start_fd,
                const std::string& out) {
  auto store = take_ok(open_ledger(db, fixed_clock_options(durable)), "open");
  auto book = take_ok(open_loan_book(*store), "loan book");
  wait_for_start(start_fd);
  const auto started = std::chrono::steady_clock::now();
  Tally t;
  std::int64_t last_count = 0;
  for (int i = 0; i < ops; ++i) {
    ++t.reads;
    if (i % 1000 == 999) {
      Result<VerifyReport> v = store->verify();
      note(t, v);
      if (v && !v->ok()) ++t.inconsistent;
      continue;
    }
    switch (i % 4) {
      case 0: {  // a trial balance is one snapshot: debits equal credits
        Result<std::vector<BalanceRow>> rows = store->trial_balance(std::nullopt);
        note(t, rows);
        if (!rows) break;
        std::int64_t debit = 0, credit = 0;
        for (const BalanceRow& r : rows.value()) {
          debit += r.debit;
          credit += r.credit;
        }
        if (debit != credit) ++t.inconsistent;
        break;
      }
      case 1: {  // entries only ever grow
        Result<std::int64_t> count = store->entry_count();
        note(t, count);
        if (count && count.value() < last_count) ++t.inconsistent;
        if (count) last_count = count.value();
        break;
      }
      case 2: {
        Result<LoanView> loan = book->loan(fmt::format("L{}", 1 + i % kWriters), std::nullopt);
        note(t, loan);
        if (loan && loan->state.in_term + loan->state.principal_repaid != kLoanAmount)
          ++t.inconsistent;
        break;
      }
      default:
        note(t, store->balance("Assets:Cash", std::nullopt, std::nullopt));
        break;
    }
  }
  t.seconds = seconds_since(started);
  save(t, out);
  return 0;
}

std::int64_t balance_of(Store& store, const std::string& account) {
  // The rows are kept: check_ok returns a reference into the Result it is given.
  const Result<std::vector<BalanceRow>> rows = store.balance(account, std::nullopt, std::nullopt);
  std::int64_t sum = 0;
  for (const BalanceRow& r : check_ok(rows, "balance of " + account)) sum += r.balance;
  return sum;
}

int run(int ops, bool durable) {
  const fs::path dir = unique_directory("socai-concurrency");
  const std::string db = (dir / "ledger.db").string();
  std::int64_t setup_entries = 0;
  {
    auto store = take_ok(create_ledger(db, fixed_clock_options(durable)), "create");
    auto book = take_ok(open_loan_book(*store), "loan book");
    check_ok(book->add_commune({"XH", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""}, kActor),
             "commune");
    // The scenario follows loans, not cash: the point disburses from nothing (fees.hpp).
    check_ok(book->set_setting("cash-floor.Assets:Cash:TP-XH", "none", kActor), "cash floor");
    check_ok(book->add_group({"G1", "XH", "Thôn Đông", "12", "Nguyễn Thị Mai", 0}, kActor),
             "group");
    for (int w = 1; w <= kWriters; ++w) {
      const std::string n = std::to_string(w);
      check_ok(store->add_account({.name = "Assets:Cash:W" + n,
                                   .type = AccountType::Asset,
                                   .code = "",
                                   .control = false,
                                   .description = "writer " + n},
                                  "setup"),
               "account");
      check_ok(book->add_household(
                   poor_household("H" + n, "Trần Văn " + n, "00120300000" + n, "G1"), kActor),
               "household");
      check_ok(book->open_loan(
                   yearly_loan("L" + n, "H" + n, kLoanAmount, 60, 2024_y / date::June / 1), kActor),
               "loan");
      check_ok(book->apply({.loan = "L" + n,
                            .kind = LoanEventKind::Disburse,
                            .amount = vnd_amount(kLoanAmount),
                            .date = 2024_y / date::June / 3,
                            .key = ""},
                           kActor),
               "disbursement");
    }
    setup_entries = check_ok(store->entry_count(), "entry count");
  }

  int start[2];
  check(pipe(start) == 0, "pipe");
  fcntl(start[1], F_SETFD, FD_CLOEXEC);
  std::vector<pid_t> pids;
  std::vector<std::string> outs;
  for (int p = 0; p <= kWriters; ++p) {
    const std::string out = (dir / fmt::format("result-{}", p)).string();
    outs.push_back(out);
    if (p < kWriters) {
      pids.push_back(spawn_self({"--writer", db, std::to_string(p + 1), std::to_string(ops),
                                 durable ? "1" : "0", std::to_string(start[0]), out}));
    } else {
      pids.push_back(spawn_self({"--reader", db, std::to_string(ops), durable ? "1" : "0",
                                 std::to_string(start[0]), out}));
    }
  }
  close(start[0]);
  const auto started = std::chrono::steady_clock::now();
  close(start[1]);  // all begin
  for (std::size_t p = 0; p < pids.size(); ++p)
    check(wait_for(pids[p]) == 0, fmt::format("process {} failed", p));
  const double elapsed = seconds_since(started);

  std::vector<Tally> tallies;
  for (const std::string& out : outs) tallies.push_back(load(out));
  std::int64_t total_busy = 0;
  for (std::size_t p = 0; p < tallies.size(); ++p) {
    const Tally& t = tallies[p];
    const bool reader = p == kWriters;
    fmt::print(
        "{} {}: {} operations ({} posts, {} repayments, {} reads), {} errors ({} busy), "
        "{:.1f} s\n",
        reader ? "reader" : "writer", reader ? 1 : p + 1, t.posts + t.repayments + t.reads, t.posts,
        t.repayments, t.reads, t.errors, t.busy, t.seconds);
    total_busy += t.busy;
    check(t.errors == 0, fmt::format("process {}: {} operations failed, the first: {}", p, t.errors,
                                     t.first_error));
    check(t.inconsistent == 0, fmt::format("reader: {} inconsistent reads", t.inconsistent));
  }

  RawDb(db).check_database("after the run");
  auto store = take_ok(open_ledger(db, fixed_clock_options(durable)), "open");
  auto book = take_ok(open_loan_book(*store), "loan book");
  // Exactly what each writer acknowledged, and every operation was acknowledged.
  std::int64_t expected_posted = 0;  // per writer: the amounts i + 1 of its posts
  std::int64_t expected_posts = 0;
  for (int i = 0; i < ops; ++i) {
    if (!is_repayment(i)) {
      expected_posted += i + 1;
      ++expected_posts;
    }
  }
  const std::int64_t expected_repayments = ops - expected_posts;
  std::int64_t acknowledged = 0;
  for (int w = 1; w <= kWriters; ++w) {
    const Tally& t = tallies[static_cast<std::size_t>(w - 1)];
    check(t.posts == expected_posts && t.repayments == expected_repayments &&
              t.posted == expected_posted,
          fmt::format("writer {}: {} posts of {}, {} repayments", w, t.posts, t.posted,
                      t.repayments));
    acknowledged += t.posts + t.repayments;
    const std::string n = std::to_string(w);
    check(balance_of(*store, "Assets:Cash:W" + n) == t.posted,
          fmt::format("writer {}'s account: {}, acknowledged {}", w,
                      balance_of(*store, "Assets:Cash:W" + n), t.posted));
    const LoanView loan = check_ok(book->loan("L" + n, std::nullopt), "loan L" + n);
    check(loan.state.in_term == kLoanAmount - kRepayment * t.repayments &&
              loan.state.principal_repaid == kRepayment * t.repayments,
          fmt::format("loan L{}: in term {}", w, loan.state.in_term));
  }
  const std::int64_t entries = check_ok(store->entry_count(), "entry count");
  check(entries == setup_entries + acknowledged,
        fmt::format("{} entries, expected {} + {}", entries, setup_entries, acknowledged));
  check(balance_of(*store, "Equity:Funds:Central") == -kWriters * expected_posted, "central funds");
  check(balance_of(*store, "Assets:Cash:TP-XH") ==
            -kWriters * kLoanAmount + kWriters * kRepayment * expected_repayments,
        "commune cash");
  check(balance_of(*store, "Assets:Loans") ==
            kWriters * (kLoanAmount - kRepayment * expected_repayments),
        "loan control accounts");
  const VerifyReport verified = check_ok(store->verify(), "verify");
  check(verified.ok() && verified.entries_checked == entries, "verify: " + verified.problem);
  const ReconcileReport reconciled = check_ok(book->reconcile({}), "reconcile");
  for (const ReconcileCheck& c : reconciled.checks)
    check(c.passed, "reconcile: " + c.name + " failed: " + c.figures);
  book.reset();
  store.reset();
  fs::remove_all(dir);

  const std::int64_t total = acknowledged + tallies.back().reads;
  fmt::print(
      "concurrency: {} writers and 1 reader, {} operations each, {} in all ({} writes "
      "acknowledged, all in the ledger), {} busy errors, {:.1f} s ({:.0f} operations/s), "
      "{}\n",
      kWriters, ops, total, acknowledged, total_busy, elapsed, static_cast<double>(total) / elapsed,
      durable ? "durable" : "synchronous=NORMAL");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 7 && args[0] == "--writer")
      return writer_main(args[1], std::stoi(args[2]), std::stoi(args[3]), args[4] == "1",
                         std::stoi(args[5]), args[6]);
    if (args.size() == 6 && args[0] == "--reader")
      return reader_main(args[1], std::stoi(args[2]), args[3] == "1", std::stoi(args[4]), args[5]);
    int ops = 5000;
    bool durable = false;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
      if (args[i] == "--ops") {
        ops = std::stoi(args[i + 1]);
      } else if (args[i] == "--durable") {
        durable = args[i + 1] == "1";
      } else {
        std::cerr << "usage: socai_concurrency [--ops N] [--durable 0|1]\n";
        return 2;
      }
    }
    return run(ops, durable);
  } catch (const CheckFailed& e) {
    std::cerr << "concurrency FAILED: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "concurrency error: " << e.what() << "\n";
    return 3;
  }
}
