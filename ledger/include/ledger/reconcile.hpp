// Reconciliation: the checks an auditor runs to prove the books whole (DESIGN.md section 8),
// each passed or failed with its figures, and every discrepancy named by place.
//
//   ReconcileReport r = book->reconcile({.as_of = std::nullopt, .month = 2026_y / June,
//                                        .cash = counted}).value();
//   for (const ReconcileCheck& c : r.checks) std::cout << c.name << ": " << c.figures;
//   r.passed();  // every check passed
//
// The checks read what is stored (postings, maintained balances, hashes, loan events and
// snapshots) and compare independent sources, so a ledger changed behind socai's back (its
// triggers dropped) is caught by the check whose figures no longer agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/date.hpp"
#include "ledger/result.hpp"

namespace socai {

struct Discrepancy {
  std::string where;  // "entry 12", "loan L-1 (Assets:Loans:InTerm:01)", "commune TN x 12 x 01"
  std::string expected;
  std::string found;
};

struct ReconcileCheck {
  std::string name;  // "trial balance", "entries balanced", ...
  bool passed = true;
  std::string figures;                     // what was compared, with its totals
  std::vector<Discrepancy> discrepancies;  // the first 100 found
  std::int64_t discrepancy_count = 0;      // all of them
};

struct ReconcileReport {
  std::vector<ReconcileCheck> checks;
  bool passed() const {
    for (const ReconcileCheck& c : checks)
      if (!c.passed) return false;
    return true;
  }
};

// Cash counted at a transaction point (or read from a bank statement) at the end of a day.
struct CashCount {
  std::size_t line = 0;  // where it was read, for the report
  std::string account;   // "Assets:Cash:TP-TN"
  Date date;
  std::int64_t amount = 0;  // minor units of VND
};

struct ReconcileOptions {
  std::optional<Date> as_of;              // balances at the end of this day (default: all)
  std::optional<date::year_month> month;  // the roll-forward of this month
  std::vector<CashCount> cash;            // cash counts to compare with the journal
};

// Reads cash counts from CSV: a header `commune,date,amount` (the commune's transaction point,
// Assets:Cash:TP-<commune>) or `account,date,amount`, then one count per row; dates as
// 2026-06-30 or 30/06/2026, VND amounts with or without grouping. InvalidArgument naming the
// line and column of the first bad value.
Result<std::vector<CashCount>> parse_cash_counts(std::string_view csv_text);

}  // namespace socai
