// Tests of ledger/fees.hpp: entrustment fees and their split (DOMAIN.md section 5, V5).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "ledger/fees.hpp"
#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

TEST_CASE("V5: a Women's Union with 2.5% overdue earns 2,560,000 on 10 billion, split 84/9/4.5",
          "[fees]") {
  // DOMAIN.md V5: 10,000,000,000 x 0.032% x 80% = 2,560,000.
  EntrustmentFee f = entrustment_fee(vnd_amount(10'000'000'000), Exact(25, 1000), {}).value();
  CHECK(f.factor == Exact(80, 100));
  CHECK(f.total == vnd_amount(2'560'000));
  CHECK(f.commune == vnd_amount(2'150'400));
  CHECK(f.district == vnd_amount(230'400));
  CHECK(f.province == vnd_amount(115'200));
  CHECK(f.central == vnd_amount(64'000));
}

TEST_CASE("the quality factor steps down at 2%, 3% and 4% overdue", "[fees]") {
  const FeeSettings s;
  CHECK(quality_factor(Exact(0), s) == 1);
  CHECK(quality_factor(Exact(199, 10'000), s) == 1);
  CHECK(quality_factor(Exact(2, 100), s) == Exact(80, 100));
  CHECK(quality_factor(Exact(299, 10'000), s) == Exact(80, 100));
  CHECK(quality_factor(Exact(3, 100), s) == Exact(50, 100));
  CHECK(quality_factor(Exact(399, 10'000), s) == Exact(50, 100));
  CHECK(quality_factor(Exact(4, 100), s) == 0);
  CHECK(quality_factor(Exact(1), s) == 0);
}

TEST_CASE("a fee is rounded once and its split always sums to it", "[fees]") {
  // 123,456,789 x 0.032% = 39,506.17... -> 39,506, split 33,185.04 / 3,555.54 / 1,777.77 /
  // 987.65: the two units left go to the largest fractions (province .77, central .65).
  EntrustmentFee f = entrustment_fee(vnd_amount(123'456'789), Exact(1, 100), {}).value();
  CHECK(f.total == vnd_amount(39'506));
  CHECK(f.commune == vnd_amount(33'185));
  CHECK(f.district == vnd_amount(3'555));
  CHECK(f.province == vnd_amount(1'778));
  CHECK(f.central == vnd_amount(988));
  for (std::int64_t balance : {0LL, 1LL, 999LL, 3'125LL, 77'777'777LL, 9'999'999'999'999LL}) {
    EntrustmentFee g = entrustment_fee(vnd_amount(balance), Exact(0), {}).value();
    CHECK(g.commune.minor_units() + g.district.minor_units() + g.province.minor_units() +
              g.central.minor_units() ==
          g.total.minor_units());
  }
}

TEST_CASE("fee settings are settings: another rate, other bands, another split", "[fees]") {
  FeeSettings s;
  s.rate = Exact(5, 10'000);  // 0.05%
  s.bands = {{Exact(1, 100), Exact(1)}};
  s.factor_beyond = Exact(1, 2);
  s.commune_bp = 10'000;
  s.district_bp = 0;
  s.province_bp = 0;
  EntrustmentFee f = entrustment_fee(vnd_amount(1'000'000'000), Exact(1, 100), s).value();
  CHECK(f.total == vnd_amount(250'000));
  CHECK(f.commune == vnd_amount(250'000));
  CHECK(f.central == vnd_amount(0));
  s.province_bp = 1;
  CHECK(entrustment_fee(vnd_amount(1), Exact(0), s).error().code == ErrorCode::InvalidArgument);
  CHECK(entrustment_fee(vnd_amount(-1), Exact(0), {}).error().code == ErrorCode::InvalidArgument);
}

// --- Cash floors (the cash-floor.<account> settings) ---

TEST_CASE("a transaction point's cash floor is zero unless a setting says otherwise",
          "[fees][cash-floor]") {
  CHECK(has_cash_floor("Assets:Cash:TP-TN", std::nullopt));
  CHECK(has_cash_floor("Assets:Cash:TP-TN:Safe", std::nullopt));
  CHECK_FALSE(has_cash_floor("Assets:Cash:TP-TN", "none"));
  CHECK_FALSE(has_cash_floor("Assets:Cash:HeadOffice", std::nullopt));
  CHECK(has_cash_floor("Assets:Cash:HeadOffice", "0"));
  CHECK(check_cash_floor_setting("cash-floor.Assets:Cash:HeadOffice", "0").ok());
  CHECK(check_cash_floor_setting("cash-floor.Assets:Cash:TP-TN", "none").ok());
  CHECK(check_cash_floor_setting("cash-floor.Assets:Cash:TP-TN", "-5").error().message ==
        "setting cash-floor.Assets:Cash:TP-TN = '-5': expected 0 (never below zero) or none");
  CHECK(check_cash_floor_setting("cash-floor.Equity:Funds:Central", "0").error().message ==
        "setting 'cash-floor.Equity:Funds:Central': a cash floor is cash-floor.ACCOUNT, ACCOUNT "
        "an asset account such as Assets:Cash:TP-TN");
  CHECK(check_cash_floor_setting("cash-floor.", "0").error().code == ErrorCode::InvalidArgument);
}

namespace {

// A ledger whose transaction point TP-XH keeps its floor, with loan L-1 of 30,000,000 opened
// on 2026-01-10.
struct Point {
  TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  Point() {
    store = create_ledger(dir.file("point.db"), test_options(false)).value();
    book = open_loan_book(*store).value();
    seed_reference_data(*book, 0, CashFloor::Kept);
    open_poor_loan(*book, "L-1", 30'000'000, 2026_y / January / 10);
  }
  Result<PostOutcome> cash(std::string key, Date date, std::int64_t amount) {
    return store->post(transfer(date, std::move(key), "Assets:Cash:TP-XH", "Equity:Funds:Central",
                                vnd_amount(amount), "cash for the session"),
                       "accountant");
  }
  Result<LoanOutcome> disburse(std::int64_t amount, Date date) {
    return book->apply(LoanOperation{"L-1", LoanEventKind::Disburse, vnd_amount(amount), date, ""},
                       "officer");
  }
  std::int64_t tp_balance(std::optional<Date> as_of = std::nullopt) {
    for (const BalanceRow& row : store->trial_balance(as_of).value())
      if (row.account == "Assets:Cash:TP-XH") return row.balance;
    return 0;
  }
  std::int64_t entries() { return store->entry_count().value(); }
  // H1's savings brought to the point, or taken from it.
  Result<SavingsOutcome> save(std::int64_t amount, Date date, bool withdrawal) {
    return book->savings(SavingsOperation{.household = "H1",
                                          .withdrawal = withdrawal,
                                          .amount = vnd_amount(amount),
                                          .date = date,
                                          .key = ""},
                         "leader");
  }
};

std::string below(std::string_view amount, std::string_view day) {
  return fmt::format(
      "Assets:Cash:TP-XH would hold {} VND on {}, below its cash floor of zero (setting "
      "cash-floor.Assets:Cash:TP-XH): bring the cash in first, or date the payment on or after "
      "the day it came; nothing was written",
      amount, day);
}

}  // namespace

TEST_CASE("a transaction point disburses only the cash it holds, on every day from the payment's",
          "[fees][cash-floor]") {
  Point p;
  // Nothing brought yet: refused, nothing written, the loan still waiting.
  Result<LoanOutcome> early = p.disburse(30'000'000, 2026_y / January / 10);
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == ErrorCode::FailedPrecondition);
  CHECK(early.error().message == below("-30,000,000", "2026-01-10"));
  CHECK(p.entries() == 0);

  // 20,000,000 on the 9th: still 10,000,000 short.
  REQUIRE(p.cash("CAP-1", 2026_y / January / 9, 20'000'000).ok());
  CHECK(p.disburse(30'000'000, 2026_y / January / 10).error().message ==
        below("-10,000,000", "2026-01-10"));
  // 10,000,000 more, but on the 12th: the payment dated the 10th would leave the point short
  // on the 10th and the 11th; dated the 12th it is paid.
  REQUIRE(p.cash("CAP-2", 2026_y / January / 12, 10'000'000).ok());
  CHECK(p.disburse(30'000'000, 2026_y / January / 10).error().message ==
        below("-10,000,000", "2026-01-10"));
  Result<LoanOutcome> paid = p.disburse(20'000'000, 2026_y / January / 12);
  REQUIRE(paid.ok());
  CHECK(p.tp_balance() == 10'000'000);
  CHECK(p.entries() == 3);

  // A payment dated earlier (another loan's) that each day can afford, but that takes a later
  // day below zero: on the 9th the point holds 20,000,000, yet on the 12th -5,000,000.
  open_poor_loan(*p.book, "L-2", 15'000'000, 2026_y / January / 9, 36, 12, "H2");
  auto disburse_l2 = [&](std::int64_t amount) {
    return p.book->apply(
        LoanOperation{"L-2", LoanEventKind::Disburse, vnd_amount(amount), 2026_y / January / 9, ""},
        "officer");
  };
  CHECK(disburse_l2(15'000'000).error().message == below("-5,000,000", "2026-01-12"));
  REQUIRE(disburse_l2(10'000'000).ok());
  CHECK(p.tp_balance() == 0);
  CHECK(p.tp_balance(2026_y / January / 9) == 10'000'000);
  CHECK(p.tp_balance(2026_y / January / 11) == 10'000'000);

  // Taking the cash back out is a credit like any other: a manual entry or the reversal of the
  // cash brought is refused once the cash is lent.
  EntrySpec out = transfer(2026_y / January / 20, "OUT-1", "Equity:Funds:Central",
                           "Assets:Cash:TP-XH", vnd_amount(1));
  CHECK(p.store->post(out, "accountant").error().message == below("-1", "2026-01-20"));
  Result<PostOutcome> reversal = p.store->reverse(
      ReversalSpec{
          .original = EntryId{1}, .date = std::nullopt, .memo = "", .key = "", .rehearsal = false},
      "accountant");
  CHECK(reversal.error().message == below("-10,000,000", "2026-01-09"));
  CHECK(p.entries() == 4);
  CHECK(p.store->verify().ok());
}

TEST_CASE("within one transaction the floor holds at its end, on each day", "[fees][cash-floor]") {
  Point p;
  // The cash and the payment of a session in one batch: the point never holds less than 0.
  Status session = p.book->batch("officer", [&]() -> Status {
    if (Result<PostOutcome> c = p.cash("CAP-1", 2026_y / January / 10, 30'000'000); !c)
      return c.error();
    if (Result<LoanOutcome> d = p.disburse(30'000'000, 2026_y / January / 10); !d) return d.error();
    return {};
  });
  REQUIRE(session.ok());
  CHECK(p.tp_balance() == 0);

  // A batch whose cash comes a day after its payment is refused whole.
  open_poor_loan(*p.book, "L-2", 5'000'000, 2026_y / January / 15, 36, 12, "H2");
  Status late = p.book->batch("officer", [&]() -> Status {
    if (Result<LoanOutcome> d =
            p.book->apply(LoanOperation{"L-2", LoanEventKind::Disburse, vnd_amount(5'000'000),
                                        2026_y / January / 15, ""},
                          "officer");
        !d) {
      return d.error();
    }
    if (Result<PostOutcome> c = p.cash("CAP-2", 2026_y / January / 16, 5'000'000); !c)
      return c.error();
    return {};
  });
  CHECK(late.error().message == below("-5,000,000", "2026-01-15"));
  CHECK(p.entries() == 2);
}

TEST_CASE("a deposit is taken even below zero, and a floor is a setting of each account",
          "[fees][cash-floor]") {
  Point p;
  // Lifted for TP-XH: the point lends what it does not hold.
  REQUIRE(p.book->set_setting("cash-floor.Assets:Cash:TP-XH", "none", "admin").ok());
  REQUIRE(p.disburse(30'000'000, 2026_y / January / 10).ok());
  CHECK(p.tp_balance() == -30'000'000);
  // Kept again: the point stays below zero, a deposit is still taken, a payment is not.
  REQUIRE(p.book->set_setting("cash-floor.Assets:Cash:TP-XH", "0", "admin").ok());
  REQUIRE(p.save(50'000, 2026_y / January / 10, false).ok());
  CHECK(p.tp_balance() == -29'950'000);
  CHECK(p.save(10'000, 2026_y / January / 11, true).error().message ==
        below("-29,960,000", "2026-01-11"));

  // Any asset account may have one: the head office's cash, here.
  REQUIRE(p.book->set_setting("cash-floor.Assets:Cash:HeadOffice", "0", "admin").ok());
  CHECK(p.store
            ->post(transfer(2026_y / January / 12, "HO-1", "Assets:Cash:TP-XH",
                            "Assets:Cash:HeadOffice", vnd_amount(1'000)),
                   "accountant")
            .error()
            .message ==
        "Assets:Cash:HeadOffice would hold -1,000 VND on 2026-01-12, below its cash floor of "
        "zero (setting cash-floor.Assets:Cash:HeadOffice): bring the cash in first, or date the "
        "payment on or after the day it came; nothing was written");
  // The setting names an account of the chart, as listed, and an asset.
  CHECK(p.book->set_setting("cash-floor.Assets:Cash:TP-ZZ", "0", "admin").error().message ==
        "setting cash-floor.Assets:Cash:TP-ZZ: account 'Assets:Cash:TP-ZZ' not found (see "
        "'socai account list'; names are given as listed)");
  CHECK(p.book->set_setting("cash-floor.Income:Recoveries", "0", "admin").error().code ==
        ErrorCode::InvalidArgument);
  CHECK(p.book->set_setting("cash-floor.Assets:Cash:TP-XH", "", "admin").error().code ==
        ErrorCode::InvalidArgument);
  const auto settings = p.book->settings().value();
  CHECK(std::count(settings.begin(), settings.end(),
                   std::pair<std::string, std::string>("cash-floor.Assets:Cash:TP-XH", "0")) == 1);
}
