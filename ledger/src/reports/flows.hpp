// The principal flows of loans (DESIGN.md section 8): what each loan event moved, summed over
// loans and periods, and the roll-forward they must satisfy. Pure functions over event rows:
// the store reads the rows, nothing here reads a database.
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/reports.hpp"

namespace socai::reports {

// `to` += `flows`, figure by figure.
void add_flows(PortfolioFlows& to, const PortfolioFlows& flows);

// One loan event as stored: its kind ("disburse", "pay", "reverse", ...), its details (the JSON
// object of the split it recorded: disbursed, overdue_principal, due_principal,
// prepaid_principal, overdue_interest, in_term_interest, written_off_frozen,
// written_off_overdue, written_off_in_term; a missing figure is 0), and the sum of its entry's
// postings on the loan principal accounts (Assets:Loans:*).
struct LoanEventRow {
  std::string_view kind;
  std::string_view details;
  std::int64_t loan_principal_postings = 0;
};

// The flows of one event (opening and closing 0): a reversal takes principal back out by what
// its entry posted on the loan accounts (`reversed`, positive when principal leaves); every
// other event by the split it recorded. Throws nlohmann::json::parse_error on details that are
// not JSON.
PortfolioFlows event_flows(const LoanEventRow& event);

}  // namespace socai::reports
