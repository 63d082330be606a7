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

TEST_CASE("a group's collection sheet across the rate cut of 01/12/2025", "[collection]") {
  TempDir dir;
  auto store = create_ledger(dir.file("sheet.db"), test_options(false)).value();
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book, 10);  // GDX day 10: sessions on 10/11 and 10/12/2025
  REQUIRE(book->add_household(Household{"H3",
                                        "Phạm Thị Cúc",
                                        "001203000003",
                                        "XH",
                                        "Thôn Đông",
                                        "G1",
                                        {{2020_y / January / 1, PovertyStatus::Poor}}},
                              "test")
              .ok());
  auto op = [&](const std::string& loan, LoanEventKind kind, std::int64_t amount, Date d) {
    REQUIRE(
        book->apply(
                LoanOperation{
                    .loan = loan, .kind = kind, .amount = vnd_amount(amount), .date = d, .key = ""},
                "officer")
            .ok());
  };
  // H1: V1's loan, 50,000,000 from 10/11/2025.
  open_poor_loan(*book, "L1", 50'000'000, 2025_y / November / 10);
  op("L1", LoanEventKind::Disburse, 50'000'000, 2025_y / November / 10);
  // H2: 30,000,000 from 10/10/2025, of whose first month's 168,164 only 100,000 was paid.
  NewLoan second{.code = "L2",
                 .household = "H2",
                 .program = "01",
                 .officer = "",
                 .amount = vnd_amount(30'000'000),
                 .term_months = 12,
                 .date = 2025_y / October / 10,
                 .method = RepaymentMethod::EqualPrincipal,
                 .every_months = 6,
                 .grace_principal_months = 0,
                 .course_end = std::nullopt,
                 .custom = {},
                 .key = ""};
  REQUIRE(book->open_loan(second, "officer").ok());
  op("L2", LoanEventKind::Disburse, 30'000'000, 2025_y / October / 10);
  op("L2", LoanEventKind::CollectInterest, 100'000, 2025_y / November / 10);
  REQUIRE(book->savings({.household = "H2",
                         .withdrawal = false,
                         .amount = vnd_amount(50'000),
                         .date = 2025_y / November / 10,
                         .key = ""},
                        "leader")
              .ok());
  REQUIRE(book->savings({.household = "H3",
                         .withdrawal = false,
                         .amount = vnd_amount(20'000),
                         .date = 2025_y / December / 10,  // at the session: not yet on the sheet
                         .key = ""},
                        "leader")
              .ok());

  CollectionSheet sheet = book->collection_sheet("G1", 2025_y / December).value();
  CHECK(sheet.group == "G1");
  CHECK(sheet.commune == "XH");
  CHECK(sheet.organisation == "12");
  CHECK(sheet.month == "2025-12");
  CHECK(sheet.previous_session == 2025_y / November / 10);
  CHECK(sheet.session == 2025_y / December / 10);
  REQUIRE(sheet.lines.size() == 3);
  // V1: 21 days at 6.6% and 9 at 6.24% on 50,000,000.
  const CollectionLine& l1 = sheet.lines[0];
  CHECK(l1.household == "H1");
  CHECK(l1.loan == "L1");
  CHECK(l1.principal_outstanding == 50'000'000);
  CHECK(l1.interest_due == 266'795);
  CHECK(l1.interest_arrears == 0);
  CHECK(l1.principal_due == 0);
  CHECK(l1.savings == 0);
  // L2: 68,164 left of November's 168,164; December's 21 days at 6.6% and 9 at 6.24% on
  // 30,000,000 (160,076.71... -> 160,077).
  const CollectionLine& l2 = sheet.lines[1];
  CHECK(l2.household == "H2");
  CHECK(l2.loan == "L2");
  CHECK(l2.interest_due == 160'077);
  CHECK(l2.interest_arrears == 68'164);
  CHECK(l2.to_collect() == 228'241);
  CHECK(l2.savings == 50'000);
  CHECK(l2.principal_due == 0);
  // H3 has no loan: savings only, and the deposit made at the session is not yet counted.
  const CollectionLine& l3 = sheet.lines[2];
  CHECK(l3.household == "H3");
  CHECK(l3.loan.empty());
  CHECK(l3.savings == 0);
  CHECK(l3.head == "Phạm Thị Cúc");
  // What the sheet says is owed is what the loan owes on the session day.
  CHECK(book->loan("L2", 2025_y / December / 10)->interest_due.total() == 228'241);
  CHECK(book->collection_sheet("G9", 2025_y / December).error().code == ErrorCode::NotFound);
}
