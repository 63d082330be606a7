// The month-end close (DOMAIN.md sections 3 to 5; LoanBook::close_month) and the
// entrustment fees it posts (read back in sqlite_fees.cpp).
//
// A close runs in steps, each its own transaction, so that memory stays flat and a killed
// close loses at most one batch:
//   1. record the close as started (month_closes), after checking that it may run;
//   2. for each batch of loans without a month-end record: the loan's "accrue" event with
//      its entries, and its loan_month_ends row, which marks the loan done;
//   3. any loan still without a record, then the fees from the month-end records, the
//      period close and the close's completion, together.
// A re-run skips what a killed run committed; every key is derived from the month, so
// nothing can be posted twice.
#include <fmt/format.h>
#include <sqlite3.h>

#include <future>
#include <memory>

#include "credit/event_details.hpp"
#include "credit/events.hpp"
#include "credit/month_end.hpp"
#include "store/sqlite_loan_repository.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

constexpr int kBatch = 500;  // loans per transaction

Error refused(std::string message) {
  return make_error(ErrorCode::FailedPrecondition, std::move(message));
}

}  // namespace

struct SqliteLoanRepository::CloseRun {
  std::string month;
  Date first;
  Date through;
  std::string actor;
  SqliteStore::Writer writer;
  ProgramCache programs;  // read once
  MonthCloseOutcome outcome;
};

Status SqliteLoanRepository::check_close(const CloseRun& run) {
  if (run.through >= today()) {
    return refused(fmt::format("month {} has not ended: its last day is {}", run.month,
                               format_date(run.through)));
  }
  std::optional<Date> closed = store_.read_closed_through();
  if (closed && *closed >= run.through) {
    return refused(fmt::format(
        "the journal is already closed through {} (socai close-period): the month-end close "
        "of {} can no longer post its accruals",
        format_date(*closed), run.month));
  }
  // Months close in order: the one after the last month closed, or, for the first close, the
  // month of the earliest loan event not yet in a closed period.
  {
    auto last = cache_.get("SELECT max(month) FROM month_closes WHERE completed_at IS NOT NULL");
    if (last->executeStep() && !last->getColumn(0).isNull()) {
      const std::string closed_month = last->getColumn(0).getString();
      Result<Date> day = parse_date(closed_month + "-01");
      if (!day) return make_error(ErrorCode::DataLoss, "stored month " + closed_month);
      const std::string next = format_month(day->year() / day->month() + date::months{1});
      if (run.month != next) {
        return refused(fmt::format("months close in order: {} was the last closed, so {} is next",
                                   closed_month, next));
      }
      return {};
    }
  }
  auto earlier = cache_.get(
      "SELECT min(effective_date) FROM loan_events WHERE effective_date < ? "
      "AND effective_date > ?");
  earlier->bind(1, format_date(run.first));
  earlier->bind(2, closed ? format_date(*closed) : std::string("0000-00-00"));
  if (earlier->executeStep() && !earlier->getColumn(0).isNull()) {
    const Date day = date_column(earlier->getColumn(0));
    return refused(fmt::format("close {} first: loan events dated {} are in a month not yet closed",
                               format_month(day.year() / day.month()), format_date(day)));
  }
  return {};
}

// What the close does with one loan, worked out from the loan as read: nothing (never
// disbursed, or repaid and closed), its accrual and month-end record, or, with events after
// the month's end, its fold to the month's end in the writer.
struct SqliteLoanRepository::ClosePlan {
  enum class Kind { Skip, Record, Fold, Reread };
  Kind kind = Kind::Skip;
  LoanId id{0};
  std::optional<LoanRecord> loan;   // as read (Reread: not read)
  std::int64_t snapshot_event = 0;  // the state snapshot's event when read (0: none)
  std::optional<Error> error;
  std::optional<LoanTransition> accrual;  // the accrue event to record, if any
  std::string key;                        // its key, digest and details
  std::string digest;
  std::string details;
  LoanState at_end;
  std::int64_t late = 0;
};

SqliteLoanRepository::ClosePlan SqliteLoanRepository::plan_close(const CloseRun& run,
                                                                 LoanRecord loan) {
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
      credit::OperationKey key = credit::accrual_key(contract.code, run.month);
      plan.key = std::move(key.key);
      plan.digest = std::move(key.digest);
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

Status SqliteLoanRepository::close_loan(CloseRun& run, LoanId id) {
  Result<LoanRecord> loan = read_loan(id, run.programs);
  if (!loan) return loan.error();
  ClosePlan plan = plan_close(run, std::move(loan).value());
  return write_close(run, plan);
}

Result<std::int64_t> SqliteLoanRepository::record_accrual(CloseRun& run, const ClosePlan& plan) {
  const Program& program = *plan.loan->program;
  const LoanContract& contract = plan.loan->contract;
  const LoanOperation op{.loan = contract.code,
                         .kind = LoanEventKind::Accrue,
                         .amount = Money::zero(program.currency),
                         .date = run.through,
                         .key = plan.key};
  Result<std::optional<EntryId>> entry = credit::post_transition(
      program, contract, op, plan.key, *plan.accrual,
      [&](const EntrySpec& spec) { return store_.append(run.writer, spec, std::nullopt); });
  if (!entry) return entry.error();
  const std::int64_t event = insert_event(ops::NewEvent{.loan = contract.id,
                                                        .kind = loan_event_kind_name(op.kind),
                                                        .date = op.date,
                                                        .amount = 0,
                                                        .details = plan.details,
                                                        .key = plan.key,
                                                        .digest = plan.digest,
                                                        .entry = entry.value()},
                                          run.writer.actor, run.writer.now);
  save_state(contract.id, event, plan.accrual->state);
  return event;
}

Status SqliteLoanRepository::write_close(CloseRun& run, ClosePlan& plan) {
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
    const LoanTransition& t = *plan.accrual;
    Result<std::int64_t> recorded = record_accrual(run, plan);
    if (!recorded) return with_context("loan " + contract.code, recorded.error());
    event = recorded.value();
    run.outcome.accruals += 1;
    run.outcome.transfers += static_cast<std::int64_t>(t.transfers.size());
    run.outcome.interest_accrued += t.split.interest_rounded;
  }
  const LoanState& at_end = plan.at_end;
  const bool collected = at_end.interest_paid_on && *at_end.interest_paid_on >= run.first &&
                         *at_end.interest_paid_on <= run.through;
  auto insert = cache_.get(
      "INSERT INTO loan_month_ends (month, loan_id, status, in_term, overdue, frozen, "
      "interest_due, days_past_due, interest_collected, event_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, run.month);
  insert->bind(2, contract.id.value);
  insert->bind(3, std::string(loan_status_name(loan_status(at_end))));
  insert->bind(4, at_end.in_term);
  insert->bind(5, at_end.overdue);
  insert->bind(6, at_end.frozen);
  insert->bind(7, at_end.interest_due_in_term + at_end.interest_due_overdue);
  insert->bind(8, plan.late);
  insert->bind(9, collected ? 1 : 0);
  if (event) insert->bind(10, *event);
  insert->exec();
  return {};
}

// Works out the next batch's plans while the close writes the current one: its own read-only
// connection to the ledger, and the programs read before the batches start. Each plan
// records the state snapshot it was made from; the writer takes a plan only if the loan's
// snapshot is still that one (see close_month), and otherwise reads the loan again itself.
class SqliteLoanRepository::CloseReader {
 public:
  CloseReader(SqliteLoanRepository& repo, const std::string& path, const CloseRun& run)
      : repo_(repo), db_(path, SQLite::OPEN_READONLY), run_(run) {
    db_.setBusyTimeout(5000);
    db_.exec("PRAGMA query_only = ON");
    run_.writer = {};
  }

  // Starts working out the plans of `ids`; one batch at a time.
  void start(std::vector<LoanId> ids) {
    pending_ =
        std::async(std::launch::async, [this, ids = std::move(ids)]() { return plans(ids); });
  }
  std::vector<ClosePlan> take() { return pending_.get(); }

 private:
  std::vector<ClosePlan> plans(const std::vector<LoanId>& ids) {
    std::vector<ClosePlan> out;
    out.reserve(ids.size());
    // One read transaction for the batch, not one per loan.
    SQLite::Transaction read(db_, SQLite::TransactionBehavior::DEFERRED);
    for (LoanId id : ids) {
      query_.bind(1, id.value);
      ClosePlan plan;
      plan.kind = ClosePlan::Kind::Reread;
      plan.id = id;
      if (query_.executeStep() && run_.programs.count(query_.getColumn(3).getString()) == 1) {
        const std::int64_t snapshot =
            query_.getColumn(17).isNull() ? 0 : query_.getColumn(17).getInt64();
        Result<LoanRecord> loan = repo_.loan_from_row(query_, &run_.programs);
        if (loan) {
          plan = plan_close(run_, std::move(loan).value());
          plan.snapshot_event = snapshot;
        }
      }
      query_.reset();
      out.push_back(std::move(plan));
    }
    return out;
  }

  SqliteLoanRepository& repo_;
  SQLite::Database db_;
  SQLite::Statement query_{db_, std::string(kLoanQuery) + "WHERE l.id = ?"};
  CloseRun run_;  // the month and the programs; read only here
  std::future<std::vector<ClosePlan>> pending_;
};

Status SqliteLoanRepository::read_all_programs(ProgramCache& programs) {
  std::vector<std::string> codes;
  {
    auto q = cache_.get("SELECT code FROM programs ORDER BY code");
    while (q->executeStep()) codes.push_back(q->getColumn(0).getString());
  }
  for (const std::string& code : codes) {
    if (programs.count(code) == 1) continue;
    Result<Program> program = read_program(code);
    if (!program) return program.error();
    programs.emplace(code, std::make_shared<const Program>(std::move(program).value()));
  }
  return {};
}

Status SqliteLoanRepository::write_planned(CloseRun& run, ClosePlan& plan) {
  if (plan.kind != ClosePlan::Kind::Reread) {
    auto q = cache_.get("SELECT event_id FROM loan_states WHERE loan_id = ?");
    q->bind(1, plan.id.value);
    const std::int64_t now = q->executeStep() ? q->getColumn(0).getInt64() : 0;
    q->reset();
    if (now == plan.snapshot_event) return write_close(run, plan);
  }
  // Changed since it was read (or not read): read again, inside this transaction.
  return close_loan(run, plan.id);
}

Status SqliteLoanRepository::post_fees(CloseRun& run) {
  Result<FeeSettings> settings = read_fee_settings();
  if (!settings) return settings.error();
  const std::string used = fee_settings_text(settings.value());
  // Per commune and organisation: the principal whose interest was collected in the month,
  // all principal, and the overdue principal, at the month's end.
  std::vector<FeeRow> rows;
  {
    auto q = cache_.get(
        "SELECT g.commune_code, g.org_code, l.currency, "
        "sum(CASE WHEN m.interest_collected = 1 THEN m.in_term + m.overdue ELSE 0 END), "
        "sum(m.in_term + m.overdue + m.frozen), sum(m.overdue) "
        "FROM loan_month_ends m JOIN loans l ON l.id = m.loan_id "
        "JOIN groups g ON g.code = l.group_code WHERE m.month = ? "
        "GROUP BY g.commune_code, g.org_code, l.currency "
        "ORDER BY g.commune_code, g.org_code, l.currency");
    q->bind(1, run.month);
    while (q->executeStep()) {
      FeeRow r = fee_row_basis(*q, run.month);
      if (r.organisation == "99") continue;  // direct lending: no organisation to pay
      rows.push_back(std::move(r));
    }
  }  // the read ends before the writes
  for (FeeRow& r : rows) {
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
      Result<PostOutcome> posted = store_.append(run.writer, spec, std::nullopt);
      if (!posted) return with_context("entrustment fee", posted.error());
      r.entry = posted->id;
    }
    auto insert = cache_.get(
        "INSERT INTO entrustment_fees (month, commune_code, org_code, currency, balance, "
        "outstanding, overdue, factor, fee, commune_part, district_part, province_part, "
        "central_part, settings, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, r.month);
    insert->bind(2, r.commune);
    insert->bind(3, r.organisation);
    insert->bind(4, r.currency);
    insert->bind(5, r.balance);
    insert->bind(6, r.outstanding);
    insert->bind(7, r.overdue);
    insert->bind(8, r.factor.str());
    insert->bind(9, r.fee);
    insert->bind(10, r.commune_part);
    insert->bind(11, r.district_part);
    insert->bind(12, r.province_part);
    insert->bind(13, r.central_part);
    insert->bind(14, used);
    if (r.entry) insert->bind(15, r.entry->value);
    insert->exec();
  }
  return {};
}

Result<bool> SqliteLoanRepository::month_closed(date::year_month month) {
  if (!month.ok() || static_cast<int>(month.year()) < kMinYear ||
      static_cast<int>(month.year()) > kMaxYear) {
    return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  }
  const CloseRun run{.month = format_month(month),
                     .first = Date{month / date::day{1}},
                     .through = Date{month / date::last},
                     .actor = {},
                     .writer = {},
                     .programs = {},
                     .outcome = {}};
  return guarded([&]() -> Result<bool> {
    auto q = cache_.get("SELECT completed_at IS NOT NULL FROM month_closes WHERE month = ?");
    q->bind(1, run.month);
    if (q->executeStep() && q->getColumn(0).getInt() == 1) return true;
    if (Status s = check_close(run); !s) return s.error();
    return false;
  });
}

Result<MonthCloseOutcome> SqliteLoanRepository::close_month(
    date::year_month month, std::string_view actor, const Progress& progress,
    const std::function<Status(std::int64_t last_entry, std::int64_t last_event)>& final_step) {
  if (Status s = store_.check_actor(actor); !s) return s.error();
  if (store_.in_unit()) {
    return make_error(ErrorCode::FailedPrecondition,
                      "a month-end close runs its own transactions, not inside a batch");
  }
  if (!month.ok() || static_cast<int>(month.year()) < kMinYear ||
      static_cast<int>(month.year()) > kMaxYear) {
    return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  }
  CloseRun run{.month = format_month(month),
               .first = Date{month / date::day{1}},
               .through = Date{month / date::last},
               .actor = std::string(actor),
               .writer = {},
               .programs = {},
               .outcome = {}};
  run.outcome.month = run.month;
  run.outcome.through = run.through;
  return guarded([&]() -> Result<MonthCloseOutcome> {
    auto count_done = [&]() {
      auto q = cache_.get("SELECT count(*) FROM loan_month_ends WHERE month = ?");
      q->bind(1, run.month);
      q->executeStep();
      return q->getColumn(0).getInt64();
    };
    {
      SQLite::Transaction transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
      bool started = false;
      bool completed = false;
      {
        auto q = cache_.get("SELECT completed_at IS NOT NULL FROM month_closes WHERE month = ?");
        q->bind(1, run.month);
        started = q->executeStep();
        completed = started && q->getColumn(0).getInt() == 1;
      }
      if (completed) {
        run.outcome.already_closed = true;
        run.outcome.loans = count_done();
        Result<std::vector<FeeRow>> fees = read_fees(run.month);
        if (!fees) return fees.error();
        run.outcome.fees = std::move(fees).value();
        return run.outcome;
      }
      if (Status s = check_close(run); !s) return s.error();
      run.outcome.resumed = started;
      if (!started) {
        auto insert = cache_.get(
            "INSERT INTO month_closes (month, through, actor, started_at) VALUES (?, ?, ?, ?)");
        insert->bind(1, run.month);
        insert->bind(2, format_date(run.through));
        insert->bind(3, run.actor);
        insert->bind(4, store_.now());
        insert->exec();
      }
      transaction.commit();
    }

    // The loans still without a month-end record, by id, a batch at a time.
    const std::string pending =
        "FROM loans l WHERE NOT EXISTS (SELECT 1 FROM loan_month_ends m "
        "WHERE m.month = ? AND m.loan_id = l.id)";
    std::int64_t total = 0;
    {
      auto q = cache_.get("SELECT count(*) " + pending);
      q->bind(1, run.month);
      q->executeStep();
      total = q->getColumn(0).getInt64();
    }
    std::int64_t done = 0;
    std::int64_t after = 0;
    // Closes the next batch inside the caller's transaction; false when none is left.
    auto close_batch = [&]() -> Result<bool> {
      std::vector<LoanId> ids;
      {
        auto q = cache_.get("SELECT l.id " + pending + " AND l.id > ? ORDER BY l.id LIMIT ?");
        q->bind(1, run.month);
        q->bind(2, after);
        q->bind(3, kBatch);
        while (q->executeStep()) ids.push_back(LoanId{q->getColumn(0).getInt64()});
      }
      if (ids.empty()) return false;
      for (LoanId id : ids) {
        if (Status s = close_loan(run, id); !s) return s.error();
        ++done;
        if (progress) progress(done, total);
      }
      after = ids.back().value;
      return true;
    };

    // The batches, each its own transaction. With the ledger in a file, the next batch's
    // loans are read and worked out on a second connection and thread while this one writes.
    if (Status s = read_all_programs(run.programs); !s) return s.error();
    // A ledger in memory, or one the second connection cannot open, closes on one thread.
    std::unique_ptr<CloseReader> reader;
    if (const char* path = sqlite3_db_filename(db_.getHandle(), "main"); path && *path) {
      try {
        reader = std::make_unique<CloseReader>(*this, path, run);
      } catch (const SQLite::Exception&) {
        reader.reset();
      }
    }
    auto next_ids = [&](std::int64_t from) {
      std::vector<LoanId> ids;
      auto q = cache_.get("SELECT l.id " + pending + " AND l.id > ? ORDER BY l.id LIMIT ?");
      q->bind(1, run.month);
      q->bind(2, from);
      q->bind(3, kBatch);
      while (q->executeStep()) ids.push_back(LoanId{q->getColumn(0).getInt64()});
      return ids;
    };
    std::vector<LoanId> ids = next_ids(0);
    if (reader && !ids.empty()) reader->start(ids);
    while (!ids.empty()) {
      LedgerTransaction transaction(store_);
      run.writer = store_.begin_writer(actor);
      std::vector<LoanId> next = next_ids(ids.back().value);
      std::vector<ClosePlan> plans;
      if (reader) {
        plans = reader->take();
        if (!next.empty()) reader->start(next);
      }
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (Status s = reader ? write_planned(run, plans[i]) : close_loan(run, ids[i]); !s)
          return s.error();
        ++done;
        if (progress) progress(done, total);
      }
      transaction.commit();
      ids = std::move(next);
    }

    LedgerTransaction transaction(store_);
    run.writer = store_.begin_writer(actor);
    const std::int64_t last_entry = run.writer.head_id;
    std::int64_t last_event = 0;
    {
      auto q = cache_.get("SELECT coalesce(max(id), 0) FROM loan_events");
      q->executeStep();
      last_event = q->getColumn(0).getInt64();
    }
    if (Status s = check_close(run); !s) return s.error();
    // Loans opened, or disbursed in the month, while the batches ran: every loan still
    // without a record is looked at again, inside the final transaction.
    after = 0;
    for (;;) {
      Result<bool> more = close_batch();
      if (!more) return more.error();
      if (!more.value()) break;
    }
    if (Status s = post_fees(run); !s) return s.error();
    store_.insert_period_close(run.through, actor);
    run.outcome.loans = count_done();
    auto complete = cache_.get(
        "UPDATE month_closes SET completed_at = ?, loans = ?, events = (SELECT count(*) FROM "
        "loan_month_ends WHERE month = ? AND event_id IS NOT NULL) WHERE month = ?");
    complete->bind(1, store_.now());
    complete->bind(2, run.outcome.loans);
    complete->bind(3, run.month);
    complete->bind(4, run.month);
    complete->exec();
    Result<std::vector<FeeRow>> fees = read_fees(run.month);
    if (!fees) return fees.error();
    run.outcome.fees = std::move(fees).value();
    if (final_step) {
      if (Status s = final_step(last_entry, last_event); !s) return s.error();
    }
    transaction.commit();
    return run.outcome;
  });
}

}  // namespace socai::store
