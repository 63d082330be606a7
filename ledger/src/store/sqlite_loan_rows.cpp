// Loans in SQLite: a loan's contract and state from its row, its events, and the loans,
// loan_events and loan_states rows written.
#include <fmt/format.h>

#include "credit/event_details.hpp"
#include "credit/programs.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "text.hpp"

namespace socai::store {

const std::string& loan_by_id_query() {
  static const std::string sql = std::string(kLoanQuery) + "WHERE l.id = ?";
  return sql;
}

const std::string& loan_by_code_query() {
  static const std::string sql = std::string(kLoanQuery) + "WHERE l.code = ?";
  return sql;
}

Result<LoanRecord> SqliteLoanRepository::read_loan(std::string_view code) {
  auto q = cache_.get(loan_by_code_query());
  q->bind(1, std::string(code));
  if (!q->executeStep()) return ops::not_found("loan", code);
  return loan_from_row(*q, nullptr);
}

Result<LoanRecord> SqliteLoanRepository::read_loan(LoanId id, ProgramCache& programs) {
  auto q = cache_.get(loan_by_id_query());
  q->bind(1, id.value);
  if (!q->executeStep()) return ops::not_found("loan", std::to_string(id.value));
  return loan_from_row(*q, &programs);
}

Result<std::optional<LoanRecord>> SqliteLoanRepository::find_loan(std::string_view code) {
  auto q = cache_.get(loan_by_code_query());
  q->bind(1, std::string(code));
  if (!q->executeStep()) return std::optional<LoanRecord>();
  Result<LoanRecord> loan = loan_from_row(*q, nullptr);
  if (!loan) return loan.error();
  return std::optional<LoanRecord>(std::move(loan).value());
}

Result<std::optional<LoanRecord>> SqliteLoanRepository::find_loan(LoanId id,
                                                                  ProgramCache& programs) {
  Result<LoanRecord> loan = read_loan(id, programs);
  if (!loan) {
    if (loan.error().code == ErrorCode::NotFound) return std::optional<LoanRecord>();
    return loan.error();
  }
  return std::optional<LoanRecord>(std::move(loan).value());
}

Result<LoanRecord> SqliteLoanRepository::loan_from_row(SQLite::Statement& row,
                                                       ProgramCache* programs) {
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
  if (!q->getColumn(17).isNull()) state = state_from_row(*q, 18);
  return LoanRecord{std::move(c), std::move(program).value(), std::move(state)};
}

bool SqliteLoanRepository::loan_exists(std::string_view code) {
  auto q = cache_.get("SELECT 1 FROM loans WHERE code = ?");
  q->bind(1, std::string(code));
  return q->executeStep();
}

LoanId SqliteLoanRepository::insert_loan(const LoanContract& c, const Currency& currency) {
  SQLite::Statement insert(
      db_,
      "INSERT INTO loans (code, household_code, program_code, group_code, officer_code, "
      "currency, approved_amount, term_months, method, every_months, grace_principal_months, "
      "custom_plan, opened_on, course_end, gdx_day, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, c.code);
  insert.bind(2, c.household);
  insert.bind(3, c.program);
  insert.bind(4, c.group);
  if (!c.officer.empty()) insert.bind(5, c.officer);
  insert.bind(6, std::string(currency.code()));
  insert.bind(7, c.approved.minor_units());
  insert.bind(8, c.term_months);
  insert.bind(9, std::string(repayment_method_name(c.method)));
  insert.bind(10, c.every_months);
  insert.bind(11, c.grace_principal_months);
  insert.bind(12, credit::custom_plan_text(c.custom));
  insert.bind(13, format_date(c.opened_on));
  if (c.course_end) insert.bind(14, format_date(*c.course_end));
  if (c.gdx_day) insert.bind(15, *c.gdx_day);
  insert.bind(16, store_.now());
  insert.exec();
  return LoanId{db_.getLastInsertRowid()};
}

std::vector<std::string> SqliteLoanRepository::loan_codes() {
  SQLite::Statement q(db_, "SELECT code FROM loans ORDER BY code");
  std::vector<std::string> codes;
  while (q.executeStep()) codes.push_back(q.getColumn(0).getString());
  return codes;
}

std::vector<LoanId> SqliteLoanRepository::member_loans(std::string_view household,
                                                       std::string_view group) {
  auto q =
      cache_.get("SELECT id FROM loans WHERE household_code = ? AND group_code = ? ORDER BY code");
  q->bind(1, std::string(household));
  q->bind(2, std::string(group));
  std::vector<LoanId> ids;
  while (q->executeStep()) ids.push_back(LoanId{q->getColumn(0).getInt64()});
  return ids;
}

void SqliteLoanRepository::save_state(LoanId id, std::int64_t event_id, const LoanState& state) {
  // One row per loan: inserted with its opening, replaced by each event after.
  static const std::string sql = [] {
    const char* columns[kStateColumns] = {"disbursed",
                                          "in_term",
                                          "overdue",
                                          "frozen",
                                          "principal_repaid",
                                          "interest_due_in_term",
                                          "interest_due_overdue",
                                          "accruing_in_term",
                                          "accruing_overdue",
                                          "interest_through",
                                          "first_disbursed_on",
                                          "last_event_on",
                                          "interest_collected",
                                          "interest_paid_on",
                                          "interest_rounded",
                                          "transitions_through",
                                          "moved_to_overdue",
                                          "frozen_until",
                                          "extensions",
                                          "adjusted_installments",
                                          "written_off_principal",
                                          "written_off_interest",
                                          "recovered",
                                          "events"};
    std::string names, values, updates;
    for (const char* c : columns) {
      names += fmt::format(", {}", c);
      values += ", ?";
      updates += fmt::format(", {0} = excluded.{0}", c);
    }
    return fmt::format(
        "INSERT INTO loan_states (loan_id, event_id{}) VALUES (?, ?{}) "
        "ON CONFLICT (loan_id) DO UPDATE SET event_id = excluded.event_id{}",
        names, values, updates);
  }();
  auto upsert = cache_.get(sql);
  upsert->bind(1, id.value);
  upsert->bind(2, event_id);
  bind_state(*upsert, 3, state);
  upsert->exec();
}

std::int64_t SqliteLoanRepository::insert_event(const ops::NewEvent& e, std::string_view actor) {
  auto insert = cache_.get(
      "INSERT INTO loan_events (loan_id, kind, effective_date, amount, "
      "details, idempotency_key, request_digest, actor, recorded_at, "
      "entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, e.loan.value);
  insert->bind(2, std::string(e.kind));
  insert->bind(3, format_date(e.date));
  insert->bind(4, e.amount);
  insert->bind(5, e.details);
  insert->bind(6, e.key);
  insert->bind(7, e.digest);
  insert->bind(8, std::string(actor));
  // Recorded when its entries were, when it has some.
  insert->bind(9, writer_ ? writer_->now : store_.now());
  if (e.entry) insert->bind(10, e.entry->value);
  insert->exec();
  return db_.getLastInsertRowid();
}

std::optional<ops::KeyedEvent> SqliteLoanRepository::event_by_key(const std::string& key) {
  auto q = cache_.get(
      "SELECT e.id, e.request_digest, e.entry_id, e.details, l.code "
      "FROM loan_events e JOIN loans l ON l.id = e.loan_id "
      "WHERE e.idempotency_key = ?");
  q->bind(1, key);
  if (!q->executeStep()) return std::nullopt;
  ops::KeyedEvent found{.id = q->getColumn(0).getInt64(),
                        .digest = q->getColumn(1).getString(),
                        .entry = std::nullopt,
                        .loan = q->getColumn(4).getString(),
                        .details = q->getColumn(3).getString()};
  if (!q->getColumn(2).isNull()) found.entry = EntryId{q->getColumn(2).getInt64()};
  return found;
}

std::optional<ops::LastEvent> SqliteLoanRepository::last_event(LoanId loan) {
  auto q = cache_.get(
      "SELECT id, kind, amount, details FROM loan_events WHERE loan_id = ? "
      "ORDER BY id DESC LIMIT 1");
  q->bind(1, loan.value);
  if (!q->executeStep()) return std::nullopt;
  return ops::LastEvent{.id = q->getColumn(0).getInt64(),
                        .kind = q->getColumn(1).getString(),
                        .amount = q->getColumn(2).getInt64(),
                        .reverses = credit::reversed_event(q->getColumn(3).getString())};
}

Result<std::vector<credit::RecordedEvent>> SqliteLoanRepository::events(
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
    Result<credit::RecordedEvent> e =
        credit::recorded_event(id, q->getColumn(1).getString(), date, q->getColumn(3).getInt64(),
                               q->getColumn(4).getString());
    if (!e) return e.error();
    events.push_back(std::move(e).value());
  }
  return events;
}

}  // namespace socai::store
