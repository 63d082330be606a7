// Property test: 10,000 random loans under six programs (poor, near-poor, newly escaped,
// students, job creation, disadvantaged areas) with every repayment plan, one or more
// disbursements, interest collections, repayments, combined payments and prepayments from
// 2025-06 to 2027 (across the 2025-12-01 rate cut), and operations that must be refused.
// Afterwards every loan's state replays from its events, the GL control accounts equal the
// sums of the loan sub-ledgers, the trial balance is zero and the journal verifies. A model
// kept here in plain integers, fed only by the splits LoanBook::apply returns, is compared
// with the book all along. The seed is printed on failure; SOCAI_SEED=<n> reproduces a run.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <queue>
#include <random>
#include <set>

#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

using Days = date::sys_days;

constexpr int kLoans = 10'000;
constexpr int kCommunes = 25;
constexpr std::int64_t kCap = 100'000'000;  // programs 01, 19, 09, 03 and 10
constexpr std::int64_t kStudentPerMonth = 4'000'000;
const std::vector<std::string> kPrograms{"01", "19", "09", "02", "03", "10"};
const LoanEventKind kKinds[] = {LoanEventKind::Disburse, LoanEventKind::CollectInterest,
                                LoanEventKind::RepayPrincipal, LoanEventKind::Pay};

Date plus_days(Date d, std::int64_t n) {
  return Date{Days{d} + date::days{n}};
}

struct ModelLoan {
  std::string code;
  std::string program;
  std::string commune;
  LoanId id{0};
  std::int64_t approved = 0;
  Date opened;
  std::optional<Date> eligible_until;  // an escaped household: its 36-month window ends here
  std::int64_t disbursed = 0;          // the sums of the splits apply returned
  std::int64_t repaid = 0;
  std::int64_t interest = 0;
  int ops_left = 0;
  bool closed = false;
  bool broken = false;  // the book refused a valid operation on it: no more operations
  std::int64_t principal() const { return disbursed - repaid; }
  bool eligible_on(Date d) const { return !eligible_until || d < *eligible_until; }
};

std::string describe(const ModelLoan& m, LoanEventKind kind, std::int64_t amount, Date d) {
  return fmt::format("{} {} on {} (program {}, opened {}) on {}", loan_event_kind_name(kind),
                     amount, m.code, m.program, format_date(m.opened), format_date(d));
}

}  // namespace

TEST_CASE(
    "10,000 random loans replay from their events, and the GL control accounts equal the loan "
    "sub-ledgers",
    "[loan-property][loan][property]") {
  const std::uint64_t seed = test_seed();
  INFO("seed " << seed << " (rerun with SOCAI_SEED=" << seed << ")");
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  auto chance = [&](int percent) { return uniform(1, 100) <= percent; };
  auto random_date = [&](Date from, Date to) {
    return plus_days(from, uniform(0, (Days{to} - Days{from}).count()));
  };
  // What the book refused (or could not show) although it was valid, with the reason given.
  std::vector<std::string> unexpected;

  TempDir dir;
  // Durability is not under test here; synchronous=NORMAL keeps the run short.
  auto store = create_ledger(dir.file("ledger.db"), test_options(false)).value();
  auto book = open_loan_book(*store).value();

  // --- reference data: communes (most with a GDX day), groups of up to 60 households -------
  std::vector<std::string> communes;
  for (int c = 1; c <= kCommunes; ++c) {
    Commune commune{
        fmt::format("C{:02}", c), fmt::format("Xã {}", c), "Phú Hòa", "Phú Yên", std::nullopt, ""};
    if (!chance(20)) commune.gdx_day = static_cast<int>(uniform(1, 31));
    REQUIRE(book->add_commune(commune, "test").ok());
    lift_cash_floor(*book, commune.code);
    communes.push_back(commune.code);
  }
  const std::vector<std::string> organisations{"11", "12", "13", "14", "99"};
  struct OpenGroup {
    std::string code;
    std::string commune;
    int members = 0;
    int capacity = 0;
  };
  std::optional<OpenGroup> group;
  int groups = 0, full_groups = 0;
  auto next_group = [&]() {
    if (group && group->members == 60) {
      // A full group takes no 61st household.
      Household extra{"H-EXTRA-" + group->code,
                      "Hộ thừa",
                      fmt::format("{:012}", 990'000'000 + groups),
                      group->commune,
                      "Thôn 1",
                      group->code,
                      {{2020_y / January / 1, PovertyStatus::Poor}}};
      Result<Household> refused = book->add_household(extra, "test");
      REQUIRE_FALSE(refused.ok());
      CHECK(refused.error().code == ErrorCode::FailedPrecondition);
      CHECK(book->group(group->code).value().members == 60);
      ++full_groups;
    }
    ++groups;
    const std::string commune = communes[uniform(0, kCommunes - 1)];
    group = OpenGroup{fmt::format("G{:03}", groups), commune, 0,
                      chance(30) ? 60 : static_cast<int>(uniform(3, 59))};
    REQUIRE(book->add_group(Group{group->code, commune, "Thôn 1",
                                  organisations[uniform(0, organisations.size() - 1)],
                                  fmt::format("Tổ trưởng {}", groups), 0},
                            "test")
                .ok());
  };

  // --- loans: one household each, with the status its program asks for ---------------------
  std::vector<ModelLoan> loans;
  loans.reserve(kLoans);
  std::map<std::string, int> per_program, per_method;
  for (int i = 1; i <= kLoans; ++i) {
    if (!group || group->members == group->capacity) next_group();
    const int pick = static_cast<int>(uniform(1, 100));
    const std::string program = pick <= 25   ? "01"
                                : pick <= 45 ? "19"
                                : pick <= 60 ? "09"
                                : pick <= 72 ? "02"
                                : pick <= 85 ? "03"
                                             : "10";
    ModelLoan m;
    m.code = fmt::format("L-{:05}", i);
    m.program = program;
    m.commune = group->commune;

    // The household's status history: one status, or poor and then escaped.
    PovertyStatus status = PovertyStatus::Poor;
    if (program == "19") status = PovertyStatus::NearPoor;
    if (program == "09") status = PovertyStatus::Escaped;
    if (program == "02") {
      const PovertyStatus choices[] = {PovertyStatus::Poor, PovertyStatus::NearPoor,
                                       PovertyStatus::Escaped};
      status = choices[uniform(0, 2)];
    }
    if (program == "03" || program == "10") {
      const PovertyStatus choices[] = {PovertyStatus::Poor, PovertyStatus::NearPoor,
                                       PovertyStatus::Escaped, PovertyStatus::None};
      status = choices[uniform(0, 3)];
    }
    const std::string household = fmt::format("H{:05}", i);
    // In that status since 2015 to 2024; poor before 2022-08 when it escaped later.
    const Date since =
        random_date(2015_y / January / 1,
                    status == PovertyStatus::Escaped ? 2022_y / July / 31 : 2024_y / December / 31);
    Household h{household,
                fmt::format("Chủ hộ {}", i),
                fmt::format("{:012}", 79'000'000'000 + i),
                group->commune,
                "Thôn 1",
                group->code,
                {{since, status == PovertyStatus::Escaped ? PovertyStatus::Poor : status}}};
    REQUIRE(book->add_household(h, "test").ok());
    ++group->members;
    m.opened = random_date(2025_y / June / 1, 2026_y / December / 31);
    if (status == PovertyStatus::Escaped) {
      // Left poverty between 2022-08 and 2025-05.
      const Date escaped = random_date(2022_y / August / 1, 2025_y / May / 31);
      REQUIRE(
          book->set_household_status(household, {escaped, PovertyStatus::Escaped}, "test").ok());
      // Programs 09 and 02 lend to it for 36 months after that; 03 and 10 to anyone.
      if (program == "09" || program == "02") {
        m.eligible_until = add_months(escaped, 36, EndOfMonthRule::Clamp);
        // The contract leaves a month for the first disbursement inside the window.
        const Date latest = std::min(2026_y / December / 31, plus_days(*m.eligible_until, -31));
        m.opened = random_date(2025_y / June / 1, std::max(latest, 2025_y / June / 1));
      }
    }

    NewLoan n{.code = m.code,
              .household = household,
              .program = program,
              .officer = "",
              .amount = vnd_amount(0),
              .term_months = 0,
              .date = m.opened,
              .method = RepaymentMethod::EqualPrincipal,
              .every_months = 1,
              .grace_principal_months = 0,
              .course_end = std::nullopt,
              .custom = {},
              .key = ""};
    auto random_amount = [&](std::int64_t cap) {
      if (chance(5)) return cap;
      const std::int64_t amount = uniform(1'000'000, cap);
      return chance(70) ? std::max<std::int64_t>(amount / 100'000 * 100'000, 100'000) : amount;
    };
    if (program == "02") {
      // A course of 4 to 60 months (and some days): at most 4,000,000 a month of study.
      const Date course_end =
          plus_days(add_months(m.opened, static_cast<int>(uniform(4, 60)), EndOfMonthRule::Clamp),
                    uniform(0, 27));
      const StudentPlan plan = student_plan(m.opened, course_end, std::nullopt).value();
      n.course_end = course_end;
      n.amount = vnd_amount(random_amount(kStudentPerMonth * plan.disbursement_months));
      ++per_method["student"];
    } else {
      const int max_term = program == "09" ? 60 : 120;
      const int terms[] = {3, 6, 12, 18, 24, 36, 48, 60, 84, 120};
      const int term =
          std::min(chance(70) ? terms[uniform(0, 9)] : static_cast<int>(uniform(1, 120)), max_term);
      n.term_months = term;
      n.amount = vnd_amount(random_amount(kCap));
      const int plan = static_cast<int>(uniform(1, 100));
      if (plan <= 55) {
        n.method = RepaymentMethod::EqualPrincipal;
        const int every[] = {1, 3, 6, 12};
        n.every_months = every[uniform(0, 3)];
        while (n.every_months > term) n.every_months = every[uniform(0, 3)];
        if (chance(20) && term > 1)
          n.grace_principal_months = static_cast<int>(uniform(1, term - 1));
        ++per_method["equal-principal every " + std::to_string(n.every_months)];
      } else if (plan <= 70) {
        n.method = RepaymentMethod::Annuity;
        if (chance(20) && term > 1)
          n.grace_principal_months = static_cast<int>(uniform(1, term - 1));
        ++per_method["annuity"];
      } else if (plan <= 85) {
        n.method = RepaymentMethod::Bullet;
        ++per_method["bullet"];
      } else {
        // Up to six installments in ascending months (the last at the term), summing to the
        // approved amount.
        n.method = RepaymentMethod::Custom;
        std::set<int> periods{term};
        const int count = static_cast<int>(uniform(1, std::min(term, 6)));
        while (static_cast<int>(periods.size()) < count)
          periods.insert(static_cast<int>(uniform(1, term)));
        std::int64_t left = n.amount.minor_units();
        int remaining = count;
        for (int period : periods) {
          const std::int64_t part = remaining == 1 ? left : uniform(1, left - (remaining - 1));
          n.custom.push_back({period, vnd_amount(part)});
          left -= part;
          --remaining;
        }
        ++per_method["custom"];
      }
    }
    Result<LoanOutcome> opened = book->open_loan(n, "officer");
    if (!opened) {
      unexpected.push_back(fmt::format(
          "opening {} (program {}, {}, {}, term {}): {}", m.code, program, format_date(m.opened),
          repayment_method_name(n.method), n.term_months, opened.error().message));
      continue;
    }
    m.approved = n.amount.minor_units();
    m.id = book->loan(m.code, m.opened).value().contract.id;
    m.ops_left = static_cast<int>(uniform(3, 12));
    ++per_program[program];
    loans.push_back(std::move(m));
  }

  // --- operations, in date order over all loans ----------------------------------------------
  std::int64_t next_key = 0, recorded = 0, refused = 0, closed = 0, views = 0;
  std::int64_t overdue_transfers = 0;
  std::map<std::string, int> done;  // successful operations per kind
  std::map<std::string, std::int64_t> collected_per_program;

  // Checks a recorded operation's split and feeds it to the model.
  auto feed = [&](ModelLoan& m, LoanEventKind kind, std::int64_t amount, Date d,
                  const LoanOutcome& outcome) {
    INFO(describe(m, kind, amount, d));
    const LoanSplit& s = outcome.split;
    CHECK_FALSE(outcome.already_recorded);
    CHECK(outcome.entry.has_value());
    const std::int64_t interest = s.overdue_interest + s.in_term_interest;
    const std::int64_t principal = s.overdue_principal + s.due_principal + s.prepaid_principal;
    switch (kind) {
      case LoanEventKind::Disburse:
        CHECK(s.disbursed == amount);
        CHECK(interest + principal == 0);
        break;
      case LoanEventKind::CollectInterest:
        CHECK(interest == amount);
        CHECK(principal + s.disbursed == 0);
        break;
      case LoanEventKind::RepayPrincipal:
        CHECK(principal == amount);
        CHECK(interest + s.disbursed == 0);
        break;
      case LoanEventKind::Pay:
        CHECK(interest + principal == amount);
        CHECK(s.disbursed == 0);
        break;
      case LoanEventKind::Freeze:
      case LoanEventKind::Unfreeze:
      case LoanEventKind::WriteOff:
      case LoanEventKind::Recover:
      case LoanEventKind::Extend:
      case LoanEventKind::Adjust:
      case LoanEventKind::Accrue:
      case LoanEventKind::Reverse:
        FAIL_CHECK("this test does not reschedule, freeze, write off or close loans");
        break;
    }
    // Installments left unpaid past their due dates moved to overdue on the way, each with
    // its own journal entry.
    for (const OverdueTransfer& transfer : outcome.transfers) {
      CHECK(transfer.amount > 0);
      CHECK(transfer.effective == plus_days(transfer.due_date, 1));
      ++overdue_transfers;
    }
    recorded += static_cast<std::int64_t>(outcome.transfers.size());
    m.disbursed += s.disbursed;
    m.repaid += principal;
    m.interest += interest;
    collected_per_program[m.program] += interest;
    ++recorded;
    ++done[std::string(loan_event_kind_name(kind))];
  };
  // Applies an operation that must be recorded.
  auto expect_done = [&](ModelLoan& m, LoanEventKind kind, std::int64_t amount, Date d) {
    Result<LoanOutcome> r = book->apply(
        LoanOperation{m.code, kind, vnd_amount(amount), d, "op-" + std::to_string(++next_key)},
        "officer");
    if (!r) {
      unexpected.push_back(describe(m, kind, amount, d) + ": " + r.error().message);
      m.broken = true;
      return;
    }
    feed(m, kind, amount, d, r.value());
  };
  // Applies an operation that must be refused, and checks that it changed nothing.
  auto expect_refused = [&](ModelLoan& m, LoanEventKind kind, std::int64_t amount, Date d,
                            const char* why) {
    const std::int64_t entries = store->entry_count().value();
    const LoanState before = book->stored_state(m.code).value();
    Result<LoanOutcome> r = book->apply(
        LoanOperation{m.code, kind, vnd_amount(amount), d, "op-" + std::to_string(++next_key)},
        "officer");
    INFO(describe(m, kind, amount, d) << " must be refused: " << why);
    if (r) {
      FAIL_CHECK("recorded");
      feed(m, kind, amount, d, r.value());
      return;
    }
    INFO(r.error().message);
    CHECK(r.error().code == ErrorCode::FailedPrecondition);
    CHECK(store->entry_count().value() == entries);
    CHECK(book->stored_state(m.code).value() == before);
    ++refused;
  };
  // The loan as of `d`, checked against the model.
  auto view = [&](ModelLoan& m, Date d) -> std::optional<LoanView> {
    Result<LoanView> v = book->loan(m.code, d);
    if (!v) {
      unexpected.push_back(
          fmt::format("view of {} on {}: {}", m.code, format_date(d), v.error().message));
      m.broken = true;
      return std::nullopt;
    }
    INFO("view of " << m.code << " on " << format_date(d));
    CHECK(v->state.disbursed == m.disbursed);
    CHECK(v->state.principal_repaid == m.repaid);
    CHECK(v->state.principal() == m.principal());
    CHECK(v->state.interest_collected == m.interest);
    ++views;
    return v.value();
  };
  auto interest_due = [&](ModelLoan& m, Date d) -> std::optional<std::int64_t> {
    std::optional<LoanView> v = view(m, d);
    if (!v) return std::nullopt;
    return v->interest_due.total();
  };
  // A random amount from 1 to `max`: sometimes all of it, often a round one.
  auto some_of = [&](std::int64_t max) {
    if (chance(15)) return max;
    std::int64_t amount = uniform(1, max);
    if (chance(50) && amount >= 100'000) amount = amount / 100'000 * 100'000;
    return amount;
  };

  // One operation on a loan that is not closed.
  auto step = [&](ModelLoan& m, Date d) {
    if (m.disbursed == 0) {
      if (chance(3)) {
        // Nothing is owed before the first disbursement.
        expect_refused(m, chance(50) ? LoanEventKind::RepayPrincipal : LoanEventKind::Pay,
                       uniform(1, 1'000'000), d, "nothing disbursed yet");
      }
      expect_done(m, LoanEventKind::Disburse, chance(60) ? m.approved : uniform(1, m.approved), d);
      return;
    }
    const int action = static_cast<int>(uniform(1, 100));
    const std::int64_t undisbursed = m.approved - m.disbursed;
    if (action <= 8) {
      if (undisbursed == 0) return;
      const std::int64_t amount = some_of(undisbursed);
      if (m.eligible_on(d)) {
        expect_done(m, LoanEventKind::Disburse, amount, d);
      } else {
        expect_refused(m, LoanEventKind::Disburse, amount, d,
                       "the household left poverty over 36 months ago");
      }
    } else if (action <= 11) {
      expect_refused(m, LoanEventKind::Disburse, undisbursed + uniform(1, 5'000'000), d,
                     "beyond the approved amount");
    } else if (action <= 42) {
      const std::optional<std::int64_t> due = interest_due(m, d);
      if (due && *due > 0) expect_done(m, LoanEventKind::CollectInterest, some_of(*due), d);
    } else if (action <= 45) {
      const std::optional<std::int64_t> due = interest_due(m, d);
      if (due) {
        expect_refused(m, LoanEventKind::CollectInterest, *due + uniform(1, 100'000), d,
                       "more interest than owed");
      }
    } else if (action <= 62) {
      if (m.principal() > 0)
        expect_done(m, LoanEventKind::RepayPrincipal, some_of(m.principal()), d);
    } else if (action <= 65) {
      expect_refused(m, LoanEventKind::RepayPrincipal, m.principal() + uniform(1, 1'000'000), d,
                     "more principal than owed");
    } else if (action <= 82) {
      const std::optional<std::int64_t> due = interest_due(m, d);
      if (due && m.principal() + *due > 0)
        expect_done(m, LoanEventKind::Pay, some_of(m.principal() + *due), d);
    } else if (action <= 85) {
      const std::optional<std::int64_t> due = interest_due(m, d);
      if (due) {
        expect_refused(m, LoanEventKind::Pay, m.principal() + *due + uniform(1, 1'000'000), d,
                       "more than everything owed");
      }
    } else if (action <= 91) {
      // A prepayment of all but a few thousand dong.
      if (m.principal() > 1) {
        const std::int64_t keep = uniform(1, std::min<std::int64_t>(3'000, m.principal() - 1));
        expect_done(m, LoanEventKind::RepayPrincipal, m.principal() - keep, d);
      }
    } else if (action <= 96) {
      // Everything owed in one payment.
      const std::optional<std::int64_t> due = interest_due(m, d);
      if (due && m.principal() + *due > 0)
        expect_done(m, LoanEventKind::Pay, m.principal() + *due, d);
    } else {
      // The principal, then the interest.
      if (m.principal() > 0) expect_done(m, LoanEventKind::RepayPrincipal, m.principal(), d);
      const std::optional<std::int64_t> due = m.broken ? std::nullopt : interest_due(m, d);
      if (due && *due > 0) expect_done(m, LoanEventKind::CollectInterest, *due, d);
    }
  };

  using Pending = std::pair<Days, std::size_t>;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> queue;
  for (std::size_t i = 0; i < loans.size(); ++i) {
    const Date first = plus_days(loans[i].opened, chance(50) ? 0 : uniform(1, 30));
    queue.push({Days{first}, i});
  }
  const Date end = 2027_y / December / 31;
  while (!queue.empty()) {
    const auto [day, index] = queue.top();
    queue.pop();
    ModelLoan& m = loans[index];
    const Date d{day};
    --m.ops_left;
    step(m, d);
    if (m.broken) continue;

    if (m.disbursed > 0 && m.principal() == 0) {
      // Principal repaid: once the interest is too, the loan is closed.
      std::optional<LoanView> v = view(m, d);
      if (!v) continue;
      INFO(m.code << " has repaid its principal on " << format_date(d) << "; interest due "
                  << v->interest_due.total() << ", status " << loan_status_name(v->status));
      if (v->status == LoanStatus::Closed) {
        CHECK(v->interest_due.total() == 0);
        m.closed = true;
        ++closed;
        // Nothing more can be disbursed or paid, on that day or later.
        expect_refused(m, kKinds[uniform(0, 3)], uniform(1, 1'000'000),
                       plus_days(d, uniform(0, 60)), "the loan is closed");
        continue;
      }
      // Not closed: interest must still be owed, or no payment could ever close it.
      CHECK(v->interest_due.total() > 0);
      if (v->interest_due.total() == 0) continue;
    }

    if (m.ops_left <= 0) continue;
    const std::int64_t days = chance(15) ? 0 : chance(75) ? uniform(25, 35) : uniform(1, 200);
    const Date next = plus_days(d, days);
    if (next <= end) queue.push({Days{next}, index});
  }

  // --- every loan: principal in its buckets, a state that replays from its events -----------
  std::map<std::string, std::int64_t> in_term_per_program, overdue_per_program, frozen_per_program,
      accrued_per_program, interest_per_program, cash_per_commune;
  std::map<LoanId, const ModelLoan*> by_id;
  std::map<LoanId, LoanState> states;
  for (const ModelLoan& m : loans) {
    INFO("loan " << m.code << " (program " << m.program << ")");
    const LoanState stored = book->stored_state(m.code).value();
    Result<LoanState> rebuilt = book->rebuild_state(m.code);
    INFO((rebuilt ? std::string() : rebuilt.error().message));
    REQUIRE(rebuilt.ok());
    CHECK(rebuilt.value() == stored);
    CHECK(stored.in_term + stored.overdue + stored.frozen ==
          stored.disbursed - stored.principal_repaid);
    CHECK(stored.disbursed == m.disbursed);
    CHECK(stored.principal_repaid == m.repaid);
    CHECK(stored.interest_collected == m.interest);
    CHECK(stored.disbursed <= m.approved);
    if (Result<LoanView> v = book->loan(m.code, end); v) {
      // The view is the stored state brought to `end`: the same money, later due dates settled.
      CHECK(v->state.disbursed == stored.disbursed);
      CHECK(v->state.principal_repaid == stored.principal_repaid);
      CHECK(v->state.principal() == stored.principal());
      CHECK(v->state.overdue >= stored.overdue);
      CHECK(v->state.in_term + v->state.overdue + v->state.frozen ==
            v->state.disbursed - v->state.principal_repaid);
      CHECK((v->status == LoanStatus::Closed) == m.closed);
      CHECK(v->contract.id == m.id);
    } else if (!m.broken) {
      unexpected.push_back(
          fmt::format("view of {} on {}: {}", m.code, format_date(end), v.error().message));
    }
    in_term_per_program[m.program] += stored.in_term;
    overdue_per_program[m.program] += stored.overdue;
    frozen_per_program[m.program] += stored.frozen;
    accrued_per_program[m.program] += stored.interest_due_in_term + stored.interest_due_overdue;
    interest_per_program[m.program] += stored.interest_collected;
    cash_per_commune[m.commune] += -m.disbursed + m.repaid + m.interest;
    by_id[m.id] = &m;
    states[m.id] = stored;
  }

  // --- the GL: control accounts equal their sub-ledgers, income equals what was collected ---
  std::map<std::string, std::int64_t> gl;
  std::map<std::string, std::int64_t> per_currency;
  for (const BalanceRow& row : store->trial_balance(std::nullopt).value()) {
    gl[row.account] += row.balance;
    per_currency[row.currency] += row.balance;
    CHECK(row.balance == row.debit - row.credit);
  }
  for (const auto& [currency, total] : per_currency) {
    INFO("currency " << currency);
    CHECK(total == 0);
  }
  for (const std::string& p : kPrograms) {
    INFO("program " << p);
    CHECK(gl["Assets:Loans:InTerm:" + p] == in_term_per_program[p]);
    CHECK(gl["Assets:Loans:Overdue:" + p] == overdue_per_program[p]);
    CHECK(gl["Assets:Loans:Frozen:" + p] == frozen_per_program[p]);
    CHECK(gl["OffBalance:AccruedInterest:" + p] == accrued_per_program[p]);
    CHECK(gl["OffBalance:AccruedInterestContra:" + p] == -accrued_per_program[p]);
    CHECK(gl["Income:Interest:" + p] == -interest_per_program[p]);
    CHECK(gl["Income:Interest:" + p] == -collected_per_program[p]);

    // Per loan: each control account's sub-ledger row equals the loan's bucket.
    for (const char* root :
         {"Assets:Loans:InTerm:", "Assets:Loans:Overdue:", "OffBalance:AccruedInterest:"}) {
      const std::string account = root + p;
      const std::string_view role = root;
      std::map<LoanId, std::int64_t> rows;
      std::int64_t sum = 0;
      for (const BalanceRow& row : store->loan_balances(account, std::nullopt).value()) {
        INFO(account);
        REQUIRE(row.loan.has_value());
        rows[*row.loan] += row.balance;
        sum += row.balance;
      }
      CHECK(sum == gl[account]);
      for (const auto& [id, balance] : rows) {
        INFO(account << ", loan id " << id.value);
        REQUIRE(by_id.count(id) == 1);
        CHECK(by_id[id]->program == p);
      }
      for (const ModelLoan& m : loans) {
        if (m.program != p) continue;
        INFO(account << ", loan " << m.code);
        const LoanState& s = states[m.id];
        CHECK(rows[m.id] == (role == "Assets:Loans:InTerm:" ? s.in_term
                             : role == "Assets:Loans:Overdue:"
                                 ? s.overdue
                                 : s.interest_due_in_term + s.interest_due_overdue));
      }
    }
  }
  for (const std::string& c : communes) {
    INFO("commune " << c);
    CHECK(gl["Assets:Cash:TP-" + c] == cash_per_commune[c]);
  }

  VerifyReport report = store->verify().value();
  CHECK(report.ok());
  CHECK(report.entries_checked == store->entry_count().value());
  CHECK(report.entries_checked == recorded);

  // Valid operations the book refused, the first few of them.
  {
    std::string first;
    for (std::size_t i = 0; i < std::min<std::size_t>(unexpected.size(), 10); ++i)
      first += "\n  " + unexpected[i];
    INFO(unexpected.size() << " valid operations refused:" << first);
    CHECK(unexpected.empty());
  }
  // The run exercised every kind of step, overdue transfers included.
  CHECK(overdue_transfers > 100);
  for (const std::string& p : kPrograms) CHECK(per_program[p] > 500);
  for (const auto& [method, count] : per_method) CHECK(count > 500);
  CHECK(per_method.size() == 8);
  CHECK(done["disburse"] > 10'000);
  CHECK(done["collect-interest"] > 10'000);
  CHECK(done["repay"] > 8'000);
  CHECK(done["pay"] > 8'000);
  CHECK(refused > 8'000);
  CHECK(closed > 3'000);
  CHECK(views > 20'000);
  CHECK(full_groups > 20);
}

// Reductions of what the property test found, each the smallest case of its kind.

TEST_CASE("with GDX day 31, a loan first disbursed on 30 April can be shown and repaid",
          "[loan-property][loan][schedule]") {
  TempDir dir;
  auto store = create_ledger(dir.file("ledger.db"), test_options(false)).value();
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book, 31);
  // Opened on 15 April (due dates 30 April, 31 May, 30 June), disbursed on 30 April.
  open_poor_loan(*book, "L-1", 10'000'000, 2026_y / April / 15, 3, 1);
  REQUIRE(book->apply(LoanOperation{"L-1", LoanEventKind::Disburse, vnd_amount(10'000'000),
                                    2026_y / April / 30, ""},
                      "officer")
              .ok());
  Result<LoanView> v = book->loan("L-1", 2026_y / May / 31);
  {
    INFO((v ? std::string() : v.error().message));
    CHECK(v.ok());
  }
  Result<LoanOutcome> repaid =
      book->apply(LoanOperation{"L-1", LoanEventKind::RepayPrincipal, vnd_amount(1'000'000),
                                2026_y / May / 31, ""},
                  "officer");
  INFO((repaid ? std::string() : repaid.error().message));
  CHECK(repaid.ok());
}

TEST_CASE("with GDX day 31, a loan opened on 28 May has one due date a month",
          "[loan-property][loan][schedule]") {
  TempDir dir;
  auto store = create_ledger(dir.file("ledger.db"), test_options(false)).value();
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book, 31);
  // 28 February and 28 March 2027 must not both move to 28 February.
  NewLoan loan{.code = "L-1",
               .household = "H1",
               .program = "01",
               .officer = "",
               .amount = vnd_amount(12'000'000),
               .term_months = 12,
               .date = 2026_y / May / 28,
               .method = RepaymentMethod::EqualPrincipal,
               .every_months = 1,
               .grace_principal_months = 0,
               .course_end = std::nullopt,
               .custom = {},
               .key = ""};
  Result<LoanOutcome> opened = book->open_loan(loan, "officer");
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  Schedule s = book->loan_schedule("L-1").value();
  Date previous = loan.date;
  for (const SchedulePeriod& p : s.periods()) {
    INFO("period " << p.period << " due " << format_date(p.due_date));
    CHECK(p.due_date > previous);
    previous = p.due_date;
  }
}
