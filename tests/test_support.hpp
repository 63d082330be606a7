// Helpers shared by the tests: temporary ledgers, currencies and dates that read like the domain.
#pragma once

#include <date/date.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "ledger/loan_book.hpp"
#include "ledger/store.hpp"

namespace socai::testing {

using namespace date::literals;
using date::January, date::February, date::March, date::April, date::May, date::June, date::July,
    date::August, date::September, date::October, date::November, date::December;

inline Currency vnd() {
  return Currency::find("VND").value();
}
inline Currency usd() {
  return Currency::find("USD").value();
}
inline Money vnd_amount(std::int64_t v) {
  return Money::from_minor(v, vnd());
}

// A fresh directory under the system's temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("socai-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The seed of a property test: SOCAI_SEED when set (to reproduce a failure), else a fixed one.
inline std::uint64_t test_seed() {
  const char* env = std::getenv("SOCAI_SEED");
  return env ? std::strtoull(env, nullptr, 10) : 20251201;
}

// The tests' clock: a business date after every date they record (their loans run to 2035).
inline constexpr const char* kTestNow = "2040-01-02T08:30:00Z";

// The day after the months the close tests close (to September 2026): the store's today.
inline constexpr const char* kAfterClosedMonths = "2026-12-01T08:30:00Z";

// Options with a fixed clock, so recorded-at stamps and today's date are reproducible.
inline StoreOptions test_options(bool durable = true, std::string now = kTestNow) {
  StoreOptions options;
  options.durable = durable;
  options.clock = [now = std::move(now)] { return now; };
  return options;
}

inline EntrySpec transfer(Date date, std::string key, std::string debit, std::string credit,
                          Money amount, std::string memo = "") {
  return EntrySpec{.date = date,
                   .kind = "manual",
                   .memo = std::move(memo),
                   .key = std::move(key),
                   .loan = std::nullopt,
                   .postings = {{std::move(debit), amount, std::nullopt},
                                {std::move(credit), amount.negated().value(), std::nullopt}}};
}

// The transaction point's cash floor in tests (fees.hpp). The scenarios that follow loans
// rather than cash disburse from a point that holds nothing, as a ledger's administrators may
// allow for one account (`cash-floor.<account> none`); the floor's own tests keep it.
enum class CashFloor { Lifted, Kept };

inline void lift_cash_floor(LoanBook& book, const std::string& commune) {
  if (Status s = book.set_setting("cash-floor.Assets:Cash:TP-" + commune, "none", "test"); !s)
    throw std::runtime_error("seed: cash floor: " + s.error().message);
}

// Reference data for loan tests: commune XH (GDX day `gdx_day`, none when 0), a Women's
// Union group G1, and households H1 and H2, poor since 2020-01-01.
inline void seed_reference_data(LoanBook& book, int gdx_day = 0,
                                CashFloor floor = CashFloor::Lifted) {
  Commune commune{"XH", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""};
  if (gdx_day != 0) commune.gdx_day = gdx_day;
  if (!book.add_commune(commune, "test").ok()) throw std::runtime_error("seed: commune");
  if (floor == CashFloor::Lifted) lift_cash_floor(book, "XH");
  if (!book.add_group(Group{"G1", "XH", "Thôn Đông", "12", "Nguyễn Thị Mai", 0}, "test").ok())
    throw std::runtime_error("seed: group");
  for (int i = 1; i <= 2; ++i) {
    Household h{"H" + std::to_string(i),
                "Trần Văn " + std::to_string(i),
                "00120300000" + std::to_string(i),
                "XH",
                "Thôn Đông",
                "G1",
                {{date::year{2020} / date::January / 1, PovertyStatus::Poor}}};
    if (!book.add_household(h, "test").ok()) throw std::runtime_error("seed: household");
  }
}

// Opens a program-01 loan of `amount` for a household, H1 unless named (reference data
// seeded).
inline LoanOutcome open_poor_loan(LoanBook& book, const std::string& code, std::int64_t amount,
                                  Date date, int term = 36, int every = 12,
                                  const std::string& household = "H1") {
  NewLoan loan{.code = code,
               .household = household,
               .program = "01",
               .officer = "",
               .amount = vnd_amount(amount),
               .term_months = term,
               .date = date,
               .method = RepaymentMethod::EqualPrincipal,
               .every_months = every,
               .grace_principal_months = 0,
               .course_end = std::nullopt,
               .custom = {},
               .key = ""};
  Result<LoanOutcome> opened = book.open_loan(loan, "test");
  if (!opened) throw std::runtime_error("open loan: " + opened.error().message);
  return opened.value();
}

}  // namespace socai::testing

// Catch prints amounts as "1,000 VND" in failed checks.
namespace Catch {
template <>
struct StringMaker<socai::Money> {
  static std::string convert(const socai::Money& m) {
    return socai::format(m, socai::MoneyFormat::GroupedEnglish) + " " +
           std::string(m.currency().code());
  }
};
}  // namespace Catch
