// The month-end close (DOMAIN.md sections 3 to 5; MonthEnd::close_month) and the entrustment
// fees it posts, over the loan repository.
//
// A close runs in steps, each its own write, so that memory stays flat and a killed close
// loses at most one batch:
//   1. record the close as started, after checking that it may run;
//   2. for each batch of loans without a month-end record: the loan's "accrue" event with its
//      entries, and its month-end record, which marks the loan done;
//   3. any loan still without a record, then the fees from the month-end records, the period
//      close and the close's completion, together.
// A re-run skips what a killed run committed; every key is derived from the month, so nothing
// can be posted twice. When the backend gives a loan reader of its own, the next batch's loans
// are read and worked out on it, on a second thread, while this one writes.
#include <fmt/format.h>

#include <future>

#include "credit/event_details.hpp"
#include "credit/events.hpp"
#include "credit/month_end.hpp"
#include "operations/book.hpp"

namespace socai::ops {
namespace {

constexpr int kBatch = 500;  // loans per write

Error refused(std::string message) {
  return make_error(ErrorCode::FailedPrecondition, std::move(message));
}

Status check_month(date::year_month month) {
  if (!month.ok() || static_cast<int>(month.year()) < kMinYear ||
      static_cast<int>(month.year()) > kMaxYear) {
    return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  }
  return {};
}

}  // namespace

struct Book::CloseRun {
  std::string month;
  Date first;
  Date through;
  std::string actor;
  ProgramCache programs;  // read once
  MonthCloseOutcome outcome;

  CloseRun(date::year_month m, std::string_view who)
      : month(format_month(m)),
        first(Date{m / date::day{1}}),
        through(Date{m / date::last}),
        actor(who) {
    outcome.month = month;
    outcome.through = through;
  }
};

// What the close does with one loan, worked out from the loan as read: nothing (never
// disbursed, or repaid and closed), its accrual and month-end record, or, with events after
// the month's end, its fold to the month's end in the writer.
struct Book::ClosePlan {
  enum class Kind { Skip, Record, Fold, Reread };
  Kind kind = Kind::Skip;
  LoanId id{0};
  std::optional<LoanRecord> loan;   // as read (Reread: not read)
  std::int64_t snapshot_event = 0;  // the state snapshot's event when read (0: none)
  std::optional<Error> error;
  std::optional<LoanTransition> accrual;  // the accrue event to record, if any
  credit::OperationKey key;               // its key, digest and details
  std::string details;
  LoanState at_end;
  std::int64_t late = 0;
};

Status Book::check_close(const CloseRun& run) {
  if (run.through >= today()) {
    return refused(fmt::format("month {} has not ended: its last day is {}", run.month,
                               format_date(run.through)));
  }
  std::optional<Date> closed = repo_.closed_through();
  if (closed && *closed >= run.through) {
    return refused(fmt::format(
        "the journal is already closed through {} (socai close-period): the month-end close "
        "of {} can no longer post its accruals",
        format_date(*closed), run.month));
  }
  // Months close in order: the one after the last month closed, or, for the first close, the
  // month of the earliest loan event not yet in a closed period.
  if (std::optional<std::string> last = repo_.last_closed_month()) {
    Result<Date> day = parse_date(*last + "-01");
    if (!day) return make_error(ErrorCode::DataLoss, "stored month " + *last);
    const std::string next = format_month(day->year() / day->month() + date::months{1});
    if (run.month != next) {
      return refused(
          fmt::format("months close in order: {} was the last closed, so {} is next", *last, next));
    }
    return {};
  }
  if (std::optional<Date> day = repo_.earliest_event(closed, run.first)) {
    return refused(fmt::format("close {} first: loan events dated {} are in a month not yet closed",
                               format_month(day->year() / day->month()), format_date(*day)));
  }
  return {};
}

Book::ClosePlan Book::plan_close(const CloseRun& run, LoanRecord loan) {
  ClosePlan plan;
  plan.id = loan.contract.id;
  plan.loan = std::move(loan);
  const Program& program = *plan.loan->program;
  const LoanContract& contract = plan.loan->contract;
  const LoanState& state = plan.loan->state;
  // Never disbursed, or repaid and closed: nothing to accrue and nothing to report. With
  // events after the month's end, that is decided by the loan as it stood at the end.
  if (state.last_event_on && *state.last_event_on > run.through) {
    plan.kind = ClosePlan::Kind::Fold;
    return plan;
  }
  if (!credit::has_month_end_record(state)) return plan;
  plan.kind = ClosePlan::Kind::Record;
  plan.at_end = state;
  std::optional<Schedule> schedule;
  if (!state.repaid_in_full()) {
    // The schedule settles the due dates and counts the days past due: built once, from the
    // state the month's end is computed from (an accrual does not change what it is built
    // from). Left empty when it cannot be built: the calls without it then report why.
    if (state.first_disbursed_on) {
      if (Result<Schedule> built = socai::loan_schedule(program, contract, state); built)
        schedule = std::move(built).value();
    }
    const LoanEvent accrue{LoanEventKind::Accrue, run.through};
    Result<LoanTransition> t = schedule ? apply_event(program, contract, state, accrue, *schedule)
                                        : apply_event(program, contract, state, accrue);
    if (!t) {
      plan.error = with_context("loan " + contract.code, t.error());
      return plan;
    }
    plan.at_end = t->state;
    if (credit::records_accrual(state, t.value())) {
      plan.key = credit::accrual_key(contract.code, run.month);
      plan.details = credit::split_details(t->split);
      plan.accrual = std::move(t).value();
    }
  }
  Result<std::int64_t> late =
      schedule ? Result<std::int64_t>(days_past_due(*schedule, plan.at_end, run.through))
               : days_past_due(program, contract, plan.at_end, run.through);
  if (!late) {
    plan.error = with_context("loan " + contract.code, late.error());
    return plan;
  }
  plan.late = late.value();
  return plan;
}

Status Book::close_loan(CloseRun& run, LoanId id) {
  Result<std::optional<LoanRecord>> loan = repo_.find_loan(id, run.programs);
  if (!loan) return loan.error();
  if (!loan.value()) return not_found("loan", std::to_string(id.value));
  ClosePlan plan = plan_close(run, std::move(*loan.value()));
  return write_close(run, plan);
}

Result<std::int64_t> Book::record_accrual(CloseRun& run, const ClosePlan& plan) {
  const Program& program = *plan.loan->program;
  const LoanContract& contract = plan.loan->contract;
  const LoanOperation op{.loan = contract.code,
                         .kind = LoanEventKind::Accrue,
                         .amount = Money::zero(program.currency),
                         .date = run.through,
                         .key = plan.key.key};
  Result<std::optional<EntryId>> entry =
      credit::post_transition(program, contract, op, plan.key.key, *plan.accrual,
                              [&](const EntrySpec& spec) { return repo_.append(spec, run.actor); });
  if (!entry) return entry.error();
  const std::int64_t event = repo_.insert_event(NewEvent{.loan = contract.id,
                                                         .kind = loan_event_kind_name(op.kind),
                                                         .date = op.date,
                                                         .amount = 0,
                                                         .details = plan.details,
                                                         .key = plan.key.key,
                                                         .digest = plan.key.digest,
                                                         .entry = entry.value()},
                                                run.actor);
  repo_.save_state(contract.id, event, plan.accrual->state);
  return event;
}

Status Book::write_close(CloseRun& run, ClosePlan& plan) {
  if (plan.error) return *plan.error;
  if (plan.kind == ClosePlan::Kind::Skip) return {};
  if (plan.kind == ClosePlan::Kind::Reread) return close_loan(run, plan.id);
  const Program& program = *plan.loan->program;
  const LoanContract& contract = plan.loan->contract;
  std::optional<std::int64_t> event;
  if (plan.kind == ClosePlan::Kind::Fold) {
    // Events of the next month came first; they settled the month's end. The loan as it stood.
    Result<LoanState> folded = fold(*plan.loan, run.through, std::nullopt);
    if (!folded) return folded.error();
    std::optional<Schedule> schedule;
    if (folded->first_disbursed_on) {
      if (Result<Schedule> built = socai::loan_schedule(program, contract, folded.value()); built)
        schedule = std::move(built).value();
    }
    Result<LoanState> on = schedule
                               ? state_on(program, contract, folded.value(), run.through, *schedule)
                               : state_on(program, contract, folded.value(), run.through);
    if (!on) return with_context("loan " + contract.code, on.error());
    plan.at_end = std::move(on).value();
    if (!credit::has_month_end_record(plan.at_end)) return {};
    Result<std::int64_t> late =
        schedule ? Result<std::int64_t>(days_past_due(*schedule, plan.at_end, run.through))
                 : days_past_due(program, contract, plan.at_end, run.through);
    if (!late) return with_context("loan " + contract.code, late.error());
    plan.late = late.value();
  } else if (plan.accrual) {
    Result<std::int64_t> recorded = record_accrual(run, plan);
    if (!recorded) return with_context("loan " + contract.code, recorded.error());
    event = recorded.value();
    run.outcome.accruals += 1;
    run.outcome.transfers += static_cast<std::int64_t>(plan.accrual->transfers.size());
    run.outcome.interest_accrued += plan.accrual->split.interest_rounded;
  }
  const LoanState& at_end = plan.at_end;
  repo_.insert_month_end(MonthEndRecord{
      .month = run.month,
      .loan = contract.id,
      .status = loan_status(at_end),
      .in_term = at_end.in_term,
      .overdue = at_end.overdue,
      .frozen = at_end.frozen,
      .interest_due = at_end.interest_due_in_term + at_end.interest_due_overdue,
      .days_past_due = plan.late,
      .interest_collected = at_end.interest_paid_on && *at_end.interest_paid_on >= run.first &&
                            *at_end.interest_paid_on <= run.through,
      .event = event});
  return {};
}

Status Book::write_planned(CloseRun& run, ClosePlan& plan) {
  if (plan.kind != ClosePlan::Kind::Reread && repo_.snapshot_event(plan.id) == plan.snapshot_event)
    return write_close(run, plan);
  // Changed since it was read (or not read): read again, inside this write.
  return close_loan(run, plan.id);
}

Status Book::post_fees(CloseRun& run) {
  Result<FeeSettings> settings = fee_settings_of(repo_.settings());
  if (!settings) return settings.error();
  const std::string used = fee_settings_text(settings.value());
  // Per commune and organisation: the principal whose interest was collected in the month,
  // all principal, and the overdue principal, at the month's end.
  for (FeeRow& r : repo_.fee_basis(run.month)) {
    if (r.organisation == "99") continue;  // direct lending: no organisation to pay
    Result<Currency> currency = Currency::find(r.currency);
    if (!currency) return currency.error();
    const Exact ratio = r.outstanding > 0 ? Exact(r.overdue, r.outstanding) : Exact(0);
    Result<EntrustmentFee> fee =
        entrustment_fee(Money::from_minor(r.balance, currency.value()), ratio, settings.value());
    if (!fee) return fee.error();
    r.factor = fee->factor;
    r.fee = fee->total.minor_units();
    r.commune_part = fee->commune.minor_units();
    r.district_part = fee->district.minor_units();
    r.province_part = fee->province.minor_units();
    r.central_part = fee->central.minor_units();
    if (r.fee > 0) {
      const std::string payable = "Liabilities:EntrustmentFeesPayable:" + r.organisation + ":";
      EntrySpec spec{
          .date = run.through,
          .kind = "entrustment-fee",
          .memo = fmt::format("Entrustment fee of organisation {} in commune {} for {}",
                              r.organisation, r.commune, run.month),
          .key = fmt::format("fee:{}:{}:{}:{}", run.month, r.commune, r.organisation, r.currency),
          .loan = std::nullopt,
          .postings = {PostingSpec{"Expenses:EntrustmentFees", fee->total, std::nullopt}}};
      const std::pair<const char*, const Money*> parts[] = {{"Commune", &fee->commune},
                                                            {"District", &fee->district},
                                                            {"Province", &fee->province},
                                                            {"Central", &fee->central}};
      for (const auto& [level, part] : parts)
        if (part->is_positive())
          spec.postings.push_back({payable + level,
                                   Money::from_minor(-part->minor_units(), part->currency()),
                                   std::nullopt});
      Result<PostOutcome> posted = repo_.append(spec, run.actor);
      if (!posted) return with_context("entrustment fee", posted.error());
      r.entry = posted->id;
    }
    repo_.insert_fee(r, used);
  }
  return {};
}

Result<bool> Book::month_closed(date::year_month month) {
  if (Status s = check_month(month); !s) return s.error();
  const CloseRun run(month, "");
  return read<bool>(repo_, [&]() -> Result<bool> {
    if (repo_.close_state(run.month).completed) return true;
    if (Status s = check_close(run); !s) return s.error();
    return false;
  });
}

Result<std::vector<FeeRow>> Book::fees(date::year_month month) {
  return read<std::vector<FeeRow>>(
      repo_, [&]() -> Result<std::vector<FeeRow>> { return repo_.fees(format_month(month)); });
}

Result<MonthCloseOutcome> Book::close_month(date::year_month month, std::string_view actor,
                                            const Progress& progress) {
  return close_month_then(month, actor, progress, {});
}

Result<MonthCloseOutcome> Book::close_month_then(date::year_month month, std::string_view actor,
                                                 const Progress& progress,
                                                 const FinalStep& final_step) {
  if (Status s = repo_.check_actor(actor); !s) return s.error();
  if (repo_.in_unit()) {
    return make_error(ErrorCode::FailedPrecondition,
                      "a month-end close runs its own transactions, not inside a batch");
  }
  if (Status s = check_month(month); !s) return s.error();
  CloseRun run(month, actor);

  // 1. Started, or found complete.
  Result<bool> completed = write<bool>(repo_, actor, [&]() -> Result<bool> {
    const CloseState state = repo_.close_state(run.month);
    if (state.completed) {
      run.outcome.already_closed = true;
      run.outcome.loans = repo_.month_ends(run.month);
      run.outcome.fees = repo_.fees(run.month);
      return true;
    }
    if (Status s = check_close(run); !s) return s.error();
    run.outcome.resumed = state.started;
    if (!state.started) repo_.start_close(run.month, run.through, actor);
    return false;
  });
  if (!completed) return completed.error();
  if (completed.value()) return run.outcome;

  // 2. The loans still without a month-end record, by id, a batch at a time, each batch its
  // own write.
  std::int64_t total = 0;
  std::unique_ptr<LoanReader> reader;
  Status prepared = repo_.read([&]() -> Status {
    total = repo_.unrecorded(run.month);
    for (const std::string& code : repo_.program_codes()) {
      Result<std::optional<Program>> program = repo_.find_program(code);
      if (!program) return program.error();
      if (program.value())
        run.programs.emplace(code, std::make_shared<const Program>(std::move(*program.value())));
    }
    reader = repo_.loan_reader(run.programs);
    return {};
  });
  if (!prepared) return prepared.error();
  std::int64_t done = 0;
  auto advance = [&]() {
    ++done;
    if (progress) progress(done, total);
  };
  // The plans of `ids`, worked out on the reader's thread from the loans it reads.
  std::future<std::vector<ClosePlan>> pending;
  const CloseRun planning = run;  // what the reader's thread reads; the writer changes `run`
  auto start = [&](const std::vector<LoanId>& ids) {
    pending = std::async(std::launch::async, [&planning, &reader, ids]() {
      std::vector<ClosePlan> plans;
      plans.reserve(ids.size());
      for (ReadLoan& read : reader->read(ids)) {
        ClosePlan plan;
        plan.kind = ClosePlan::Kind::Reread;
        plan.id = read.id;
        if (read.loan) {
          plan = plan_close(planning, std::move(*read.loan));
          plan.snapshot_event = read.snapshot_event;
        }
        plans.push_back(std::move(plan));
      }
      return plans;
    });
  };
  std::vector<LoanId> ids;
  Status listed = repo_.read([&]() -> Status {
    ids = repo_.unrecorded_loans(run.month, 0, kBatch);
    return {};
  });
  if (!listed) return listed.error();
  if (reader && !ids.empty()) start(ids);
  while (!ids.empty()) {
    std::vector<LoanId> next;
    Status batch = repo_.write([&]() -> Status {
      next = repo_.unrecorded_loans(run.month, ids.back().value, kBatch);
      std::vector<ClosePlan> plans;
      if (reader) {
        plans = pending.get();
        if (!next.empty()) start(next);
      }
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (Status s = reader ? write_planned(run, plans[i]) : close_loan(run, ids[i]); !s)
          return s.error();
        advance();
      }
      return {};
    });
    if (!batch) {
      if (pending.valid()) pending.wait();
      return batch.error();
    }
    ids = std::move(next);
  }

  // 3. Loans opened, or disbursed in the month, while the batches ran: every loan still
  // without a record is looked at again, inside the final write, with the fees, the period
  // close and the close's completion.
  Status finished = repo_.write([&]() -> Status {
    const WriteMarks before = repo_.marks();
    if (Status s = check_close(run); !s) return s.error();
    for (std::int64_t after = 0;;) {
      std::vector<LoanId> rest = repo_.unrecorded_loans(run.month, after, kBatch);
      if (rest.empty()) break;
      for (LoanId id : rest) {
        if (Status s = close_loan(run, id); !s) return s.error();
        advance();
      }
      after = rest.back().value;
    }
    if (Status s = post_fees(run); !s) return s.error();
    repo_.close_period(run.through, actor);
    run.outcome.loans = repo_.month_ends(run.month);
    repo_.complete_close(run.month, run.outcome.loans);
    run.outcome.fees = repo_.fees(run.month);
    if (final_step) return final_step(before);
    return {};
  });
  if (!finished) return finished.error();
  return run.outcome;
}

}  // namespace socai::ops
