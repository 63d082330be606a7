// Entries from text: the `socai post` arguments and the JSON and CSV files of
// `socai post --file`. Parsing only; nothing here touches a ledger.
//
// A posting argument is ACCOUNT=AMOUNT, optionally followed by a space and a currency code
// (VND when absent). A positive amount is a debit, a negative one a credit:
//   parse_posting_argument("Assets:Cash:HeadOffice=1.000.000")      // 1,000,000 VND debit
//   parse_posting_argument("Equity:Funds:Central=-10.50 USD")        // 10.50 USD credit
//
// JSON (one entry object, or an array of them; amounts as strings, or integers for
// currencies without minor unit):
//   {"date": "2025-01-15", "key": "V-0001", "memo": "Capital", "kind": "manual",
//    "postings": [{"account": "Assets:Cash:HeadOffice", "amount": "1000000"},
//                 {"account": "Equity:Funds:Central", "amount": "-1000000", "currency": "VND"}]}
// Optional: "kind" (default manual), "memo", "loan" (entry and posting), "currency" (VND).
//
// CSV (UTF-8, header row, one posting per row; consecutive rows with the same key form one
// entry, and their date, kind and memo must agree):
//   key,date,memo,account,amount,currency
//   V-0001,2025-01-15,Capital,Assets:Cash:HeadOffice,1000000,VND
//   V-0001,2025-01-15,Capital,Equity:Funds:Central,-1000000,VND
// Required columns: key, date, account, amount. Optional: memo, currency, kind, loan.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/journal.hpp"

namespace socai {

Result<PostingSpec> parse_posting_argument(std::string_view text);

// A loan id as typed: a positive integer.
Result<LoanId> parse_loan_id(std::string_view text);

// Errors name the entry (JSON: "entry 2") or the line (CSV: "line 3") and the field.
Result<std::vector<EntrySpec>> parse_entries_json(std::string_view text);
Result<std::vector<EntrySpec>> parse_entries_csv(std::string_view text);

}  // namespace socai
