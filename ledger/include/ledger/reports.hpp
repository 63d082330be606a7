// The auditors' reports over the whole portfolio (DESIGN.md section 8, DOMAIN.md sections 4
// to 6): delinquency (aging, PAR, status totals, overdue ratio per organisation, lists of
// loans to inspect) and the monthly lending report (flows and outstanding by commune or
// program). Models only; the tools render them. Amounts in minor units of VND.
//
//   DelinquencyReport r = book->delinquency({.as_of = 2026_y / June / 30}).value();
//   r.total.par30.percent_text();  // "2.35%"
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/date.hpp"
#include "ledger/money.hpp"
#include "ledger/reconcile.hpp"
#include "ledger/result.hpp"

namespace socai {

// A share as an exact fraction, with its percentage rounded half up to 2 decimals for people.
struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  Exact exact() const;  // 0 when the denominator is 0
  // "2.35%": exact() x 100, half up to 2 decimals; "0.00%" when the denominator is 0.
  std::string percent_text() const;
};

// Aging by days past due: current (0), 1-30, 31-90, 91-180, 181-360, more than 360.
inline constexpr int kAgingBuckets = 6;
// The bucket of a number of days past due (0 to 5).
int aging_bucket(std::int64_t days_past_due);
// "current", "1-30", "31-90", "91-180", "181-360", ">360".
const char* aging_bucket_name(int bucket);

struct CountAmount {
  std::int64_t loans = 0;
  std::int64_t principal = 0;
};

// The delinquency figures of one set of loans.
struct DelinquencyFigures {
  std::array<CountAmount, kAgingBuckets> aging{};  // active loans by days past due
  CountAmount outstanding;                         // all active loans
  Ratio par30;  // principal of loans more than 30 days late / outstanding principal
  Ratio par90;  // more than 90 days late
  // Status of the loans on the day (DOMAIN.md section 4).
  CountAmount in_term;
  CountAmount overdue;  // loans with overdue principal: all their outstanding principal
  CountAmount frozen;
  // Loans written off in full by the day: the principal written off.
  CountAmount written_off;
  std::int64_t overdue_principal = 0;  // the overdue bucket of all active loans
};

// The overdue ratio of an entrusted organisation: overdue principal / outstanding principal.
struct OrganisationRatio {
  std::string organisation;  // 11, 12, 13, 14, 99
  Ratio overdue;
};

enum class DelinquencyGrouping { None, Program, District, Commune, Organisation, Group, Officer };
enum class DelinquencyList { None, Overdue, Inactive, Maturing };

// One loan of a list.
struct DelinquencyLine {
  std::string loan;
  std::string household;
  std::string group;
  std::string program;
  std::int64_t days_past_due = 0;
  std::int64_t outstanding = 0;
  std::int64_t overdue = 0;        // overdue principal
  std::int64_t interest_owed = 0;  // if paid on the day
  std::optional<Date> last_transaction;
  Date maturity;
};

struct DelinquencyOptions {
  Date as_of;
  DelinquencyGrouping by = DelinquencyGrouping::None;
  DelinquencyList list = DelinquencyList::None;
  // For the last day of a month whose close is complete, and no list: count the close's
  // month-end records (the same figures, without reading every loan). False: read every loan.
  bool from_month_ends = true;
};

struct DelinquencyReport {
  Date as_of;
  DelinquencyFigures total;
  std::vector<OrganisationRatio> organisations;  // by code, every organisation
  // With a grouping: the figures per value (program code, district, ...), by value.
  std::vector<std::pair<std::string, DelinquencyFigures>> groups;
  // The list asked for, by loan id:
  //   overdue   loans with overdue principal or days past due;
  //   inactive  loans with no transaction (any event but the month-end accrual) in the 3
  //             months before the day, frozen and student (program 02) loans excluded;
  //   maturing  loans whose final maturity falls in the month after the day's month.
  std::vector<DelinquencyLine> lines;
};

// The monthly lending report's figures of one row for one period (DOMAIN.md section 6).
struct PortfolioFlows {
  std::int64_t opening = 0;  // outstanding principal at the end of the day before the period
  std::int64_t disbursed = 0;
  std::int64_t reversed = 0;  // principal taken back out by reversals
  std::int64_t collected_principal = 0;
  std::int64_t collected_interest = 0;
  std::int64_t written_off = 0;  // principal written off
  std::int64_t closing = 0;      // outstanding principal at the end of the period
  // opening + disbursed - reversed - collected principal - written off
  std::int64_t rolled_forward() const {
    return opening + disbursed - reversed - collected_principal - written_off;
  }
};

struct PortfolioRow {
  std::string key;  // commune or program code; empty for the total
  PortfolioFlows month;
  PortfolioFlows year_to_date;  // from 1 January
  // Outstanding principal at the month's end by bucket: total = in-term + overdue + frozen.
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t loans = 0;      // loans with outstanding principal at the month's end
  std::int64_t borrowers = 0;  // households with outstanding principal at the month's end
};

enum class PortfolioGrouping { Commune, Program };

struct PortfolioReport {
  std::string month;               // "2026-06"
  Date first;                      // the month's first day
  Date last;                       // its last day
  std::vector<PortfolioRow> rows;  // by key
  PortfolioRow total;
};

class Reports {
 public:
  virtual ~Reports() = default;

  // Every reconciliation check of ledger/reconcile.hpp, on one consistent read of the ledger.
  virtual Result<ReconcileReport> reconcile(const ReconcileOptions& options) = 0;

  // The delinquency report (ledger/reports.hpp) of the loans as they stand at the end of
  // `options.as_of`, on one consistent read of the ledger.
  virtual Result<DelinquencyReport> delinquency(const DelinquencyOptions& options) = 0;
  // The monthly lending report of `month`, per commune or program, month and year to date.
  virtual Result<PortfolioReport> portfolio(date::year_month month, PortfolioGrouping by) = 0;
};

}  // namespace socai
