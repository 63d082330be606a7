// socai_bench: micro benchmarks of the ledger library, each beside its baseline.
//
//   socai_bench --dir=build-rel/bench-data/micro --benchmark_repetitions=3   (--smoke: CI)
//
// - Posting, batched: Store::post_batch of entries with three postings, 500 (the close's and
//   a commune session's batch) and 10,000 (an import file) to a transaction, against raw
//   SQLite inserting the same entry and posting rows with prepared statements into a
//   two-table schema, batched alike, with the same journal mode (WAL) and synchronous=FULL.
// - An import of a month's repayments (10,000 loans, one file, one transaction) through the
//   loan book, against raw SQLite writing as many entry and posting rows in one transaction.
// - Posting, one durable entry per command: Store::post, each entry its own transaction,
//   against raw SQLite committing once per entry, both synchronous=FULL.
// - Schedules: Schedule::build of 120-month loans (exact interest, rounded once per period).
//
// Every run prints the machine (CPU model, cores, memory, load) and, after the figures, each
// ratio to its baseline computed from the medians (or the single run).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ledger/import.hpp"
#include "ledger/loan_book.hpp"
#include "ledger/schedule.hpp"
#include "ledger/store.hpp"

namespace {

using namespace socai;

std::filesystem::path g_dir = std::filesystem::temp_directory_path() / "socai-bench";

// Each benchmark writes its own fresh ledger (or raw database) under g_dir.
std::string fresh_path(const std::string& name) {
  std::filesystem::create_directories(g_dir);
  const std::filesystem::path p = g_dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

const Currency kVnd = Currency::find("VND").value();
constexpr int kPostingsPerEntry = 3;

// A collection at a commune session: cash in, interest income, and savings.
EntrySpec collection_entry(std::int64_t n) {
  const std::int64_t interest = 100'000 + n % 97 * 1'000;
  const std::int64_t savings = 10'000 + n % 9 * 5'000;
  return EntrySpec{
      .date = Date{date::year{2026} / date::March / 10},
      .kind = "collection",
      .memo = fmt::format("Interest and savings of household {}", n % 100'000),
      .key = fmt::format("PT-{:09}", n),
      .loan = std::nullopt,
      .postings = {
          {"Assets:Cash:HeadOffice", Money::from_minor(interest + savings, kVnd), std::nullopt},
          {"Income:Interest:01", Money::from_minor(-interest, kVnd), std::nullopt},
          {"Equity:Funds:Central", Money::from_minor(-savings, kVnd), std::nullopt}}};
}

std::unique_ptr<Store> fresh_ledger(const std::string& name) {
  Result<std::unique_ptr<Store>> store = create_ledger(fresh_path(name), StoreOptions{});
  if (!store) throw std::runtime_error(store.error().message);
  return std::move(store.value());
}

void set_counters(benchmark::State& state, std::int64_t entries) {
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(entries), benchmark::Counter::kIsRate);
  state.counters["postings/s"] = benchmark::Counter(
      static_cast<double>(entries * kPostingsPerEntry), benchmark::Counter::kIsRate);
}

void BM_StorePostBatch(benchmark::State& state) {
  const std::int64_t batch = state.range(0);
  std::unique_ptr<Store> store = fresh_ledger("store-batch");
  std::int64_t n = 0;
  std::vector<EntrySpec> entries;
  for (auto _ : state) {
    state.PauseTiming();
    entries.clear();
    for (std::int64_t i = 0; i < batch; ++i) entries.push_back(collection_entry(n++));
    state.ResumeTiming();
    Result<std::vector<PostOutcome>> posted = store->post_batch(entries, "bench");
    if (!posted) state.SkipWithError(posted.error().message.c_str());
  }
  set_counters(state, n);
}

void BM_StorePostDurable(benchmark::State& state) {
  std::unique_ptr<Store> store = fresh_ledger("store-durable");
  std::int64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const EntrySpec entry = collection_entry(n++);
    state.ResumeTiming();
    Result<PostOutcome> posted = store->post(entry, "bench");
    if (!posted) state.SkipWithError(posted.error().message.c_str());
  }
  set_counters(state, n);
}

// The raw SQLite baseline: the same rows (entry id, date, recorded-at, actor, kind, memo, key;
// postings entry, seq, account, currency, amount) with prepared statements, no checks,
// no hashes, no maintained balances.
class RawLedger {
 public:
  explicit RawLedger(const std::string& path) {
    check(sqlite3_open(path.c_str(), &db_));
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec(
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, date TEXT NOT NULL, recorded_at TEXT NOT "
        "NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, memo TEXT NOT NULL, idempotency_key "
        "TEXT NOT NULL UNIQUE)");
    exec(
        "CREATE TABLE postings (entry_id INTEGER NOT NULL, seq INTEGER NOT NULL, account_id "
        "INTEGER NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL, loan_id INTEGER, "
        "PRIMARY KEY (entry_id, seq)) WITHOUT ROWID");
    check(sqlite3_prepare_v2(db_, "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
                             &insert_entry_, nullptr));
    check(sqlite3_prepare_v2(db_, "INSERT INTO postings VALUES (?, ?, ?, ?, ?, NULL)", -1,
                             &insert_posting_, nullptr));
  }
  ~RawLedger() {
    sqlite3_finalize(insert_entry_);
    sqlite3_finalize(insert_posting_);
    sqlite3_close(db_);
  }
  RawLedger(const RawLedger&) = delete;
  RawLedger& operator=(const RawLedger&) = delete;

  void exec(const char* sql) { check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr)); }

  void insert(std::int64_t id, const EntrySpec& e) {
    const std::string date = format_date(e.date);
    sqlite3_bind_int64(insert_entry_, 1, id);
    sqlite3_bind_text(insert_entry_, 2, date.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_entry_, 3, "2026-03-10T08:00:00Z", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_entry_, 4, "bench", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_entry_, 5, e.kind.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_entry_, 6, e.memo.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_entry_, 7, e.key.c_str(), -1, SQLITE_STATIC);
    step(insert_entry_);
    int seq = 0;
    for (const PostingSpec& p : e.postings) {
      sqlite3_bind_int64(insert_posting_, 1, id);
      sqlite3_bind_int(insert_posting_, 2, ++seq);
      sqlite3_bind_int64(insert_posting_, 3, seq);
      sqlite3_bind_text(insert_posting_, 4, "VND", -1, SQLITE_STATIC);
      sqlite3_bind_int64(insert_posting_, 5, p.amount.minor_units());
      step(insert_posting_);
    }
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw std::runtime_error(db_ ? sqlite3_errmsg(db_) : "sqlite3_open");
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_entry_ = nullptr;
  sqlite3_stmt* insert_posting_ = nullptr;
};

void BM_RawSqliteBatch(benchmark::State& state) {
  const std::int64_t batch = state.range(0);
  RawLedger raw(fresh_path("raw-batch"));
  std::int64_t n = 0;
  std::vector<EntrySpec> entries;
  for (auto _ : state) {
    state.PauseTiming();
    entries.clear();
    for (std::int64_t i = 0; i < batch; ++i) entries.push_back(collection_entry(n + i));
    state.ResumeTiming();
    raw.exec("BEGIN IMMEDIATE");
    for (const EntrySpec& e : entries) raw.insert(++n, e);
    raw.exec("COMMIT");
  }
  set_counters(state, n);
}

void BM_RawSqliteCommitPerEntry(benchmark::State& state) {
  RawLedger raw(fresh_path("raw-durable"));
  std::int64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const EntrySpec entry = collection_entry(n);
    state.ResumeTiming();
    raw.exec("BEGIN IMMEDIATE");
    raw.insert(++n, entry);
    raw.exec("COMMIT");
  }
  set_counters(state, n);
}

// A poor-household loan over ten years, across the rate cut of 01/12/2025 (6.6% then 6.24%).
ScheduleTerms ten_year_terms(RepaymentMethod method) {
  ScheduleTerms terms{
      .principal = Money::from_minor(100'000'000, kVnd),
      .rates =
          RateHistory::make(
              {{Date{date::year{2020} / date::January / 1}, Rate::parse("6.6%/year").value()},
               {Date{date::year{2025} / date::December / 1}, Rate::parse("6.24%/year").value()}})
              .value(),
      .term_months = 120,
      .start = Date{date::year{2025} / date::January / 31},
      .method = method,
      .every_months = method == RepaymentMethod::Annuity ? 1 : 6,
      .grace_principal_months = 0,
      .day_count = DayCount::Act365F,
      .rounding = RoundingMode::HalfUp,
      .installment_multiple = Money::from_minor(100'000, kVnd),
      .installment_rounding = InstallmentRounding::Down,
      .gdx_day = 25,
      .custom = {}};
  return terms;
}

void BM_Schedule120(benchmark::State& state, RepaymentMethod method) {
  const ScheduleTerms terms = ten_year_terms(method);
  std::int64_t built = 0;
  for (auto _ : state) {
    Result<Schedule> s = Schedule::build(terms);
    if (!s) state.SkipWithError(s.error().message.c_str());
    benchmark::DoNotOptimize(s);
    ++built;
  }
  state.counters["schedules/s"] =
      benchmark::Counter(static_cast<double>(built), benchmark::Counter::kIsRate);
}

double minimum(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}
double maximum(const std::vector<double>& v) {
  return *std::max_element(v.begin(), v.end());
}

// A ledger of `loans` poor-household loans of 50,000,000 disbursed in January 2026, made
// through the loan book in one batch.
struct LoanLedger {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
};

LoanLedger loan_ledger(const std::string& name, std::int64_t loans) {
  LoanLedger l{fresh_ledger(name), nullptr};
  l.book = open_loan_book(*l.store).value();
  LoanBook& book = *l.book;
  const Date opened{date::year{2026} / date::January / 12};
  const Status made = book.batch("bench", [&]() -> Status {
    if (auto c = book.add_commune(
            {"BC", "Bench commune", "Bench district", "Bench province", 10, ""}, "bench");
        !c)
      return c.error();
    // The session's cash first: a transaction point's cash cannot go below zero.
    const Money cash = Money::from_minor(50'000'000 * loans, kVnd);
    if (auto p = l.store->post(
            EntrySpec{.date = opened,
                      .kind = "transfer",
                      .memo = "Cash for the session",
                      .key = "CASH-BC",
                      .loan = std::nullopt,
                      .postings = {{"Assets:Cash:TP-BC", cash, std::nullopt},
                                   {"Equity:Funds:Central", cash.negated().value(), std::nullopt}}},
            "bench");
        !p)
      return p.error();
    for (std::int64_t i = 0; i < loans; ++i) {
      const std::string group = fmt::format("BC-G{:05}", i / 40);
      if (i % 40 == 0) {
        if (auto g = book.add_group({group, "BC", "Village", "12", "Leader", 0}, "bench"); !g)
          return g.error();
      }
      const std::string household = fmt::format("BC-H{:07}", i);
      if (auto h = book.add_household(
              {household,
               "Head of household",
               fmt::format("{:012}", 100'000'000'000 + i),
               "BC",
               "Village",
               group,
               {{Date{date::year{2021} / date::January / 1}, PovertyStatus::Poor}}},
              "bench");
          !h)
        return h.error();
      const std::string code = fmt::format("BC-L{:07}", i);
      NewLoan loan{.code = code,
                   .household = household,
                   .program = "01",
                   .officer = "",
                   .amount = Money::from_minor(50'000'000, kVnd),
                   .term_months = 36,
                   .date = opened,
                   .method = RepaymentMethod::EqualPrincipal,
                   .every_months = 6,
                   .grace_principal_months = 0,
                   .course_end = std::nullopt,
                   .custom = {},
                   .key = ""};
      if (auto o = book.open_loan(loan, "bench"); !o) return o.error();
      if (auto d = book.apply({.loan = code,
                               .kind = LoanEventKind::Disburse,
                               .amount = loan.amount,
                               .date = opened,
                               .key = ""},
                              "bench");
          !d)
        return d.error();
    }
    return {};
  });
  if (!made) throw std::runtime_error(made.error().message);
  return l;
}

std::int64_t count_rows(const std::string& path, const char* table) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, fmt::format("SELECT count(*) FROM {}", table).c_str(), -1, &q, nullptr);
  const std::int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

// An import of the month's repayments (socai import repayments.csv): one combined payment
// per loan, one file, one transaction, through the loan book (allocation, interest, events,
// snapshots, hashes). Timed against raw SQLite writing the same numbers of entry and posting
// rows in one transaction.
void BM_ImportRepayments(benchmark::State& state) {
  const std::int64_t loans = state.range(0);
  LoanLedger l = loan_ledger("import", loans);
  const std::string path = (g_dir / "import.db").string();
  RawLedger raw(fresh_path("import-raw"));
  std::int64_t raw_id = 0;
  double socai_seconds = 0;
  double raw_seconds = 0;
  std::int64_t entries = 0;
  int month = 0;
  for (auto _ : state) {
    ++month;
    const std::string day = fmt::format("2026-{:02}-10", 1 + month);
    std::string csv = "loan,amount,date\n";
    for (std::int64_t i = 0; i < loans; ++i) csv += fmt::format("BC-L{:07},1000000,{}\n", i, day);
    const std::int64_t entries_before = count_rows(path, "entries");
    const std::int64_t postings_before = count_rows(path, "postings");
    const auto start = std::chrono::steady_clock::now();
    const ImportReport report = import_csv(*l.book, csv, ImportKind::Repayments, "bench");
    const auto stop = std::chrono::steady_clock::now();
    if (report.status != ImportStatus::Imported || report.recorded != loans) {
      state.SkipWithError("the import was refused");
      break;
    }
    const std::int64_t new_entries = count_rows(path, "entries") - entries_before;
    const std::int64_t new_postings = count_rows(path, "postings") - postings_before;
    // The raw baseline: the same rows, postings spread over the entries as they fell.
    std::vector<EntrySpec> same_rows;
    for (std::int64_t i = 0; i < new_entries; ++i) {
      EntrySpec e = collection_entry(raw_id + i);
      const std::int64_t postings =
          new_postings / new_entries + (i < new_postings % new_entries ? 1 : 0);
      e.postings.resize(static_cast<std::size_t>(postings), e.postings.back());
      same_rows.push_back(std::move(e));
    }
    const auto raw_start = std::chrono::steady_clock::now();
    raw.exec("BEGIN IMMEDIATE");
    for (const EntrySpec& e : same_rows) raw.insert(++raw_id, e);
    raw.exec("COMMIT");
    const auto raw_stop = std::chrono::steady_clock::now();

    const double seconds = std::chrono::duration<double>(stop - start).count();
    state.SetIterationTime(seconds);
    socai_seconds += seconds;
    raw_seconds += std::chrono::duration<double>(raw_stop - raw_start).count();
    entries += new_entries;
    state.counters["postings/entry"] =
        static_cast<double>(new_postings) / static_cast<double>(new_entries);
  }
  state.counters["entries/s"] = static_cast<double>(entries) / socai_seconds;
  state.counters["raw entries/s"] = static_cast<double>(entries) / raw_seconds;
  state.counters["ratio"] = raw_seconds / socai_seconds;
}

// Every benchmark, sized for a full run or a smoke run (CI: seconds, not minutes).
void register_benchmarks(bool smoke) {
  auto spread = [](benchmark::internal::Benchmark* b) {
    b->ComputeStatistics("min", minimum)->ComputeStatistics("max", maximum);
  };
  const std::int64_t batches = smoke ? 2 : 20;
  const std::int64_t durable = smoke ? 50 : 1'000;
  // Posting benchmarks run for a fixed amount of work, so that every repetition writes the
  // same number of rows into a ledger of the same size.
  for (std::int64_t batch : {500, 10'000}) {
    spread(benchmark::RegisterBenchmark("post/batched/store", BM_StorePostBatch)
               ->Arg(batch)
               ->Iterations(batches)
               ->UseRealTime()
               ->Unit(benchmark::kMillisecond));
    spread(benchmark::RegisterBenchmark("post/batched/raw-sqlite", BM_RawSqliteBatch)
               ->Arg(batch)
               ->Iterations(batches)
               ->UseRealTime()
               ->Unit(benchmark::kMillisecond));
  }
  spread(benchmark::RegisterBenchmark("import/repayments", BM_ImportRepayments)
             ->Arg(smoke ? 200 : 10'000)
             ->Iterations(smoke ? 1 : 3)
             ->UseManualTime()
             ->Unit(benchmark::kMillisecond));
  spread(benchmark::RegisterBenchmark("post/durable/store", BM_StorePostDurable)
             ->Iterations(durable)
             ->UseRealTime()
             ->Unit(benchmark::kMicrosecond));
  spread(benchmark::RegisterBenchmark("post/durable/raw-sqlite", BM_RawSqliteCommitPerEntry)
             ->Iterations(durable)
             ->UseRealTime()
             ->Unit(benchmark::kMicrosecond));
  for (RepaymentMethod method : {RepaymentMethod::EqualPrincipal, RepaymentMethod::Annuity}) {
    spread(benchmark::RegisterBenchmark(
               fmt::format("schedule/120-months/{}", repayment_method_name(method)).c_str(),
               BM_Schedule120, method)
               ->MinTime(smoke ? 0.05 : 0.5)
               ->Unit(benchmark::kMicrosecond));
  }
}

// Keeps each benchmark's counters (the median with repetitions, else the only run) and
// prints the ratios to the baselines and the targets once every benchmark has run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal (a reporter of one's own does not read --benchmark_color).
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (!single && !median) continue;
      for (const auto& [name, counter] : run.counters)
        counters_[run.run_name.str()][name] = counter.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void print_ratios() const {
    std::printf("\n%-40s %14s %14s %7s %7s\n", "figure (medians)", "socai", "raw sqlite", "ratio",
                "target");
    ratio("post/batched/store/500", "post/batched/raw-sqlite/500", 0.5);
    ratio("post/batched/store/10000", "post/batched/raw-sqlite/10000", 0.5);
    if (auto socai = find("import/repayments", "entries/s")) {
      const double raw = find("import/repayments", "raw entries/s").value_or(0);
      const double r = find("import/repayments", "ratio").value_or(0);
      line("import/repayments (entries/s)", *socai, raw, r, 0.5);
    }
    ratio("post/durable/store", "post/durable/raw-sqlite", 0.8);
    for (const char* name :
         {"schedule/120-months/equal-principal", "schedule/120-months/annuity"}) {
      if (auto rate = find(name, "schedules/s")) {
        std::printf("%-40s %14.0f %14s %7s %7s  %s\n", name, *rate, "-", "-", ">=50000",
                    *rate >= 50'000 ? "met" : "MISSED");
      }
    }
    std::fflush(stdout);
  }

 private:
  void line(const std::string& name, double socai, double raw, double r, double target) const {
    std::printf("%-40s %14.0f %14.0f %7.2f %7.2f  %s\n", name.c_str(), socai, raw, r, target,
                r >= target ? "met" : "MISSED");
  }
  void ratio(const std::string& socai, const std::string& baseline, double target) const {
    const auto s = find(socai, "entries/s");
    const auto b = find(baseline, "entries/s");
    if (s && b) line(socai + " (entries/s)", *s, *b, *s / *b, target);
  }
  std::optional<double> find(const std::string& prefix, const std::string& counter) const {
    for (const auto& [name, counters] : counters_) {
      if (name.rfind(prefix + "/", 0) != 0 && name != prefix) continue;
      if (auto it = counters.find(counter); it != counters.end()) return it->second;
    }
    return std::nullopt;
  }
  std::map<std::string, std::map<std::string, double>> counters_;
};

std::string first_line_with(const char* path, const std::string& prefix) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) {
      const std::size_t colon = line.find(':');
      std::size_t start = line.find_first_not_of(" \t", colon + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // --dir=PATH: where the benchmark ledgers are written (the disk under test).
  // --smoke: small sizes, for CI.
  std::vector<char*> args;
  bool smoke = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--dir=", 0) == 0) {
      g_dir = arg.substr(6);
    } else if (arg == "--smoke") {
      smoke = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  int count = static_cast<int>(args.size());
  benchmark::AddCustomContext("cpu_model", first_line_with("/proc/cpuinfo", "model name"));
  benchmark::AddCustomContext("cores_online", std::to_string(sysconf(_SC_NPROCESSORS_ONLN)));
  benchmark::AddCustomContext("memory", first_line_with("/proc/meminfo", "MemTotal"));
  benchmark::AddCustomContext("load_average", first_line_with("/proc/loadavg", ""));
  benchmark::AddCustomContext("ledger_dir", g_dir.string());
  benchmark::AddCustomContext("sqlite", sqlite3_libversion());
  benchmark::AddCustomContext("size", smoke ? "smoke" : "full");
  register_benchmarks(smoke);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 2;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  std::filesystem::remove_all(g_dir);
  return 0;
}
