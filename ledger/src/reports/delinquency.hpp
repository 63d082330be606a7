// The delinquency report's aggregation (ledger/reports.hpp, DESIGN.md section 8): loans as they
// stood on the day, each with its buckets, its days past due and where it is, summed into the
// totals, the groups asked for and the organisations' overdue ratios. What is kept grows with
// the groups and the organisations, not with the loans (the list asked for excepted). Pure: the
// store reads and brings the loans to the day, nothing here reads a database.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ledger/reports.hpp"

namespace socai::reports {

// Where a group is: its commune, its organisation and the commune's district.
struct Place {
  std::string commune;
  std::string organisation;
  std::string district;
};

// Where a loan is counted: its program, group and officer, and where its group is.
struct LoanPlace {
  const std::string& program;
  const std::string& group;
  const std::string& officer;
  const Place& place;
};

// An active loan's principal on the day, by bucket, and its days past due.
struct LoanFigures {
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t late = 0;  // days past due
  std::int64_t principal() const { return in_term + overdue + frozen; }
};

class DelinquencyTally {
 public:
  // `organisations`: the codes of every organisation, each reported even with no loan.
  DelinquencyTally(Date as_of, DelinquencyGrouping by,
                   const std::vector<std::string>& organisations);

  // A loan with principal outstanding on the day: aging, PAR, status, its organisation's ratio.
  void add_active(const LoanPlace& at, const LoanFigures& figures);
  // A loan written off in full by the day: `principal` written off.
  void add_written_off(const LoanPlace& at, std::int64_t principal);
  // A loan of the list asked for, in the order added.
  void add_line(DelinquencyLine line);
  // The report: PAR denominators set, groups by value, organisations by code.
  DelinquencyReport finish() &&;

 private:
  DelinquencyFigures* group_of(const LoanPlace& at);

  DelinquencyReport report_;
  DelinquencyGrouping by_;
  std::map<std::string, DelinquencyFigures> groups_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> organisations_;  // overdue, all
};

}  // namespace socai::reports
