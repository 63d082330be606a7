// Tests of the CSV import (ledger/import.hpp): each kind of file, all or nothing, re-imports
// that record nothing twice, spreadsheet habits, and files that are not CSV.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <chrono>

#include "ledger/import.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct Books {
  TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  Books() {
    // After the latest date the tests import (2026-09-25); their loans are not yet due.
    store =
        create_ledger(dir.file("import.db"), test_options(false, "2026-09-26T08:30:00Z")).value();
    book = open_loan_book(*store).value();
    seed_reference_data(*book);
  }
  ImportReport import(const std::string& text, std::optional<ImportKind> kind = std::nullopt) {
    return import_csv(*book, text, kind, "officer");
  }
  std::int64_t balance(const std::string& account) {
    for (const BalanceRow& row : store->trial_balance(std::nullopt).value())
      if (row.account == account) return row.balance;
    return 0;
  }
  std::int64_t entries() { return store->entry_count().value(); }
};

// The refusals of a report, for a failed check's message.
std::string refusals(const ImportReport& r) {
  std::string out = r.status == ImportStatus::Imported ? "" : r.error.message;
  for (const ImportRowError& e : r.refused) out += "\n" + import_error_text(e);
  return out;
}

// Interest of one day on `balance` at 6.24%/year, act365f, rounded half up.
std::int64_t one_day_interest(std::int64_t balance) {
  return (balance * 624 * 2 + 3'650'000) / (2 * 3'650'000);
}

// Groups G-00, G-01, ... of commune XH, 50 members each, for n households.
std::string groups_csv(int n) {
  std::string csv = "code,commune,village,organisation,leader\n";
  for (int g = 0; g * 50 < n; ++g)
    csv += fmt::format("G-{:02},XH,Thôn {},12,Lê Thị Hạnh {}\n", g, g, g);
  return csv;
}

// Households HH0000 .. HH(n-1) in the groups of groups_csv, poor since 2020.
std::string households_csv(int n) {
  std::string csv = "code,head,national_id,commune,village,group,status,status_from\n";
  for (int i = 0; i < n; ++i) {
    csv += fmt::format("HH{:04},Phạm Văn {},0380850{:05},XH,Thôn {},G-{:02},poor,2020-01-01\n", i,
                       i, i, i / 50, i / 50);
  }
  return csv;
}

void import_households(Books& b, int n) {
  ImportReport groups = b.import(groups_csv(n));
  REQUIRE(groups.status == ImportStatus::Imported);
  ImportReport households = b.import(households_csv(n));
  INFO(refusals(households));
  REQUIRE(households.status == ImportStatus::Imported);
  REQUIRE(households.recorded == n);
}

}  // namespace

TEST_CASE("import: the kind of a file follows from its header", "[import]") {
  using V = std::vector<std::string>;
  CHECK(infer_kind(V{"code", "head", "national_id", "commune", "village", "group", "status",
                     "status_from"})
            .value() == ImportKind::Households);
  CHECK(infer_kind(V{"Code", " commune ", "village", "organisation", "leader", "key"}).value() ==
        ImportKind::Groups);
  CHECK(infer_kind(V{"code", "household", "program", "amount", "term_months", "date", "method",
                     "every_months", "officer"})
            .value() == ImportKind::Loans);
  CHECK(infer_kind(V{"household", "loan", "date", "interest", "savings"}).value() ==
        ImportKind::Collections);
  Result<ImportKind> shared = infer_kind(V{"loan", "amount", "date"});
  CHECK(shared.error().message ==
        "the columns fit both disbursements and repayments: name the kind");
  CHECK(infer_kind(V{"loan", "amount"}).error().code == ErrorCode::InvalidArgument);
  CHECK(parse_import_kind("repayments").value() == ImportKind::Repayments);
  CHECK(parse_import_kind("payments").error().code == ErrorCode::InvalidArgument);
  for (ImportKind k : {ImportKind::Households, ImportKind::Groups, ImportKind::Loans,
                       ImportKind::Disbursements, ImportKind::Collections, ImportKind::Repayments})
    CHECK(parse_import_kind(import_kind_name(k)).value() == k);
}

TEST_CASE("import: each kind of file imports, and importing it again records nothing", "[import]") {
  Books b;
  ImportReport groups = b.import(
      "code,commune,village,organisation,leader\n"
      "G2,XH,Thôn Tây,11,Trần Văn Bình\n");
  REQUIRE(groups.status == ImportStatus::Imported);
  CHECK(groups.kind == ImportKind::Groups);
  CHECK(groups.rows == 1);
  CHECK(groups.recorded == 1);
  Group g2 = b.book->group("G2").value();
  CHECK(g2.village == "Thôn Tây");
  CHECK(g2.organisation == "11");
  CHECK(g2.leader == "Trần Văn Bình");

  const std::string households =
      "code,head,national_id,commune,village,group,status,status_from\n"
      "H3,Đỗ Thị Lan,001203000003,XH,Thôn Tây,G2,near-poor,2025-06-01\n"
      "H4,Vũ Văn Hùng,001203000004,XH,Thôn Tây,G2,poor,01/01/2024\n";
  ImportReport hh = b.import(households);
  REQUIRE(hh.status == ImportStatus::Imported);
  CHECK(hh.recorded == 2);
  Household h3 = b.book->household("H3").value();
  CHECK(h3.head == "Đỗ Thị Lan");
  CHECK(h3.group == "G2");
  REQUIRE(h3.statuses.size() == 1);
  CHECK(h3.statuses[0].status == PovertyStatus::NearPoor);
  CHECK(h3.statuses[0].effective_from == 2025_y / June / 1);
  CHECK(b.book->group("G2")->members == 2);

  ImportReport loans = b.import(
      "code,household,program,amount,term_months,date,method,every_months\n"
      "L1,H1,01,50.000.000,36,2025-11-10,equal-principal,12\n");
  REQUIRE(loans.status == ImportStatus::Imported);
  CHECK(loans.recorded == 1);
  LoanView opened = b.book->loan("L1", 2025_y / November / 10).value();
  CHECK(opened.status == LoanStatus::Approved);
  CHECK(opened.contract.approved == vnd_amount(50'000'000));
  CHECK(opened.contract.term_months == 36);
  CHECK(opened.contract.every_months == 12);

  const std::string disbursements = "loan,amount,date\nL1,50000000,10/11/2025\n";
  ImportReport disbursed = b.import(disbursements, ImportKind::Disbursements);
  REQUIRE(disbursed.status == ImportStatus::Imported);
  CHECK(disbursed.recorded == 1);
  CHECK(b.balance("Assets:Loans:InTerm:01") == 50'000'000);
  CHECK(b.balance("Assets:Cash:TP-XH") == -50'000'000);

  // DOMAIN.md V1: 266,795 of interest on 10/12/2025; H2 brings savings only.
  const std::string collections =
      "household,loan,date,interest,savings\n"
      "H1,L1,2025-12-10,266795,50000\n"
      "H2,,2025-12-10,,20000\n";
  ImportReport collected = b.import(collections);
  INFO(refusals(collected));
  REQUIRE(collected.status == ImportStatus::Imported);
  CHECK(collected.kind == ImportKind::Collections);
  CHECK(collected.recorded == 2);
  CHECK(b.balance("Income:Interest:01") == -266'795);
  CHECK(b.book->savings_balance("H1", std::nullopt).value() == 50'000);
  CHECK(b.book->savings_balance("H2", std::nullopt).value() == 20'000);
  CHECK(b.balance("Liabilities:Savings:G1") == -70'000);
  CHECK(b.book->loan("L1", 2025_y / December / 10)->interest_due.total() == 0);

  // 31 days on 50,000,000 at 6.24%: 264,986.30... -> 264,986; the rest is prepaid principal.
  const std::string repayments = "loan,amount,date,key\nL1,\"10,000,000\",2026-01-10,R-0001\n";
  ImportReport paid = b.import(repayments, ImportKind::Repayments);
  REQUIRE(paid.status == ImportStatus::Imported);
  CHECK(paid.recorded == 1);
  LoanView after = b.book->loan("L1", 2026_y / January / 10).value();
  CHECK(after.state.in_term == 40'264'986);
  CHECK(after.state.principal_repaid == 9'735'014);
  CHECK(after.state.interest_collected == 266'795 + 264'986);
  CHECK(b.balance("Assets:Loans:InTerm:01") == 40'264'986);
  CHECK(b.balance("Assets:Cash:TP-XH") == -50'000'000 + 266'795 + 70'000 + 10'000'000);

  // Every file again: nothing written, every row already recorded.
  const std::int64_t entries = b.entries();
  for (auto [text, kind] : {std::pair{households, std::optional<ImportKind>()},
                            std::pair{disbursements, std::optional(ImportKind::Disbursements)},
                            std::pair{collections, std::optional<ImportKind>()},
                            std::pair{repayments, std::optional(ImportKind::Repayments)}}) {
    ImportReport again = b.import(text, kind);
    REQUIRE(again.status == ImportStatus::Imported);
    CHECK(again.recorded == 0);
    CHECK(again.already_recorded == again.rows);
  }
  CHECK(b.entries() == entries);
  CHECK(b.book->savings_balance("H1", std::nullopt).value() == 50'000);

  // An overlapping file: the known row is already recorded, the new one recorded.
  ImportReport overlap = b.import(
      "loan,amount,date,key\nL1,\"10,000,000\",2026-01-10,R-0001\nL1,1.000.000,2026-01-11,\n",
      ImportKind::Repayments);
  REQUIRE(overlap.status == ImportStatus::Imported);
  CHECK(overlap.recorded == 1);
  CHECK(overlap.already_recorded == 1);
  CHECK(b.entries() == entries + 1);

  // The same code with other details is refused, not overwritten.
  ImportReport changed = b.import(
      "code,head,national_id,commune,village,group,status,status_from\n"
      "H3,Đỗ Thị Lan,001203000099,XH,Thôn Tây,G2,near-poor,2025-06-01\n");
  REQUIRE(changed.status == ImportStatus::Refused);
  REQUIRE(changed.refused.size() == 1);
  CHECK(import_error_text(changed.refused[0]) ==
        "line 2, column code, value 'H3': household H3 already exists with other details");
}

TEST_CASE("import: a name typed in NFD is stored in NFC, and the same file again records nothing",
          "[import][text]") {
  Books b;
  // "Đỗ Thị Lan" with its marks as combining characters (NFD).
  const std::string csv =
      "code,head,national_id,commune,village,group,status,status_from\n"
      "H3,\xC4\x90o\xCC\x82\xCC\x83 Thi\xCC\xA3 Lan,001203000099,XH,Tho\xCC\x82n "
      "\xC4\x90o\xCC\x82ng,G1,poor,2025-06-01\n";
  ImportReport first = b.import(csv);
  REQUIRE(first.status == ImportStatus::Imported);
  CHECK(first.recorded == 1);
  CHECK(b.book->household("H3")->head == "Đỗ Thị Lan");
  CHECK(b.book->household("H3")->village == "Thôn Đông");
  ImportReport again = b.import(csv);
  REQUIRE(again.status == ImportStatus::Imported);
  CHECK(again.already_recorded == 1);
}

TEST_CASE("import: a student loan gives its course's end instead of a plan", "[import]") {
  Books b;
  ImportReport loans = b.import(
      "code,household,program,amount,term_months,date,method,every_months,course_end,officer\n"
      "S1,H2,02,40.000.000,,2026-09-25,,,2029-02-28,\n");
  REQUIRE(loans.status == ImportStatus::Imported);
  CHECK(b.book->loan("S1", 2026_y / September / 25)->contract.course_end == 2029_y / February / 28);
}

TEST_CASE("import: every bad row is reported and nothing is written", "[import]") {
  Books b;
  open_poor_loan(*b.book, "L1", 20'000'000, 2025_y / March / 1);
  REQUIRE(b.book
              ->apply({.loan = "L1",
                       .kind = LoanEventKind::Disburse,
                       .amount = vnd_amount(20'000'000),
                       .date = 2025_y / March / 1,
                       .key = ""},
                      "officer")
              .ok());
  const std::int64_t entries = b.entries();
  ImportReport r = b.import(
      "loan,amount,date\n"
      "L1,1.000.000,2025-04-01\n"
      "L9,1.000.000,2025-04-01\n"
      "L1,50.000,2025-04-02\n"
      "L1,1000000,31/04/2025\n"
      "L1,90.000.000,2025-04-03\n"
      "L1,-5,2025-04-04\n"
      "L1,5\n",
      ImportKind::Repayments);
  REQUIRE(r.status == ImportStatus::Refused);
  CHECK(r.rows == 7);
  std::vector<std::string> lines;
  for (const ImportRowError& e : r.refused) lines.push_back(import_error_text(e));
  CHECK(lines ==
        std::vector<std::string>{
            "line 3, column loan, value 'L9': loan 'L9' not found",
            "line 4, column amount, value '50.000': ambiguous: '.' could be a decimal or a group "
            "separator; write the amount without separators",
            "line 5, column date, value '31/04/2025': no such day",
            "line 6, column amount, value '90.000.000': paying 90,000,000 is more than "
            "everything owed on 2025-04-03 (19,119,022)",
            "line 7, column amount, value '-5': the amount must be more than zero",
            "line 8: 2 fields, the header has 3"});
  CHECK(b.entries() == entries);
  CHECK(b.book->loan("L1", std::nullopt)->state.in_term == 20'000'000);
}

TEST_CASE("import: one bad row among 10,000 writes nothing", "[import]") {
  Books b;
  import_households(b, 100);
  const std::int64_t entries = b.entries();
  // Each of 100 members brings savings on 100 days: 10,000 rows, row 7,346 mistyped.
  std::string csv = "household,loan,date,interest,savings\n";
  const Date start = 2025_y / March / 1;
  for (int day = 0; day < 100; ++day) {
    const std::string date = format_date(date::sys_days(start) + date::days(day));
    for (int h = 0; h < 100; ++h) {
      const bool bad = day * 100 + h == 7'345;
      csv += fmt::format("HH{:04},,{},0,{}\n", h, date, bad ? "50.000" : "10000");
    }
  }
  ImportReport r = b.import(csv);
  REQUIRE(r.status == ImportStatus::Refused);
  CHECK(r.rows == 10'000);
  CHECK(r.recorded == 9'999);
  REQUIRE(r.refused.size() == 1);
  CHECK(r.refused[0].line == 7'347);
  CHECK(r.refused[0].column == "savings");
  CHECK(r.refused[0].value == "50.000");
  CHECK(b.entries() == entries);
  for (int h : {0, 45, 99})
    CHECK(b.book->savings_balance(fmt::format("HH{:04}", h), std::nullopt).value() == 0);
  CHECK(b.balance("Liabilities:Savings:G-00") == 0);

  // Corrected, the file imports whole.
  const std::size_t at = csv.find(",0,50.000\n");
  REQUIRE(at != std::string::npos);
  csv.replace(at, 10, ",0,50000\n");
  ImportReport fixed = b.import(csv);
  REQUIRE(fixed.status == ImportStatus::Imported);
  CHECK(fixed.recorded == 10'000);
  CHECK(b.entries() == entries + 10'000);
  CHECK(b.book->savings_balance("HH0045", std::nullopt).value() == 99 * 10'000 + 50'000);
  CHECK(b.balance("Liabilities:Savings:G-00") == -(50 * 100 * 10'000 + 40'000));
}

TEST_CASE("import: 100,000 repayments import in one transaction, and again record nothing",
          "[import][slow]") {
  Books b;
  import_households(b, 1'000);
  // 1,000 loans of 10,000,000 disbursed on 2026-01-02.
  std::string loans = "code,household,program,amount,term_months,date,method,every_months\n";
  std::string disbursements = "loan,amount,date\n";
  for (int i = 0; i < 1'000; ++i) {
    loans += fmt::format("L{:04},HH{:04},01,10.000.000,36,2026-01-02,equal-principal,12\n", i, i);
    disbursements += fmt::format("L{:04},10.000.000,2026-01-02\n", i);
  }
  REQUIRE(b.import(loans).status == ImportStatus::Imported);
  REQUIRE(b.import(disbursements, ImportKind::Disbursements).status == ImportStatus::Imported);
  // Each loan pays 10,000 on each of the 100 days after: one day's interest, then principal.
  std::string csv = "loan,amount,date\n";
  const Date start = 2026_y / January / 3;
  for (int day = 0; day < 100; ++day) {
    const std::string date = format_date(date::sys_days(start) + date::days(day));
    for (int i = 0; i < 1'000; ++i) csv += fmt::format("L{:04},10000,{}\n", i, date);
  }
  const std::int64_t entries = b.entries();
  const std::int64_t cash = b.balance("Assets:Cash:TP-XH");

  auto t0 = std::chrono::steady_clock::now();
  ImportReport first = b.import(csv, ImportKind::Repayments);
  auto t1 = std::chrono::steady_clock::now();
  INFO(refusals(first).substr(0, 2000));
  REQUIRE(first.status == ImportStatus::Imported);
  CHECK(first.rows == 100'000);
  CHECK(first.recorded == 100'000);
  CHECK(first.already_recorded == 0);
  CHECK(b.entries() == entries + 100'000);

  // Each loan's balance and interest, computed day by day here.
  std::int64_t balance = 10'000'000, interest = 0;
  for (int day = 0; day < 100; ++day) {
    const std::int64_t due = one_day_interest(balance);
    interest += due;
    balance -= 10'000 - due;
  }
  CHECK(one_day_interest(10'000'000) == 1'710);
  for (const char* code : {"L0000", "L0500", "L0999"}) {
    LoanView v = b.book->loan(code, std::nullopt).value();
    CHECK(v.state.in_term == balance);
    CHECK(v.state.interest_collected == interest);
    CHECK(v.state.principal_repaid + v.state.interest_collected == 1'000'000);
  }
  CHECK(b.balance("Assets:Loans:InTerm:01") == 1'000 * balance);
  CHECK(b.balance("Income:Interest:01") == -1'000 * interest);
  CHECK(b.balance("Assets:Cash:TP-XH") == cash + 1'000'000'000);

  ImportReport again = b.import(csv, ImportKind::Repayments);
  auto t2 = std::chrono::steady_clock::now();
  REQUIRE(again.status == ImportStatus::Imported);
  CHECK(again.recorded == 0);
  CHECK(again.already_recorded == 100'000);
  CHECK(b.entries() == entries + 100'000);
  CHECK(b.balance("Assets:Cash:TP-XH") == cash + 1'000'000'000);
  using ms = std::chrono::milliseconds;
  WARN("100,000 repayments: import " << std::chrono::duration_cast<ms>(t1 - t0).count()
                                     << " ms, again "
                                     << std::chrono::duration_cast<ms>(t2 - t1).count() << " ms");
}

TEST_CASE("import: spreadsheet habits: BOM, CRLF, quoted names with commas and line breaks",
          "[import]") {
  Books b;
  ImportReport hh = b.import(
      "\xEF\xBB\xBF"
      "code,head,national_id,commune,village,group,status,status_from\r\n"
      "H3,\"Nguyễn Văn An, con ông Bảy\",001203000003,XH,\"Thôn\r\nĐông\",G1,poor,01/12/2025\r\n"
      "\r\n"
      ",,,,,,,\r\n"
      "H4,\"Lò Thị \"\"Mỷ\"\"\",001203000004, XH ,Thôn Đông,G1,poor,2025-12-01\r\n");
  REQUIRE(hh.status == ImportStatus::Imported);
  CHECK(hh.rows == 2);
  CHECK(hh.recorded == 2);
  Household h3 = b.book->household("H3").value();
  CHECK(h3.head == "Nguyễn Văn An, con ông Bảy");
  CHECK(h3.village == "Thôn Đông");
  CHECK(h3.statuses[0].effective_from == 2025_y / December / 1);
  CHECK(b.book->household("H4")->head == "Lò Thị \"Mỷ\"");

  ImportReport loans = b.import(
      "\xEF\xBB\xBF"
      "code,household,program,amount,term_months,date,method,every_months\r\n"
      "L3,H3,01,\"50,000,000\",36,01/12/2025,equal-principal,12\r\n"
      "L4,H4,01,30 000 000,24,01/12/2025,annuity,1\r\n");
  REQUIRE(loans.status == ImportStatus::Imported);
  CHECK(b.book->loan("L3", 2025_y / December / 1)->contract.approved == vnd_amount(50'000'000));
  CHECK(b.book->loan("L4", 2025_y / December / 1)->contract.approved == vnd_amount(30'000'000));
  CHECK(b.book->loan("L4", 2025_y / December / 1)->contract.method == RepaymentMethod::Annuity);
}

// Found by fuzzing (tests/fuzz/fuzz_import.cpp): lines were counted at '\n' only, while libcsv
// also ends a record at a lone '\r', so every row of a file with the line ends of Excel's "CSV
// (Macintosh)" was reported on line 1, and a stray '\r' put two rows on one line.
TEST_CASE("import: a lone CR ends a line, so refusals name the line a person sees", "[import]") {
  Books b;
  ImportReport r = b.import(
      "code,head,national_id,commune,village,group,status,status_from\r"
      "H3,\"Nguyễn Văn An\",001203000003,XH,\"Thôn\rĐông\",G1,poor,01/12/2025\r"
      "H4,Lò Thị Mỷ,001203000004,XH,Thôn Đông,G1,poor,31/02/2025\r");
  REQUIRE(r.status == ImportStatus::Refused);
  REQUIRE(r.refused.size() == 1);
  CHECK(r.refused[0].line == 4);
  CHECK(r.refused[0].column == "status_from");

  Result<ImportFile> file = read_import_file(
      "loan,amount,date\nL1,5,2025-11-\r0\nL2,5,2025-01-01\r\n", ImportKind::Repayments);
  REQUIRE(file.ok());
  REQUIRE(file->rows.size() == 3);
  CHECK(file->rows[0].line == 2);
  CHECK(file->rows[1].line == 3);
  CHECK(file->rows[2].line == 4);
}

TEST_CASE("import: a file that is not CSV, or not a known kind, is unreadable", "[import]") {
  Books b;
  const std::int64_t entries = b.entries();
  std::string noise;
  std::mt19937_64 random(test_seed());
  for (int i = 0; i < 4'096; ++i) noise += static_cast<char>(random() & 0xFF);
  noise[1] = '\xFF';  // never valid UTF-8
  ImportReport r = b.import(noise);
  CHECK(r.status == ImportStatus::Unreadable);
  CHECK(r.error.message.find("not valid UTF-8") != std::string::npos);
  CHECK(r.rows == 0);

  CHECK(b.import("").error.message == "the file is empty: expected a header row");
  CHECK(b.import("\xEF\xBB\xBF\r\n").status == ImportStatus::Unreadable);
  CHECK(b.import("loan,amount,date\nL1,\"5,2025-01-01\n", ImportKind::Repayments).status ==
        ImportStatus::Unreadable);
  ImportReport shared = b.import("loan,amount,date\nL1,5,2025-01-01\n");
  CHECK(shared.status == ImportStatus::Unreadable);
  CHECK(shared.error.message ==
        "line 1: the columns fit both disbursements and repayments: name the kind");
  CHECK(b.import("loan,amount,when\n", ImportKind::Repayments).error.message ==
        "line 1: missing column date");
  CHECK(b.import("loan,amount,date,memo\n", ImportKind::Repayments).error.message ==
        "line 1: unknown column 'memo' for repayments");
  CHECK(b.import("loan,amount,date,date\n", ImportKind::Repayments).error.message ==
        "line 1: column date appears twice");
  // A header alone is a file of no rows.
  ImportReport none = b.import("loan,amount,date\n", ImportKind::Repayments);
  CHECK(none.status == ImportStatus::Imported);
  CHECK(none.rows == 0);
  CHECK(b.entries() == entries);
}
