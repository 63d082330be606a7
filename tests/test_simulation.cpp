// Deterministic simulation: seeded random sequences of loan operations on a loan book, each
// checked against the reference model of tests/simulation_model.hpp as soon as it is applied
// (refused by both or by neither; the touched loan's buckets, interest owed, status,
// principal due and days past due), and the whole ledger against the model every 1,000
// operations and at the end (trial balance, the control accounts loan by loan, cash per
// transaction point, interest income, write-offs and recoveries, the hash chain).
//
// The model covers: equal-principal loans (every 1, 3, 6 or 12 months, installments rounded
// down to 100,000 VND) in programs 01 (act365f), 19 (act30), 03 (accrual basis) and 12 (its
// own rate cut of 10/10/2025), with and without GDX days; eligibility, caps and terms; tranches;
// interest day by day across the rate cuts, at 130% on overdue principal, nothing on frozen;
// both missed-installment rules (01/03/2026); extensions within the cap, adjustments, freezes
// and their end, write-offs, recoveries, reversals of the last money event, month-end closes
// and the closed period. Not covered: annuity, bullet and custom plans, grace periods, student
// loans, the other day counts, allocation orders other than the default, entrustment fee
// amounts (only their balance in the trial balance), savings, repeated idempotency keys.
//
// SOCAI_SEED reproduces a run (the seed is in every failure message); SOCAI_SIM_OPS sets the
// number of operations (default 100,000).
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>

#include "ledger/approvals.hpp"
#include "ledger/loan_book.hpp"
#include "simulation_model.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;
using socai::sim::Day;
using socai::sim::EventKind;
using socai::sim::LoanModel;

namespace {

enum class OpKind {
  Open,
  Disburse,
  Collect,
  Repay,
  Pay,
  Miss,
  Adjust,
  Extend,
  Freeze,
  Unfreeze,
  WriteOff,
  Recover,
  Reverse,
  Close,
  InClosedMonth,
  InFuture,
};
constexpr std::array<const char*, 16> kOpNames{
    "open",    "disburse",    "collect-interest", "repay",    "pay",       "miss",
    "adjust",  "extend",      "freeze",           "unfreeze", "write-off", "recover",
    "reverse", "close-month", "in-closed-month",  "in-future"};
// Relative weights of the operations drawn (a close is drawn only when a month may close).
constexpr std::array<int, 16> kWeights{4, 8, 14, 10, 14, 2, 3, 3, 2, 2, 3, 3, 6, 3, 1, 1};

std::uint64_t sim_ops() {
  const char* env = std::getenv("SOCAI_SIM_OPS");
  return env ? std::strtoull(env, nullptr, 10) : 100'000;
}

struct Tally {
  std::int64_t done = 0;
  std::int64_t refused = 0;
};

struct SimCommune {
  std::string code;
  std::optional<int> gdx;
};

struct SimHousehold {
  std::string code;
  std::size_t commune = 0;
  sim::Status status = sim::Status::Poor;
};

struct SimLoan {
  LoanModel model;
  std::string code;
  std::size_t commune = 0;
  LoanId id{0};
};

class Simulation {
 public:
  Simulation(std::uint64_t seed, std::uint64_t ops) : seed_(seed), ops_(ops), rng_(seed) {
    store_ =
        create_ledger(dir_.file("simulation.db"), test_options(false, kAfterClosedMonths)).value();
    book_ = open_loan_book(*store_).value();
    approvals_ = open_approvals(*store_).value();
    // DOMAIN.md section 1: the rates before and from the cut of 01/12/2025 (10/10/2025 for
    // social housing), in millionths a year.
    const Day history = sim::day_of(2000, 1, 1);
    const Day cut = sim::day_of(2025, 12, 1);
    programs_ = {
        {.code = "01",
         .act30 = false,
         .accrual = false,
         .rates = {{history, 66'000}, {cut, 62'400}},
         .eligible = sim::Status::Poor,
         .cap = 100'000'000,
         .max_term = 120},
        {.code = "19",
         .act30 = true,
         .accrual = false,
         .rates = {{history, 79'200}, {cut, 74'880}},
         .eligible = sim::Status::NearPoor,
         .cap = 100'000'000,
         .max_term = 120},
        {.code = "03",
         .act30 = false,
         .accrual = true,
         .rates = {{history, 66'000}, {cut, 62'400}},
         .eligible = std::nullopt,
         .cap = 100'000'000,
         .max_term = 120},
        {.code = "12",
         .act30 = false,
         .accrual = false,
         .rates = {{history, 66'000}, {sim::day_of(2025, 10, 10), 54'000}},
         .eligible = std::nullopt,
         .cap = std::nullopt,
         .max_term = 300},
    };
    // Program 19 counts act30 and program 03 books on accrual: one setting away each.
    REQUIRE(book_->set_program("19", "day-count", "act30", "chief").ok());
    REQUIRE(book_->set_program("03", "basis", "accrual", "chief").ok());
    const std::array<std::optional<int>, 4> gdx{std::nullopt, 10, 25, 31};
    const std::array<const char*, 4> orgs{"11", "12", "13", "99"};
    for (std::size_t c = 0; c < gdx.size(); ++c) {
      socai::Commune commune{
          fmt::format("S{}", c + 1), fmt::format("Xã {}", c + 1), "Phú Hòa", "Phú Yên", gdx[c], ""};
      REQUIRE(book_->add_commune(commune, "test").ok());
      lift_cash_floor(*book_, commune.code);
      communes_.push_back({commune.code, gdx[c]});
      const std::string group = fmt::format("G{}", c + 1);
      REQUIRE(
          book_->add_group(Group{group, commune.code, "Thôn 1", orgs[c], "Tổ trưởng", 0}, "test")
              .ok());
      for (int h = 0; h < 12; ++h) {
        const sim::Status status = h % 4 == 3   ? sim::Status::None
                                   : h % 4 == 2 ? sim::Status::NearPoor
                                                : sim::Status::Poor;
        const PovertyStatus library_status = status == sim::Status::Poor ? PovertyStatus::Poor
                                             : status == sim::Status::NearPoor
                                                 ? PovertyStatus::NearPoor
                                                 : PovertyStatus::None;
        const std::string code = fmt::format("H{}-{:02}", c + 1, h);
        REQUIRE(book_
                    ->add_household(socai::Household{code,
                                                     fmt::format("Chủ hộ {}", code),
                                                     fmt::format("{:012}", 100 * (c + 1) + h),
                                                     commune.code,
                                                     "Thôn 1",
                                                     group,
                                                     {{2020_y / January / 1, library_status}}},
                                    "test")
                    .ok());
        households_.push_back({code, c, status});
      }
    }
    pool_target_ = std::clamp<std::size_t>(ops_ / 300, 10, 300);
  }

  void run() {
    const auto started = std::chrono::steady_clock::now();
    for (step_ = 1; step_ <= ops_; ++step_) {
      const Day linear = start_ + date::days{static_cast<int>(kSpanDays * step_ / ops_)};
      linear_ = linear;
      if (linear > today_) today_ = linear;
      one_step();
      if (step_ % 1000 == 0) check_ledger(step_ % 10'000 == 0);
    }
    check_ledger(true);
    check_folds();
    elapsed_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }

  // Operations counted by kind, done or refused by both: every step is one of them.
  std::uint64_t tallied() const {
    std::uint64_t n = 0;
    for (const Tally& t : tally_) n += static_cast<std::uint64_t>(t.done + t.refused);
    return n;
  }
  std::int64_t closes() const { return closes_; }
  // Operations dated after the business date: drawn, and refused for that reason.
  std::int64_t future_drawn() const {
    return tally_[static_cast<std::size_t>(OpKind::InFuture)].refused;
  }
  std::int64_t future_refusals() const { return future_refusals_; }
  std::int64_t approved() const { return approved_; }
  std::int64_t rejected() const { return rejected_; }

  std::string figures() const {
    std::string out = fmt::format(
        "simulation seed {}: {} operations from {} to {} over {} loans, {} month-end closes, "
        "{:.1f} s\n",
        seed_, ops_, date::format("%F", start_), date::format("%F", today_), loans_.size(), closes_,
        elapsed_);
    std::int64_t refused = 0;
    for (std::size_t k = 0; k < kOpNames.size(); ++k) {
      out += fmt::format("  {:<16} {:>7}  done {:>7}  refused by both {:>6}\n", kOpNames[k],
                         tally_[k].done + tally_[k].refused, tally_[k].done, tally_[k].refused);
      refused += tally_[k].refused;
    }
    out += fmt::format("  refusals agreed: {}; ledger checks: {}\n", refused, ledger_checks_);
    out += fmt::format(
        "  through approvals: {} requested, {} approved by a second actor, {} rejected, {} "
        "refused to their requester\n",
        requested_, approved_, rejected_, own_approvals_refused_);
    out += fmt::format("  dated after the business date: {} refused for it, {} for another rule\n",
                       future_refusals_, future_drawn() - future_refusals_);
    return out;
  }

 private:
  static constexpr int kSpanDays = 1'000;  // 2024-01-02 to 2026-09-28
  // The store's business date (its clock, kAfterClosedMonths).
  static constexpr Day kStoreToday = Day{2026_y / December / 1};

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }
  bool chance(int percent) { return uniform(1, 100) <= percent; }

  // A valid amount of at most `max` (all of it `all_percent` of the time, else typically about
  // `typical`), or now and then an invalid one just over it.
  std::int64_t amount_up_to(std::int64_t max, std::int64_t typical, int all_percent = 25) {
    if (max <= 0 || chance(8)) return max + uniform(1, std::max<std::int64_t>(1, max / 10 + 1));
    if (chance(all_percent)) return max;
    const std::int64_t hi = std::clamp<std::int64_t>(typical, 1, max);
    std::int64_t a = uniform(1, hi);
    if (a > 1000 && chance(50)) a = a / 1000 * 1000;
    return a;
  }

  std::string describe(OpKind kind, const std::string& loan, Day day, std::int64_t amount,
                       std::int64_t extra) const {
    return fmt::format("step {} {} loan {} on {} amount {} ({})", step_,
                       kOpNames[static_cast<std::size_t>(kind)], loan, date::format("%F", day),
                       amount, extra);
  }

  [[noreturn]] void mismatch(const std::string& what, const std::string& expected,
                             const std::string& found) {
    FAIL(fmt::format("SOCAI_SEED={} SOCAI_SIM_OPS={}: {}: {}: model {}, library {}", seed_, ops_,
                     op_text_, what, expected, found));
    throw std::logic_error("unreachable");
  }
  void same(const std::string& what, std::int64_t expected, std::int64_t found) {
    if (expected != found) mismatch(what, std::to_string(expected), std::to_string(found));
  }

  // A loan to work on from the live pool (refilled by opening loans), preferably one on which
  // `kind` can be done: most operations drawn are valid, and the rest are refused on purpose.
  std::optional<std::size_t> pick_loan(OpKind kind) {
    std::optional<std::size_t> any;
    for (int attempt = 0; attempt < 6 && !live_.empty(); ++attempt) {
      const std::size_t n = static_cast<std::size_t>(uniform(0, live_.size() - 1));
      const LoanModel& m = loans_[live_[n]].model;
      const sim::LoanState& s = m.state();  // as of its last event: close enough to choose
      const std::int64_t written_off = s.written_off_principal + s.written_off_interest;
      // Nothing more to do on a settled loan but recover what was written off.
      if (s.settled() && (s.recovered == written_off ? chance(90) : chance(20))) {
        live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(n));
        continue;
      }
      if (s.disbursed == 0 && chance(15)) {  // never disbursed (some are not eligible)
        live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(n));
        continue;
      }
      any = live_[n];
      const bool interest = s.owed_in_term + s.owed_overdue > 0 || s.accruing_in_term > 0 ||
                            s.accruing_overdue > 0 || s.in_term + s.overdue > 0;
      bool fits = !s.settled() || kind == OpKind::Recover;
      switch (kind) {
        case OpKind::Disburse:
          fits = fits && s.disbursed < m.rule().approved;
          break;
        case OpKind::Collect:
          fits = fits && interest;
          break;
        case OpKind::Repay:
        case OpKind::Freeze:
          fits = fits && s.in_term + s.overdue > 0;
          break;
        case OpKind::Pay:
        case OpKind::WriteOff:
          fits = fits && (s.principal() > 0 || interest);
          break;
        case OpKind::Adjust:
        case OpKind::Extend:
        case OpKind::Miss:
          fits = fits && s.first_disbursed && s.plan.size() >= 2 && s.principal() > 0;
          break;
        case OpKind::Unfreeze:
          fits = fits && s.frozen > 0;
          break;
        case OpKind::Recover:
          fits = s.recovered < written_off;
          break;
        case OpKind::Reverse:
          fits = fits && m.last_kind() != EventKind::Open && m.last_kind() != EventKind::Reverse &&
                 m.last_kind() != EventKind::Accrue;
          break;
        default:
          break;
      }
      if (fits) return any;
    }
    return any;
  }

  void one_step() {
    std::discrete_distribution<std::size_t> draw(kWeights.begin(), kWeights.end());
    OpKind kind = static_cast<OpKind>(draw(rng_));
    if (live_.size() < pool_target_ && chance(50)) kind = OpKind::Open;
    if (kind == OpKind::Close && !may_close()) kind = OpKind::Collect;
    if (kind == OpKind::InClosedMonth && !closed_) kind = OpKind::Pay;
    std::optional<std::size_t> loan;
    if (kind != OpKind::Open && kind != OpKind::Close) {
      loan = pick_loan(kind);
      if (!loan) kind = OpKind::Open;
      // A loan approved and not yet disbursed is mostly disbursed next.
      if (loan && loans_[*loan].model.state().disbursed == 0 && kind != OpKind::InClosedMonth &&
          kind != OpKind::InFuture && chance(80))
        kind = OpKind::Disburse;
    }
    switch (kind) {
      case OpKind::Open:
        open_loan();
        return;
      case OpKind::Close:
        close_month();
        return;
      case OpKind::Miss:
        miss(*loan);
        return;
      default:
        loan_operation(kind, *loan);
        return;
    }
  }

  void record(OpKind kind, bool done) {
    Tally& t = tally_[static_cast<std::size_t>(kind)];
    if (done) {
      t.done += 1;
    } else {
      t.refused += 1;
    }
  }

  void agree(bool model_done, const Result<LoanOutcome>& r) {
    if (model_done != r.ok()) {
      mismatch("accepted", model_done ? "accepts" : "refuses",
               r.ok() ? std::string("accepts") : "refuses: " + r.error().message);
    }
  }

  void open_loan() {
    const SimHousehold& h =
        households_[static_cast<std::size_t>(uniform(0, households_.size() - 1))];
    // The program the household's status asks for, now and then one it is not eligible for.
    std::size_t program = 2;
    if (h.status == sim::Status::Poor) program = chance(70) ? 0 : 2;
    if (h.status == sim::Status::NearPoor) program = chance(70) ? 1 : 2;
    if (chance(15)) program = 3;
    if (chance(3)) program = static_cast<std::size_t>(uniform(0, 1));
    const sim::ProgramRule& rule = programs_[program];
    static constexpr std::array<int, 4> kEvery{1, 3, 6, 12};
    const int every = kEvery[static_cast<std::size_t>(uniform(0, 3))];
    const int term = every * static_cast<int>(uniform(every == 1 ? 3 : 1, every == 12 ? 5 : 8));
    std::int64_t amount = uniform(10, 1000) * 100'000;
    if (chance(20)) amount += uniform(1, 99'999);
    if (chance(3)) amount = 100'000'000 + uniform(1, 5'000'000);  // over the cap, mostly
    const std::string code = fmt::format("L-{:06}", loans_.size() + 1);
    op_text_ = describe(OpKind::Open, code, today_, amount, term);
    const bool model_done = (!rule.cap || amount <= *rule.cap) && term <= rule.max_term &&
                            !(closed_ && today_ <= *closed_);
    NewLoan n{.code = code,
              .household = h.code,
              .program = rule.code,
              .officer = "",
              .amount = vnd_amount(amount),
              .term_months = term,
              .date = Date{today_},
              .method = RepaymentMethod::EqualPrincipal,
              .every_months = every,
              .grace_principal_months = 0,
              .course_end = std::nullopt,
              .custom = {},
              .key = ""};
    Result<LoanOutcome> r = book_->open_loan(n, "officer");
    agree(model_done, r);
    record(OpKind::Open, model_done);
    if (!model_done) return;
    SimLoan loan{LoanModel(sim::LoanRule{code, &programs_[program], h.status,
                                         communes_[h.commune].gdx, amount, term, every}),
                 code, h.commune, LoanId{0}};
    Result<LoanView> v = book_->loan(code, Date{today_});
    REQUIRE(v.ok());
    loan.id = v->contract.id;
    loans_.push_back(std::move(loan));
    live_.push_back(loans_.size() - 1);
    check_view(loans_.back(), today_);
  }

  bool may_close() const {
    const date::year_month_day first{next_close_};
    const Day through{first.year() / first.month() / date::last};
    // The close refuses a month that has not ended by the store's clock.
    return through < today_ && through < kStoreToday;
  }

  void close_month() {
    const date::year_month_day first{next_close_};
    const date::year_month month{first.year(), first.month()};
    const Day through{month / date::last};
    op_text_ = fmt::format("step {} close-month {}", step_, date::format("%Y-%m", month));
    Result<MonthCloseOutcome> r = book_->close_month(month, "officer", {});
    if (!r) mismatch("close", "closes", "refuses: " + r.error().message);
    std::int64_t accruals = 0;
    for (SimLoan& l : loans_)
      if (l.model.close(through)) ++accruals;
    same("accrual events", accruals, r->accruals);
    closed_ = through;
    next_close_ = through + date::days{1};
    ++closes_;
    record(OpKind::Close, true);
    check_ledger(false);
  }

  // Lets the loan's next due date pass unpaid: the day moves to the day after it (when that
  // is near), and the loan is looked at there.
  void miss(std::size_t index) {
    SimLoan& l = loans_[index];
    const sim::LoanState& s = l.model.state();
    op_text_ = describe(OpKind::Miss, l.code, today_, 0, 0);
    if (s.first_disbursed) {
      for (const sim::Installment& i : s.plan) {
        const Day due = l.model.due_of(s, i);
        if (due < today_) continue;
        // Never more than 20 days ahead of the run's steady pace.
        if (due < linear_ + date::days{20}) today_ = due + date::days{1};
        break;
      }
    }
    op_text_ = describe(OpKind::Miss, l.code, today_, 0, 0);
    record(OpKind::Miss, true);
    check_view(l, today_);
  }

  void loan_operation(OpKind kind, std::size_t index) {
    SimLoan& l = loans_[index];
    const OpKind drawn = kind;
    Day day = today_;
    if (kind == OpKind::InClosedMonth) {
      // Any operation dated in a month already closed.
      day = *closed_ - date::days{static_cast<int>(uniform(0, 40))};
      kind = static_cast<OpKind>(
          uniform(static_cast<int>(OpKind::Disburse), static_cast<int>(OpKind::Reverse)));
      if (kind == OpKind::Miss) kind = OpKind::Pay;
    }
    if (kind == OpKind::InFuture) {
      // Any operation dated after the business date: a slip of a year, or of a millennium.
      day = chance(10) ? sim::day_of(2999, 1, 1)
                       : kStoreToday + date::days{static_cast<int>(uniform(1, 400))};
      kind = static_cast<OpKind>(
          uniform(static_cast<int>(OpKind::Disburse), static_cast<int>(OpKind::Reverse)));
      if (kind == OpKind::Miss) kind = OpKind::Pay;
    }
    const bool future = day > kStoreToday;
    const bool backdated = day < today_;
    const sim::LoanState preview = l.model.on(std::max(day, today_));
    const auto [interest_in_term, interest_overdue] = l.model.interest_owed(preview);
    const std::int64_t interest = interest_in_term + interest_overdue;
    const std::int64_t principal = preview.in_term + preview.overdue;
    const std::int64_t installment =
        preview.plan.empty() ? principal : std::max<std::int64_t>(preview.plan.front().amount, 1);

    LoanOperation op{.loan = l.code,
                     .kind = LoanEventKind::Disburse,
                     .amount = vnd_amount(0),
                     .date = Date{day},
                     .key = fmt::format("sim-{}", step_)};
    sim::LoanModel::Op m{EventKind::Disburse, day, 0, 0, 0};
    // Tranches are mostly paid out before the first installment falls due, now and then later.
    if (kind == OpKind::Disburse && preview.first_disbursed &&
        l.model.due_of(preview, preview.plan.front()) < today_ && chance(70))
      kind = OpKind::Collect;
    switch (kind) {
      case OpKind::Disburse: {
        const std::int64_t left = l.model.rule().approved - preview.disbursed;
        m.amount = chance(50) && left > 0 && !chance(8) ? left : amount_up_to(left, left);
        op.kind = LoanEventKind::Disburse;
        m.kind = EventKind::Disburse;
        break;
      }
      case OpKind::Collect:
        m.amount = amount_up_to(interest, interest);
        op.kind = LoanEventKind::CollectInterest;
        m.kind = EventKind::Collect;
        break;
      case OpKind::Repay:
        m.amount = amount_up_to(principal, installment, 4);
        op.kind = LoanEventKind::RepayPrincipal;
        m.kind = EventKind::Repay;
        break;
      case OpKind::Pay:
        m.amount = amount_up_to(interest + principal, interest + installment / 2, 4);
        op.kind = LoanEventKind::Pay;
        m.kind = EventKind::Pay;
        break;
      case OpKind::Adjust:
        m.number = static_cast<int>(uniform(1, static_cast<std::int64_t>(preview.plan.size()) + 1));
        op.kind = LoanEventKind::Adjust;
        m.kind = EventKind::Adjust;
        break;
      case OpKind::Extend:
        m.number = static_cast<int>(uniform(1, 14));
        op.kind = LoanEventKind::Extend;
        op.reason = "DROUGHT";
        m.kind = EventKind::Extend;
        break;
      case OpKind::Freeze:
        m.number = chance(90) ? (chance(50) ? 3 : 5) : 4;
        op.kind = LoanEventKind::Freeze;
        op.reason = "FLOOD";
        op.approval = "QĐ 50/2010";
        m.kind = EventKind::Freeze;
        break;
      case OpKind::Unfreeze:
        op.kind = LoanEventKind::Unfreeze;
        m.kind = EventKind::Unfreeze;
        break;
      case OpKind::WriteOff: {
        const std::int64_t all = preview.principal();
        m.amount = chance(10) ? all : chance(30) ? 0 : amount_up_to(all, all / 4, 0);
        m.interest = chance(30) ? interest : chance(50) ? 0 : amount_up_to(interest, interest);
        op.kind = LoanEventKind::WriteOff;
        op.reason = "DEATH";
        op.approval = "QĐ 08/2021";
        m.kind = EventKind::WriteOff;
        break;
      }
      case OpKind::Recover: {
        const std::int64_t left =
            preview.written_off_principal + preview.written_off_interest - preview.recovered;
        m.amount = amount_up_to(left, left);
        op.kind = LoanEventKind::Recover;
        m.kind = EventKind::Recover;
        break;
      }
      case OpKind::Reverse:
        op.kind = LoanEventKind::Reverse;
        op.reason = "BOUNCED";
        m.kind = EventKind::Reverse;
        break;
      default:
        FAIL("unexpected operation");
    }
    op.amount = vnd_amount(m.amount);
    op.years = m.number;
    op.interest_amount = m.interest;
    op_text_ = describe(kind, l.code, day, m.amount,
                        m.kind == EventKind::WriteOff ? m.interest : m.number);
    // Half the freezes, unfreezes, write-offs and reversals go through two-person control, as
    // the command line sends them; the rest straight to the loan book, which carries them out.
    const bool controlled = kind == OpKind::Freeze || kind == OpKind::Unfreeze ||
                            kind == OpKind::WriteOff || kind == OpKind::Reverse;
    if (controlled && !future && chance(50)) {
      through_approvals(drawn == OpKind::InClosedMonth ? drawn : kind, l, m, op);
      if (!backdated) check_view(l, day);
      return;
    }
    // Nothing is dated after the business date; the loan goes on as if it had not been tried.
    const bool model_done = !future && l.model.apply(m, closed_);
    Result<LoanOutcome> r = book_->apply(op, "officer");
    agree(model_done, r);
    // Refused for its date, unless another of the operation's rules refused it first.
    if (future &&
        r.error().message.find(fmt::format("is after the business date {}",
                                           date::format("%F", kStoreToday))) != std::string::npos) {
      ++future_refusals_;
    }
    record(drawn == OpKind::InClosedMonth || drawn == OpKind::InFuture ? drawn : kind, model_done);
    if (future) {
      check_view(l, today_);
    } else if (!backdated) {
      check_view(l, day);
    }
  }

  // A controlled operation through approvals. The rules refuse at once what they refuse (the
  // request is rehearsed, and not recorded); a recorded request is refused to its requester,
  // now and then rejected by the second actor (nothing written, the loan as it was), and
  // otherwise approved: carried out, in one transaction with the decision.
  void through_approvals(OpKind tallied_as, SimLoan& l, const sim::LoanModel::Op& m,
                         const LoanOperation& op) {
    sim::LoanModel after = l.model;
    const bool model_done = after.apply(m, closed_);
    Result<Operation> operation = Operation::loan_event(op);
    if (!operation) mismatch("operation", "an operation", operation.error().message);
    Result<Submitted> submitted = approvals_->submit(operation.value(), "officer");
    const bool recorded = submitted.ok() && submitted->request.has_value();
    if (model_done != recorded) {
      mismatch("request recorded", model_done ? "recorded" : "refused",
               submitted.ok() ? (recorded ? "recorded" : "carried out at once")
                              : "refused: " + submitted.error().message);
    }
    if (!recorded) {
      record(tallied_as, false);
      return;
    }
    ++requested_;
    const std::int64_t id = submitted->request->id;
    if (chance(20)) {
      Result<Approved> own = approvals_->approve(id, "officer");
      if (own.ok() || own.error().code != ErrorCode::FailedPrecondition) {
        mismatch("the requester's own approval", "refused",
                 own.ok() ? "approved" : own.error().message);
      }
      ++own_approvals_refused_;
    }
    if (chance(10)) {
      Result<ApprovalRequest> no = approvals_->reject(id, "chief", "no supporting documents");
      if (!no || no->status != "rejected")
        mismatch("rejection", "rejected", no ? no->status : no.error().message);
      ++rejected_;
      record(tallied_as, false);
      return;
    }
    Result<Approved> yes = approvals_->approve(id, "chief");
    if (!yes) mismatch("approval", "carried out", yes.error().message);
    if (!yes->request.first_event || *yes->request.first_event != yes->outcome.loan->event_id)
      mismatch("the approved request's events", "the event written", "another range");
    ++approved_;
    l.model = std::move(after);
    record(tallied_as, true);
  }

  // The loan as the library shows it on `day` against the model.
  void check_view(const SimLoan& l, Day day) {
    Result<LoanView> v = book_->loan(l.code, Date{day});
    if (!v) mismatch("view", "a view", v.error().message);
    const sim::LoanState s = l.model.on(day);
    const LoanState& f = v->state;
    same("disbursed", s.disbursed, f.disbursed);
    same("in-term principal", s.in_term, f.in_term);
    same("overdue principal", s.overdue, f.overdue);
    same("frozen principal", s.frozen, f.frozen);
    same("principal repaid", s.repaid, f.principal_repaid);
    same("interest collected", s.collected, f.interest_collected);
    same("principal written off", s.written_off_principal, f.written_off_principal);
    same("interest written off", s.written_off_interest, f.written_off_interest);
    same("recovered", s.recovered, f.recovered);
    const auto [in_term, overdue] = l.model.interest_owed(s);
    same("in-term interest owed", in_term, v->interest_due.in_term);
    same("overdue interest owed", overdue, v->interest_due.overdue);
    same("principal due", l.model.principal_due(s, day), v->principal_due);
    same("days past due", l.model.days_past_due(s, day), v->days_past_due);
    const std::string status(loan_status_name(v->status));
    if (l.model.status(s) != status) mismatch("status", l.model.status(s), status);
    if (s.first_disbursed) {
      same("maturity", (l.model.due_of(s, s.plan.back()) - Day{}).count(),
           (Day{v->maturity} - Day{}).count());
    }
  }

  // Sum of an account's rows (and sub-accounts'), zero when it has none yet.
  std::int64_t balance_of(const std::string& account) {
    Result<std::vector<BalanceRow>> rows = store_->balance(account, std::nullopt, std::nullopt);
    if (!rows) return 0;
    std::int64_t sum = 0;
    for (const BalanceRow& r : rows.value()) sum += r.balance;
    return sum;
  }
  std::map<std::int64_t, std::int64_t> per_loan(const std::string& account) {
    std::map<std::int64_t, std::int64_t> out;
    Result<std::vector<BalanceRow>> rows = store_->loan_balances(account, std::nullopt);
    if (!rows) return out;
    for (const BalanceRow& r : rows.value())
      if (r.loan) out[r.loan->value] += r.balance;
    return out;
  }

  // The whole ledger against the model: the journal holds each loan as of its last event.
  void check_ledger(bool verify_chain) {
    ++ledger_checks_;
    const std::string saved = op_text_;
    op_text_ = fmt::format("ledger check after step {}", step_);
    Result<std::vector<BalanceRow>> tb = store_->trial_balance(std::nullopt);
    REQUIRE(tb.ok());
    std::int64_t total = 0;
    for (const BalanceRow& r : tb.value()) total += r.balance;
    same("trial balance", 0, total);

    std::vector<std::int64_t> cash(communes_.size(), 0);
    std::map<std::string, std::int64_t> income, written_off;
    std::int64_t recovered = 0, risk_reserve = 0;
    for (const sim::ProgramRule& p : programs_) {
      const auto in_term = per_loan("Assets:Loans:InTerm:" + p.code);
      const auto overdue = per_loan("Assets:Loans:Overdue:" + p.code);
      const auto frozen = per_loan("Assets:Loans:Frozen:" + p.code);
      const auto owed = per_loan(p.accrual ? "Assets:InterestReceivable:" + p.code
                                           : "OffBalance:AccruedInterest:" + p.code);
      auto at = [](const std::map<std::int64_t, std::int64_t>& m, LoanId id) {
        auto it = m.find(id.value);
        return it == m.end() ? std::int64_t{0} : it->second;
      };
      for (const SimLoan& l : loans_) {
        if (l.model.rule().program != &p) continue;
        const sim::LoanState& s = l.model.state();
        op_text_ = fmt::format("ledger check after step {}, loan {}", step_, l.code);
        same("journal in-term", s.in_term, at(in_term, l.id));
        same("journal overdue", s.overdue, at(overdue, l.id));
        same("journal frozen", s.frozen, at(frozen, l.id));
        same("journal interest owed", s.owed_in_term + s.owed_overdue, at(owed, l.id));
        cash[l.commune] += s.repaid + s.collected + s.recovered - s.disbursed;
        income[p.code] -= p.accrual ? s.rounded : s.collected;
        written_off[p.code] += s.written_off_principal + s.written_off_interest - s.recovered;
        recovered += s.recovered;
        risk_reserve += s.written_off_principal + (p.accrual ? s.written_off_interest : 0);
      }
      op_text_ = fmt::format("ledger check after step {}, program {}", step_, p.code);
      same("interest income", income[p.code], balance_of("Income:Interest:" + p.code));
      same("written off, not recovered", written_off[p.code],
           balance_of("OffBalance:WrittenOff:" + p.code));
    }
    op_text_ = fmt::format("ledger check after step {}", step_);
    for (std::size_t c = 0; c < communes_.size(); ++c)
      same("cash of " + communes_[c].code, cash[c],
           balance_of("Assets:Cash:TP-" + communes_[c].code));
    same("recoveries", -recovered, balance_of("Income:Recoveries"));
    same("risk reserve", risk_reserve, balance_of("Equity:RiskReserve"));
    if (verify_chain) {
      Result<VerifyReport> verified = store_->verify();
      REQUIRE(verified.ok());
      if (!verified->ok()) mismatch("hash chain", "intact", verified->problem);
    }
    op_text_ = saved;
  }

  // Each loan's state folded anew from its events is the one stored, and the book's own
  // reconciliation passes every check.
  void check_folds() {
    op_text_ = "reconciliation at the end";
    Result<ReconcileReport> report = book_->reconcile({});
    REQUIRE(report.ok());
    for (const ReconcileCheck& c : report->checks) {
      if (!c.passed && c.discrepancies.empty()) mismatch(c.name, "passes", c.figures);
      if (!c.passed) {
        const Discrepancy& d = c.discrepancies.front();
        mismatch(c.name + " at " + d.where, d.expected, d.found);
      }
    }
    for (const SimLoan& l : loans_) {
      op_text_ = fmt::format("fold of loan {} at the end", l.code);
      Result<LoanState> rebuilt = book_->rebuild_state(l.code);
      Result<LoanState> stored = book_->stored_state(l.code);
      REQUIRE(rebuilt.ok());
      REQUIRE(stored.ok());
      if (!(rebuilt.value() == stored.value())) mismatch("state", "folded = stored", "differs");
    }
  }

  std::uint64_t seed_;
  std::uint64_t ops_;
  std::mt19937_64 rng_;
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LoanBook> book_;
  std::unique_ptr<Approvals> approvals_;
  // Controlled operations sent through approvals: requested, approved by a second actor,
  // rejected, and approvals refused to their own requester.
  std::int64_t requested_ = 0, approved_ = 0, rejected_ = 0, own_approvals_refused_ = 0;
  std::vector<sim::ProgramRule> programs_;
  std::vector<SimCommune> communes_;
  std::vector<SimHousehold> households_;
  std::vector<SimLoan> loans_;
  std::vector<std::size_t> live_;
  std::size_t pool_target_ = 10;
  const Day start_ = sim::day_of(2024, 1, 2);
  Day today_ = start_;
  Day linear_ = start_;
  Day next_close_ = sim::day_of(2024, 1, 1);  // the first day of the next month to close
  std::optional<Day> closed_;
  std::int64_t future_refusals_ = 0;  // refusals that named the business date
  std::uint64_t step_ = 0;
  std::string op_text_;
  std::array<Tally, kOpNames.size()> tally_{};
  std::int64_t closes_ = 0;
  std::int64_t ledger_checks_ = 0;
  double elapsed_ = 0;
};

}  // namespace

TEST_CASE("a seeded run of loan operations agrees with the reference model after every step",
          "[simulation]") {
  const std::uint64_t seed = test_seed();
  const std::uint64_t ops = sim_ops();
  INFO("SOCAI_SEED=" << seed << " SOCAI_SIM_OPS=" << ops);
  Simulation simulation(seed, ops);
  simulation.run();
  std::cout << simulation.figures();
  CHECK(simulation.tallied() == ops);
  CHECK(simulation.closes() > 0);
  // Every operation dated after the business date was refused (tallied as refused by both),
  // most of them for their date; the loans went on.
  CHECK(simulation.future_drawn() > 0);
  CHECK(simulation.future_refusals() * 2 > simulation.future_drawn());
  // Two-person control: requests approved by a second actor and rejected, agreeing with the
  // model all along.
  CHECK(simulation.approved() > 0);
  CHECK(simulation.rejected() > 0);
}

// The reference model is only as good as its own figures: DOMAIN.md's vectors, through it.
TEST_CASE("the simulation's reference model reproduces DOMAIN.md V1, V3 and V4", "[simulation]") {
  const sim::ProgramRule poor{
      .code = "01",
      .act30 = false,
      .accrual = false,
      .rates = {{sim::day_of(2000, 1, 1), 66'000}, {sim::day_of(2025, 12, 1), 62'400}},
      .eligible = sim::Status::Poor,
      .cap = 100'000'000,
      .max_term = 120};
  using Op = sim::LoanModel::Op;
  SECTION("V1: 50,000,000 from 10/11/2025 to 10/12/2025 across the rate cut") {
    LoanModel loan(sim::LoanRule{"V1", &poor, sim::Status::Poor, std::nullopt, 50'000'000, 12, 12});
    REQUIRE(loan.apply(Op{EventKind::Disburse, sim::day_of(2025, 11, 10), 50'000'000, 0, 0},
                       std::nullopt));
    const sim::LoanState s = loan.on(sim::day_of(2025, 12, 10));
    CHECK(loan.interest_owed(s).first == 266'795);
    CHECK(loan.interest_owed(s).second == 0);
  }
  SECTION("V3: 20,000,000 unpaid at the final maturity 15/06/2025, 30 days overdue") {
    LoanModel loan(sim::LoanRule{"V3", &poor, sim::Status::Poor, std::nullopt, 20'000'000, 1, 1});
    REQUIRE(loan.apply(Op{EventKind::Disburse, sim::day_of(2025, 5, 15), 20'000'000, 0, 0},
                       std::nullopt));
    // The month in term, 15/05 to 14/06: 20,000,000 x 6.6% x 31 / 365 = 112,109.58...
    REQUIRE(
        loan.apply(Op{EventKind::Collect, sim::day_of(2025, 6, 15), 112'110, 0, 0}, std::nullopt));
    const sim::LoanState s = loan.on(sim::day_of(2025, 7, 16));
    CHECK(s.overdue == 20'000'000);
    CHECK(s.in_term == 0);
    CHECK(loan.interest_owed(s).first == 3'616);  // 15/06, the due date, still in term
    CHECK(loan.interest_owed(s).second == 141'041);
    CHECK(loan.status(s) == "overdue");
    CHECK(loan.days_past_due(s, sim::day_of(2025, 7, 16)) == 31);
  }
  SECTION("V4: a partial first installment of a loan disbursed after 01/03/2026") {
    LoanModel loan(sim::LoanRule{"V4", &poor, sim::Status::Poor, std::nullopt, 60'000'000, 36, 12});
    REQUIRE(loan.apply(Op{EventKind::Disburse, sim::day_of(2026, 3, 10), 60'000'000, 0, 0},
                       std::nullopt));
    REQUIRE(
        loan.apply(Op{EventKind::Repay, sim::day_of(2027, 3, 10), 5'000'000, 0, 0}, std::nullopt));
    const sim::LoanState due_day = loan.on(sim::day_of(2027, 3, 11));
    CHECK(due_day.in_term == 40'000'000);
    CHECK(due_day.overdue == 15'000'000);
    const std::int64_t owed = loan.interest_owed(due_day).first;
    REQUIRE(loan.apply(Op{EventKind::Collect, sim::day_of(2027, 3, 11), owed, 0, 0}, std::nullopt));
    const sim::LoanState s = loan.on(sim::day_of(2027, 4, 10));
    CHECK(loan.interest_owed(s).first == 205'151);
    CHECK(loan.interest_owed(s).second == 100'011);
    CHECK(loan.principal_due(s, sim::day_of(2027, 4, 10)) == 15'000'000);
  }
}
