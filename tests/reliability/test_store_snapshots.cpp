// Two connections to one ledger, as two processes have: each call ends its read transaction,
// so a connection's next write waits for the other writer instead of failing, and its reads
// see what the other committed. Regression: the store kept its account and key look-ups on
// their row after a post, which held the post's snapshot open; once another connection had
// written, every later write of the first failed at once with "the ledger is busy"
// (SQLITE_BUSY_SNAPSHOT), whatever the busy timeout, and its reads stayed in the past.
#include <catch2/catch.hpp>

#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

EntrySpec capital(const std::string& key, std::int64_t amount) {
  return transfer(2026_y / January / 2, key, "Assets:Cash:HeadOffice", "Equity:Funds:Central",
                  vnd_amount(amount));
}

}  // namespace

TEST_CASE("after another connection posts, a store's next post succeeds and its reads see it",
          "[store][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  std::unique_ptr<Store> first = create_ledger(path, test_options(false)).value();
  std::unique_ptr<Store> second = open_ledger(path, test_options(false)).value();

  REQUIRE(first->post(capital("C-1", 1'000), "lan").ok());
  REQUIRE(second->post(capital("C-2", 2'000), "mai").ok());
  CHECK(first->entry_count().value() == 2);

  Result<PostOutcome> third = first->post(capital("C-3", 3'000), "lan");
  INFO((third.ok() ? std::string() : third.error().message));
  REQUIRE(third.ok());
  CHECK(third->id.value == 3);

  // A retried post ("already recorded") ends its read as well.
  Result<PostOutcome> again = first->post(capital("C-1", 1'000), "lan");
  REQUIRE(again.ok());
  CHECK(again->already_recorded);
  REQUIRE(second->post(capital("C-4", 4'000), "mai").ok());
  Result<PostOutcome> fifth = first->post(capital("C-5", 5'000), "lan");
  INFO((fifth.ok() ? std::string() : fifth.error().message));
  REQUIRE(fifth.ok());

  for (Store* store : {first.get(), second.get()}) {
    CHECK(store->entry_count().value() == 4 + 1);
    std::int64_t head_office = 0;
    for (const BalanceRow& r :
         store->balance("Assets:Cash:HeadOffice", std::nullopt, std::nullopt).value())
      head_office += r.balance;
    CHECK(head_office == 1'000 + 2'000 + 3'000 + 4'000 + 5'000);
  }
}

TEST_CASE("loan operations of two connections on one ledger interleave without a busy error",
          "[store][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  std::unique_ptr<Store> first_store =
      create_ledger(path, test_options(false, kAfterClosedMonths)).value();
  std::unique_ptr<LoanBook> first = open_loan_book(*first_store).value();
  seed_reference_data(*first);
  open_poor_loan(*first, "L1", 10'000'000, 2026_y / January / 5);
  open_poor_loan(*first, "L2", 10'000'000, 2026_y / January / 5, 36, 12, "H2");
  std::unique_ptr<Store> second_store =
      open_ledger(path, test_options(false, kAfterClosedMonths)).value();
  std::unique_ptr<LoanBook> second = open_loan_book(*second_store).value();

  auto repay = [](LoanBook& book, const std::string& loan, LoanEventKind kind, std::int64_t amount,
                  int day) {
    Result<LoanOutcome> r = book.apply({.loan = loan,
                                        .kind = kind,
                                        .amount = vnd_amount(amount),
                                        .date = 2026_y / January / date::day(day),
                                        .key = ""},
                                       "test");
    INFO(loan << ": " << (r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
  };
  repay(*first, "L1", LoanEventKind::Disburse, 10'000'000, 6);
  repay(*second, "L2", LoanEventKind::Disburse, 10'000'000, 6);
  for (int day = 7; day <= 12; ++day) {
    repay(*first, "L1", LoanEventKind::RepayPrincipal, 100'000, day);
    repay(*second, "L2", LoanEventKind::RepayPrincipal, 200'000, day);
  }
  CHECK(first->loan("L2", std::nullopt)->state.in_term == 10'000'000 - 6 * 200'000);
  CHECK(second->loan("L1", std::nullopt)->state.in_term == 10'000'000 - 6 * 100'000);
  std::int64_t cash = 0;
  for (const BalanceRow& r :
       first_store->balance("Assets:Cash:TP-XH", std::nullopt, std::nullopt).value())
    cash += r.balance;
  CHECK(cash == -20'000'000 + 6 * 100'000 + 6 * 200'000);
  second.reset();
  first.reset();
}
