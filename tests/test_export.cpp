// Tests of ledger/export.hpp: the exact text hledger and Ledger are given for a small ledger,
// in date order, with the trial balance asserted at the end, and the as-of cut.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <sstream>

#include "ledger/export.hpp"
#include "ledger/loan_book.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

const std::string kCash = "Assets:Cash:HeadOffice";

// Four entries: capital, dollars with a memo holding ';' and a tab, a cash count entered
// after them but dated before them, and fees.
std::unique_ptr<Store> small_ledger(const TempDir& dir) {
  auto store = create_ledger(dir.file("ledger.db"), test_options()).value();
  REQUIRE(store->post(transfer(2025_y / February / 3, "V-0001", kCash, "Equity:Funds:Central",
                               vnd_amount(1'000'000'000), "Capital"),
                      "test"));
  REQUIRE(store->post(transfer(2025_y / February / 5, "V-0002", kCash, "Equity:Funds:Local",
                               Money::from_minor(1050, usd()), "Dollars;\tfrom the province"),
                      "test"));
  REQUIRE(store->post(transfer(2025_y / January / 20, "V-0003", kCash, "Equity:Funds:Local",
                               vnd_amount(5'000'000), "Opening cash, entered late"),
                      "test"));
  REQUIRE(store->post(transfer(2025_y / February / 10, "V-0004", "Expenses:EntrustmentFees", kCash,
                               vnd_amount(1'500'000), "Entrustment fees"),
                      "test"));
  return store;
}

std::string exported(Store& store, ExportFormat format, std::optional<Date> as_of) {
  std::ostringstream out;
  Status s = export_journal(store, format, as_of, out);
  REQUIRE(s.ok());
  return out.str();
}

// The declarations of the chart: each account after its code and description.
std::string account_block(Store& store) {
  std::string block = "\n";
  for (const Account& a : store.list_accounts().value())
    block += "; " + a.code + " " + a.description + "\naccount " + a.name + "\n";
  return block;
}

const std::string kTags = "\ntag entry\ntag kind\ntag key\ntag loan\ntag reverses\n";

const std::string kHledgerCommodities =
    "\ncommodity 1000. VND\ncommodity 1000.00 USD\ncommodity 1000.00 EUR\ncommodity 1000. JPY\n";

const std::string kLedgerCommodities =
    "\ncommodity VND\n    format 1000 VND\ncommodity USD\n    format 1000.00 USD\n"
    "commodity EUR\n    format 1000.00 EUR\ncommodity JPY\n    format 1000 JPY\n";

const std::string kTransactions = R"(
2025-01-20 (3) Opening cash, entered late
    ; entry: 3
    ; kind: manual
    ; key: V-0003
    Assets:Cash:HeadOffice  5000000 VND
    Equity:Funds:Local  -5000000 VND

2025-02-03 (1) Capital
    ; entry: 1
    ; kind: manual
    ; key: V-0001
    Assets:Cash:HeadOffice  1000000000 VND
    Equity:Funds:Central  -1000000000 VND

2025-02-05 (2) Dollars, from the province
    ; entry: 2
    ; kind: manual
    ; key: V-0002
    Assets:Cash:HeadOffice  10.50 USD
    Equity:Funds:Local  -10.50 USD

2025-02-10 (4) Entrustment fees
    ; entry: 4
    ; kind: manual
    ; key: V-0004
    Expenses:EntrustmentFees  1500000 VND
    Assets:Cash:HeadOffice  -1500000 VND

2025-02-10 socai trial balance as of 2025-02-10
    Assets:Cash:HeadOffice  0.00 USD = 10.50 USD
    Assets:Cash:HeadOffice  0 VND = 1003500000 VND
    Equity:Funds:Central  0 VND = -1000000000 VND
    Equity:Funds:Local  0.00 USD = -10.50 USD
    Equity:Funds:Local  0 VND = -5000000 VND
    Expenses:EntrustmentFees  0 VND = 1500000 VND
)";

// A store that lets another writer post one entry each time the trial balance is read, the
// first `busy_reads` times: what an export sees while tellers keep posting.
class PostedMeanwhile : public Store {
 public:
  PostedMeanwhile(Store& store, int busy_reads) : store_(store), busy_reads_(busy_reads) {}

  Result<std::vector<BalanceRow>> trial_balance(std::optional<Date> as_of) override {
    Result<std::vector<BalanceRow>> rows = store_.trial_balance(as_of);
    if (reads_++ < busy_reads_) {
      REQUIRE(store_.post(
          transfer(2025_y / January / 2, "M-" + std::to_string(store_.entry_count().value() + 1),
                   kCash, "Equity:Funds:Central", vnd_amount(1'000), "Meanwhile"),
          "teller"));
    }
    return rows;
  }
  int reads() const { return reads_; }

  Result<Account> add_account(const NewAccount& a, std::string_view actor) override {
    return store_.add_account(a, actor);
  }
  Result<std::vector<Account>> list_accounts() override { return store_.list_accounts(); }
  Result<PostOutcome> post(const EntrySpec& e, std::string_view actor) override {
    return store_.post(e, actor);
  }
  Result<std::vector<PostOutcome>> post_batch(std::span<const EntrySpec> entries,
                                              std::string_view actor) override {
    return store_.post_batch(entries, actor);
  }
  Result<PostOutcome> reverse(const ReversalSpec& r, std::string_view actor) override {
    return store_.reverse(r, actor);
  }
  Result<CloseOutcome> close_period(Date through, std::string_view actor) override {
    return store_.close_period(through, actor);
  }
  Result<std::optional<Date>> closed_through() override { return store_.closed_through(); }
  Result<Entry> entry(EntryId id) override { return store_.entry(id); }
  Result<std::int64_t> entry_count() override { return store_.entry_count(); }
  Result<std::vector<BalanceRow>> balance(std::string_view account, std::optional<Date> as_of,
                                          std::optional<LoanId> loan) override {
    return store_.balance(account, as_of, loan);
  }
  Result<std::vector<BalanceRow>> loan_balances(std::string_view account,
                                                std::optional<Date> as_of) override {
    return store_.loan_balances(account, as_of);
  }
  Result<std::vector<LedgerLine>> account_ledger(std::string_view account,
                                                 std::optional<Date> as_of) override {
    return store_.account_ledger(account, as_of);
  }
  Result<VerifyReport> verify() override { return store_.verify(); }
  Result<std::string> control_record_hash(std::int64_t id) override {
    return store_.control_record_hash(id);
  }
  ops::Backend& backend() override { return store_.backend(); }

 private:
  Store& store_;
  int busy_reads_;
  int reads_ = 0;
};

}  // namespace

TEST_CASE("export: the whole journal for hledger, in date order, balances asserted", "[export]") {
  TempDir dir;
  auto store = small_ledger(dir);
  const std::string text = exported(*store, ExportFormat::Hledger, std::nullopt);
  const std::string accounts = account_block(*store);
  CHECK(
      accounts.starts_with("\n; 101001 cash held at the head office\n"
                           "account Assets:Cash:HeadOffice\n"));
  CHECK(text ==
        "; socai journal for hledger: 4 entries, ordered by date, then entry id.\n"
        "; The last transaction asserts every balance of socai's trial balance.\n"
        "; Check: hledger -f FILE check -s ordereddates (UTF-8 text: LANG=C.UTF-8 or the like)\n" +
            kHledgerCommodities + kTags + accounts + kTransactions);
}

TEST_CASE("export: Ledger's text differs only in its commodity directives", "[export]") {
  TempDir dir;
  auto store = small_ledger(dir);
  const std::string text = exported(*store, ExportFormat::Ledger, std::nullopt);
  CHECK(text ==
        "; socai journal for ledger: 4 entries, ordered by date, then entry id.\n"
        "; The last transaction asserts every balance of socai's trial balance.\n"
        "; Check: ledger -f FILE --strict --pedantic --explicit balance\n" +
            kLedgerCommodities + kTags + account_block(*store) + kTransactions);
}

TEST_CASE("export: --as-of keeps the entries dated on or before it and asserts its balances",
          "[export]") {
  TempDir dir;
  auto store = small_ledger(dir);
  const std::string prefix =
      "; socai journal for hledger: 2 entries dated on or before 2025-02-04, ordered by date, "
      "then entry id.\n"
      "; The last transaction asserts every balance of socai's trial balance.\n"
      "; Check: hledger -f FILE check -s ordereddates (UTF-8 text: LANG=C.UTF-8 or the like)\n" +
      kHledgerCommodities + kTags + account_block(*store);
  CHECK(exported(*store, ExportFormat::Hledger, 2025_y / February / 4) == prefix + R"(
2025-01-20 (3) Opening cash, entered late
    ; entry: 3
    ; kind: manual
    ; key: V-0003
    Assets:Cash:HeadOffice  5000000 VND
    Equity:Funds:Local  -5000000 VND

2025-02-03 (1) Capital
    ; entry: 1
    ; kind: manual
    ; key: V-0001
    Assets:Cash:HeadOffice  1000000000 VND
    Equity:Funds:Central  -1000000000 VND

2025-02-04 socai trial balance as of 2025-02-04
    Assets:Cash:HeadOffice  0 VND = 1005000000 VND
    Equity:Funds:Central  0 VND = -1000000000 VND
    Equity:Funds:Local  0 VND = -5000000 VND
)");

  // The day of an entry is included; before every entry, only the declarations.
  CHECK(exported(*store, ExportFormat::Hledger, 2025_y / January / 20)
            .ends_with("\n2025-01-20 socai trial balance as of 2025-01-20\n"
                       "    Assets:Cash:HeadOffice  0 VND = 5000000 VND\n"
                       "    Equity:Funds:Local  0 VND = -5000000 VND\n"));
  CHECK(exported(*store, ExportFormat::Hledger, 2025_y / January / 19) ==
        "; socai journal for hledger: 0 entries dated on or before 2025-01-19, ordered by date, "
        "then entry id.\n"
        "; The last transaction asserts every balance of socai's trial balance.\n"
        "; Check: hledger -f FILE check -s ordereddates (UTF-8 text: LANG=C.UTF-8 or the like)\n" +
            kHledgerCommodities + kTags + account_block(*store));
}

TEST_CASE("export: a reversal names the entry it reverses and loan postings carry the loan",
          "[export]") {
  TempDir dir;
  auto store = create_ledger(dir.file("bank.db"), test_options(false)).value();
  auto book = open_loan_book(*store).value();
  seed_reference_data(*book);
  LoanOutcome opened = open_poor_loan(*book, "L-1", 30'000'000, 2025_y / March / 1);
  Result<LoanOutcome> paid =
      book->apply(LoanOperation{opened.loan, LoanEventKind::Disburse, vnd_amount(30'000'000),
                                2025_y / March / 5, "D-1"},
                  "officer");
  REQUIRE(paid.ok());
  REQUIRE(store->reverse(ReversalSpec{.original = paid->entry.value(),
                                      .date = 2025_y / March / 6,
                                      .memo = "Paid to the wrong household",
                                      .key = ""},
                         "officer"));
  const std::string text = exported(*store, ExportFormat::Ledger, std::nullopt);
  const std::size_t first = text.find("\n2025-03-05 (1) ");
  REQUIRE(first != std::string::npos);
  CHECK(text.substr(first) == R"(
2025-03-05 (1) Disbursement of loan L-1
    ; entry: 1
    ; kind: disbursement
    ; key: loan:D-1
    ; loan: 1
    Assets:Loans:InTerm:01  30000000 VND  ; loan: 1
    Assets:Cash:TP-XH  -30000000 VND

2025-03-06 (2) Paid to the wrong household
    ; entry: 2
    ; kind: reversal
    ; key: reversal-of-1
    ; loan: 1
    ; reverses: 1
    Assets:Loans:InTerm:01  -30000000 VND  ; loan: 1
    Assets:Cash:TP-XH  30000000 VND

2025-03-06 socai trial balance as of 2025-03-06
    Assets:Cash:TP-XH  0 VND = 0 VND
    Assets:Loans:InTerm:01  0 VND = 0 VND
)");
}

TEST_CASE("export: formats by name, and a stream that cannot be written is an error", "[export]") {
  CHECK(parse_export_format("hledger").value() == ExportFormat::Hledger);
  CHECK(parse_export_format("ledger").value() == ExportFormat::Ledger);
  CHECK(export_format_name(ExportFormat::Ledger) == "ledger");
  for (const char* bad : {"Ledger", "beancount", ""}) {
    Result<ExportFormat> f = parse_export_format(bad);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().code == ErrorCode::InvalidArgument);
    CHECK(f.error().message == fmt::format("format '{}': expected hledger or ledger", bad));
  }

  TempDir dir;
  auto store = small_ledger(dir);
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Status s = export_journal(*store, ExportFormat::Hledger, std::nullopt, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::Internal);
  CHECK(s.error().message == "writing the journal failed");
}

TEST_CASE("export: entries posted during the export are left out or the balances read again",
          "[export]") {
  TempDir dir;
  auto store = small_ledger(dir);

  // Two entries come in while the balances are read: the third reading is of a quiet ledger,
  // and the export holds six entries whose sums are the asserted balances.
  PostedMeanwhile twice(*store, 2);
  const std::string text = exported(twice, ExportFormat::Hledger, std::nullopt);
  CHECK(twice.reads() == 3);
  CHECK(text.starts_with("; socai journal for hledger: 6 entries, ordered by date"));
  CHECK(text.find("\n2025-01-02 (6) Meanwhile\n") != std::string::npos);
  CHECK(
      text.ends_with("\n2025-02-10 socai trial balance as of 2025-02-10\n"
                     "    Assets:Cash:HeadOffice  0.00 USD = 10.50 USD\n"
                     "    Assets:Cash:HeadOffice  0 VND = 1003502000 VND\n"
                     "    Equity:Funds:Central  0 VND = -1000002000 VND\n"
                     "    Equity:Funds:Local  0.00 USD = -10.50 USD\n"
                     "    Equity:Funds:Local  0 VND = -5000000 VND\n"
                     "    Expenses:EntrustmentFees  0 VND = 1500000 VND\n"));

  // A ledger that changes during every reading: nothing is written.
  PostedMeanwhile always(*store, 100);
  std::ostringstream out;
  Status s = export_journal(always, ExportFormat::Hledger, std::nullopt, out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::Unavailable);
  CHECK(s.error().message ==
        "the ledger changed during each of 5 attempts to read its trial balance; export it "
        "again when fewer entries come in");
  CHECK(always.reads() == 5);
  CHECK(out.str().empty());
}
