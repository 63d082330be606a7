// Row codecs of the loan book: a loan's contract and state from its row, an event's split
// as stored in its details, and the loan_events and loan_states rows.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "credit/fold.hpp"

#include "credit/checks.hpp"
#include "credit/programs.hpp"
#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

LoanSplit split_from(const nlohmann::json& j) {
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

}  // namespace

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

Result<LoanRecord> SqliteLoanBook::read_loan(std::string_view code) {
  auto q = cache_.get(std::string(kLoanQuery) + "WHERE l.code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return not_found("loan", code);
  return loan_from_row(*q, nullptr);
}

Result<LoanRecord> SqliteLoanBook::read_loan(LoanId id, ProgramCache& programs) {
  auto q = cache_.get(std::string(kLoanQuery) + "WHERE l.id = ?");
  q->bind(1, id.value);
  if (!q->executeStep()) return not_found("loan", std::to_string(id.value));
  return loan_from_row(*q, &programs);
}

Result<LoanRecord> SqliteLoanBook::loan_from_row(SQLite::Statement& row, ProgramCache* programs) {
  SQLite::Statement* q = &row;
  const std::string code = q->getColumn(1).getString();
  const std::string program_code = q->getColumn(3).getString();
  Result<std::shared_ptr<const Program>> program = [&]() -> Result<std::shared_ptr<const Program>> {
    if (programs) {
      if (auto it = programs->find(program_code); it != programs->end()) return it->second;
    }
    Result<Program> read = read_program(program_code);
    if (!read) return read.error();
    auto shared = std::make_shared<const Program>(std::move(read).value());
    if (programs) programs->emplace(program_code, shared);
    return shared;
  }();
  if (!program) return program.error();
  Result<Currency> currency = Currency::find(q->getColumn(6).getString());
  Result<RepaymentMethod> method = parse_repayment_method(q->getColumn(9).getString());
  if (!currency || !method) {
    return make_error(ErrorCode::DataLoss, fmt::format("loan {} has a malformed contract", code));
  }
  LoanContract c{.id = LoanId{q->getColumn(0).getInt64()},
                 .code = q->getColumn(1).getString(),
                 .household = q->getColumn(2).getString(),
                 .program = q->getColumn(3).getString(),
                 .group = q->getColumn(4).getString(),
                 .officer = q->getColumn(5).getString(),
                 .approved = Money::from_minor(q->getColumn(7).getInt64(), currency.value()),
                 .term_months = q->getColumn(8).getInt(),
                 .method = method.value(),
                 .every_months = q->getColumn(10).getInt(),
                 .grace_principal_months = q->getColumn(11).getInt(),
                 .custom = credit::custom_plan_from(q->getColumn(12).getString(), currency.value()),
                 .opened_on = date_column(q->getColumn(13)),
                 .course_end = std::nullopt,
                 .gdx_day = std::nullopt,
                 .cash_account = q->getColumn(16).getString()};
  if (!q->getColumn(14).isNull()) c.course_end = date_column(q->getColumn(14));
  if (!q->getColumn(15).isNull()) c.gdx_day = q->getColumn(15).getInt();
  LoanState state;
  if (!q->getColumn(17).isNull()) state = state_from_snapshot(q->getColumn(17).getString());
  return LoanRecord{std::move(c), std::move(program).value(), std::move(state)};
}

void SqliteLoanBook::save_state(LoanId id, std::int64_t event_id, const std::string& state) {
  auto upsert = cache_.get(
      "INSERT INTO loan_states (loan_id, event_id, state) VALUES (?, ?, ?) "
      "ON CONFLICT (loan_id) DO UPDATE SET event_id = excluded.event_id, "
      "state = excluded.state");
  upsert->bind(1, id.value);
  upsert->bind(2, event_id);
  upsert->bind(3, state);
  upsert->exec();
}

std::int64_t SqliteLoanBook::insert_event(LoanId loan, std::string_view kind, Date date,
                                          std::int64_t amount, const std::string& details,
                                          const std::string& key, const std::string& digest,
                                          std::string_view actor, const std::string& recorded_at,
                                          std::optional<EntryId> entry) {
  auto insert = cache_.get(
      "INSERT INTO loan_events (loan_id, kind, effective_date, amount, "
      "details, idempotency_key, request_digest, actor, recorded_at, "
      "entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, loan.value);
  insert->bind(2, std::string(kind));
  insert->bind(3, format_date(date));
  insert->bind(4, amount);
  insert->bind(5, details);
  insert->bind(6, key);
  insert->bind(7, digest);
  insert->bind(8, std::string(actor));
  insert->bind(9, recorded_at);
  if (entry) insert->bind(10, entry->value);
  insert->exec();
  return db_.getLastInsertRowid();
}

Result<std::optional<LoanOutcome>> SqliteLoanBook::recorded(const std::string& key,
                                                            const std::string& digest) {
  // Every loan event's key, given or derived, is text like a journal entry's.
  if (Status s = credit::check_text("key", key); !s) return s.error();
  auto q = cache_.get(
      "SELECT e.id, e.request_digest, e.entry_id, e.details, l.code "
      "FROM loan_events e JOIN loans l ON l.id = e.loan_id "
      "WHERE e.idempotency_key = ?");
  q->bind(1, key);
  if (!q->executeStep()) return std::optional<LoanOutcome>();
  if (q->getColumn(1).getString() != digest) {
    return make_error(ErrorCode::IdempotencyConflict,
                      fmt::format("key {} was already used by loan event {} with different content",
                                  text::quoted(key), q->getColumn(0).getInt64()));
  }
  LoanOutcome outcome;
  outcome.loan = q->getColumn(4).getString();
  outcome.event_id = q->getColumn(0).getInt64();
  if (!q->getColumn(2).isNull()) outcome.entry = EntryId{q->getColumn(2).getInt64()};
  outcome.already_recorded = true;
  outcome.split = split_from(nlohmann::json::parse(q->getColumn(3).getString()));
  return std::optional<LoanOutcome>(outcome);
}

Result<std::vector<credit::RecordedEvent>> SqliteLoanBook::read_events(
    LoanId loan, std::optional<Date> through, std::optional<std::int64_t> before_event) {
  std::vector<credit::RecordedEvent> events;
  auto q = cache_.get(
      "SELECT id, kind, effective_date, amount, details FROM loan_events "
      "WHERE loan_id = ? AND kind <> 'open' ORDER BY id");
  q->bind(1, loan.value);
  while (q->executeStep()) {
    const std::int64_t id = q->getColumn(0).getInt64();
    const Date date = date_column(q->getColumn(2));
    if ((through && date > *through) || (before_event && id >= *before_event)) break;
    Result<LoanEventKind> kind = parse_loan_event_kind(q->getColumn(1).getString());
    if (!kind) return make_error(ErrorCode::DataLoss, kind.error().message);
    const nlohmann::json details = nlohmann::json::parse(q->getColumn(4).getString());
    credit::RecordedEvent e{.id = id,
                            .event = LoanEvent{kind.value(), date, q->getColumn(3).getInt64(),
                                               details.value("years", 0),
                                               details.value("interest_amount", std::int64_t{0})},
                            .reverses = std::nullopt};
    if (kind.value() == LoanEventKind::Reverse)
      e.reverses = details.at("reverses").get<std::int64_t>();
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace socai::store
