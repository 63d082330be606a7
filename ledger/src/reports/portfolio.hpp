// The monthly lending report's aggregation (ledger/reports.hpp, DOMAIN.md section 6): the flows
// of the loan events of the year to date and each loan's principal at the openings and the
// month's end, summed per row (commune or program) and in total, with borrowers counted once per
// row. Pure: the store reads the events and brings the loans to the days, nothing here reads a
// database.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "ledger/reports.hpp"

namespace socai::reports {

// A loan's principal at the end of a day, by bucket.
struct PrincipalBuckets {
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t total() const { return in_term + overdue + frozen; }
};

class PortfolioTally {
 public:
  explicit PortfolioTally(date::year_month month);

  Date year_first() const { return year_first_; }  // 1 January of the month's year
  Date first() const { return report_.first; }     // the month's first day
  Date last() const { return report_.last; }       // its last day
  Date year_opening() const;                       // the day before year_first()
  Date month_opening() const;                      // the day before first()

  // One loan event of the year to date (year_first() to last()), in the row `key`: it counts
  // in the month too when dated on or after first().
  void add_event(const std::string& key, Date effective, const PortfolioFlows& flows);
  // One lent loan of `household` in the row `key`: its principal at the year's and the month's
  // openings, and its buckets at the month's end. REQUIRES: a household's loans are added one
  // after another, so that a borrower is counted once per row and once in the total.
  void add_loan(const std::string& household, const std::string& key, std::int64_t year_opening,
                std::int64_t month_opening, const PrincipalBuckets& at_end);
  // The rows by key and their total.
  PortfolioReport finish() &&;

 private:
  void count_household();

  PortfolioReport report_;
  Date year_first_;
  std::map<std::string, PortfolioRow> rows_;
  std::string household_;                // the household whose loans are being added
  std::set<std::string> borrower_rows_;  // the rows where it borrows
  std::int64_t borrowers_ = 0;
};

}  // namespace socai::reports
