// The loan book (ledger/loan_book.hpp) written once, over a backend's LoanRepository: every
// check, key, split, state and message is decided here and in the credit domain; the
// repository stores and finds rows. Its parts: registry.cpp (reference data and programs),
// loans.cpp (loan events and views), members.cpp (savings, collection sheets, batches and
// settings), close.cpp (the month-end close), reports.cpp (the reports and reconciliation).
// The ledger's settings are in members.cpp too. Internal to the library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "credit/events.hpp"
#include "ledger/loan_book.hpp"
#include "operations/loan_repository.hpp"

namespace socai::ops {

// Runs `body` (returning a Result<T>) inside `scope` (one of a LoanRepository's scopes), and
// returns its value or its error, or the scope's.
template <class T, class Scope, class F>
Result<T> scoped(Scope&& scope, F&& body) {
  std::optional<T> out;
  Status s = scope([&]() -> Status {
    Result<T> r = body();
    if (!r) return r.error();
    out.emplace(std::move(r).value());
    return {};
  });
  if (!s) return s.error();
  return std::move(*out);
}

// Runs `body` as one write of `repo` by `actor` (LoanRepository::write): the actor checked,
// then all or nothing.
template <class T, class F>
Result<T> write(LoanRepository& repo, std::string_view actor, F&& body) {
  if (Status s = repo.check_actor(actor); !s) return s.error();
  return scoped<T>([&](const std::function<Status()>& b) { return repo.write(b); }, body);
}

// Runs `body` as one read of `repo` (LoanRepository::read).
template <class T, class F>
Result<T> read(LoanRepository& repo, F&& body) {
  return scoped<T>([&](const std::function<Status()>& b) { return repo.read(b); }, body);
}

class Book final : public LoanBook {
 public:
  explicit Book(LoanRepository& repo) : repo_(repo) {}

  Result<Commune> add_commune(const Commune& commune, std::string_view actor) override;
  Result<std::vector<Commune>> communes() override;
  Result<std::vector<Organisation>> organisations() override;
  Result<Officer> add_officer(const Officer& officer, std::string_view actor) override;
  Result<Group> add_group(const Group& group, std::string_view actor) override;
  Result<Group> group(std::string_view code) override;
  Result<std::vector<Group>> groups(std::optional<std::string> commune) override;
  Result<Household> add_household(const Household& household, std::string_view actor) override;
  Result<Household> household(std::string_view code) override;
  Result<std::vector<Household>> households(std::optional<std::string> group) override;
  Result<Household> set_household_status(std::string_view code, StatusChange change,
                                         std::string_view actor) override;
  Result<std::vector<Program>> programs() override;
  Result<Program> program(std::string_view code) override;
  Result<Program> add_program_rate(std::string_view code, Date from, const Rate& rate,
                                   std::string_view source, std::string_view actor) override;
  Result<Program> set_program(std::string_view code, std::string_view setting,
                              std::string_view value, std::string_view actor) override;
  Result<LoanOutcome> open_loan(const NewLoan& loan, std::string_view actor) override;
  Result<LoanOutcome> apply(const LoanOperation& operation, std::string_view actor) override;
  Result<LoanView> loan(std::string_view code, std::optional<Date> as_of) override;
  Result<std::vector<LoanView>> loans(std::optional<Date> as_of) override;
  Result<Schedule> loan_schedule(std::string_view code) override;
  Result<LoanState> rebuild_state(std::string_view code) override;
  Result<LoanState> stored_state(std::string_view code) override;
  Status batch(std::string_view actor, const std::function<Status()>& body) override;
  Result<SavingsOutcome> savings(const SavingsOperation& operation,
                                 std::string_view actor) override;
  Result<std::int64_t> savings_balance(std::string_view household,
                                       std::optional<Date> as_of) override;
  Result<CollectionSheet> collection_sheet(std::string_view group, date::year_month month) override;

  Result<bool> month_closed(date::year_month month) override;
  Result<MonthCloseOutcome> close_month(date::year_month month, std::string_view actor,
                                        const Progress& progress) override;
  Result<std::vector<FeeRow>> fees(date::year_month month) override;
  // close_month, calling `final_step` inside the close's final write, after the fees and the
  // period close, with the marks from before that write appended anything; the close is kept
  // only when it succeeds. Not called for a month closed already.
  using FinalStep = std::function<Status(WriteMarks before)>;
  Result<MonthCloseOutcome> close_month_then(date::year_month month, std::string_view actor,
                                             const Progress& progress, const FinalStep& final_step);
  Result<std::vector<std::pair<std::string, std::string>>> settings() override;
  Status set_setting(std::string_view key, std::string_view value, std::string_view actor) override;
  Result<ReconcileReport> reconcile(const ReconcileOptions& options) override;
  Result<DelinquencyReport> delinquency(const DelinquencyOptions& options) override;
  Result<PortfolioReport> portfolio(date::year_month month, PortfolioGrouping by) override;

 private:
  // Refused (FailedPrecondition) when `day` is in a closed period or after the business date.
  Status check_writable_date(Date day);
  // The business date by the store's clock (StoreOptions::clock).
  Date today();
  // AlreadyExists when a record of `kind` has `code` in another case ("HH-001", "hh-001").
  Status check_code_free(std::string_view kind, std::string_view code);
  Result<Program> read_program(std::string_view code);
  Result<Household> read_household(std::string_view code);
  Result<Group> read_group(std::string_view code);
  Result<LoanRecord> read_loan(std::string_view code);
  // The loan's events folded: those dated up to `through`, those before event `before_event`.
  Result<LoanState> fold(const LoanRecord& loan, std::optional<Date> through,
                         std::optional<std::int64_t> before_event);
  Result<LoanView> view(const LoanRecord& loan, std::optional<Date> as_of);
  Result<LoanOutcome> reverse_last(const LoanOperation& op, std::string_view actor);
  // The event recorded under `key`: "already recorded" with the same digest, else a conflict;
  // empty when the key is new.
  Result<std::optional<LoanOutcome>> recorded(const credit::OperationKey& key);
  // Posts a transition's transfers and entry, and appends its event (`details`) and the loan's
  // new state, inside the caller's write.
  Result<LoanOutcome> record(const LoanRecord& loan, const LoanOperation& op,
                             const credit::OperationKey& key, const LoanTransition& t,
                             std::string details, std::string_view actor);

  // The month-end close's steps (close.cpp).
  struct CloseRun;
  struct ClosePlan;
  Status check_close(const CloseRun& run);
  // One loan: read, worked out (plan_close, which reads nothing), then written.
  Status close_loan(CloseRun& run, LoanId id);
  static ClosePlan plan_close(const CloseRun& run, LoanRecord loan);
  Status write_close(CloseRun& run, ClosePlan& plan);
  // A plan worked out from a LoanReader's read: written if the loan is unchanged since, else
  // the loan is closed again from what the write reads.
  Status write_planned(CloseRun& run, ClosePlan& plan);
  // The accrual of a plan: its transfers and entry posted, its event and the loan's state.
  Result<std::int64_t> record_accrual(CloseRun& run, const ClosePlan& plan);
  Status post_fees(CloseRun& run);

  // The reports' parts (reports.cpp).
  // The loan's balances at the end of `day`: the snapshot when `day` is on or after its last
  // event, else its events up to `day` folded.
  Result<LoanState> state_at(const LoanRecord& loan, Date day);
  // Every loan's snapshot and buckets, and the control accounts, added to `checks`.
  Status check_loans(reports::LoanChecks& checks);
  ReconcileCheck roll_forward(date::year_month month);

  LoanRepository& repo_;
};

}  // namespace socai::ops
