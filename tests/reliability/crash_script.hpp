// The crash loop's script: a fixed sequence of ledger operations, each fully determined by its
// number, so that any process can run operation n again with the same keys and content, and a
// ledger that ran operations 0 to n-1 can be compared with one that ran them without a crash.
//
// A ledger starts with commune XH, group G1, households H1 to H4 and their loans L1 to L4
// (20,000,000 VND each, program 01, opened 2023-01-02). Then, for each month from January
// 2023, eight operations (the day of slot j is 3 + 3j):
//   0 a capital entry (Store::post): head office cash from the central fund
//   1 two transfers to the commune's cash in one Store::post_batch
//   2 a loan operation: the first month L1's disbursement, then a principal repayment
//   3 an import in one transaction: the first month L2 to L4's disbursements, then the
//     repayments of L1 to L4 (odd months) or the group's collections (even months)
//   4 an interest collection; 5 a principal repayment
//   6 a local-fund entry (Store::post)
//   7 the month-end close of the month (LoanBook::close_month)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ledger/loan_book.hpp"
#include "ledger/store.hpp"
#include "reliability_support.hpp"

namespace socai::reliability {

inline constexpr int kOpsPerMonth = 8;
inline constexpr int kScriptMonths = 36;
inline constexpr int kScriptOps = kOpsPerMonth * kScriptMonths;

enum class OpKind { Capital, Funding, Loan, Import, Close, LocalFunds };

// A loan book borrows its store's connection: it is closed first.
struct Ledger {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  void close() {
    book.reset();
    store.reset();
  }
};

// Creates a ledger at `path` with the script's reference data.
Ledger create_script_ledger(const std::string& path, const StoreOptions& options);
Ledger open_script_ledger(const std::string& path, const StoreOptions& options);

OpKind op_kind(int n);
std::string op_name(int n);  // "12 (import 2023-02)"

// What running an operation found and did.
struct OpOutcome {
  bool already_recorded = false;  // every write of it was recorded before: nothing written
  bool resumed = false;           // a close that an earlier run had started
};
// Runs operation n: every write keyed, so running it again records nothing twice.
Result<OpOutcome> run_op(Ledger& ledger, int n);

// How much of operation n a ledger holds. Partial is allowed only for a month-end close,
// whose batches commit one by one until the last transaction completes it.
enum class Presence { Absent, Present, Partial };
Presence presence(RawDb& db, int n);

// Balances the script determines without the library's arithmetic: the money each operation
// moves in cash and funds, summed over operations 0 to done-1, minor units of VND.
struct CashModel {
  std::int64_t head_office = 0;  // Assets:Cash:HeadOffice
  std::int64_t commune = 0;      // Assets:Cash:TP-XH
  std::int64_t central = 0;      // Equity:Funds:Central
  std::int64_t local = 0;        // Equity:Funds:Local
  std::int64_t savings = 0;      // Liabilities:Savings:G1
  std::int64_t disbursed = 0;    // principal paid out to the loans
};
CashModel cash_model(int done);

}  // namespace socai::reliability
