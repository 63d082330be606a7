// Loan events: a loan opened, each event applied with its journal entries and the loan's new
// state in one write, reversals, and loans read back as views.
#include <fmt/format.h>

#include "credit/checks.hpp"
#include "credit/event_details.hpp"
#include "credit/programs.hpp"
#include "credit/view.hpp"
#include "operations/book.hpp"
#include "text.hpp"

namespace socai::ops {

Result<LoanRecord> Book::read_loan(std::string_view code) {
  Result<std::optional<LoanRecord>> loan = repo_.find_loan(code);
  if (!loan) return loan.error();
  if (!loan.value()) return not_found("loan", code);
  return std::move(*loan.value());
}

Result<LoanState> Book::fold(const LoanRecord& loan, std::optional<Date> through,
                             std::optional<std::int64_t> before_event) {
  Result<std::vector<credit::RecordedEvent>> events =
      repo_.events(loan.contract.id, through, before_event);
  if (!events) return events.error();
  return credit::fold(*loan.program, loan.contract, events.value());
}

Result<std::optional<LoanOutcome>> Book::recorded(const credit::OperationKey& key) {
  // Every loan event's key, given or derived, is text like a journal entry's.
  if (Status s = credit::check_text("key", key.key); !s) return s.error();
  std::optional<KeyedEvent> found = repo_.event_by_key(key.key);
  if (!found) return std::optional<LoanOutcome>();
  if (found->digest != key.digest) {
    return make_error(ErrorCode::IdempotencyConflict,
                      fmt::format("key {} was already used by loan event {} with different content",
                                  text::quoted(key.key), found->id));
  }
  LoanOutcome outcome;
  outcome.loan = found->loan;
  outcome.event_id = found->id;
  outcome.entry = found->entry;
  outcome.already_recorded = true;
  outcome.split = credit::split_of_details(found->details);
  return std::optional<LoanOutcome>(std::move(outcome));
}

Result<LoanOutcome> Book::record(const LoanRecord& loan, const LoanOperation& op,
                                 const credit::OperationKey& key, const LoanTransition& t,
                                 std::string details, std::string_view actor) {
  Result<std::optional<EntryId>> posted =
      credit::post_transition(*loan.program, loan.contract, op, key.key, t,
                              [&](const EntrySpec& spec) { return repo_.append(spec, actor); });
  if (!posted) return posted.error();
  const std::optional<EntryId> entry = posted.value();
  const std::int64_t event = repo_.insert_event(NewEvent{.loan = loan.contract.id,
                                                         .kind = loan_event_kind_name(op.kind),
                                                         .date = op.date,
                                                         .amount = op.amount.minor_units(),
                                                         .details = std::move(details),
                                                         .key = key.key,
                                                         .digest = key.digest,
                                                         .entry = entry},
                                                actor);
  repo_.save_state(loan.contract.id, event, t.state);
  return LoanOutcome{op.loan, event, entry, false, t.split, t.transfers};
}

Result<LoanOutcome> Book::reverse_last(const LoanOperation& op, std::string_view actor) {
  if (Status s = credit::check_operation(op); !s) return s.error();
  return write<LoanOutcome>(repo_, actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    std::optional<LastEvent> last = repo_.last_event(loan->contract.id);
    if (!last) return not_found("loan", op.loan);
    // The key names the event reversed: reversing it again is already recorded.
    const std::int64_t target = last->kind == "reverse" ? last->reverses.value() : last->id;
    const credit::OperationKey key = credit::reversal_key(op, target);
    Result<std::optional<LoanOutcome>> previous = recorded(key);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = credit::check_reversible(op.loan, last->kind, last->id); !s) return s.error();
    if (Status s = check_writable_date(op.date); !s) return s.error();
    Result<LoanState> before = fold(loan.value(), std::nullopt, last->id);
    if (!before) return before.error();
    Result<LoanTransition> t =
        apply_reversal(*loan->program, loan->contract, before.value(), loan->state, op.date);
    if (!t) return t.error();
    LoanOperation recorded_op = op;
    recorded_op.amount = Money::from_minor(last->amount, loan->program->currency);
    return record(loan.value(), recorded_op, key, t.value(),
                  credit::reversal_details(t->split, last->id, last->kind, op.reason), actor);
  });
}

Result<LoanOutcome> Book::open_loan(const NewLoan& n, std::string_view actor) {
  if (Status s = credit::check_new_loan(n); !s) return s.error();
  const credit::OperationKey key = credit::open_key(n);
  return write<LoanOutcome>(repo_, actor, [&]() -> Result<LoanOutcome> {
    Result<std::optional<LoanOutcome>> previous = recorded(key);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_writable_date(n.date); !s) return s.error();
    if (repo_.loan_exists(n.code)) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("loan {} already exists", text::quoted(n.code)));
    }
    if (Status s = check_code_free("loan", n.code); !s) return s.error();
    Result<Household> household = read_household(n.household);
    if (!household) return household.error();
    Result<Program> program = read_program(n.program);
    if (!program) return program.error();
    if (!n.officer.empty() && !repo_.officer_exists(n.officer))
      return not_found("officer", n.officer);
    std::optional<int> gdx_day;
    if (std::optional<Commune> commune = repo_.find_commune(household->commune))
      gdx_day = commune->gdx_day;
    Result<LoanContract> contract =
        credit::loan_contract(program.value(), n, household->group, gdx_day);
    if (!contract) return contract.error();
    const LoanId id = repo_.insert_loan(contract.value(), program->currency);
    const std::int64_t event = repo_.insert_event(NewEvent{.loan = id,
                                                           .kind = "open",
                                                           .date = n.date,
                                                           .amount = n.amount.minor_units(),
                                                           .details = "{}",
                                                           .key = key.key,
                                                           .digest = key.digest,
                                                           .entry = std::nullopt},
                                                  actor);
    repo_.save_state(id, event, LoanState{});
    LoanOutcome outcome;
    outcome.loan = n.code;
    outcome.event_id = event;
    return outcome;
  });
}

Result<LoanOutcome> Book::apply(const LoanOperation& op, std::string_view actor) {
  if (op.kind == LoanEventKind::Reverse) return reverse_last(op, actor);
  if (Status s = credit::check_operation(op); !s) return s.error();
  const credit::OperationKey key = credit::operation_key(op);
  return write<LoanOutcome>(repo_, actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    Result<std::optional<LoanOutcome>> previous = recorded(key);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_writable_date(op.date); !s) return s.error();
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
    return record(loan.value(), op, key, t.value(), credit::event_details(op, t->split), actor);
  });
}

Result<LoanView> Book::view(const LoanRecord& loan, std::optional<Date> as_of) {
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

Result<LoanView> Book::loan(std::string_view code, std::optional<Date> as_of) {
  return read<LoanView>(repo_, [&]() -> Result<LoanView> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return view(loan.value(), as_of);
  });
}

Result<std::vector<LoanView>> Book::loans(std::optional<Date> as_of) {
  return read<std::vector<LoanView>>(repo_, [&]() -> Result<std::vector<LoanView>> {
    std::vector<LoanView> out;
    for (const std::string& code : repo_.loan_codes()) {
      Result<LoanRecord> loan = read_loan(code);
      if (!loan) return loan.error();
      Result<LoanView> v = view(loan.value(), as_of);
      if (!v) return v.error();
      out.push_back(std::move(v).value());
    }
    return out;
  });
}

Result<Schedule> Book::loan_schedule(std::string_view code) {
  return read<Schedule>(repo_, [&]() -> Result<Schedule> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    if (loan->state.first_disbursed_on)
      return socai::loan_schedule(*loan->program, loan->contract, loan->state);
    return Schedule::build(schedule_terms(*loan->program, loan->contract, loan->contract.approved,
                                          loan->contract.opened_on));
  });
}

Result<LoanState> Book::rebuild_state(std::string_view code) {
  return read<LoanState>(repo_, [&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return fold(loan.value(), std::nullopt, std::nullopt);
  });
}

Result<LoanState> Book::stored_state(std::string_view code) {
  return read<LoanState>(repo_, [&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return loan->state;
  });
}

}  // namespace socai::ops
