// The loan book's programs in SQLite: settings, rates and their changes.
#include <fmt/format.h>

#include "credit/programs.hpp"
#include "store/control_chain.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

// The programs column a setting is kept in.
const char* setting_column(credit::ProgramSettingKind kind) {
  using Kind = credit::ProgramSettingKind;
  switch (kind) {
    case Kind::DayCount:
      return "day_count";
    case Kind::Rounding:
      return "rounding";
    case Kind::InstallmentRounding:
      return "installment_rounding";
    case Kind::Basis:
      return "basis";
    case Kind::Allocation:
      return "allocation";
    case Kind::InstallmentMultiple:
      return "installment_multiple";
    case Kind::Cap:
      return "cap_amount";
    case Kind::OverdueMultiplier:
      return "overdue_multiplier_percent";
    case Kind::MaxTerm:
      return "max_term_months";
  }
  return "";
}

}  // namespace

Result<std::optional<Program>> SqliteLoanRepository::find_program(std::string_view code) {
  auto q = cache_.get(
      "SELECT code, name_vi, name_en, currency, cap_amount, cap_per_month, "
      "max_term_months, eligible_statuses, escaped_window_months, day_count, "
      "rounding, installment_multiple, installment_rounding, "
      "overdue_multiplier_percent, basis, missed_rule_cutoff, allocation "
      "FROM programs WHERE code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return std::optional<Program>();
  auto optional_column = [&](int i) -> std::optional<std::int64_t> {
    if (q->getColumn(i).isNull()) return std::nullopt;
    return q->getColumn(i).getInt64();
  };
  std::vector<RateChange> changes;
  auto rates = cache_.get(
      "SELECT effective_from, rate FROM program_rates WHERE program_code = ? "
      "ORDER BY effective_from");
  rates->bind(1, std::string(code));
  while (rates->executeStep()) {
    Result<Rate> rate = Rate::parse(rates->getColumn(1).getString());
    if (!rate) return with_context(fmt::format("program {} rate", code), rate.error());
    changes.push_back(RateChange{date_column(rates->getColumn(0)), rate.value()});
  }
  Result<RateHistory> history = RateHistory::make(std::move(changes));
  if (!history) return with_context(fmt::format("program {}", code), history.error());
  Result<Currency> currency = Currency::find(q->getColumn(3).getString());
  Result<DayCount> day_count = parse_day_count(q->getColumn(9).getString());
  Result<RoundingMode> rounding = parse_rounding_mode(q->getColumn(10).getString());
  Result<InstallmentRounding> installment_rounding =
      parse_installment_rounding(q->getColumn(12).getString());
  Result<AccountingBasis> basis = parse_accounting_basis(q->getColumn(14).getString());
  Result<Date> cutoff = parse_date(q->getColumn(15).getString());
  Result<std::vector<PaymentPart>> allocation = parse_allocation(q->getColumn(16).getString());
  if (!currency || !day_count || !rounding || !installment_rounding || !basis || !cutoff ||
      !allocation) {
    return make_error(ErrorCode::DataLoss, fmt::format("program {} has a malformed setting", code));
  }
  Program p{.code = q->getColumn(0).getString(),
            .name_vi = q->getColumn(1).getString(),
            .name_en = q->getColumn(2).getString(),
            .currency = currency.value(),
            .cap_amount = optional_column(4),
            .cap_per_month = optional_column(5),
            .max_term_months = std::nullopt,
            .eligible = {},
            .escaped_window_months = std::nullopt,
            .day_count = day_count.value(),
            .rounding = rounding.value(),
            .installment_multiple = q->getColumn(11).getInt64(),
            .installment_rounding = installment_rounding.value(),
            .overdue_multiplier_percent = q->getColumn(13).getInt(),
            .basis = basis.value(),
            .missed_rule_cutoff = cutoff.value(),
            .allocation = allocation.value(),
            .rates = std::move(history).value()};
  if (auto m = optional_column(6)) p.max_term_months = static_cast<int>(*m);
  if (auto w = optional_column(8)) p.escaped_window_months = static_cast<int>(*w);
  const std::string statuses = q->getColumn(7).getString();
  for (std::string_view status : text::split(statuses, ' ')) {
    if (status.empty()) continue;
    Result<PovertyStatus> s = parse_poverty_status(status);
    if (!s)
      return make_error(ErrorCode::DataLoss,
                        fmt::format("program {}: {}", code, s.error().message));
    p.eligible.push_back(s.value());
  }
  return std::optional<Program>(std::move(p));
}

Result<Program> SqliteLoanRepository::read_program(std::string_view code) {
  Result<std::optional<Program>> p = find_program(code);
  if (!p) return p.error();
  if (!p.value()) return ops::not_found("program", code);
  return std::move(*p.value());
}

std::vector<std::string> SqliteLoanRepository::program_codes() {
  auto q = cache_.get("SELECT code FROM programs ORDER BY code");
  std::vector<std::string> codes;
  while (q->executeStep()) codes.push_back(q->getColumn(0).getString());
  return codes;
}

std::optional<Date> SqliteLoanRepository::last_event_of_program(std::string_view code) {
  SQLite::Statement last(db_,
                         "SELECT max(e.effective_date) FROM loan_events e "
                         "JOIN loans l ON l.id = e.loan_id WHERE l.program_code = ?");
  last.bind(1, std::string(code));
  last.executeStep();
  if (last.getColumn(0).isNull()) return std::nullopt;
  return date_column(last.getColumn(0));
}

std::int64_t SqliteLoanRepository::loans_of_program(std::string_view code) {
  SQLite::Statement loans(db_, "SELECT count(*) FROM loans WHERE program_code = ?");
  loans.bind(1, std::string(code));
  loans.executeStep();
  return loans.getColumn(0).getInt64();
}

void SqliteLoanRepository::insert_rate(std::string_view code, Date from, const Rate& rate,
                                       std::string_view source, std::string_view actor) {
  SQLite::Statement insert(db_,
                           "INSERT INTO program_rates (program_code, effective_from, rate, "
                           "source, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, std::string(code));
  insert.bind(2, format_date(from));
  insert.bind(3, rate.to_string());
  insert.bind(4, std::string(source));
  insert.bind(5, std::string(actor));
  insert.bind(6, store_.now());
  insert.exec();
  record_control(db_, "program_rates", fmt::format("{} {}", code, format_date(from)), store_.now());
}

void SqliteLoanRepository::change_setting(std::string_view code, std::string_view setting,
                                          const credit::ProgramSetting& checked,
                                          std::string_view actor) {
  SQLite::Statement update(
      db_, fmt::format("UPDATE programs SET {} = ? WHERE code = ?", setting_column(checked.kind))
               .c_str());
  if (checked.integer) {
    update.bind(1, *checked.integer);
  } else {
    update.bind(1, checked.text);
  }
  update.bind(2, std::string(code));
  update.exec();
  record_control(db_, "programs", code, store_.now());
  SQLite::Statement change(db_,
                           "INSERT INTO program_changes (program_code, setting, value, actor, "
                           "recorded_at) VALUES (?, ?, ?, ?, ?)");
  change.bind(1, std::string(code));
  change.bind(2, std::string(setting));
  change.bind(3, checked.value_text());
  change.bind(4, std::string(actor));
  change.bind(5, store_.now());
  change.exec();
}

}  // namespace socai::store
