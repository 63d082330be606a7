// Tests for ledger/entry_input.hpp: the `socai post` arguments and the JSON and CSV files
// of `socai post --file`. Sources: the formats documented in entry_input.hpp, DESIGN.md
// section 9 (amounts and dates as people type them; errors name the field and the value).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ledger/entry_input.hpp"

namespace socai {
namespace {

using namespace date::literals;

template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string("accepted") : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}

// "accepted", or "<code>: <message>" of the refusal.
template <class T>
std::string refusal(const Result<T>& result) {
  if (result.ok()) return "accepted";
  return std::string(error_code_name(result.error().code)) + ": " + result.error().message;
}

Currency vnd() {
  return Currency::find("VND").value();
}
Currency usd() {
  return Currency::find("USD").value();
}

// ---------------------------------------------------------------------------------------
// Posting arguments: ACCOUNT=AMOUNT [CURRENCY], VND when absent.

TEST_CASE("a posting argument without a currency is in VND", "[input]") {
  const PostingSpec p = must(parse_posting_argument("Assets:Cash=1000000"));
  CHECK(p.account == "Assets:Cash");
  CHECK(p.amount.minor_units() == 1'000'000);
  CHECK(p.amount.currency() == vnd());
  CHECK_FALSE(p.loan.has_value());

  const PostingSpec grouped = must(parse_posting_argument("Assets:Cash:HeadOffice=1.000.000"));
  CHECK(grouped.account == "Assets:Cash:HeadOffice");
  CHECK(grouped.amount.minor_units() == 1'000'000);

  // A space-grouped amount's last group is digits, not a currency code.
  const PostingSpec spaced = must(parse_posting_argument("Assets:Cash=1 000 000"));
  CHECK(spaced.amount.minor_units() == 1'000'000);
  CHECK(spaced.amount.currency() == vnd());
}

TEST_CASE("a posting argument may name its currency after a space", "[input]") {
  const PostingSpec credit = must(parse_posting_argument("Assets:Cash=-10.50 USD"));
  CHECK(credit.account == "Assets:Cash");
  CHECK(credit.amount.minor_units() == -1'050);
  CHECK(credit.amount.currency() == usd());

  const PostingSpec grouped = must(parse_posting_argument("Assets:Cash=1 000 000 VND"));
  CHECK(grouped.amount.minor_units() == 1'000'000);
  CHECK(grouped.amount.currency() == vnd());

  const PostingSpec equity = must(parse_posting_argument("Equity:Funds:Central=-50.000.000 VND"));
  CHECK(equity.account == "Equity:Funds:Central");
  CHECK(equity.amount.minor_units() == -50'000'000);
}

TEST_CASE("a posting argument without '=', with a bad amount or currency is refused", "[input]") {
  CHECK(refusal(parse_posting_argument("Assets:Cash")) ==
        "invalid-argument: posting 'Assets:Cash': expected ACCOUNT=AMOUNT [CURRENCY]");
  CHECK(refusal(parse_posting_argument("=1000")) ==
        "invalid-argument: posting '=1000': expected ACCOUNT=AMOUNT [CURRENCY]");
  CHECK(refusal(parse_posting_argument("Assets:Cash=abc")) ==
        "invalid-argument: posting 'Assets:Cash=abc': amount 'abc': not a number");
  CHECK(refusal(parse_posting_argument("Assets:Cash=50.000")) ==
        "invalid-argument: posting 'Assets:Cash=50.000': amount '50.000': ambiguous: '.' "
        "could be a decimal or a group separator; write the amount without separators");
  CHECK(refusal(parse_posting_argument("Assets:Cash=")) ==
        "invalid-argument: posting 'Assets:Cash=': amount '': empty");
  CHECK(refusal(parse_posting_argument("Assets:Cash=100 XYZ")) ==
        "not-found: posting 'Assets:Cash=100 XYZ': unknown currency 'XYZ'");
  CHECK(refusal(parse_posting_argument("Assets:Cash=10.505 USD")) ==
        "invalid-argument: posting 'Assets:Cash=10.505 USD': amount '10.505': USD has 2 "
        "decimals");
  CHECK(refusal(parse_posting_argument("Assets:Cash=9223372036854775808")) ==
        "out-of-range: posting 'Assets:Cash=9223372036854775808': amount "
        "'9223372036854775808' is too large: at most 10^15 minor units");
}

// ---------------------------------------------------------------------------------------
// Loan ids: a positive integer.

TEST_CASE("a loan id is a positive integer", "[input]") {
  CHECK(must(parse_loan_id("42")).value == 42);
  CHECK(must(parse_loan_id("1")).value == 1);
  CHECK(must(parse_loan_id("9223372036854775807")).value == 9'223'372'036'854'775'807);
  for (const char* text :
       {"0", "-1", "+5", "abc", "", "4x", " 4", "4 ", "1.0", "9223372036854775808"}) {
    CAPTURE(text);
    Result<LoanId> refused = parse_loan_id(text);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::InvalidArgument);
  }
  CHECK(refusal(parse_loan_id("0")) == "invalid-argument: loan '0': must be a positive integer");
}

// ---------------------------------------------------------------------------------------
// JSON: one entry object or an array of them.

TEST_CASE("a JSON file may hold one entry object", "[input]") {
  // entry_input.hpp's example.
  const std::vector<EntrySpec> entries = must(parse_entries_json(R"({
    "date": "2025-01-15", "key": "V-0001", "memo": "Capital", "kind": "manual",
    "postings": [{"account": "Assets:Cash:HeadOffice", "amount": "1000000"},
                 {"account": "Equity:Funds:Central", "amount": "-1000000", "currency": "VND"}]
  })"));
  REQUIRE(entries.size() == 1);
  const EntrySpec& e = entries[0];
  CHECK(format_date(e.date) == "2025-01-15");
  CHECK(e.key == "V-0001");
  CHECK(e.memo == "Capital");
  CHECK(e.kind == "manual");
  CHECK_FALSE(e.loan.has_value());
  REQUIRE(e.postings.size() == 2);
  CHECK(e.postings[0].account == "Assets:Cash:HeadOffice");
  CHECK(e.postings[0].amount == Money::from_minor(1'000'000, vnd()));
  CHECK_FALSE(e.postings[0].loan.has_value());
  CHECK(e.postings[1].account == "Equity:Funds:Central");
  CHECK(e.postings[1].amount == Money::from_minor(-1'000'000, vnd()));
}

TEST_CASE("a JSON array holds entries in order, with defaults and loans", "[input]") {
  const std::vector<EntrySpec> entries = must(parse_entries_json(R"([
    {"date": "2025-01-15", "key": "V-0001",
     "postings": [{"account": "Assets:Cash:HeadOffice", "amount": 1000000},
                  {"account": "Equity:Funds:Central", "amount": "-1.000.000"}]},
    {"date": "01/12/2025", "key": "D-0002", "kind": "disbursement", "loan": 7,
     "postings": [{"account": "Assets:Loans:InTerm:01", "amount": "50000000", "loan": "7"},
                  {"account": "Assets:Cash:HeadOffice", "amount": "-50000000"},
                  {"account": "Assets:Cash:Dollars", "amount": "-10.5", "currency": "USD"}]}
  ])"));
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "V-0001");
  CHECK(entries[0].kind == "manual");  // the default
  CHECK(entries[0].memo == "");
  REQUIRE(entries[0].postings.size() == 2);
  CHECK(entries[0].postings[0].amount == Money::from_minor(1'000'000, vnd()));  // an integer
  CHECK(entries[0].postings[1].amount == Money::from_minor(-1'000'000, vnd()));

  CHECK(entries[1].key == "D-0002");
  CHECK(entries[1].date == 2025_y / date::December / 1);
  CHECK(entries[1].kind == "disbursement");
  REQUIRE(entries[1].loan.has_value());
  CHECK(entries[1].loan->value == 7);
  REQUIRE(entries[1].postings.size() == 3);
  REQUIRE(entries[1].postings[0].loan.has_value());
  CHECK(entries[1].postings[0].loan->value == 7);
  CHECK_FALSE(entries[1].postings[1].loan.has_value());
  CHECK(entries[1].postings[2].amount == Money::from_minor(-1'050, usd()));
}

TEST_CASE("a JSON field given twice in one object is refused, not resolved", "[input]") {
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K", "key": "L",
      "postings": [{"account": "A", "amount": "1"}, {"account": "B", "amount": "-1"}]})")) ==
        "invalid-argument: entry 1: field 'key' is given twice");
  CHECK(refusal(parse_entries_json(R"([
      {"date": "2025-01-15", "key": "K1",
       "postings": [{"account": "A", "amount": "1"}, {"account": "B", "amount": "-1"}]},
      {"date": "2025-01-15", "key": "K2",
       "postings": [{"account": "A", "amount": "1", "amount": "1000000"},
                    {"account": "B", "amount": "-1"}]}])")) ==
        "invalid-argument: entry 2: field 'amount' is given twice");
  // Written with an escape, a field is still the same field.
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
      "postings": [{"account": "A", "amount": "1", "\u0061mount": "9"},
                   {"account": "B", "amount": "-1"}]})")) ==
        "invalid-argument: entry 1: field 'amount' is given twice");
  // The same field in two objects is no repetition.
  CHECK(must(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
      "postings": [{"account": "Assets:Cash:HeadOffice", "amount": "1"},
                   {"account": "Equity:Funds:Central", "amount": "-1"}]})"))
            .size() == 1);
}

TEST_CASE("a JSON entry with a missing key or an unknown field is refused", "[input]") {
  CHECK(refusal(parse_entries_json(
            R"({"date": "2025-01-15", "postings": [{"account": "A", "amount": "1"}]})")) ==
        "invalid-argument: entry 1: key: missing");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K", "amont": "1",
                                        "postings": []})")) ==
        "invalid-argument: entry 1: unknown field 'amont'");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": "1", "acount": "B"}]})")) ==
        "invalid-argument: entry 1: posting 1: unknown field 'acount'");
  CHECK(refusal(parse_entries_json(R"({"key": "K", "postings": []})")) ==
        "invalid-argument: entry 1: date: missing");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-02-30", "key": "K", "postings": []})")) ==
        "invalid-argument: entry 1: date: date '2025-02-30': no such day");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": 5, "postings": []})")) ==
        "invalid-argument: entry 1: key: must be a string");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K"})")) ==
        "invalid-argument: entry 1: postings: must be an array of postings");
}

TEST_CASE("a JSON amount with decimals must be a string", "[input]") {
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": 10.5, "currency": "USD"}]})")) ==
        "invalid-argument: entry 1: posting 1: amount: must be a string such as \"-10.50\" "
        "(never a JSON number with decimals)");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": 1000000.0}]})")) ==
        "invalid-argument: entry 1: posting 1: amount: must be a string such as \"-10.50\" or "
        "an integer");
  // An integer is only for a currency without minor unit: 10 USD would be read as 10 cents.
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": 10, "currency": "USD"}]})")) ==
        "invalid-argument: entry 1: posting 1: amount: must be a string such as \"-10.50\" "
        "(never a JSON number with decimals)");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": 9223372036854775808}]})")) ==
        "out-of-range: entry 1: posting 1: amount: too large: at most 10^15 minor units");
  CHECK(refusal(parse_entries_json(R"({"date": "2025-01-15", "key": "K",
            "postings": [{"account": "A", "amount": -9223372036854775808}]})")) ==
        "out-of-range: entry 1: posting 1: amount: too large: at most 10^15 minor units");
  const std::vector<EntrySpec> largest = must(parse_entries_json(R"({"date": "2025-01-15",
      "key": "K", "postings": [{"account": "A", "amount": -1000000000000000}]})"));
  CHECK(largest[0].postings[0].amount.minor_units() == -kMaxAmount);
}

TEST_CASE("a JSON error names the entry and the posting", "[input]") {
  CHECK(refusal(parse_entries_json(R"([
    {"date": "2025-01-15", "key": "K1", "postings": [{"account": "A", "amount": "1"}]},
    {"date": "2025-01-15", "key": "K2", "postings": [{"account": "A", "amount": "abc"}]}
  ])")) == "invalid-argument: entry 2: posting 1: amount 'abc': not a number");
  CHECK(refusal(parse_entries_json(R"([
    {"date": "2025-01-15", "key": "K1", "postings": [{"account": "A", "amount": "1"}]},
    {"date": "2025-01-15", "key": "K2", "postings": [{"account": "A", "amount": "1"},
                                                    {"account": "B", "amount": "1",
                                                     "currency": "XYZ"}]}
  ])")) == "not-found: entry 2: posting 2: unknown currency 'XYZ'");
  CHECK(refusal(parse_entries_json(R"([
    {"date": "2025-01-15", "key": "K1", "postings": [{"account": "A", "amount": "1", "loan": 0}]}
  ])")) == "invalid-argument: entry 1: posting 1: loan: must be a positive integer");
  CHECK(refusal(parse_entries_json(R"([
    {"date": "2025-01-15", "key": "K1", "postings": [{"amount": "1"}]}
  ])")) == "invalid-argument: entry 1: posting 1: account: missing");
  CHECK(refusal(parse_entries_json(R"([{"date": "2025-01-15", "key": "K1", "postings": []},
                                       "not an entry"])")) ==
        "invalid-argument: entry 2: must be an object");
}

TEST_CASE("a JSON file that is not JSON, empty or of the wrong shape is refused", "[input]") {
  CHECK(refusal(parse_entries_json("")) == "invalid-argument: the file is not valid JSON");
  CHECK(refusal(parse_entries_json("{\"date\": ")) ==
        "invalid-argument: the file is not valid JSON");
  CHECK(refusal(parse_entries_json("[]")) == "invalid-argument: the file holds no entry");
  CHECK(refusal(parse_entries_json("42")) ==
        "invalid-argument: the file must hold an entry object or an array of entries");
}

// ---------------------------------------------------------------------------------------
// CSV: one posting per row; consecutive rows with the same key form one entry.

TEST_CASE("CSV rows with the same key form one entry", "[input]") {
  const std::vector<EntrySpec> entries =
      must(parse_entries_csv("key,date,memo,account,amount,currency\n"
                             "V-0001,2025-01-15,Capital,Assets:Cash:HeadOffice,1000000,VND\n"
                             "V-0001,2025-01-15,Capital,Equity:Funds:Central,-1000000,VND\n"
                             "V-0002,01/12/2025,Fee,Expenses:Fees,\"10.50\",USD\n"
                             "V-0002,01/12/2025,Fee,Assets:Cash:Dollars,-10.50,USD\n"
                             "V-0002,01/12/2025,Fee,Expenses:Fees,\"1.000.000\",\n"
                             "V-0002,01/12/2025,Fee,Assets:Cash:HeadOffice,-1000000,\n"));
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "V-0001");
  CHECK(format_date(entries[0].date) == "2025-01-15");
  CHECK(entries[0].memo == "Capital");
  CHECK(entries[0].kind == "manual");
  REQUIRE(entries[0].postings.size() == 2);
  CHECK(entries[0].postings[0].account == "Assets:Cash:HeadOffice");
  CHECK(entries[0].postings[0].amount == Money::from_minor(1'000'000, vnd()));
  CHECK(entries[0].postings[1].account == "Equity:Funds:Central");
  CHECK(entries[0].postings[1].amount == Money::from_minor(-1'000'000, vnd()));

  CHECK(entries[1].key == "V-0002");
  CHECK(format_date(entries[1].date) == "2025-12-01");  // from 01/12/2025
  REQUIRE(entries[1].postings.size() == 4);
  CHECK(entries[1].postings[0].amount == Money::from_minor(1'050, usd()));
  CHECK(entries[1].postings[1].amount == Money::from_minor(-1'050, usd()));
  CHECK(entries[1].postings[2].amount == Money::from_minor(1'000'000, vnd()));  // VND default
  CHECK(entries[1].postings[3].amount == Money::from_minor(-1'000'000, vnd()));
}

TEST_CASE("CSV columns may come in any order, with kind and loan", "[input]") {
  const std::vector<EntrySpec> entries =
      must(parse_entries_csv("amount,account,loan,kind,date,key\n"
                             "50000000,Assets:Loans:InTerm:01,7,disbursement,2025-12-01,D-1\n"
                             "-50000000,Assets:Cash:HeadOffice,,disbursement,2025-12-01,D-1\n"));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].kind == "disbursement");
  CHECK(entries[0].memo == "");
  REQUIRE(entries[0].postings.size() == 2);
  REQUIRE(entries[0].postings[0].loan.has_value());
  CHECK(entries[0].postings[0].loan->value == 7);
  CHECK_FALSE(entries[0].postings[1].loan.has_value());
  CHECK(entries[0].postings[1].amount == Money::from_minor(-50'000'000, vnd()));
}

TEST_CASE("only consecutive CSV rows with the same key form one entry", "[input]") {
  // entry_input.hpp: "consecutive rows with the same key form one entry".
  const std::vector<EntrySpec> entries =
      must(parse_entries_csv("key,date,account,amount\n"
                             "A,2025-01-15,Assets:Cash,1\n"
                             "B,2025-01-15,Assets:Cash,2\n"
                             "A,2025-01-15,Assets:Cash,3\n"));
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].key == "A");
  CHECK(entries[1].key == "B");
  CHECK(entries[2].key == "A");
  CHECK(entries[2].postings[0].amount.minor_units() == 3);
}

TEST_CASE("a CSV file with a byte order mark and CRLF line ends is read", "[input]") {
  const std::vector<EntrySpec> entries =
      must(parse_entries_csv("\xEF\xBB\xBFkey,date,memo,account,amount,currency\r\n"
                             "V-0001,15/01/2025,Capital,Assets:Cash:HeadOffice,1.000.000,VND\r\n"
                             "V-0001,15/01/2025,Capital,Equity:Funds:Central,-1.000.000,VND\r\n"));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].key == "V-0001");  // the BOM is not part of the first column's name
  CHECK(format_date(entries[0].date) == "2025-01-15");
  CHECK(entries[0].memo == "Capital");
  REQUIRE(entries[0].postings.size() == 2);
  CHECK(entries[0].postings[1].account == "Equity:Funds:Central");  // no '\r' left
  CHECK(entries[0].postings[1].amount == Money::from_minor(-1'000'000, vnd()));
}

TEST_CASE("a quoted CSV memo may hold a comma, a quote and a line break", "[input]") {
  const std::vector<EntrySpec> entries = must(parse_entries_csv(
      "key,date,memo,account,amount\n"
      "V-1,2025-01-15,\"Capital, first \"\"tranche\"\"\nsecond line\",Assets:Cash,1000000\n"
      "V-1,2025-01-15,\"Capital, first \"\"tranche\"\"\nsecond line\",Equity:Funds,-1000000\n"));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].memo == "Capital, first \"tranche\"\nsecond line");
  REQUIRE(entries[0].postings.size() == 2);
  CHECK(entries[0].postings[1].account == "Equity:Funds");
}

TEST_CASE("a malformed CSV row's error names its line", "[input]") {
  // Line numbers count the file's lines, a quoted line break included.
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,\"two\nlines\",Assets:Cash,1\n"
                                  "V-1,2025-01-15,\"two\nlines\",Equity:Funds,abc\n")) ==
        "invalid-argument: line 4: amount: amount 'abc': not a number");
  CHECK(refusal(parse_entries_csv("key,date,account,amount\n"
                                  "V-1,2025-01-15,Assets:Cash,1\n"
                                  "V-1,2025-01-15,Equity:Funds\n")) ==
        "invalid-argument: line 3: 3 fields, the header has 4");
  CHECK(refusal(parse_entries_csv("key,date,account,amount\r\n"
                                  "V-1,2025-01-15,Assets:Cash,1\r\n"
                                  "V-1,31/02/2025,Equity:Funds,-1\r\n")) ==
        "invalid-argument: line 3: date: date '31/02/2025': no such day");
  CHECK(refusal(parse_entries_csv("key,date,account,amount,currency\n"
                                  "V-1,2025-01-15,Assets:Cash,1,XYZ\n")) ==
        "not-found: line 2: currency: unknown currency 'XYZ'");
  CHECK(refusal(parse_entries_csv("key,date,account,amount,loan\n"
                                  "V-1,2025-01-15,Assets:Cash,1,-3\n")) ==
        "invalid-argument: line 2: loan: loan '-3': must be a positive integer");
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,a,Assets:Cash,1\n"
                                  "V-1,2025-01-15,b,Equity:Funds,-1\n")) ==
        "invalid-argument: line 3: rows of entry 'V-1' disagree on date, kind or memo");
}

TEST_CASE("a CSV file with a broken quote or invalid UTF-8 names the line", "[input]") {
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,ok,Assets:Cash,1\n"
                                  "V-1,2025-01-15,\"bad\"quote,Equity:Funds,-1\n")) ==
        "invalid-argument: line 3: malformed CSV (error parsing data while strict checking "
        "enabled)");
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,ok,Assets:Cash,1\n"
                                  "V-1,2025-01-15,\"never closed,Equity:Funds,-1\n")) ==
        "invalid-argument: line 3: malformed CSV (error parsing data while strict checking "
        "enabled)");
  // Without a final line end the quote is still open on the last line.
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,\"never closed,Equity:Funds,-1")) ==
        "invalid-argument: line 2: malformed CSV (error parsing data while strict checking "
        "enabled)");
  CHECK(refusal(parse_entries_csv("key,date,memo,account,amount\n"
                                  "V-1,2025-01-15,ok,Assets:Cash,1\n"
                                  "V-1,2025-01-15,caf\xE9,Equity:Funds,-1\n")) ==
        "invalid-argument: line 3: the file is not valid UTF-8");
}

TEST_CASE("a file of entries is bounded: fields to a row and in all, JSON depth and values",
          "[input]") {
  // 64 fields to a row; the 65th is refused on its line.
  std::string wide = "key,date,account,amount\nK,2025-01-15,Assets:Cash,1";
  for (int i = 4; i < 64; ++i) wide += ",";
  CHECK(refusal(parse_entries_csv(wide + "\n")) ==
        "invalid-argument: line 2: 64 fields, the header has 4");
  CHECK(refusal(parse_entries_csv(wide + ",\n")) ==
        "invalid-argument: line 2: more than 64 fields in a row");
  // 4,000,000 fields in all: a header of 4 and 3,999,996 rows of one, then one more.
  std::string rows = "key,date,account,amount\n";
  for (int i = 0; i < 3'999'997; ++i) rows += "a\n";
  CHECK(refusal(parse_entries_csv(rows)) ==
        "invalid-argument: line 3999998: more than 4000000 fields in the file; split it into "
        "smaller files");
  rows.resize(rows.size() - 2);
  CHECK(refusal(parse_entries_csv(rows)) == "invalid-argument: line 2: 1 fields, the header has 4");
  // JSON: 16 levels deep at most, and 4,000,000 values.
  const std::string deep = std::string(17, '[') + "1" + std::string(17, ']');
  CHECK(refusal(parse_entries_json(deep)) ==
        "invalid-argument: the file holds values nested more than 16 deep");
  CHECK(refusal(parse_entries_json(deep.substr(1, deep.size() - 2))) ==
        "invalid-argument: entry 1: must be an object");
  // The array and 3,999,999 numbers are 4,000,000 values.
  std::string many = "[";
  for (int i = 0; i < 3'999'998; ++i) many += "1,";
  CHECK(refusal(parse_entries_json(many + "1]")) == "invalid-argument: entry 1: must be an object");
  CHECK(refusal(parse_entries_json(many + "1,1]")) ==
        "invalid-argument: the file holds more than 4000000 values; split it into smaller files");
}

TEST_CASE("a CSV file with a missing or unknown column is refused", "[input]") {
  CHECK(refusal(parse_entries_csv("key,date,account\nV-1,2025-01-15,Assets:Cash\n")) ==
        "invalid-argument: line 1: missing column amount");
  CHECK(refusal(parse_entries_csv("date,account,amount\n2025-01-15,Assets:Cash,1\n")) ==
        "invalid-argument: line 1: missing column key");
  CHECK(refusal(parse_entries_csv("key,date,account,amount,note\nV,2025-01-15,A,1,x\n")) ==
        "invalid-argument: line 1: unknown column 'note'");
  CHECK(refusal(parse_entries_csv("key,date,account,amount,key\nV,2025-01-15,A,1,V\n")) ==
        "invalid-argument: line 1: column key appears twice");
  CHECK(refusal(parse_entries_csv("")) == "invalid-argument: the file is empty");
  CHECK(refusal(parse_entries_csv("key,date,account,amount\n")) ==
        "invalid-argument: the file holds no entry");
}

}  // namespace
}  // namespace socai
