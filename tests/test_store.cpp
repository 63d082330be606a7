// Tests of ledger/store.hpp against the SQLite implementation: the journal's invariants hold
// through the store, and a refused write leaves nothing behind.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>

#include "ledger/actors.hpp"
#include "ledger/reconcile.hpp"
#include "ledger/store.hpp"
#include "store/schema.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "store/sqlite_store.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

std::unique_ptr<Store> new_ledger(const TempDir& dir) {
  Result<std::unique_ptr<Store>> store = create_ledger(dir.file("ledger.db"), test_options());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// Balance of one account in VND from the trial balance (0 when it has no postings).
std::int64_t tb_balance(Store& store, const std::string& account,
                        std::optional<Date> as_of = std::nullopt) {
  for (const BalanceRow& row : store.trial_balance(as_of).value())
    if (row.account == account && row.currency == "VND") return row.balance;
  return 0;
}

const std::string kCash = "Assets:Cash:HeadOffice";
const std::string kFunds = "Equity:Funds:Central";

}  // namespace

TEST_CASE("a new ledger has the seeded chart of accounts and no entries", "[store]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto accounts = store->list_accounts().value();
  // schemas/chart_of_accounts.csv (61), the risk accounts of migration 0003 (17) and the fee
  // payables of migration 0004 (16).
  CHECK(accounts.size() == 94);
  CHECK(accounts.front().name == "Assets:Cash:HeadOffice");
  CHECK(accounts.front().code == "101001");
  auto in_term = std::find_if(accounts.begin(), accounts.end(),
                              [](const Account& a) { return a.name == "Assets:Loans:InTerm:01"; });
  REQUIRE(in_term != accounts.end());
  CHECK(in_term->control);
  CHECK(in_term->code == "211001");
  CHECK(store->entry_count().value() == 0);
  CHECK(store->trial_balance(std::nullopt).value().empty());
}

TEST_CASE("creating over an existing file, or opening a missing one, is refused", "[store]") {
  TempDir dir;
  new_ledger(dir);
  auto again = create_ledger(dir.file("ledger.db"), test_options());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::AlreadyExists);
  auto missing = open_ledger(dir.file("missing.db"), test_options());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::NotFound);
  CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST_CASE("a file that is not a socai ledger is refused and left untouched", "[store]") {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  std::ofstream(path) << "not a ledger\n";
  auto store = open_ledger(path, test_options());
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == ErrorCode::InvalidArgument);
  CHECK(store.error().message == "'" + path + "' is not a socai ledger");
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "not a ledger\n");
}

TEST_CASE("posting an entry moves both balances and records who and when", "[store]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto posted = store->post(
      transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(1'000'000'000), "Capital"),
      "lan");
  REQUIRE(posted.ok());
  CHECK(posted->id == EntryId{1});
  CHECK_FALSE(posted->already_recorded);
  CHECK(tb_balance(*store, kCash) == 1'000'000'000);
  CHECK(tb_balance(*store, kFunds) == -1'000'000'000);
  Entry e = store->entry(EntryId{1}).value();
  CHECK(e.actor == "lan");
  CHECK(e.recorded_at == kTestNow);
  CHECK(e.memo == "Capital");
  CHECK(e.prev_hash == kGenesisHash);
  CHECK(e.hash == compute_entry_hash(e));
  REQUIRE(e.postings.size() == 2);
  CHECK(e.postings[1].account == kFunds);
  CHECK(e.postings[1].amount == vnd_amount(-1'000'000'000));
}

TEST_CASE("an unbalanced entry is refused with nothing written", "[store]") {
  TempDir dir;
  auto store = new_ledger(dir);
  REQUIRE(store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(500)), "lan")
              .ok());
  EntrySpec bad{.date = 2025_y / January / 16,
                .kind = "manual",
                .memo = "",
                .key = "V-2",
                .loan = std::nullopt,
                .postings = {{kCash, vnd_amount(100), {}}, {kFunds, vnd_amount(-99), {}}}};
  auto refused = store->post(bad, "lan");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::FailedPrecondition);
  CHECK(refused.error().message ==
        "entry does not balance: VND remainder 1 (debits 100, credits 99)");
  CHECK(store->entry_count().value() == 1);
  CHECK(tb_balance(*store, kCash) == 500);
  CHECK(store->verify().value().ok());
}

TEST_CASE("an unknown account is refused, naming the posting and the account", "[store]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto refused = store->post(
      transfer(2025_y / January / 15, "V-1", "Assets:Cash:Nowhere", kFunds, vnd_amount(500)),
      "lan");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::NotFound);
  CHECK(refused.error().message ==
        "posting 1: account 'Assets:Cash:Nowhere' not found (see 'socai account list')");
  CHECK(store->entry_count().value() == 0);
}

TEST_CASE("the same key with the same content is already recorded, not posted twice",
          "[store][idempotency]") {
  TempDir dir;
  auto store = new_ledger(dir);
  EntrySpec e = transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(500));
  auto first = store->post(e, "lan").value();
  auto second = store->post(e, "binh").value();  // a retry by anyone
  CHECK(second.id == first.id);
  CHECK(second.already_recorded);
  CHECK(store->entry_count().value() == 1);
  CHECK(tb_balance(*store, kCash) == 500);
}

TEST_CASE("the same key with different content is its own error", "[store][idempotency]") {
  TempDir dir;
  auto store = new_ledger(dir);
  REQUIRE(store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(500)), "lan")
              .ok());
  auto conflict =
      store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(600)), "lan");
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().code == ErrorCode::IdempotencyConflict);
  CHECK(conflict.error().message == "key 'V-1' was already used by entry 1 with different content");
  CHECK(store->entry_count().value() == 1);
}

TEST_CASE("a closed period refuses a back-dated entry", "[store][close]") {
  TempDir dir;
  auto store = new_ledger(dir);
  REQUIRE(store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(500)), "lan")
              .ok());
  auto closed = store->close_period(2025_y / January / 31, "lan").value();
  CHECK(closed.closed_through == 2025_y / January / 31);
  CHECK_FALSE(closed.already_closed);
  CHECK(store->closed_through().value() == std::optional<Date>(2025_y / January / 31));

  auto back_dated =
      store->post(transfer(2025_y / January / 31, "V-2", kCash, kFunds, vnd_amount(100)), "lan");
  REQUIRE_FALSE(back_dated.ok());
  CHECK(back_dated.error().code == ErrorCode::FailedPrecondition);
  CHECK(back_dated.error().message ==
        "date 2025-01-31 is in a closed period (closed through 2025-01-31)");
  CHECK(store->entry_count().value() == 1);

  CHECK(store->post(transfer(2025_y / February / 1, "V-3", kCash, kFunds, vnd_amount(100)), "lan")
            .ok());
  auto again = store->close_period(2025_y / January / 10, "lan").value();
  CHECK(again.already_closed);
  CHECK(again.closed_through == 2025_y / January / 31);
  // A retry of an entry recorded before the close is still "already recorded".
  auto retry =
      store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(500)), "lan");
  CHECK(retry.value().already_recorded);
}

TEST_CASE("nothing is posted, reversed or closed after the business date", "[store][date]") {
  TempDir dir;
  auto store = create_ledger(dir.file("ledger.db"), test_options(true, kAfterClosedMonths)).value();
  auto future =
      store->post(transfer(2026_y / December / 2, "V-1", kCash, kFunds, vnd_amount(500)), "lan");
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().code == ErrorCode::FailedPrecondition);
  CHECK(future.error().message ==
        "date 2026-12-02 is after the business date 2026-12-01: nothing is dated in the future");
  auto far =
      store->post(transfer(2999_y / January / 1, "V-1", kCash, kFunds, vnd_amount(500)), "lan");
  CHECK(far.error().message ==
        "date 2999-01-01 is after the business date 2026-12-01: nothing is dated in the future");
  auto close = store->close_period(2999_y / December / 31, "lan");
  REQUIRE_FALSE(close.ok());
  CHECK(close.error().message ==
        "date 2999-12-31 is after the business date 2026-12-01: nothing is dated in the future");
  CHECK(store->entry_count().value() == 0);
  CHECK_FALSE(store->closed_through().value());

  // Today is allowed; a reversal dated tomorrow is not, and the entry stays unreversed.
  REQUIRE(store->post(transfer(2026_y / December / 1, "V-1", kCash, kFunds, vnd_amount(500)), "lan")
              .ok());
  auto reversal = store->reverse(
      ReversalSpec{.original = EntryId{1}, .date = 2026_y / December / 2, .memo = {}, .key = {}},
      "lan");
  CHECK(reversal.error().message ==
        "date 2026-12-02 is after the business date 2026-12-01: nothing is dated in the future");
  CHECK(store->entry_count().value() == 1);
  CHECK(store->close_period(2026_y / December / 1, "lan").ok());
}

TEST_CASE("a reversal restores balances and is recorded once", "[store][reversal]") {
  TempDir dir;
  auto store = new_ledger(dir);
  REQUIRE(store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(900)), "lan")
              .ok());
  REQUIRE(store
              ->post(transfer(2025_y / January / 16, "V-2", "Assets:Cash:HeadOffice",
                              "Equity:Funds:Local", vnd_amount(250)),
                     "lan")
              .ok());
  auto reversal =
      store->reverse(ReversalSpec{EntryId{2}, std::nullopt, "", "", false}, "lan").value();
  CHECK(reversal.id == EntryId{3});
  CHECK(tb_balance(*store, kCash) == 900);
  CHECK(tb_balance(*store, "Equity:Funds:Local") == 0);
  Entry r = store->entry(EntryId{3}).value();
  CHECK(r.reverses == std::optional<EntryId>(EntryId{2}));
  CHECK(r.kind == "reversal");
  CHECK(r.key == "reversal-of-2");
  CHECK(r.memo == "Reversal of entry 2");
  CHECK(r.date == 2025_y / January / 16);
  CHECK(r.postings[0].amount == vnd_amount(-250));

  auto retry = store->reverse(ReversalSpec{EntryId{2}, std::nullopt, "", "", false}, "lan");
  CHECK(retry.value().already_recorded);
  auto twice =
      store->reverse(ReversalSpec{EntryId{2}, std::nullopt, "", "other-key", false}, "lan");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().message == "entry 2 was already reversed by entry 3");
  auto of_reversal = store->reverse(ReversalSpec{EntryId{3}, std::nullopt, "", "", false}, "lan");
  REQUIRE_FALSE(of_reversal.ok());
  CHECK(of_reversal.error().message ==
        "entry 3 is itself the reversal of entry 2; a reversal is never reversed");
  auto unknown = store->reverse(ReversalSpec{EntryId{99}, std::nullopt, "", "", false}, "lan");
  CHECK(unknown.error().code == ErrorCode::NotFound);
  auto early =
      store->reverse(ReversalSpec{EntryId{1}, 2025_y / January / 14, "", "", false}, "lan");
  CHECK(early.error().message == "reversal date 2025-01-14 is before entry 1's date 2025-01-15");
  CHECK(store->entry_count().value() == 3);
  CHECK(store->verify().value().ok());
}

TEST_CASE("balances as of a date count postings dated on or before it", "[store][balance]") {
  TempDir dir;
  auto store = new_ledger(dir);
  REQUIRE(
      store->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(1000)), "lan")
          .ok());
  REQUIRE(
      store->post(transfer(2025_y / February / 15, "V-2", kCash, kFunds, vnd_amount(300)), "lan")
          .ok());
  REQUIRE(store->post(transfer(2025_y / January / 20, "V-3", kCash, kFunds, vnd_amount(50)), "lan")
              .ok());
  CHECK(tb_balance(*store, kCash, 2025_y / January / 14) == 0);
  CHECK(tb_balance(*store, kCash, 2025_y / January / 15) == 1000);
  CHECK(tb_balance(*store, kCash, 2025_y / January / 31) == 1050);
  CHECK(tb_balance(*store, kCash, 2025_y / February / 15) == 1350);
  CHECK(tb_balance(*store, kCash) == 1350);

  auto subtree = store->balance("Assets:Cash", 2025_y / January / 31, std::nullopt).value();
  REQUIRE(subtree.size() == 1);
  CHECK(subtree[0].account == kCash);
  CHECK(subtree[0].debit == 1050);
  CHECK(subtree[0].credit == 0);
  CHECK(store->balance("Assets:Ca", std::nullopt, std::nullopt).error().code ==
        ErrorCode::NotFound);
}

TEST_CASE("loan control accounts need a loan id and keep a balance per loan", "[store][balance]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book);
  open_poor_loan(*book, "L-1", 30'000'000, 2025_y / March / 1);  // loan id 1
  open_poor_loan(*book, "L-2", 20'000'000, 2025_y / March / 1);  // loan id 2
  const std::string cash = "Assets:Cash:TP-XH";
  EntrySpec no_loan =
      transfer(2025_y / March / 1, "D-1", "Assets:Loans:InTerm:01", cash, vnd_amount(30'000'000));
  auto refused = store->post(no_loan, "lan");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "posting 1: account 'Assets:Loans:InTerm:01' is a loan control account; every posting "
        "on it names its loan");

  EntrySpec loan1 = no_loan;
  loan1.loan = LoanId{1};
  REQUIRE(store->post(loan1, "lan").ok());
  EntrySpec loan2 =
      transfer(2025_y / March / 2, "D-2", "Assets:Loans:InTerm:01", cash, vnd_amount(20'000'000));
  loan2.postings[0].loan = LoanId{2};
  REQUIRE(store->post(loan2, "lan").ok());
  // A loan id that names no loan is refused by the database.
  EntrySpec unknown =
      transfer(2025_y / March / 2, "D-3", "Assets:Loans:InTerm:01", cash, vnd_amount(1'000));
  unknown.postings[0].loan = LoanId{99};
  CHECK(store->post(unknown, "lan").error().message ==
        "a posting names a loan that does not exist (refused by the ledger)");

  auto per_loan = store->loan_balances("Assets:Loans:InTerm:01", std::nullopt).value();
  REQUIRE(per_loan.size() == 2);
  CHECK(per_loan[0].loan == std::optional<LoanId>(LoanId{1}));
  CHECK(per_loan[0].balance == 30'000'000);
  CHECK(per_loan[1].loan == std::optional<LoanId>(LoanId{2}));
  CHECK(per_loan[1].balance == 20'000'000);
  CHECK(store->loan_balances("Assets:Loans:InTerm:01", 2025_y / March / 1).value().size() == 1);
  auto one = store->balance("Assets:Loans", std::nullopt, LoanId{2}).value();
  REQUIRE(one.size() == 1);
  CHECK(one[0].balance == 20'000'000);
  CHECK(tb_balance(*store, "Assets:Loans:InTerm:01") == 50'000'000);
}

TEST_CASE("a batch is all or nothing", "[store][batch]") {
  TempDir dir;
  auto store = new_ledger(dir);
  std::vector<EntrySpec> batch{
      transfer(2025_y / January / 15, "B-1", kCash, kFunds, vnd_amount(100)),
      transfer(2025_y / January / 15, "B-2", kCash, "Assets:Cash:Missing", vnd_amount(200)),
      transfer(2025_y / January / 15, "B-3", kCash, kFunds, vnd_amount(300))};
  auto refused = store->post_batch(batch, "lan");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "entry 2 (key 'B-2'): posting 2: account 'Assets:Cash:Missing' not found (see 'socai "
        "account list')");
  CHECK(store->entry_count().value() == 0);
  batch[1] = transfer(2025_y / January / 15, "B-2", kCash, kFunds, vnd_amount(200));
  auto outcomes = store->post_batch(batch, "lan").value();
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[2].id == EntryId{3});
  CHECK(tb_balance(*store, kCash) == 600);
}

TEST_CASE("accounts can be added, never twice", "[store][accounts]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto added = store->add_account(NewAccount{.name = "Assets:Cash:TP-XaHoa",
                                             .type = AccountType::Asset,
                                             .code = "",
                                             .control = false,
                                             .description = "Xa Hoa transaction point"},
                                  "clerk");
  REQUIRE(added.ok());
  CHECK(added->code == "101002");
  auto fees = store->add_account(NewAccount{.name = "Liabilities:Savings:WU-01",
                                            .type = AccountType::Liability,
                                            .code = "",
                                            .control = false,
                                            .description = ""},
                                 "clerk");
  // The next liability code after the seeded fee payables (461101 to 461404).
  CHECK(fees.value().code == "461405");
  auto duplicate = store->add_account(
      NewAccount{"Assets:Cash:TP-XaHoa", AccountType::Asset, "", false, ""}, "clerk");
  CHECK(duplicate.error().code == ErrorCode::AlreadyExists);
  auto same_code = store->add_account(
      NewAccount{"Assets:Cash:TP-Other", AccountType::Asset, "101001", false, ""}, "clerk");
  CHECK(same_code.error().message ==
        "account code 101001 is already used by Assets:Cash:HeadOffice");
  auto wrong_root =
      store->add_account(NewAccount{"Assets:Cash:X", AccountType::Income, "", false, ""}, "clerk");
  CHECK(wrong_root.error().code == ErrorCode::InvalidArgument);
  CHECK(store->list_accounts().value().size() == 96);
}

TEST_CASE("a read-only ledger refuses every write", "[store][read-only]") {
  TempDir dir;
  REQUIRE(new_ledger(dir)
              ->post(transfer(2025_y / January / 15, "V-1", kCash, kFunds, vnd_amount(100)), "lan")
              .ok());
  StoreOptions options = test_options();
  options.read_only = true;
  auto store = open_ledger(dir.file("ledger.db"), options).value();
  CHECK(store->post(transfer(2025_y / January / 16, "V-2", kCash, kFunds, vnd_amount(1)), "lan")
            .error()
            .code == ErrorCode::FailedPrecondition);
  CHECK(store->reverse(ReversalSpec{EntryId{1}, std::nullopt, "", "", false}, "lan").error().code ==
        ErrorCode::FailedPrecondition);
  CHECK(store->close_period(2025_y / January / 31, "lan").error().code ==
        ErrorCode::FailedPrecondition);
  CHECK(store->add_account(NewAccount{"Assets:Cash:Y", AccountType::Asset, "", false, ""}, "clerk")
            .error()
            .code == ErrorCode::FailedPrecondition);
  CHECK(tb_balance(*store, kCash) == 100);
  CHECK(store->verify().value().entries_checked == 1);
}

TEST_CASE("verify walks the whole chain and reports its head", "[store][hash]") {
  TempDir dir;
  auto store = new_ledger(dir);
  for (int i = 1; i <= 5; ++i) {
    REQUIRE(store
                ->post(transfer(2025_y / January / i, "V-" + std::to_string(i), kCash, kFunds,
                                vnd_amount(i * 100)),
                       "lan")
                .ok());
  }
  VerifyReport report = store->verify().value();
  CHECK(report.ok());
  CHECK(report.entries_checked == 5);
  CHECK(report.head_hash == store->entry(EntryId{5}).value().hash);
  CHECK(store->entry(EntryId{5}).value().prev_hash == store->entry(EntryId{4}).value().hash);
}

TEST_CASE("the balances of a transaction are folded per account, loan and day, and reconcile",
          "[store][balance][batch]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book);
  open_poor_loan(*book, "L-1", 30'000'000, 2025_y / March / 1);  // loan id 1
  open_poor_loan(*book, "L-2", 20'000'000, 2025_y / March / 1);  // loan id 2
  const std::int64_t loans_before = tb_balance(*store, "Assets:Loans:InTerm:01");
  const std::int64_t cash_before = tb_balance(*store, kCash);
  // Several entries on the same rows (account, currency, loan and day) in one transaction,
  // across two days, the control account on two loans.
  std::vector<EntrySpec> batch;
  for (int i = 0; i < 4; ++i) {
    EntrySpec e =
        transfer(i < 3 ? 2025_y / March / 5 : 2025_y / March / 6, "F-" + std::to_string(i), kCash,
                 "Assets:Loans:InTerm:01", vnd_amount(1'000 * (i + 1)));
    e.postings[1].loan = LoanId{i % 2 + 1};
    batch.push_back(std::move(e));
  }
  batch.push_back(
      transfer(2025_y / March / 6, "F-4", "Equity:Funds:Local", kCash, vnd_amount(500)));
  REQUIRE(store->post_batch(batch, "lan").ok());

  CHECK(tb_balance(*store, kCash) == cash_before + 10'000 - 500);
  CHECK(tb_balance(*store, kCash, 2025_y / March / 5) == cash_before + 6'000);
  CHECK(tb_balance(*store, "Assets:Loans:InTerm:01") == loans_before - 10'000);
  CHECK(tb_balance(*store, "Equity:Funds:Local", 2025_y / March / 5) == 0);
  CHECK(tb_balance(*store, "Equity:Funds:Local") == 500);
  auto per_loan = store->loan_balances("Assets:Loans:InTerm:01", 2025_y / March / 5).value();
  REQUIRE(per_loan.size() == 2);
  CHECK(per_loan[0].balance == -1'000 - 3'000);
  CHECK(per_loan[1].balance == -2'000);
  per_loan = store->loan_balances("Assets:Loans:InTerm:01", std::nullopt).value();
  REQUIRE(per_loan.size() == 2);
  CHECK(per_loan[0].balance == -1'000 - 3'000);
  CHECK(per_loan[1].balance == -2'000 - 4'000);

  // A rehearsed reversal, rolled back, leaves no balance behind for the next commit.
  REQUIRE(
      store
          ->reverse(ReversalSpec{EntryId{store->entry_count().value()}, std::nullopt, "", "", true},
                    "lan")
          .ok());
  REQUIRE(
      store->post(transfer(2025_y / March / 7, "F-5", kCash, kFunds, vnd_amount(7)), "lan").ok());
  CHECK(tb_balance(*store, "Equity:Funds:Local") == 500);
  CHECK(tb_balance(*store, kCash) == cash_before + 10'000 - 500 + 7);

  // The journal's checks pass (the loans' own do not: their principal was moved by hand).
  ReconcileReport report = book->reconcile({}).value();
  int journal_checks = 0;
  for (const ReconcileCheck& c : report.checks) {
    if (c.name == "trial balance" || c.name == "entries balanced" || c.name == "hash chain" ||
        c.name == "maintained balances") {
      CHECK(c.passed);
      ++journal_checks;
    }
  }
  CHECK(journal_checks == 4);
}

namespace {

// A new ledger as the SQLite store it is, for the tests of its write transactions.
std::unique_ptr<store::SqliteStore> new_sqlite_ledger(const TempDir& dir) {
  Result<std::unique_ptr<store::SqliteStore>> store =
      store::create_sqlite_ledger(dir.file("ledger.db"), test_options());
  REQUIRE(store.ok());
  return std::move(store).value();
}

const ReconcileCheck& check_named(const ReconcileReport& report, const std::string& name) {
  for (const ReconcileCheck& c : report.checks)
    if (c.name == name) return c;
  FAIL("no check named " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a write undone to its savepoint takes its pending balances with it",
          "[store][balance][batch]") {
  TempDir dir;
  auto store = new_sqlite_ledger(dir);
  auto book = open_loan_book(*store).value();
  store::SqliteStore& sqlite = *store;
  {
    store::LedgerTransaction transaction(sqlite);
    store::SqliteStore::Writer w = sqlite.begin_writer("lan");
    REQUIRE(sqlite
                .append(w, transfer(2025_y / May / 2, "S-1", kCash, kFunds, vnd_amount(100)),
                        std::nullopt)
                .ok());
    const std::size_t mark = sqlite.balances_mark();
    sqlite.db().exec("SAVEPOINT row");
    REQUIRE(sqlite
                .append(w, transfer(2025_y / May / 2, "S-2", kCash, kFunds, vnd_amount(20)),
                        std::nullopt)
                .ok());
    sqlite.db().exec("ROLLBACK TO row");
    sqlite.discard_balances_since(mark);
    sqlite.db().exec("RELEASE row");
    w = sqlite.begin_writer("lan");
    REQUIRE(sqlite
                .append(w, transfer(2025_y / May / 3, "S-3", kCash, kFunds, vnd_amount(3)),
                        std::nullopt)
                .ok());
    transaction.commit();
  }
  CHECK(store->entry_count().value() == 2);
  CHECK(tb_balance(*store, kCash) == 103);
  CHECK(tb_balance(*store, kCash, 2025_y / May / 2) == 100);
  CHECK(book->reconcile({}).value().passed());

  // A COMMIT that would leave the pending balances unwritten is refused, and undoes the write.
  sqlite.db().exec("BEGIN IMMEDIATE");
  store::SqliteStore::Writer w = sqlite.begin_writer("lan");
  REQUIRE(
      sqlite
          .append(w, transfer(2025_y / May / 4, "S-4", kCash, kFunds, vnd_amount(9)), std::nullopt)
          .ok());
  CHECK_THROWS_AS(sqlite.db().exec("COMMIT"), SQLite::Exception);
  CHECK(store->entry_count().value() == 2);
  CHECK(tb_balance(*store, kCash) == 103);
  REQUIRE(store->post(transfer(2025_y / May / 4, "S-4", kCash, kFunds, vnd_amount(9)), "lan").ok());
  CHECK(tb_balance(*store, kCash) == 112);
  CHECK(book->reconcile({}).value().passed());
}

TEST_CASE("an entry written behind the library's back is caught by reconcile",
          "[store][balance][reconcile]") {
  TempDir dir;
  auto store = new_sqlite_ledger(dir);
  auto book = open_loan_book(*store).value();
  REQUIRE(
      store->post(transfer(2025_y / May / 2, "R-1", kCash, kFunds, vnd_amount(100)), "lan").ok());
  store::SqliteStore& sqlite = *store;
  // Rows a client writes itself, with the triggers' rules all kept and a true hash: only the
  // maintained balances are not written.
  Entry e{.id = EntryId{2},
          .date = 2025_y / May / 3,
          .recorded_at = "2026-01-05T08:30:00Z",
          .actor = "intruder",
          .kind = "manual",
          .memo = "",
          .key = "R-2",
          .loan = std::nullopt,
          .reverses = std::nullopt,
          .postings = {Posting{1, kCash, vnd_amount(40), std::nullopt},
                       Posting{2, kFunds, vnd_amount(-40), std::nullopt}},
          .prev_hash = store->entry(EntryId{1}).value().hash,
          .hash = {}};
  e.hash = compute_entry_hash(e);
  sqlite.db().exec("BEGIN IMMEDIATE");
  sqlite.db().exec(
      "INSERT INTO postings (entry_id, seq, account_id, currency, amount) VALUES "
      "(2, 1, (SELECT id FROM accounts WHERE name = 'Assets:Cash:HeadOffice'), 'VND', 40), "
      "(2, 2, (SELECT id FROM accounts WHERE name = 'Equity:Funds:Central'), 'VND', -40)");
  SQLite::Statement entry(sqlite.db(),
                          "INSERT INTO entries (id, date, recorded_at, actor, kind, memo, "
                          "idempotency_key, request_digest, prev_hash, hash) VALUES (2, "
                          "'2025-05-03', '2026-01-05T08:30:00Z', 'intruder', 'manual', '', 'R-2', "
                          "?, ?, ?)");
  entry.bind(1, std::string(64, 'a'));
  entry.bind(2, e.prev_hash);
  entry.bind(3, e.hash);
  entry.exec();
  sqlite.db().exec("COMMIT");

  CHECK(store->verify().value().ok());
  ReconcileReport report = book->reconcile({}).value();
  CHECK_FALSE(report.passed());
  const ReconcileCheck& balances = check_named(report, "maintained balances");
  CHECK_FALSE(balances.passed);
  CHECK(balances.discrepancy_count == 5);
  REQUIRE(balances.discrepancies.size() == 5);
  CHECK(balances.discrepancies[0].where == "Assets:Cash:HeadOffice VND: running balance");
  CHECK(balances.discrepancies[0].expected == "debit 140, credit 0");
  CHECK(balances.discrepancies[0].found == "debit 100, credit 0");
  CHECK(balances.discrepancies[1].where == "Assets:Cash:HeadOffice VND: daily balances");
  CHECK(balances.discrepancies[3].where == "Equity:Funds:Central VND: daily balances");
  CHECK(balances.discrepancies[3].expected == "debit 0, credit 140");
  CHECK(balances.discrepancies[3].found == "debit 0, credit 100");
  CHECK(balances.discrepancies[4].where == "ledger total VND");
  CHECK(balances.discrepancies[4].expected == "debits 140");
  CHECK(balances.discrepancies[4].found == "debits 100");
  CHECK(check_named(report, "hash chain").passed);
}

TEST_CASE("amounts are at most 10^15, and the ledger's debits together at most 4 * 10^18",
          "[store][bounds]") {
  TempDir dir;
  auto store = new_ledger(dir);
  auto book = open_loan_book(*store).value();
  auto over = store->post(
      transfer(2025_y / January / 15, "V-0", kCash, kFunds, vnd_amount(kMaxAmount + 1)), "lan");
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == ErrorCode::OutOfRange);
  CHECK(over.error().message ==
        "posting 1: amount 1000000000000001 is too large: at most 10^15 minor units");

  // 4,000 entries of the largest amount reach the ledger's bound exactly ...
  std::vector<EntrySpec> largest;
  for (int i = 0; i < 4'000; ++i) {
    largest.push_back(transfer(2025_y / January / 15, "B-" + std::to_string(i), kCash, kFunds,
                               vnd_amount(kMaxAmount)));
  }
  REQUIRE(store->post_batch(largest, "lan").ok());
  CHECK(tb_balance(*store, kCash) == kMaxLedgerDebits);
  CHECK(tb_balance(*store, kFunds) == -kMaxLedgerDebits);
  // ... and one đồng more is refused with nothing written, in a currency of its own too.
  auto more =
      store->post(transfer(2025_y / January / 16, "V-1", kCash, kFunds, vnd_amount(1)), "lan");
  REQUIRE_FALSE(more.ok());
  CHECK(more.error().code == ErrorCode::OutOfRange);
  CHECK(more.error().message ==
        "the ledger's postings would add up to more than 4 * 10^18 minor units of debits, the "
        "most that every sum of them stays exact for; nothing was written");
  const Currency usd = Currency::find("USD").value();
  CHECK(store
            ->post(transfer(2025_y / January / 16, "V-2", "Assets:Cash:HeadOffice",
                            "Equity:Funds:Central", Money::from_minor(1, usd)),
                   "lan")
            .error()
            .code == ErrorCode::OutOfRange);
  CHECK(store->entry_count().value() == 4'000);
  // A reversal takes debits of its own: refused too, and the books still reconcile.
  CHECK(store->reverse(ReversalSpec{EntryId{1}, std::nullopt, "", "", false}, "lan").error().code ==
        ErrorCode::OutOfRange);
  ReconcileReport report = book->reconcile({}).value();
  CHECK(report.passed());
  CHECK(check_named(report, "trial balance").figures ==
        "VND debits 4,000,000,000,000,000,000, credits 4,000,000,000,000,000,000");
}

TEST_CASE("the database refuses a posting on a control account without its loan",
          "[store][balance]") {
  TempDir dir;
  auto store = new_sqlite_ledger(dir);
  store::SqliteStore& sqlite = *store;
  sqlite.db().exec("BEGIN IMMEDIATE");
  sqlite.db().exec(
      "INSERT INTO postings (entry_id, seq, account_id, currency, amount) VALUES "
      "(1, 1, (SELECT id FROM accounts WHERE name = 'Assets:Loans:InTerm:01'), 'VND', 40), "
      "(1, 2, (SELECT id FROM accounts WHERE name = 'Equity:Funds:Central'), 'VND', -40)");
  SQLite::Statement entry(sqlite.db(),
                          "INSERT INTO entries (id, date, recorded_at, actor, kind, memo, "
                          "idempotency_key, request_digest, prev_hash, hash) VALUES (1, "
                          "'2025-05-03', '2026-01-05T08:30:00Z', 'lan', 'manual', '', 'C-1', ?, "
                          "?, ?)");
  entry.bind(1, std::string(64, 'a'));
  entry.bind(2, std::string(kGenesisHash));
  entry.bind(3, std::string(64, 'b'));
  CHECK_THROWS_WITH(entry.exec(), "socai: a posting on a loan control account needs a loan id");
  sqlite.db().exec("ROLLBACK");
  CHECK(store->entry_count().value() == 0);
}

TEST_CASE("schema 10 moves every loan state snapshot from its JSON text into columns") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  store::migrate(db, "2026-01-01T00:00:00Z", 9);
  // The snapshots as schema 9 kept them: one with every field, one written before the later
  // fields (moved_to_overdue, freezes, extensions, adjustments, write-offs) existed.
  db.exec(
      "INSERT INTO loan_states (loan_id, event_id, state) VALUES (1, 7, "
      "'{\"accruing_in_term\":\"7/3\",\"accruing_overdue\":\"0\","
      "\"adjusted_installments\":[3,5],\"disbursed\":50000000,\"events\":9,"
      "\"extensions\":[{\"from\":\"2026-01-10\",\"months\":6},"
      "{\"from\":\"2026-07-10\",\"months\":3}],\"first_disbursed_on\":\"2025-11-10\","
      "\"frozen\":1000000,\"frozen_until\":\"2028-11-10\",\"in_term\":40000000,"
      "\"interest_collected\":266795,\"interest_due_in_term\":12,"
      "\"interest_due_overdue\":34,\"interest_paid_on\":\"2025-12-10\","
      "\"interest_rounded\":266841,\"interest_through\":\"2025-12-31\","
      "\"last_event_on\":\"2025-12-31\",\"moved_to_overdue\":2500000,"
      "\"overdue\":2500000,\"principal_repaid\":6500000,\"recovered\":5,"
      "\"transitions_through\":\"2025-12-10\",\"written_off_interest\":77,"
      "\"written_off_principal\":88}'), (2, 3, "
      "'{\"accruing_in_term\":\"0\",\"accruing_overdue\":\"0\",\"disbursed\":0,"
      "\"events\":0,\"first_disbursed_on\":null,\"frozen\":0,\"in_term\":0,"
      "\"interest_collected\":0,\"interest_due_in_term\":0,\"interest_due_overdue\":0,"
      "\"interest_paid_on\":null,\"interest_rounded\":0,\"interest_through\":null,"
      "\"last_event_on\":null,\"overdue\":0,\"principal_repaid\":0,"
      "\"transitions_through\":null}')");
  store::migrate(db, "2026-01-01T00:00:00Z", 10);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 10);

  SQLite::Statement q(db,
                      "SELECT loan_id, event_id, disbursed, in_term, overdue, frozen, "
                      "principal_repaid, interest_due_in_term, interest_due_overdue, "
                      "accruing_in_term, accruing_overdue, interest_through, "
                      "first_disbursed_on, last_event_on, interest_collected, "
                      "interest_paid_on, interest_rounded, transitions_through, "
                      "moved_to_overdue, frozen_until, extensions, adjusted_installments, "
                      "written_off_principal, written_off_interest, recovered, events "
                      "FROM loan_states ORDER BY loan_id");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(1).getInt64() == 7);
  LoanState full = store::state_from_row(q, 2);
  LoanState expected;
  expected.disbursed = 50'000'000;
  expected.in_term = 40'000'000;
  expected.overdue = 2'500'000;
  expected.frozen = 1'000'000;
  expected.principal_repaid = 6'500'000;
  expected.interest_due_in_term = 12;
  expected.interest_due_overdue = 34;
  expected.accruing_in_term = Exact(7, 3);
  expected.interest_through = 2025_y / date::December / 31;
  expected.first_disbursed_on = 2025_y / date::November / 10;
  expected.last_event_on = 2025_y / date::December / 31;
  expected.interest_collected = 266'795;
  expected.interest_paid_on = 2025_y / date::December / 10;
  expected.interest_rounded = 266'841;
  expected.transitions_through = 2025_y / date::December / 10;
  expected.moved_to_overdue = 2'500'000;
  expected.frozen_until = 2028_y / date::November / 10;
  expected.extensions = {{2026_y / date::January / 10, 6}, {2026_y / date::July / 10, 3}};
  expected.adjusted_installments = {3, 5};
  expected.written_off_principal = 88;
  expected.written_off_interest = 77;
  expected.recovered = 5;
  expected.events = 9;
  CHECK(full == expected);
  CHECK(q.getColumn(20).getString() == "2026-01-10:6 2026-07-10:3");
  CHECK(q.getColumn(21).getString() == "3 5");

  REQUIRE(q.executeStep());
  CHECK(q.getColumn(1).getInt64() == 3);
  CHECK(store::state_from_row(q, 2) == LoanState{});
  CHECK_FALSE(q.executeStep());
}

TEST_CASE(
    "a ledger upgraded to schemas 11 and 12 gets an identity, is not a training ledger, and its "
    "control rows are recorded") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA application_id = " + std::to_string(store::kApplicationId));
    store::migrate(db, "2026-01-01T00:00:00Z", 10);
  }
  std::unique_ptr<Store> upgraded = open_ledger(path, test_options()).value();
  std::unique_ptr<Actors> actors = open_actors(*upgraded).value();
  const LedgerIdentity identity = actors->ledger().value();
  CHECK_FALSE(identity.training);
  CHECK(identity.ledger_id.size() == 32);
  CHECK(identity.created_at == kTestNow);
  CHECK(actors->list().value().empty());
  // No one is anyone until actors are registered.
  CHECK(actors->authenticate({.os_user = "lan", .declared = "lan"}, std::nullopt).error().code ==
        ErrorCode::PermissionDenied);
  // Schema 12 recorded every row it found in the control chain: the upgraded ledger verifies.
  const VerifyReport verified = upgraded->verify().value();
  CHECK(verified.ok());
  CHECK(verified.control_records_checked > 0);
  upgraded.reset();
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 13);
  // One record per row: the identity, the three settings and more, the programs, their rates.
  CHECK(db.execAndGet("SELECT count(*) FROM control_records").getInt64() ==
        db.execAndGet("SELECT (SELECT count(*) FROM ledger_identity) + (SELECT count(*) FROM "
                      "settings) + (SELECT count(*) FROM programs) + (SELECT count(*) FROM "
                      "program_rates)")
            .getInt64());
}
