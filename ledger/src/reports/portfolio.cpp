#include "reports/portfolio.hpp"

#include <fmt/format.h>

#include "reports/flows.hpp"

namespace socai::reports {
namespace {

Date day_before(Date d) {
  return Date{date::sys_days{d} - date::days{1}};
}

}  // namespace

PortfolioTally::PortfolioTally(date::year_month month)
    : year_first_(month.year() / date::January / 1) {
  report_.month = format_month(month);
  report_.first = Date{month / 1};
  report_.last = Date{month / date::last};
}

Date PortfolioTally::year_opening() const {
  return day_before(year_first_);
}

Date PortfolioTally::month_opening() const {
  return day_before(report_.first);
}

void PortfolioTally::add_event(const std::string& key, Date effective,
                               const PortfolioFlows& flows) {
  PortfolioRow& row = rows_[key];
  add_flows(row.year_to_date, flows);
  if (effective >= report_.first) add_flows(row.month, flows);
}

void PortfolioTally::count_household() {
  for (const std::string& key : borrower_rows_) rows_[key].borrowers += 1;
  if (!borrower_rows_.empty()) ++borrowers_;
  borrower_rows_.clear();
}

void PortfolioTally::add_loan(const std::string& household, const std::string& key,
                              std::int64_t year_opening, std::int64_t month_opening,
                              const PrincipalBuckets& at_end) {
  if (household != household_) {
    count_household();
    household_ = household;
  }
  PortfolioRow& row = rows_[key];
  row.year_to_date.opening += year_opening;
  row.month.opening += month_opening;
  row.year_to_date.closing += at_end.total();
  row.month.closing += at_end.total();
  row.in_term += at_end.in_term;
  row.overdue += at_end.overdue;
  row.frozen += at_end.frozen;
  if (at_end.total() > 0) {
    row.loans += 1;
    borrower_rows_.insert(key);
  }
}

PortfolioReport PortfolioTally::finish() && {
  count_household();
  report_.total.borrowers = borrowers_;
  for (auto& [key, row] : rows_) {
    row.key = key;
    add_flows(report_.total.month, row.month);
    add_flows(report_.total.year_to_date, row.year_to_date);
    report_.total.in_term += row.in_term;
    report_.total.overdue += row.overdue;
    report_.total.frozen += row.frozen;
    report_.total.loans += row.loans;
    report_.rows.push_back(row);
  }
  return std::move(report_);
}

}  // namespace socai::reports
