// The month-end close over a generated portfolio of 10,000 loans: after each close the trial
// balance is zero, every loan's buckets add up and replay from its events, the GL control
// accounts equal the loan sub-ledgers, and a second run posts nothing. A close killed part-way
// (SIGKILL in a forked process, mid-batch and on the last loan) completes when re-run, and the
// result is the same journal, entry for entry, as a close that was never interrupted.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

constexpr int kLoans = 10'000;
constexpr int kHouseholds = 2'000;

struct Books {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
};

Books open_books(const std::string& path) {
  Books b;
  b.store = open_ledger(path, test_options(false, kAfterClosedMonths)).value();
  b.book = open_loan_book(*b.store).value();
  return b;
}

struct GeneratedLoan {
  std::string code;
  std::string unit;  // commune and organisation of its group: "C1-12"
  Date disbursed;
};

std::string numbered(const char* prefix, int i, int width) {
  std::string digits = std::to_string(i);
  return prefix + std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits;
}

template <class T>
void expect_ok(const Result<T>& r, const std::string& what) {
  if (!r) FAIL(what << ": " << r.error().message);
}

// Two communes, four groups per organisation in each (direct lending, 99, too), households
// in groups, and loans of program 01 disbursed in January 2026 (missed installments roll
// forward) and in March 2026 (a missed installment's unpaid part becomes overdue).
std::vector<GeneratedLoan> generate(LoanBook& book, std::mt19937_64& rng) {
  const char* orgs[] = {"11", "12", "13", "14", "99"};
  std::vector<std::string> groups;
  for (int c = 1; c <= 2; ++c) {
    const std::string commune = "C" + std::to_string(c);
    Commune com{commune, "Xã " + commune, "Huyện A", "Phú Thọ", std::nullopt, ""};
    if (c == 1) com.gdx_day = 10;
    expect_ok(book.add_commune(com, "test"), "commune");
    lift_cash_floor(book, com.code);
    for (const char* org : orgs) {
      for (int village = 1; village <= 4; ++village) {
        const std::string code = commune + "-" + org + "-" + std::to_string(village);
        expect_ok(book.add_group(
                      Group{code, commune, "Thôn " + std::to_string(village), org, "Tổ trưởng", 0},
                      "test"),
                  "group");
        groups.push_back(code);
      }
    }
  }
  std::vector<std::string> household_group;
  for (int h = 0; h < kHouseholds; ++h) {
    const std::string group = groups[static_cast<std::size_t>(h) % groups.size()];
    Household household{numbered("H", h, 5),
                        "Hộ " + std::to_string(h),
                        numbered("0", h, 11),
                        group.substr(0, 2),
                        "Thôn 1",
                        group,
                        {{2020_y / January / 1, PovertyStatus::Poor}}};
    expect_ok(book.add_household(household, "test"), "household");
    household_group.push_back(group);
  }
  const int terms[] = {12, 24, 36, 60};
  const int everies[] = {1, 3, 6, 12};
  std::vector<GeneratedLoan> loans;
  for (int i = 0; i < kLoans; ++i) {
    const int h = i % kHouseholds;
    const Date day{2026_y / (i % 2 == 0 ? January : March) /
                   date::day{static_cast<unsigned>(2 + rng() % 27)}};
    NewLoan loan{.code = numbered("L", i, 5),
                 .household = numbered("H", h, 5),
                 .program = "01",
                 .officer = "",
                 .amount = vnd_amount(static_cast<std::int64_t>(5 + rng() % 96) * 1'000'000),
                 .term_months = terms[rng() % 4],
                 .date = day,
                 .method = RepaymentMethod::EqualPrincipal,
                 .every_months = everies[rng() % 4],
                 .grace_principal_months = 0,
                 .course_end = std::nullopt,
                 .custom = {},
                 .key = ""};
    expect_ok(book.open_loan(loan, "test"), "open " + loan.code);
    loans.push_back({loan.code, household_group[static_cast<std::size_t>(h)].substr(0, 5), day});
  }
  return loans;
}

// The month's events: disbursements dated in it, and payments on most loans disbursed before.
void month_events(LoanBook& book, std::mt19937_64& rng, const std::vector<GeneratedLoan>& loans,
                  date::year_month month, int paying_percent) {
  for (const GeneratedLoan& l : loans) {
    if (l.disbursed.year() / l.disbursed.month() == month) {
      Money amount = book.loan(l.code, l.disbursed)->contract.approved;
      expect_ok(book.apply({.loan = l.code,
                            .kind = LoanEventKind::Disburse,
                            .amount = amount,
                            .date = l.disbursed,
                            .key = ""},
                           "test"),
                "disburse " + l.code);
    } else if (l.disbursed < Date{month / 1} && static_cast<int>(rng() % 100) < paying_percent) {
      const Date day{month / date::day{static_cast<unsigned>(1 + rng() % 28)}};
      const std::int64_t amount = static_cast<std::int64_t>(1 + rng() % 10) * 100'000;
      expect_ok(book.apply({.loan = l.code,
                            .kind = LoanEventKind::Pay,
                            .amount = vnd_amount(amount),
                            .date = day,
                            .key = ""},
                           "test"),
                "pay " + l.code);
    }
  }
}

MonthCloseOutcome close_ok(LoanBook& book, date::year_month month) {
  Result<MonthCloseOutcome> r = book.close_month(month, "close", {});
  if (!r) FAIL("close: " << r.error().message);
  return r.value();
}

// Runs the close of `month` on `path` in a child process killed by SIGKILL when it has
// closed `kill_at` loans (inside that loan's batch transaction).
void killed_close(const std::string& path, date::year_month month, std::int64_t kill_at) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Books b = open_books(path);
    (void)b.book->close_month(month, "close", [kill_at](std::int64_t done, std::int64_t) {
      if (done == kill_at) ::kill(::getpid(), SIGKILL);
    });
    std::_Exit(0);  // not reached when killed
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

// The whole ledger's checks after a close.
void check_books(Books& b, const std::vector<GeneratedLoan>& loans, const MonthCloseOutcome& c) {
  // Trial balance zero.
  std::int64_t total = 0;
  for (const BalanceRow& r : b.store->trial_balance(std::nullopt).value()) total += r.balance;
  CHECK(total == 0);
  // Every loan: buckets add up to what is outstanding, and the snapshot replays.
  std::map<std::string, std::int64_t> principal_by_group;
  std::map<std::int64_t, LoanState> by_id;
  std::int64_t in_term = 0, overdue = 0, frozen = 0, accrued = 0;
  int mismatched = 0;
  for (std::size_t i = 0; i < loans.size(); ++i) {
    LoanState s = b.book->stored_state(loans[i].code).value();
    if (s.in_term + s.overdue + s.frozen !=
        s.disbursed - s.principal_repaid - s.written_off_principal)
      ++mismatched;
    if (!(b.book->rebuild_state(loans[i].code).value() == s)) ++mismatched;
    principal_by_group[loans[i].unit] += s.principal();
    in_term += s.in_term;
    overdue += s.overdue;
    frozen += s.frozen;
    accrued += s.interest_due_in_term + s.interest_due_overdue;
    by_id[static_cast<std::int64_t>(i) + 1] = s;  // loans were opened in order, ids from 1
  }
  CHECK(mismatched == 0);
  // GL control accounts = the sum of the loan sub-ledgers, and loan by loan.
  auto gl = [&](const std::string& account) {
    std::int64_t sum = 0;
    for (const BalanceRow& r : b.store->balance(account, std::nullopt, std::nullopt).value())
      sum += r.balance;
    return sum;
  };
  CHECK(gl("Assets:Loans:InTerm:01") == in_term);
  CHECK(gl("Assets:Loans:Overdue:01") == overdue);
  CHECK(gl("Assets:Loans:Frozen:01") == frozen);
  CHECK(gl("OffBalance:AccruedInterest:01") == accrued);
  int off = 0;
  for (const BalanceRow& r :
       b.store->loan_balances("Assets:Loans:Overdue:01", std::nullopt).value())
    if (r.balance != by_id.at(r.loan->value).overdue) ++off;
  for (const BalanceRow& r : b.store->loan_balances("Assets:Loans:InTerm:01", std::nullopt).value())
    if (r.balance != by_id.at(r.loan->value).in_term) ++off;
  CHECK(off == 0);
  // The month-end records behind the fees hold every loan's principal.
  for (const FeeRow& f : c.fees)
    CHECK(f.outstanding == principal_by_group.at(f.commune + "-" + f.organisation));
  CHECK(c.fees.size() == 8);  // 2 communes x 4 organisations; direct lending earns no fee
  // The journal verifies.
  Result<VerifyReport> v = b.store->verify();
  REQUIRE(v.ok());
  CHECK(v->ok());
}

}  // namespace

TEST_CASE("month-end closes of 10,000 loans: exact books, no double posting, killed = whole",
          "[close][portfolio]") {
  TempDir dir;
  const std::string path = dir.file("portfolio.db");
  std::mt19937_64 rng(test_seed());
  INFO("seed " << test_seed() << " (rerun with SOCAI_SEED=" << test_seed() << ")");
  std::vector<GeneratedLoan> loans;
  {
    auto store = create_ledger(path, test_options(false, kAfterClosedMonths)).value();
    auto book = open_loan_book(*store).value();
    loans = generate(*book, rng);
    const date::year_month months[] = {2026_y / January, 2026_y / February, 2026_y / March};
    for (date::year_month m : months) {
      month_events(*book, rng, loans, m, 70);
      MonthCloseOutcome c = close_ok(*book, m);
      CHECK_FALSE(c.already_closed);
      CHECK(c.loans == (m == 2026_y / March ? kLoans : kLoans / 2));
    }
    month_events(*book, rng, loans, 2026_y / April, 60);
  }
  // Three copies of the ledger before April's close.
  const std::string killed_mid = dir.file("killed-mid.db");
  const std::string killed_last = dir.file("killed-last.db");
  std::filesystem::copy_file(path, killed_mid);
  std::filesystem::copy_file(path, killed_last);

  MonthCloseOutcome whole;
  std::string whole_head;
  std::int64_t whole_entries = 0;
  {
    Books b = open_books(path);
    whole = close_ok(*b.book, 2026_y / April);
    CHECK(whole.loans == kLoans);
    CHECK(whole.accruals == kLoans);
    CHECK(whole.transfers > 100);  // March loans that missed April's installment
    check_books(b, loans, whole);
    whole_entries = b.store->entry_count().value();
    whole_head = b.store->verify()->head_hash;
    // A second run posts nothing.
    MonthCloseOutcome again = close_ok(*b.book, 2026_y / April);
    CHECK(again.already_closed);
    CHECK(again.accruals == 0);
    CHECK(b.store->entry_count().value() == whole_entries);
  }
  for (const auto& [copy, kill_at] :
       {std::pair{killed_mid, std::int64_t{4'321}}, std::pair{killed_last, std::int64_t{kLoans}}}) {
    INFO("killed at loan " << kill_at);
    killed_close(copy, 2026_y / April, kill_at);
    Books b = open_books(copy);
    // The batches before the kill were kept; the one killed left nothing.
    CHECK(b.store->closed_through().value() == 2026_y / March / 31);
    MonthCloseOutcome resumed = close_ok(*b.book, 2026_y / April);
    CHECK(resumed.resumed);
    CHECK(resumed.loans == kLoans);
    CHECK(resumed.accruals == kLoans - (kill_at - 1) / 500 * 500);
    CHECK(b.store->entry_count().value() == whole_entries);
    CHECK(b.store->verify()->head_hash == whole_head);
    REQUIRE(resumed.fees.size() == whole.fees.size());
    for (std::size_t i = 0; i < whole.fees.size(); ++i) {
      CHECK(resumed.fees[i].fee == whole.fees[i].fee);
      CHECK(resumed.fees[i].balance == whole.fees[i].balance);
    }
  }
}
