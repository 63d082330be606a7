// The loan state snapshot kept in loan_states (schema 10): one column per field of LoanState.
#include <fmt/format.h>

#include "exact_text.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

void bind_date(SQLite::Statement& q, int column, const std::optional<Date>& d) {
  if (d) {
    q.bind(column, format_date(*d));
  } else {
    q.bind(column);
  }
}

std::optional<Date> date_or_none(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return date_column(column);
}

// "2026-01-10:6 2026-07-10:3".
std::string extensions_text(const std::vector<LoanState::Extension>& extensions) {
  std::string out;
  for (const LoanState::Extension& e : extensions)
    out += fmt::format("{}{}:{}", out.empty() ? "" : " ", format_date(e.from), e.months);
  return out;
}

std::vector<LoanState::Extension> extensions_from(const std::string& stored) {
  std::vector<LoanState::Extension> out;
  for (std::string_view pair : text::split(stored, ' ')) {
    if (pair.empty()) continue;
    const std::size_t colon = pair.find(':');
    if (colon == std::string_view::npos) throw std::runtime_error("stored extension " + stored);
    out.push_back({parse_date(pair.substr(0, colon)).value(),
                   std::stoi(std::string(pair.substr(colon + 1)))});
  }
  return out;
}

std::string installments_text(const std::vector<int>& installments) {
  std::string out;
  for (int k : installments) out += fmt::format("{}{}", out.empty() ? "" : " ", k);
  return out;
}

std::vector<int> installments_from(const std::string& stored) {
  std::vector<int> out;
  for (std::string_view k : text::split(stored, ' '))
    if (!k.empty()) out.push_back(std::stoi(std::string(k)));
  return out;
}

}  // namespace

void bind_state(SQLite::Statement& q, int first, const LoanState& s) {
  int c = first;
  q.bind(c++, s.disbursed);
  q.bind(c++, s.in_term);
  q.bind(c++, s.overdue);
  q.bind(c++, s.frozen);
  q.bind(c++, s.principal_repaid);
  q.bind(c++, s.interest_due_in_term);
  q.bind(c++, s.interest_due_overdue);
  q.bind(c++, exact_text(s.accruing_in_term));
  q.bind(c++, exact_text(s.accruing_overdue));
  bind_date(q, c++, s.interest_through);
  bind_date(q, c++, s.first_disbursed_on);
  bind_date(q, c++, s.last_event_on);
  q.bind(c++, s.interest_collected);
  bind_date(q, c++, s.interest_paid_on);
  q.bind(c++, s.interest_rounded);
  bind_date(q, c++, s.transitions_through);
  q.bind(c++, s.moved_to_overdue);
  bind_date(q, c++, s.frozen_until);
  q.bind(c++, extensions_text(s.extensions));
  q.bind(c++, installments_text(s.adjusted_installments));
  q.bind(c++, s.written_off_principal);
  q.bind(c++, s.written_off_interest);
  q.bind(c++, s.recovered);
  q.bind(c++, s.events);
}

LoanState state_from_row(SQLite::Statement& q, int first) {
  int c = first;
  LoanState s;
  s.disbursed = q.getColumn(c++).getInt64();
  s.in_term = q.getColumn(c++).getInt64();
  s.overdue = q.getColumn(c++).getInt64();
  s.frozen = q.getColumn(c++).getInt64();
  s.principal_repaid = q.getColumn(c++).getInt64();
  s.interest_due_in_term = q.getColumn(c++).getInt64();
  s.interest_due_overdue = q.getColumn(c++).getInt64();
  s.accruing_in_term = exact_from(q.getColumn(c++).getString());
  s.accruing_overdue = exact_from(q.getColumn(c++).getString());
  s.interest_through = date_or_none(q.getColumn(c++));
  s.first_disbursed_on = date_or_none(q.getColumn(c++));
  s.last_event_on = date_or_none(q.getColumn(c++));
  s.interest_collected = q.getColumn(c++).getInt64();
  s.interest_paid_on = date_or_none(q.getColumn(c++));
  s.interest_rounded = q.getColumn(c++).getInt64();
  s.transitions_through = date_or_none(q.getColumn(c++));
  s.moved_to_overdue = q.getColumn(c++).getInt64();
  s.frozen_until = date_or_none(q.getColumn(c++));
  s.extensions = extensions_from(q.getColumn(c++).getString());
  s.adjusted_installments = installments_from(q.getColumn(c++).getString());
  s.written_off_principal = q.getColumn(c++).getInt64();
  s.written_off_interest = q.getColumn(c++).getInt64();
  s.recovered = q.getColumn(c++).getInt64();
  s.events = q.getColumn(c++).getInt();
  return s;
}

}  // namespace socai::store
