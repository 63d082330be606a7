// Loan events: a loan opened, each event applied with its journal entries and the loan's new
// state in one transaction, reversals, and loans read back as views.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "credit/checks.hpp"
#include "credit/events.hpp"
#include "credit/fold.hpp"
#include "credit/programs.hpp"
#include "credit/view.hpp"
#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {

Result<LoanState> SqliteLoanBook::fold(const LoanRecord& loan, std::optional<Date> through,
                                       std::optional<std::int64_t> before_event) {
  Result<std::vector<credit::RecordedEvent>> events =
      read_events(loan.contract.id, through, before_event);
  if (!events) return events.error();
  return credit::fold(*loan.program, loan.contract, events.value());
}

Result<LoanOutcome> SqliteLoanBook::reverse_last(const LoanOperation& op, std::string_view actor) {
  if (Status s = credit::check_operation(op); !s) return s.error();
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    std::int64_t last_id = 0;
    std::string last_kind;
    std::int64_t last_amount = 0;
    nlohmann::json last_details;
    {
      auto q = cache_.get(
          "SELECT id, kind, amount, details FROM loan_events WHERE loan_id = ? "
          "ORDER BY id DESC LIMIT 1");
      q->bind(1, loan->contract.id.value);
      if (!q->executeStep()) return not_found("loan", op.loan);
      last_id = q->getColumn(0).getInt64();
      last_kind = q->getColumn(1).getString();
      last_amount = q->getColumn(2).getInt64();
      last_details = nlohmann::json::parse(q->getColumn(3).getString());
    }
    // The key names the event reversed: reversing it again is already recorded.
    const std::int64_t target =
        last_kind == "reverse" ? last_details.at("reverses").get<std::int64_t>() : last_id;
    const credit::OperationKey key = credit::reversal_key(op, target);
    Result<std::optional<LoanOutcome>> previous = recorded(key.key, key.digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = credit::check_reversible(op.loan, last_kind, last_id); !s) return s.error();
    if (Status s = check_open_period(op.date); !s) return s.error();
    Result<LoanState> before = fold(loan.value(), std::nullopt, last_id);
    if (!before) return before.error();
    Result<LoanTransition> t =
        apply_reversal(*loan->program, loan->contract, before.value(), loan->state, op.date);
    if (!t) return t.error();
    LoanOperation recorded_op = op;
    recorded_op.amount = Money::from_minor(last_amount, loan->program->currency);
    nlohmann::json details = split_json(t->split);
    details["reverses"] = last_id;
    details["reversed_kind"] = last_kind;
    details["reason"] = op.reason;
    SqliteStore::Writer writer = store_.begin_writer(actor);
    return record(writer, loan.value(), recorded_op, key.key, key.digest, t.value(), details.dump(),
                  snapshot_text(t->state));
  });
}

Result<LoanOutcome> SqliteLoanBook::open_loan(const NewLoan& n, std::string_view actor) {
  if (Status s = credit::check_new_loan(n); !s) return s.error();
  const credit::OperationKey key = credit::open_key(n);
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<std::optional<LoanOutcome>> previous = recorded(key.key, key.digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_open_period(n.date); !s) return s.error();
    SQLite::Statement exists(db_, "SELECT 1 FROM loans WHERE code = ?");
    exists.bind(1, n.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("loan {} already exists", text::quoted(n.code)));
    }
    Result<Household> household = read_household(n.household);
    if (!household) return household.error();
    Result<Program> program = read_program(n.program);
    if (!program) return program.error();
    if (!n.officer.empty()) {
      SQLite::Statement officer(db_, "SELECT 1 FROM officers WHERE code = ?");
      officer.bind(1, n.officer);
      if (!officer.executeStep()) return not_found("officer", n.officer);
    }
    SQLite::Statement commune(db_, "SELECT gdx_day FROM communes WHERE code = ?");
    commune.bind(1, household->commune);
    commune.executeStep();
    std::optional<int> gdx_day;
    if (!commune.getColumn(0).isNull()) gdx_day = commune.getColumn(0).getInt();
    Result<LoanContract> contract =
        credit::loan_contract(program.value(), n, household->group, gdx_day);
    if (!contract) return contract.error();
    const LoanContract& c = contract.value();

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
    insert.bind(6, std::string(program->currency.code()));
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
    const LoanId id{db_.getLastInsertRowid()};
    const std::int64_t event = insert_event(id, "open", n.date, n.amount.minor_units(), "{}",
                                            key.key, key.digest, actor, store_.now(), std::nullopt);
    save_state(id, event, snapshot_text(LoanState{}));
    LoanOutcome outcome;
    outcome.loan = n.code;
    outcome.event_id = event;
    return outcome;
  });
}

Result<LoanOutcome> SqliteLoanBook::apply(const LoanOperation& op, std::string_view actor) {
  if (op.kind == LoanEventKind::Reverse) return reverse_last(op, actor);
  if (Status s = credit::check_operation(op); !s) return s.error();
  const credit::OperationKey key = credit::operation_key(op);
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    Result<std::optional<LoanOutcome>> previous = recorded(key.key, key.digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_open_period(op.date); !s) return s.error();
    if (Status s = credit::check_currency(op, *loan->program); !s) return s.error();
    if (op.kind == LoanEventKind::Disburse) {
      Result<Household> household = read_household(loan->contract.household);
      if (!household) return household.error();
      if (Status s = check_eligibility(*loan->program, household->statuses, op.date); !s)
        return s.error();
    }
    Result<LoanTransition> t = apply_event(
        *loan->program, loan->contract, loan->state,
        LoanEvent{op.kind, op.date, op.amount.minor_units(), op.years, op.interest_amount});
    if (!t) return t.error();
    nlohmann::json details = split_json(t->split);
    if (credit::records_terms(op.kind)) {
      details["years"] = op.years;
      details["interest_amount"] = op.interest_amount;
      details["reason"] = op.reason;
      details["approval"] = op.approval;
    }
    SqliteStore::Writer writer = store_.begin_writer(actor);
    return record(writer, loan.value(), op, key.key, key.digest, t.value(), details.dump(),
                  snapshot_text(t->state));
  });
}

Result<LoanOutcome> SqliteLoanBook::record(SqliteStore::Writer& writer, const LoanRecord& loan,
                                           const LoanOperation& op, const std::string& key,
                                           const std::string& digest, const LoanTransition& t,
                                           const std::string& details, const std::string& state) {
  for (const OverdueTransfer& transfer : t.transfers) {
    credit::TransferEntry text = credit::transfer_entry(op.loan, transfer);
    EntrySpec moved{.date = transfer.effective,
                    .kind = std::move(text.kind),
                    .memo = std::move(text.memo),
                    .key = std::move(text.key),
                    .loan = loan.contract.id,
                    .postings = transfer_postings(*loan.program, loan.contract, transfer)};
    Result<PostOutcome> posted = store_.append(writer, moved, std::nullopt);
    if (!posted) return with_context(credit::transfer_context(transfer), posted.error());
  }
  std::optional<EntryId> entry;
  if (!t.postings.empty()) {
    EntrySpec spec{.date = op.date,
                   .kind = credit::entry_kind(op.kind),
                   .memo = credit::entry_memo(op.kind, op.loan),
                   .key = "loan:" + key,
                   .loan = loan.contract.id,
                   .postings = t.postings};
    Result<PostOutcome> posted = store_.append(writer, spec, std::nullopt);
    if (!posted) return posted.error();
    if (posted->already_recorded) {
      return make_error(
          ErrorCode::IdempotencyConflict,
          fmt::format("journal key {} is already used by entry {}", spec.key, posted->id.value));
    }
    entry = posted->id;
  }
  const std::int64_t event =
      insert_event(loan.contract.id, loan_event_kind_name(op.kind), op.date,
                   op.amount.minor_units(), details, key, digest, writer.actor, writer.now, entry);
  save_state(loan.contract.id, event, state);
  return LoanOutcome{op.loan, event, entry, false, t.split, t.transfers};
}

Result<LoanView> SqliteLoanBook::view(const LoanRecord& loan, std::optional<Date> as_of) {
  LoanState state = loan.state;
  const Date day = as_of ? *as_of : credit::view_day(loan.contract, state, today());
  // On or after the last event the snapshot is the fold: only an earlier day needs one.
  if (as_of && state.last_event_on && *as_of < *state.last_event_on) {
    Result<LoanState> folded = fold(loan, as_of, std::nullopt);
    if (!folded) return folded.error();
    state = std::move(folded).value();
  }
  return credit::loan_view(*loan.program, loan.contract, state, day);
}

Result<LoanView> SqliteLoanBook::loan(std::string_view code, std::optional<Date> as_of) {
  return guarded([&]() -> Result<LoanView> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return view(loan.value(), as_of);
  });
}

Result<std::vector<LoanView>> SqliteLoanBook::loans(std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::vector<LoanView>> {
    SQLite::Statement q(db_, "SELECT code FROM loans ORDER BY code");
    std::vector<LoanView> out;
    while (q.executeStep()) {
      Result<LoanRecord> loan = read_loan(q.getColumn(0).getString());
      if (!loan) return loan.error();
      Result<LoanView> v = view(loan.value(), as_of);
      if (!v) return v.error();
      out.push_back(std::move(v).value());
    }
    return out;
  });
}

Result<Schedule> SqliteLoanBook::loan_schedule(std::string_view code) {
  return guarded([&]() -> Result<Schedule> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    if (loan->state.first_disbursed_on)
      return socai::loan_schedule(*loan->program, loan->contract, loan->state);
    return Schedule::build(schedule_terms(*loan->program, loan->contract, loan->contract.approved,
                                          loan->contract.opened_on));
  });
}

Result<LoanState> SqliteLoanBook::rebuild_state(std::string_view code) {
  return guarded([&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return fold(loan.value(), std::nullopt, std::nullopt);
  });
}

Result<LoanState> SqliteLoanBook::stored_state(std::string_view code) {
  return guarded([&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return loan->state;
  });
}

}  // namespace socai::store
