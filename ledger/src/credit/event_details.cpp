// Loan event details as JSON text (credit/event_details.hpp).
#include "credit/event_details.hpp"

#include <nlohmann/json.hpp>

#include "credit/events.hpp"

namespace socai::credit {
namespace {

nlohmann::json split_json(const LoanSplit& s) {
  return {{"disbursed", s.disbursed},
          {"overdue_interest", s.overdue_interest},
          {"in_term_interest", s.in_term_interest},
          {"overdue_principal", s.overdue_principal},
          {"due_principal", s.due_principal},
          {"prepaid_principal", s.prepaid_principal},
          {"interest_rounded", s.interest_rounded},
          {"frozen", s.frozen},
          {"frozen_overdue", s.frozen_overdue},
          {"unfrozen", s.unfrozen},
          {"written_off_frozen", s.written_off_frozen},
          {"written_off_overdue", s.written_off_overdue},
          {"written_off_in_term", s.written_off_in_term},
          {"written_off_interest", s.written_off_interest},
          {"recovered", s.recovered}};
}

}  // namespace

std::string split_details(const LoanSplit& split) {
  return split_json(split).dump();
}

std::string event_details(const LoanOperation& op, const LoanSplit& split) {
  nlohmann::json details = split_json(split);
  if (records_terms(op.kind)) {
    details["years"] = op.years;
    details["interest_amount"] = op.interest_amount;
    details["reason"] = op.reason;
    details["approval"] = op.approval;
  }
  return details.dump();
}

std::string reversal_details(const LoanSplit& split, std::int64_t reverses,
                             std::string_view reversed_kind, std::string_view reason) {
  nlohmann::json details = split_json(split);
  details["reverses"] = reverses;
  details["reversed_kind"] = std::string(reversed_kind);
  details["reason"] = std::string(reason);
  return details.dump();
}

LoanSplit split_of_details(std::string_view details) {
  const nlohmann::json j = nlohmann::json::parse(details);
  LoanSplit s;
  if (!j.is_object() || !j.contains("disbursed")) return s;
  s.disbursed = j.at("disbursed").get<std::int64_t>();
  s.overdue_interest = j.at("overdue_interest").get<std::int64_t>();
  s.in_term_interest = j.at("in_term_interest").get<std::int64_t>();
  s.overdue_principal = j.at("overdue_principal").get<std::int64_t>();
  s.due_principal = j.at("due_principal").get<std::int64_t>();
  s.prepaid_principal = j.at("prepaid_principal").get<std::int64_t>();
  s.interest_rounded = j.at("interest_rounded").get<std::int64_t>();
  s.frozen = j.value("frozen", std::int64_t{0});
  s.frozen_overdue = j.value("frozen_overdue", std::int64_t{0});
  s.written_off_frozen = j.value("written_off_frozen", std::int64_t{0});
  s.written_off_overdue = j.value("written_off_overdue", std::int64_t{0});
  s.written_off_in_term = j.value("written_off_in_term", std::int64_t{0});
  s.written_off_interest = j.value("written_off_interest", std::int64_t{0});
  s.recovered = j.value("recovered", std::int64_t{0});
  s.unfrozen = j.value("unfrozen", std::int64_t{0});
  return s;
}

std::optional<std::int64_t> reversed_event(std::string_view details) {
  const nlohmann::json j = nlohmann::json::parse(details);
  if (!j.is_object() || !j.contains("reverses")) return std::nullopt;
  return j.at("reverses").get<std::int64_t>();
}

Result<RecordedEvent> recorded_event(std::int64_t id, std::string_view kind_name, Date date,
                                     std::int64_t amount, std::string_view details_text) {
  Result<LoanEventKind> kind = parse_loan_event_kind(kind_name);
  if (!kind) return make_error(ErrorCode::DataLoss, kind.error().message);
  const nlohmann::json details = nlohmann::json::parse(details_text);
  RecordedEvent e{.id = id,
                  .event = LoanEvent{kind.value(), date, amount, details.value("years", 0),
                                     details.value("interest_amount", std::int64_t{0})},
                  .reverses = std::nullopt};
  if (kind.value() == LoanEventKind::Reverse)
    e.reverses = details.at("reverses").get<std::int64_t>();
  return e;
}

}  // namespace socai::credit
