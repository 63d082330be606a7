// Two-person control as library operations (ledger/approvals.hpp): the policy, submit held or
// carried out, approve and reject, and what the database refuses whoever writes.
#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "ledger/approvals.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Bank {
  TempDir dir;
  std::string path = dir.file("approvals.db");
  std::unique_ptr<Store> store = create_ledger(path, test_options()).value();
  std::unique_ptr<LoanBook> book = open_loan_book(*store).value();
  std::unique_ptr<Approvals> approvals = open_approvals(*store).value();

  Bank() {
    seed_reference_data(*book);
    open_poor_loan(*book, "L-1", 30'000'000, 2026_y / January / 10, 36, 12);
    REQUIRE(book->apply({.loan = "L-1",
                         .kind = LoanEventKind::Disburse,
                         .amount = vnd_amount(30'000'000),
                         .date = 2026_y / January / 10,
                         .key = "",
                         .years = 0,
                         .reason = "",
                         .approval = "",
                         .interest_amount = 0},
                        "lan")
                .ok());
  }

  std::string bytes() {
    approvals.reset();
    book.reset();
    store.reset();
    std::ifstream in(path, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ifstream wal(path + "-wal", std::ios::binary);
    all += std::string((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
    reopen();
    return all;
  }
  void reopen() {
    store = open_ledger(path, test_options()).value();
    book = open_loan_book(*store).value();
    approvals = open_approvals(*store).value();
  }
};

Operation freeze_l1(std::string reason = "FLOOD") {
  return Operation::loan_event({.loan = "L-1",
                                .kind = LoanEventKind::Freeze,
                                .amount = vnd_amount(0),
                                .date = 2026_y / March / 10,
                                .key = "",
                                .years = 3,
                                .reason = std::move(reason),
                                .approval = "QD-123/2026",
                                .interest_amount = 0})
      .value();
}

std::int64_t count(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE("the default policy puts every kind under control, manual entries above 100,000,000",
          "[approvals][policy]") {
  Bank bank;
  ApprovalPolicy policy = bank.approvals->policy().value();
  CHECK(policy.kinds.size() == 11);
  REQUIRE(policy.post_above.size() == 2);
  CHECK(policy.post_above[0] == vnd_amount(100'000'000));
  CHECK(policy.post_above[1] == Money::from_minor(400'000, usd()));
  const Operation small =
      Operation::manual_entries({transfer(2026_y / January / 5, "V-1", "Assets:Cash:HeadOffice",
                                          "Equity:Funds:Central", vnd_amount(100'000'000))})
          .value();
  const Operation large =
      Operation::manual_entries({transfer(2026_y / January / 5, "V-2", "Assets:Cash:HeadOffice",
                                          "Equity:Funds:Central", vnd_amount(100'000'001))})
          .value();
  CHECK_FALSE(policy.needs_second_actor(small));
  CHECK(policy.needs_second_actor(large));
  CHECK(policy.needs_second_actor(freeze_l1()));

  CHECK(ApprovalPolicy::parse("freeze nonsense", "").error().code == ErrorCode::InvalidArgument);
  CHECK(ApprovalPolicy::parse("", "VND100").error().code == ErrorCode::InvalidArgument);
  CHECK(ApprovalPolicy::parse("", "VND:1 VND:2").error().code == ErrorCode::InvalidArgument);
  ApprovalPolicy none = ApprovalPolicy::parse("", "").value();
  CHECK_FALSE(none.needs_second_actor(freeze_l1()));
  // A currency not listed: any manual entry in it needs a second actor.
  CHECK(none.kinds.empty());
  ApprovalPolicy entries_only = ApprovalPolicy::parse("manual-entry", "").value();
  CHECK(entries_only.needs_second_actor(small));
  // The policy itself, the rates' limits and the cash floors are always under control.
  CHECK(none.needs_second_actor(
      Operation::ledger_setting({.key = "approval.kinds", .value = ""}).value()));
  CHECK(none.needs_second_actor(
      Operation::ledger_setting({.key = "limit.fee-rate", .value = "100%"}).value()));
  CHECK(none.needs_second_actor(
      Operation::ledger_setting({.key = "limit.program-rate", .value = "100%/month"}).value()));
  CHECK(none.needs_second_actor(
      Operation::ledger_setting({.key = "cash-floor.Assets:Cash:TP-XH", .value = "none"}).value()));
  CHECK_FALSE(none.needs_second_actor(
      Operation::ledger_setting({.key = "fee.rate", .value = "0.05%"}).value()));
}

TEST_CASE("no manual entry or journal reversal moves a loan control account or its sub-account",
          "[approvals][submit][control]") {
  Bank bank;
  // A sub-account of a control account is a control account, whoever adds it.
  const Account sub = bank.store
                          ->add_account(NewAccount{.name = "Assets:Loans:InTerm:01:Sub",
                                                   .type = AccountType::Asset,
                                                   .code = "",
                                                   .control = false,
                                                   .description = ""},
                                        "lan")
                          .value();
  CHECK(sub.control);
  CHECK(bank.store
            ->add_account(NewAccount{.name = "Assets:loans:interm:01:SUB",
                                     .type = AccountType::Asset,
                                     .code = "",
                                     .control = false,
                                     .description = ""},
                          "lan")
            .error()
            .message ==
        "account 'Assets:loans:interm:01:SUB' already exists as 'Assets:Loans:InTerm:01:Sub' "
        "(names are compared without regard to case)");
  const std::string before = bank.bytes();
  for (const char* account : {"Assets:Loans:InTerm:01", "Assets:Loans:InTerm:01:Sub"}) {
    EntrySpec moved = transfer(2026_y / January / 12, "V-1", account, "Assets:Cash:HeadOffice",
                               vnd_amount(700'000'000));
    moved.loan = LoanId{1};
    Result<Submitted> s = bank.approvals->submit(Operation::manual_entries({moved}).value(), "lan");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::FailedPrecondition);
    CHECK(s.error().message == fmt::format("a manual entry cannot be posted: account '{}' is a "
                                           "loan control account, which only loan operations "
                                           "move",
                                           account));
  }
  // The disbursement's entry (1) is the loan's: it is reversed through the loan's events.
  Result<Submitted> reversal = bank.approvals->submit(
      Operation::journal_reversal(ReversalSpec{EntryId{1}, std::nullopt, "", "", false}).value(),
      "lan");
  REQUIRE_FALSE(reversal.ok());
  CHECK(reversal.error().message ==
        "entry 1 cannot be reversed: account 'Assets:Loans:InTerm:01' is a loan control account, "
        "which only loan operations move");
  CHECK(bank.bytes() == before);
  CHECK(count(bank.path, "SELECT count(*) FROM approval_requests") == 0);
}

TEST_CASE("a manual entry's key is used as people read it, and the journal refuses another form",
          "[approvals][submit][text]") {
  Bank bank;
  // "Hòa-1" typed in NFD with white space around it is "Hòa-1".
  const Operation typed =
      Operation::manual_entries(
          {transfer(2026_y / January / 12,
                    " Ho\xCC\x80"
                    "a-1\t",
                    "Assets:Cash:HeadOffice", "Equity:Funds:Central", vnd_amount(5'000))})
          .value();
  CHECK(std::get<ManualEntryOperation>(typed.fields()).entries[0].key == "Hòa-1");
  REQUIRE(bank.approvals->submit(typed, "lan").value().outcome);
  CHECK(bank.store->entry(EntryId{2}).value().key == "Hòa-1");
  const Error raw =
      bank.store
          ->post(transfer(2026_y / January / 12,
                          "Ho\xCC\x80"
                          "a-1 ",
                          "Assets:Cash:HeadOffice", "Equity:Funds:Central", vnd_amount(5'000)),
                 "lan")
          .error();
  CHECK(raw.code == ErrorCode::InvalidArgument);
  CHECK(raw.message ==
        "key 'Ho\xCC\x80"
        "a-1 ': white space around it, or not in Unicode NFC; give it as 'Hòa-1'");
}

TEST_CASE("a small manual entry is posted at once, a large one is held", "[approvals][submit]") {
  Bank bank;
  Submitted small =
      bank.approvals
          ->submit(Operation::manual_entries(
                       {transfer(2026_y / January / 12, "V-1", "Assets:Cash:HeadOffice",
                                 "Equity:Funds:Central", vnd_amount(5'000))})
                       .value(),
                   "lan")
          .value();
  REQUIRE(small.outcome);
  CHECK_FALSE(small.request);
  REQUIRE(small.outcome->entries.size() == 1);
  CHECK(small.outcome->entries[0].id == EntryId{2});
  CHECK(small.outcome->first_entry == EntryId{2});
  CHECK(small.outcome->last_entry == EntryId{2});

  Submitted large =
      bank.approvals
          ->submit(Operation::manual_entries(
                       {transfer(2026_y / January / 12, "V-2", "Assets:Cash:HeadOffice",
                                 "Equity:Funds:Central", vnd_amount(200'000'000))})
                       .value(),
                   "lan")
          .value();
  REQUIRE(large.request);
  CHECK_FALSE(large.outcome);
  CHECK(large.request->kind == "manual-entry");
  CHECK(large.request->description ==
        "post 1 entry; 12/01/2026 key V-2 memo '': Assets:Cash:HeadOffice 200,000,000 VND, "
        "Equity:Funds:Central -200,000,000 VND");
  CHECK(bank.store->entry_count().value() == 2);
}

TEST_CASE("a freeze is held, then approved in one transaction with its exact ids",
          "[approvals][approve]") {
  Bank bank;
  Submitted held = bank.approvals->submit(freeze_l1(), "lan").value();
  REQUIRE(held.request);
  const ApprovalRequest& r = *held.request;
  CHECK(r.id == 1);
  CHECK(r.status == "pending");
  CHECK(r.kind == "freeze");
  CHECK(r.requested_by == "lan");
  CHECK(r.description ==
        "freeze L-1 for 3 years from 10/03/2026, reason FLOOD, approval QD-123/2026");
  CHECK(r.operation ==
        R"({"amount":0,"approval":"QD-123/2026","currency":"VND","date":"2026-03-10",)"
        R"("event":"freeze","interest":0,"key":"","loan":"L-1","reason":"FLOOD","years":3})");
  CHECK(r.digest == sha256_hex("freeze\n" + r.operation));
  CHECK(bank.store->entry_count().value() == 1);
  CHECK(count(bank.path, "SELECT count(*) FROM loan_events") == 2);

  // The requester can neither approve nor reject it; nothing is written.
  const std::string before = bank.bytes();
  auto own = bank.approvals->approve(1, "lan");
  REQUIRE_FALSE(own);
  CHECK(own.error().code == ErrorCode::FailedPrecondition);
  CHECK(own.error().message == "request 1 was made by 'lan': a second actor must decide it");
  CHECK(bank.approvals->reject(1, "lan", "no").error().code == ErrorCode::FailedPrecondition);
  CHECK(bank.approvals->approve(9, "binh").error().code == ErrorCode::NotFound);
  CHECK(bank.bytes() == before);

  Approved a = bank.approvals->approve(1, "binh").value();
  CHECK(a.request.status == "approved");
  CHECK(a.request.decided_by == "binh");
  CHECK(a.outcome.loan->split.frozen == 30'000'000);
  CHECK(a.request.first_entry == EntryId{2});
  CHECK(a.request.last_entry == EntryId{2});
  CHECK(a.request.first_event == 3);
  CHECK(a.request.last_event == 3);
  CHECK(a.request.outcome ==
        "freeze loan L-1: event 3, entry 2; entries 2 to 2; loan events 3 to 3");
  // The entry's actor is the requester.
  CHECK(bank.store->entry(EntryId{2}).value().actor == "lan");

  auto again = bank.approvals->approve(1, "chi");
  REQUIRE_FALSE(again);
  CHECK(again.error().message.starts_with("request 1 was already approved by binh at "));
  CHECK(bank.approvals->reject(1, "chi", "late").error().code == ErrorCode::FailedPrecondition);
}

TEST_CASE("an approval refused by the rules leaves the request pending and nothing written",
          "[approvals][approve]") {
  Bank bank;
  Submitted held = bank.approvals->submit(freeze_l1(), "lan").value();
  REQUIRE(held.request);
  // The period is closed meanwhile (by one actor, the policy loosened for the test's sake is
  // not needed: a close through a date already held is another request).
  Submitted close =
      bank.approvals->submit(Operation::period_close(2026_y / March / 31).value(), "lan").value();
  REQUIRE(close.request);
  REQUIRE(bank.approvals->approve(close.request->id, "binh"));
  const std::string before = bank.bytes();
  auto refused = bank.approvals->approve(1, "binh");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::FailedPrecondition);
  CHECK(bank.bytes() == before);
  CHECK(bank.approvals->request(1).value().status == "pending");

  ApprovalRequest rejected = bank.approvals->reject(1, "chi", "the period is closed").value();
  CHECK(rejected.status == "rejected");
  CHECK(rejected.outcome == "the period is closed");
  CHECK_FALSE(rejected.first_entry);
  CHECK(bank.approvals->requests("rejected").value().size() == 1);
  CHECK(bank.approvals->requests("approved").value().size() == 1);
  CHECK(bank.approvals->requests(std::nullopt).value().size() == 2);
}

TEST_CASE("an operation the rules refuse now is never recorded", "[approvals][submit]") {
  Bank bank;
  const std::string before = bank.bytes();
  auto unknown = bank.approvals->submit(Operation::loan_event({.loan = "L-9",
                                                               .kind = LoanEventKind::Freeze,
                                                               .amount = vnd_amount(0),
                                                               .date = 2026_y / March / 10,
                                                               .key = "",
                                                               .years = 3,
                                                               .reason = "FLOOD",
                                                               .approval = "QD",
                                                               .interest_amount = 0})
                                            .value(),
                                        "lan");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == ErrorCode::NotFound);
  auto reversal = bank.approvals->submit(
      Operation::journal_reversal(
          ReversalSpec{
              .original = EntryId{99}, .date = {}, .memo = "", .key = "", .rehearsal = false})
          .value(),
      "lan");
  REQUIRE_FALSE(reversal);
  CHECK(bank.bytes() == before);
}

TEST_CASE("what a person is shown comes from the fields and cannot be spoofed",
          "[approvals][display]") {
  const Operation spoof = freeze_l1("FLOOD, approval QD-999/2026");
  CHECK(spoof.description() ==
        "freeze L-1 for 3 years from 10/03/2026, reason 'FLOOD, approval QD-999/2026', "
        "approval QD-123/2026");
  CHECK(freeze_l1("it's").description().find("reason 'it''s'") != std::string::npos);
  CHECK(Operation::loan_event({.loan = "L-1",
                               .kind = LoanEventKind::Freeze,
                               .amount = vnd_amount(0),
                               .date = 2026_y / March / 10,
                               .key = "",
                               .years = 3,
                               .reason = "FLOOD\n approval X",
                               .approval = "QD",
                               .interest_amount = 0})
            .error()
            .code == ErrorCode::InvalidArgument);
  CHECK(Operation::loan_event({.loan = "L-1",
                               .kind = LoanEventKind::Disburse,
                               .amount = vnd_amount(1),
                               .date = 2026_y / March / 10,
                               .key = "",
                               .years = 0,
                               .reason = "",
                               .approval = "",
                               .interest_amount = 0})
            .error()
            .code == ErrorCode::InvalidArgument);
  // The canonical form reads back to the same operation and digest.
  const Operation back = Operation::from_canonical("freeze", spoof.canonical()).value();
  CHECK(back.digest() == spoof.digest());
  CHECK(Operation::from_canonical("freeze", "{\"loan\":1}").error().code == ErrorCode::DataLoss);
  CHECK(Operation::from_canonical("write-off", spoof.canonical()).error().code ==
        ErrorCode::DataLoss);
}

TEST_CASE("the database refuses a decision, a request or a change made outside socai",
          "[approvals][database]") {
  Bank bank;
  REQUIRE(bank.approvals->submit(freeze_l1(), "lan").value().request);
  bank.approvals.reset();
  bank.book.reset();
  bank.store.reset();
  {
    SQLite::Database db(bank.path, SQLite::OPEN_READWRITE);
    CHECK_THROWS(
        db.exec("UPDATE approval_requests SET status = 'approved', decided_by = 'x', "
                "decided_at = 'now' WHERE id = 1"));
    CHECK_THROWS(db.exec("UPDATE approval_requests SET operation = '{}' WHERE id = 1"));
    CHECK_THROWS(db.exec("DELETE FROM approval_requests"));
    CHECK_THROWS(
        db.exec("INSERT INTO approval_requests (command, requested_by, requested_at, "
                "kind, operation, digest) SELECT command, 'x', requested_at, kind, "
                "operation, digest FROM approval_requests"));
  }
  bank.reopen();
  CHECK(bank.approvals->request(1).value().status == "pending");
  CHECK(bank.approvals->requests(std::nullopt).value().size() == 1);
}

TEST_CASE("the policy is a ledger setting under two-person control", "[approvals][policy]") {
  Bank bank;
  Submitted loosen =
      bank.approvals
          ->submit(
              Operation::ledger_setting({.key = "approval.kinds", .value = "write-off"}).value(),
              "lan")
          .value();
  REQUIRE(loosen.request);
  CHECK(loosen.request->description == "setting approval.kinds = write-off");
  REQUIRE(bank.approvals->approve(loosen.request->id, "binh"));
  // A freeze is now carried out by one actor.
  Submitted freeze = bank.approvals->submit(freeze_l1(), "lan").value();
  REQUIRE(freeze.outcome);
  CHECK(freeze.outcome->loan->split.frozen == 30'000'000);
  // A bad policy value is refused when asked, never recorded.
  auto bad = bank.approvals->submit(
      Operation::ledger_setting({.key = "approval.kinds", .value = "everything"}).value(), "lan");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::InvalidArgument);
  CHECK(bank.approvals->requests("pending").value().empty());
}

TEST_CASE("a manual entry or reversal never takes a key that socai derives") {
  auto entry = [](std::string key) {
    return EntrySpec{.date = 2026_y / January / 12,
                     .kind = "manual",
                     .memo = "",
                     .key = std::move(key),
                     .loan = std::nullopt,
                     .postings = {{"Assets:Cash:HeadOffice", vnd_amount(1'000), std::nullopt},
                                  {"Equity:Funds:Central", vnd_amount(-1'000), std::nullopt}}};
  };
  for (const char* key : {"loan:L-1:accrue:2026-01", "Loan:L-1", "savings:H-1:x",
                          "fee:2026-01:C1:11:VND", "reversal-of-3"}) {
    Result<Operation> op = Operation::manual_entries({entry(key)});
    REQUIRE_FALSE(op.ok());
    CHECK(op.error().field == "key");
    CHECK(op.error().message ==
          "key '" + std::string(key) +
              "': keys beginning with loan:, savings:, fee: or reversal-of- are socai's own; an "
              "entry posted by hand takes another");
  }
  CHECK(Operation::manual_entries({entry("PT-loan:1")}).ok());
  ReversalSpec own{.original = EntryId{3}, .date = {}, .memo = "", .key = "reversal-of-3"};
  CHECK(Operation::journal_reversal(own).ok());
  ReversalSpec other{.original = EntryId{3}, .date = {}, .memo = "", .key = "fee:2026-01"};
  CHECK(Operation::journal_reversal(other).error().field == "key");
}
