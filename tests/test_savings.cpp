// Tests of members' savings (LoanBook::savings) and of batches of loan-book writes in one
// transaction (LoanBook::batch).
#include <catch2/catch.hpp>

#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Books {
  TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  Books() {
    store = create_ledger(dir.file("savings.db"), test_options(false)).value();
    book = open_loan_book(*store).value();
    seed_reference_data(*book);
  }
  Result<SavingsOutcome> save(const std::string& household, std::int64_t amount, Date date,
                              bool withdrawal = false) {
    return book->savings(SavingsOperation{.household = household,
                                          .withdrawal = withdrawal,
                                          .amount = vnd_amount(amount),
                                          .date = date,
                                          .key = ""},
                         "leader");
  }
  std::int64_t balance(const std::string& account) {
    for (const BalanceRow& row : store->trial_balance(std::nullopt).value())
      if (row.account == account) return row.balance;
    return 0;
  }
};

}  // namespace

TEST_CASE("savings are deposited and withdrawn on the group's savings liability", "[savings]") {
  Books b;
  Result<SavingsOutcome> first = b.save("H1", 50'000, 2025_y / March / 5);
  REQUIRE(first.ok());
  CHECK(first->group == "G1");
  CHECK(first->balance == 50'000);
  CHECK_FALSE(first->already_recorded);
  CHECK(b.balance("Liabilities:Savings:G1") == -50'000);
  CHECK(b.balance("Assets:Cash:TP-XH") == 50'000);

  // Repeated: recorded once.
  Result<SavingsOutcome> again = b.save("H1", 50'000, 2025_y / March / 5);
  REQUIRE(again.ok());
  CHECK(again->already_recorded);
  CHECK(again->entry == first->entry);
  CHECK(again->balance == 50'000);

  // A deposit is at least 5,000; a withdrawal at most the balance.
  CHECK(b.save("H1", 4'999, 2025_y / March / 6).error().code == ErrorCode::FailedPrecondition);
  Result<SavingsOutcome> too_much = b.save("H1", 50'001, 2025_y / March / 6, true);
  CHECK(too_much.error().message ==
        "withdrawing 50,001 is more than household H1's savings (50,000)");
  Result<SavingsOutcome> withdrawn = b.save("H1", 20'000, 2025_y / March / 6, true);
  REQUIRE(withdrawn.ok());
  CHECK(withdrawn->balance == 30'000);
  CHECK(b.balance("Liabilities:Savings:G1") == -30'000);

  CHECK(b.book->savings_balance("H1", 2025_y / March / 4).value() == 0);
  CHECK(b.book->savings_balance("H1", 2025_y / March / 5).value() == 50'000);
  CHECK(b.book->savings_balance("H1", std::nullopt).value() == 30'000);
  CHECK(b.book->savings_balance("H2", std::nullopt).value() == 0);
  CHECK(b.book->savings_balance("H9", std::nullopt).error().code == ErrorCode::NotFound);
  CHECK(b.save("H9", 10'000, 2025_y / March / 6).error().code == ErrorCode::NotFound);

  // Nothing dated in a closed period.
  REQUIRE(b.store->close_period(2025_y / March / 31, "auditor").ok());
  CHECK(b.save("H2", 10'000, 2025_y / March / 31).error().code == ErrorCode::FailedPrecondition);
}

TEST_CASE("a batch keeps all its writes or none", "[savings][batch]") {
  Books b;
  const std::int64_t before = b.store->entry_count().value();
  // A refused write inside is undone alone; the batch goes on and, here, fails at the end.
  std::vector<std::string> refused;
  Status failed = b.book->batch("leader", [&]() -> Status {
    if (!b.save("H1", 10'000, 2025_y / April / 1)) return make_error(ErrorCode::Internal, "1");
    Result<SavingsOutcome> over = b.save("H2", 10'000, 2025_y / April / 1, true);
    if (!over) refused.push_back(over.error().message);
    if (!b.save("H2", 20'000, 2025_y / April / 1)) return make_error(ErrorCode::Internal, "3");
    return make_error(ErrorCode::FailedPrecondition, "1 row refused");
  });
  CHECK(failed.error().message == "1 row refused");
  CHECK(refused == std::vector<std::string>{"withdrawing 10,000 is more than household H2's "
                                            "savings (0)"});
  CHECK(b.store->entry_count().value() == before);
  CHECK(b.book->savings_balance("H1", std::nullopt).value() == 0);

  // The same batch succeeding keeps both deposits, in one transaction.
  Status kept = b.book->batch("leader", [&]() -> Status {
    (void)b.save("H1", 10'000, 2025_y / April / 1);
    (void)b.save("H2", 10'000, 2025_y / April / 1, true);
    (void)b.save("H2", 20'000, 2025_y / April / 1);
    open_poor_loan(*b.book, "L1", 10'000'000, 2025_y / April / 1);
    return {};
  });
  REQUIRE(kept.ok());
  CHECK(b.store->entry_count().value() == before + 2);
  CHECK(b.book->savings_balance("H2", std::nullopt).value() == 20'000);
  CHECK(b.book->loan("L1", 2025_y / April / 1).ok());
  // Batches do not nest, and a close runs its own transactions.
  Status nested = b.book->batch(
      "leader", [&]() -> Status { return b.book->batch("leader", [] { return Status{}; }); });
  CHECK(nested.error().message == "batches do not nest");
  Status close = b.book->batch("leader", [&]() -> Status {
    Result<MonthCloseOutcome> c = b.book->close_month(2025_y / April, "leader", {});
    if (!c) return c.error();
    return {};
  });
  CHECK(close.error().code == ErrorCode::FailedPrecondition);
}
