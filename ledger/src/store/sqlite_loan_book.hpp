// The SQLite implementation of LoanBook, over the credit domain's rules (ledger/src/credit/):
// this code reads rows, writes rows and calls those rules. Its parts: sqlite_registry.cpp
// (reference data), sqlite_programs.cpp, sqlite_loans.cpp (loan events and views),
// sqlite_loan_rows.cpp and sqlite_snapshot.cpp (row codecs), sqlite_close.cpp (the month-end
// close), sqlite_collection.cpp, sqlite_savings.cpp (batches and savings). Internal to the
// library.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ledger/loan_book.hpp"
#include "store/sqlite_store.hpp"

namespace socai::credit {
struct RecordedEvent;
}  // namespace socai::credit

namespace socai::store {

// "2025-11".
std::string month_text(date::year_month month);

// A fee row's month, commune, organisation, currency, balance, outstanding and overdue, from
// columns 0 to 5 of `row` (the fees are worked out from those; read back with them).
FeeRow fee_row_basis(SQLite::Statement& row, const std::string& month);

// "<what> '<code>' not found" (NotFound).
Error not_found(std::string_view what, std::string_view code);

// The event's split as stored in its details.
nlohmann::json split_json(const LoanSplit& split);
// A loan state as its snapshot in loan_states stores it, and back.
std::string snapshot_text(const LoanState& state);
// REQUIRES: `snapshot` was written by snapshot_text (now or by an earlier version).
LoanState state_from_snapshot(const std::string& snapshot);

struct LoanRecord {
  LoanContract contract;
  std::shared_ptr<const Program> program;  // shared with the other loans of a ProgramCache
  LoanState state;
};

// Programs by code, each read once for all the loans a report or close reads.
using ProgramCache = std::map<std::string, std::shared_ptr<const Program>>;

// A loan's contract, program, commune cash account and state snapshot, for loan_from_row,
// and the snapshot's event (column 18).
inline constexpr std::string_view kLoanQuery =
    "SELECT l.id, l.code, l.household_code, l.program_code, l.group_code, "
    "coalesce(l.officer_code, ''), l.currency, l.approved_amount, l.term_months, "
    "l.method, l.every_months, l.grace_principal_months, l.custom_plan, "
    "l.opened_on, l.course_end, l.gdx_day, a.name, s.state, s.event_id "
    "FROM loans l JOIN households h ON h.code = l.household_code "
    "JOIN communes c ON c.code = h.commune_code "
    "JOIN accounts a ON a.id = c.cash_account_id "
    "LEFT JOIN loan_states s ON s.loan_id = l.id ";

class SqliteLoanBook final : public LoanBook {
 public:
  explicit SqliteLoanBook(SqliteStore& store) : store_(store), db_(store.db()) {}
  SQLite::Database& connection() { return db_; }

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
  Result<ReconcileReport> reconcile(const ReconcileOptions& options) override;
  Result<DelinquencyReport> delinquency(const DelinquencyOptions& options) override;
  Result<PortfolioReport> portfolio(date::year_month month, PortfolioGrouping by) override;
  Result<CollectionSheet> collection_sheet(std::string_view group, date::year_month month) override;
  Result<SavingsOutcome> savings(const SavingsOperation& operation,
                                 std::string_view actor) override;
  Result<std::int64_t> savings_balance(std::string_view household,
                                       std::optional<Date> as_of) override;
  Result<bool> month_closed(date::year_month month) override;
  Result<MonthCloseOutcome> close_month(date::year_month month, std::string_view actor,
                                        const Progress& progress) override;
  // close_month, calling `final_step` inside the close's final transaction, after the fees
  // and the period close, with the last entry and loan event ids from before that
  // transaction wrote anything; the close is kept only when it succeeds. Not called for a
  // month closed already.
  Result<MonthCloseOutcome> close_month_then(
      date::year_month month, std::string_view actor, const Progress& progress,
      const std::function<Status(std::int64_t last_entry, std::int64_t last_event)>& final_step);
  Result<std::vector<FeeRow>> fees(date::year_month month) override;
  Result<std::vector<std::pair<std::string, std::string>>> settings() override;
  Status set_setting(std::string_view key, std::string_view value, std::string_view actor) override;

 private:
  // Runs `body` as one write of the store (SqliteStore::write): its own transaction, or a
  // savepoint of the enclosing unit of work (a batch, an approval), undone alone when refused.
  template <class T, class F>
  Result<T> write(std::string_view actor, F&& body) {
    if (Status s = store_.check_actor(actor); !s) return s.error();
    return store_.write<T>(std::forward<F>(body));
  }

  Status check_open_period(Date day);
  // Today by the store's clock (StoreOptions::clock).
  Date today() const;
  Result<Program> read_program(std::string_view code);
  Result<Household> read_household(std::string_view code);
  Result<Group> read_group(std::string_view code);
  Result<LoanRecord> read_loan(std::string_view code);
  // By id, with programs read once into `programs` (a month-end close reads every loan).
  Result<LoanRecord> read_loan(LoanId id, ProgramCache& programs);
  Result<LoanRecord> loan_from_row(SQLite::Statement& row, ProgramCache* programs);
  // The loan's events folded: those dated up to `through`, those before event `before_event`.
  Result<LoanState> fold(const LoanRecord& loan, std::optional<Date> through,
                         std::optional<std::int64_t> before_event);
  // The loan's events ("open" excepted) as fold selects them.
  Result<std::vector<credit::RecordedEvent>> read_events(LoanId loan, std::optional<Date> through,
                                                         std::optional<std::int64_t> before_event);
  Result<LoanOutcome> reverse_last(const LoanOperation& op, std::string_view actor);
  Result<LoanView> view(const LoanRecord& loan, std::optional<Date> as_of);
  // The loan's balances at the end of `day`: the snapshot when `day` is on or after its last
  // event, else its events up to `day` folded; then the due dates passed settled (state_on).
  Result<LoanState> state_at(const LoanRecord& loan, Date day);
  // The loan's state snapshot (snapshot_text) and the event it is as of.
  void save_state(LoanId id, std::int64_t event_id, const std::string& state);
  // Posts a transition's transfers and entry, and records its event (with its details as
  // JSON text, recorded at the writer's time) and the loan's new state (t.state's
  // snapshot_text), inside the caller's write transaction.
  Result<LoanOutcome> record(SqliteStore::Writer& writer, const LoanRecord& loan,
                             const LoanOperation& op, const std::string& key,
                             const std::string& digest, const LoanTransition& t,
                             const std::string& details, const std::string& state);
  std::int64_t insert_event(LoanId loan, std::string_view kind, Date date, std::int64_t amount,
                            const std::string& details, const std::string& key,
                            const std::string& digest, std::string_view actor,
                            const std::string& recorded_at, std::optional<EntryId> entry);
  // The event recorded under `key`: "already recorded" with the same digest, else a conflict;
  // empty when the key is new.
  Result<std::optional<LoanOutcome>> recorded(const std::string& key, const std::string& digest);

  // The month-end close's steps (sqlite_close.cpp).
  struct CloseRun;
  struct ClosePlan;
  class CloseReader;
  Status check_close(const CloseRun& run);
  // One loan: read, worked out (plan_close, which reads nothing), then written.
  Status close_loan(CloseRun& run, LoanId id);
  static ClosePlan plan_close(const CloseRun& run, LoanRecord loan);
  Status write_close(CloseRun& run, ClosePlan& plan);
  // A plan worked out by the CloseReader: written if the loan is unchanged since, else the
  // loan is closed again from what this connection reads.
  Status write_planned(CloseRun& run, ClosePlan& plan);
  // Every program, into `programs`.
  Status read_all_programs(ProgramCache& programs);
  Status post_fees(CloseRun& run);
  Result<FeeSettings> read_fee_settings();
  Result<std::vector<FeeRow>> read_fees(const std::string& month);

  SqliteStore& store_;
  SQLite::Database& db_;
  store::StatementCache cache_{db_};
};

}  // namespace socai::store
