#include "reports/flows.hpp"

#include <nlohmann/json.hpp>

namespace socai::reports {

void add_flows(PortfolioFlows& to, const PortfolioFlows& flows) {
  to.opening += flows.opening;
  to.disbursed += flows.disbursed;
  to.reversed += flows.reversed;
  to.collected_principal += flows.collected_principal;
  to.collected_interest += flows.collected_interest;
  to.written_off += flows.written_off;
  to.closing += flows.closing;
}

PortfolioFlows event_flows(const LoanEventRow& event) {
  PortfolioFlows f;
  if (event.kind == "reverse") {
    f.reversed = -event.loan_principal_postings;
    return f;
  }
  const nlohmann::json d = nlohmann::json::parse(event.details);
  auto part = [&](const char* name) { return d.value(name, std::int64_t{0}); };
  f.disbursed = part("disbursed");
  f.collected_principal =
      part("overdue_principal") + part("due_principal") + part("prepaid_principal");
  f.collected_interest = part("overdue_interest") + part("in_term_interest");
  f.written_off =
      part("written_off_frozen") + part("written_off_overdue") + part("written_off_in_term");
  return f;
}

}  // namespace socai::reports
