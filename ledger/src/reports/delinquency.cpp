#include "reports/delinquency.hpp"

#include <fmt/format.h>

namespace socai {

Exact Ratio::exact() const {
  if (denominator == 0) return Exact(0);
  return Exact(numerator, denominator);
}

std::string Ratio::percent_text() const {
  Result<std::int64_t> hundredths = round_exact(exact() * 10000, RoundingMode::HalfUp);
  const std::int64_t h = hundredths ? hundredths.value() : 0;
  const std::int64_t a = h < 0 ? -h : h;
  return fmt::format("{}{}.{:02}%", h < 0 ? "-" : "", a / 100, a % 100);
}

int aging_bucket(std::int64_t days_past_due) {
  if (days_past_due <= 0) return 0;
  if (days_past_due <= 30) return 1;
  if (days_past_due <= 90) return 2;
  if (days_past_due <= 180) return 3;
  if (days_past_due <= 360) return 4;
  return 5;
}

const char* aging_bucket_name(int bucket) {
  static constexpr const char* kNames[kAgingBuckets] = {"current", "1-30",    "31-90",
                                                        "91-180",  "181-360", ">360"};
  return bucket >= 0 && bucket < kAgingBuckets ? kNames[bucket] : "";
}

}  // namespace socai

namespace socai::reports {
namespace {

void add(CountAmount& to, std::int64_t principal) {
  to.loans += 1;
  to.principal += principal;
}

// Adds an active loan to a set's figures.
void add_loan(DelinquencyFigures& f, const LoanFigures& s) {
  const std::int64_t p = s.principal();
  add(f.aging[static_cast<std::size_t>(aging_bucket(s.late))], p);
  add(f.outstanding, p);
  if (s.late > 30) f.par30.numerator += p;
  if (s.late > 90) f.par90.numerator += p;
  if (s.frozen > 0) {
    add(f.frozen, p);
  } else if (s.overdue > 0) {
    add(f.overdue, p);
  } else {
    add(f.in_term, p);
  }
  f.overdue_principal += s.overdue;
}

void finish(DelinquencyFigures& f) {
  f.par30.denominator = f.outstanding.principal;
  f.par90.denominator = f.outstanding.principal;
}

std::string group_key(DelinquencyGrouping by, const LoanPlace& at) {
  switch (by) {
    case DelinquencyGrouping::Program:
      return at.program;
    case DelinquencyGrouping::District:
      return at.place.district;
    case DelinquencyGrouping::Commune:
      return at.place.commune;
    case DelinquencyGrouping::Organisation:
      return at.place.organisation;
    case DelinquencyGrouping::Group:
      return at.group;
    case DelinquencyGrouping::Officer:
      return at.officer;
    case DelinquencyGrouping::None:
      break;
  }
  return "";
}

}  // namespace

DelinquencyTally::DelinquencyTally(Date as_of, DelinquencyGrouping by,
                                   const std::vector<std::string>& organisations)
    : report_{.as_of = as_of, .total = {}, .organisations = {}, .groups = {}, .lines = {}},
      by_(by) {
  for (const std::string& code : organisations) organisations_[code] = {0, 0};
}

DelinquencyFigures* DelinquencyTally::group_of(const LoanPlace& at) {
  if (by_ == DelinquencyGrouping::None) return nullptr;
  return &groups_[group_key(by_, at)];
}

void DelinquencyTally::add_active(const LoanPlace& at, const LoanFigures& figures) {
  add_loan(report_.total, figures);
  if (DelinquencyFigures* group = group_of(at)) add_loan(*group, figures);
  auto& organisation = organisations_[at.place.organisation];
  organisation.first += figures.overdue;
  organisation.second += figures.principal();
}

void DelinquencyTally::add_written_off(const LoanPlace& at, std::int64_t principal) {
  add(report_.total.written_off, principal);
  if (DelinquencyFigures* group = group_of(at)) add(group->written_off, principal);
}

void DelinquencyTally::add_line(DelinquencyLine line) {
  report_.lines.push_back(std::move(line));
}

DelinquencyReport DelinquencyTally::finish() && {
  reports::finish(report_.total);
  for (auto& [key, figures] : groups_) {
    reports::finish(figures);
    report_.groups.emplace_back(key, figures);
  }
  for (const auto& [code, figures] : organisations_)
    report_.organisations.push_back(OrganisationRatio{code, Ratio{figures.first, figures.second}});
  return std::move(report_);
}

}  // namespace socai::reports
