// The SQLite implementation of the loan book's repository (operations/loan_repository.hpp):
// rows read and written, nothing decided. Its parts:
// sqlite_backend.cpp (the scopes and the journal), sqlite_registry.cpp (reference data),
// sqlite_programs.cpp, sqlite_loan_rows.cpp and sqlite_snapshot.cpp (loans, events and the
// state in columns), sqlite_savings.cpp (savings and settings), sqlite_close.cpp and
// sqlite_fees.cpp (the month-end close's rows), sqlite_reports.cpp and sqlite_reconcile.cpp
// (the rows the reports and reconciliation read).
// Internal to the library.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <string_view>

#include "operations/actor_repository.hpp"
#include "operations/approval_repository.hpp"
#include "operations/loan_repository.hpp"
#include "store/sqlite_store.hpp"

namespace socai::store {

using ops::LoanRecord;
using ops::ProgramCache;

// A fee row's month, commune, organisation, currency, balance, outstanding and overdue, from
// columns 0 to 5 of `row` (the fees are worked out from those; read back with them).
FeeRow fee_row_basis(SQLite::Statement& row, const std::string& month);

// A loan state's columns in loan_states (schema 10), in the order of LoanState's fields, and
// the state bound to parameters from `first` on, or read from columns from `first` on.
inline constexpr int kStateColumns = 24;
void bind_state(SQLite::Statement& q, int first, const LoanState& state);
LoanState state_from_row(SQLite::Statement& q, int first);

// A loan's contract, program and commune cash account, for loan_from_row; then its state
// snapshot's event (column 17, NULL when none) and the snapshot (columns 18 on).
inline constexpr std::string_view kLoanQuery =
    "SELECT l.id, l.code, l.household_code, l.program_code, l.group_code, "
    "coalesce(l.officer_code, ''), l.currency, l.approved_amount, l.term_months, "
    "l.method, l.every_months, l.grace_principal_months, l.custom_plan, "
    "l.opened_on, l.course_end, l.gdx_day, a.name, s.event_id, "
    "s.disbursed, s.in_term, s.overdue, s.frozen, s.principal_repaid, s.interest_due_in_term, "
    "s.interest_due_overdue, s.accruing_in_term, s.accruing_overdue, s.interest_through, "
    "s.first_disbursed_on, s.last_event_on, s.interest_collected, s.interest_paid_on, "
    "s.interest_rounded, s.transitions_through, s.moved_to_overdue, s.frozen_until, "
    "s.extensions, s.adjusted_installments, s.written_off_principal, s.written_off_interest, "
    "s.recovered, s.events "
    "FROM loans l JOIN households h ON h.code = l.household_code "
    "JOIN communes c ON c.code = h.commune_code "
    "JOIN accounts a ON a.id = c.cash_account_id "
    "LEFT JOIN loan_states s ON s.loan_id = l.id ";
// kLoanQuery for one loan by id, and by code: the text built once, not for every loan read.
const std::string& loan_by_id_query();
const std::string& loan_by_code_query();

class SqliteLoanRepository final : public ops::LoanRepository {
 public:
  explicit SqliteLoanRepository(SqliteStore& store) : store_(store), db_(store.db()) {}

  Status check_actor(std::string_view actor) override { return store_.check_actor(actor); }
  Status write(const std::function<Status()>& body) override;
  Status read(const std::function<Status()>& body) override;
  Status unit_of_work(const std::function<Status()>& body) override {
    return store_.unit_of_work(body);
  }
  bool in_unit() const override { return store_.in_unit(); }
  std::string now() override { return store_.now(); }
  std::optional<Date> closed_through() override { return store_.read_closed_through(); }
  ops::WriteMarks marks() override;

  Result<PostOutcome> append(const EntrySpec& entry, std::string_view actor) override;
  bool account_exists(const std::string& name) override;
  Result<Account> add_account(const NewAccount& account, std::string_view actor) override {
    return store_.insert_account(account, actor);
  }

  std::optional<Commune> find_commune(std::string_view code) override;
  std::vector<Commune> communes() override;
  void insert_commune(const Commune& commune, AccountId cash, std::string_view actor) override;
  std::vector<Organisation> organisations() override;
  bool organisation_exists(std::string_view code) override;
  bool officer_exists(std::string_view code) override;
  std::optional<std::string> code_in_other_case(std::string_view kind,
                                                std::string_view code) override;
  void each_reference_text(const ReferenceText& row) override;
  std::vector<std::vector<std::string>> codes_alike(std::string_view kind) override;
  void insert_officer(const Officer& officer, std::string_view actor) override;
  std::optional<Group> find_group(std::string_view code) override;
  std::vector<std::string> group_codes(const std::optional<std::string>& commune) override;
  void insert_group(const Group& group, std::string_view actor) override;
  std::optional<Household> find_household(std::string_view code) override;
  std::optional<std::string> household_with_national_id(std::string_view national_id) override;
  std::vector<std::string> household_codes(const std::optional<std::string>& group) override;
  void insert_household(const Household& household, std::string_view actor) override;
  void insert_status(std::string_view household, const StatusChange& change,
                     std::string_view actor) override;

  Result<std::optional<Program>> find_program(std::string_view code) override;
  std::vector<std::string> program_codes() override;
  std::optional<Date> last_event_of_program(std::string_view code) override;
  std::int64_t loans_of_program(std::string_view code) override;
  void insert_rate(std::string_view program, Date from, const Rate& rate, std::string_view source,
                   std::string_view actor) override;
  void change_setting(std::string_view program, std::string_view name,
                      const credit::ProgramSetting& setting, std::string_view actor) override;

  bool loan_exists(std::string_view code) override;
  LoanId insert_loan(const LoanContract& contract, const Currency& currency) override;
  Result<std::optional<LoanRecord>> find_loan(std::string_view code) override;
  Result<std::optional<LoanRecord>> find_loan(LoanId id, ProgramCache& programs) override;
  std::vector<std::string> loan_codes() override;
  std::vector<LoanId> member_loans(std::string_view household, std::string_view group) override;
  Result<std::vector<credit::RecordedEvent>> events(
      LoanId loan, std::optional<Date> through, std::optional<std::int64_t> before_event) override;
  std::optional<ops::LastEvent> last_event(LoanId loan) override;
  std::optional<ops::KeyedEvent> event_by_key(const std::string& key) override;
  std::int64_t insert_event(const ops::NewEvent& event, std::string_view actor) override;
  void save_state(LoanId loan, std::int64_t event, const LoanState& state) override;

  std::int64_t savings_balance(std::string_view household, std::optional<Date> as_of) override;
  std::optional<ops::KeyedSavings> savings_by_key(const std::string& key) override;
  void insert_savings(const ops::NewSavingsEvent& event, std::string_view actor) override;

  std::vector<std::pair<std::string, std::string>> settings() override;
  void update_setting(std::string_view key, std::string_view value,
                      std::string_view actor) override;

  ops::CloseState close_state(const std::string& month) override;
  std::optional<std::string> last_closed_month() override;
  std::optional<Date> earliest_event(std::optional<Date> after, Date before) override;
  void start_close(const std::string& month, Date through, std::string_view actor) override;
  std::int64_t unrecorded(const std::string& month) override;
  std::vector<LoanId> unrecorded_loans(const std::string& month, std::int64_t after,
                                       int limit) override;
  std::int64_t snapshot_event(LoanId loan) override;
  void insert_month_end(const ops::MonthEndRecord& record) override;
  std::int64_t month_ends(const std::string& month) override;
  std::vector<FeeRow> fee_basis(const std::string& month) override;
  void insert_fee(const FeeRow& fee, const std::string& settings) override;
  std::vector<FeeRow> fees(const std::string& month) override;
  void close_period(Date through, std::string_view actor) override;
  void complete_close(const std::string& month, std::int64_t loans) override;
  std::unique_ptr<ops::LoanReader> loan_reader(const ProgramCache& programs) override;

  std::map<std::string, reports::Place> group_places() override;
  Status each_loan(ops::LoanOrder order, ProgramCache& programs,
                   const std::function<Status(LoanRecord)>& each) override;
  std::optional<std::string> month_closed_through(Date day) override;
  Status each_month_end(const std::string& month, Date day,
                        const std::function<Status(const ops::MonthEndRow&)>& each) override;
  std::optional<Date> last_transaction(LoanId loan, Date day) override;
  void each_event_between(Date first, Date last,
                          const std::function<void(const ops::EventRow&)>& each) override;

  std::vector<reports::CurrencyTurnover> turnover(std::optional<Date> through) override;
  void each_unbalanced_entry(
      const std::function<void(std::int64_t, const std::string&, std::int64_t)>& each) override;
  std::vector<std::int64_t> entries_without_postings() override;
  std::pair<std::int64_t, std::int64_t> journal_size() override;
  void each_balance(const std::function<void(const reports::BalanceRow&)>& each) override;
  std::vector<std::pair<std::string, std::int64_t>> ledger_totals() override;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> loan_postings() override;
  std::vector<std::pair<std::string, std::int64_t>> control_balances() override;
  void each_loan_principal(
      Date first, Date last,
      const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& each) override;
  void each_loan_levels(const std::function<void(const reports::LoanLevels&)>& each) override;
  std::optional<std::int64_t> account_balance(const std::string& name, Date day) override;
  Result<VerifyReport> verify() override { return store_.verify(); }

  // A loan from a row of kLoanQuery, its program from `programs` when there (else read, and
  // added when `programs` is given). A LoanReader calls it from its own thread for loans
  // whose program it has.
  Result<LoanRecord> loan_from_row(SQLite::Statement& row, ProgramCache* programs);

 private:
  Result<LoanRecord> read_loan(std::string_view code);
  // By id, with programs read once into `programs` (a month-end close reads every loan).
  Result<LoanRecord> read_loan(LoanId id, ProgramCache& programs);
  Result<Program> read_program(std::string_view code);

  SqliteStore& store_;
  SQLite::Database& db_;
  // The journal writer of the current write: begun by its first append, used by the appends
  // after it in the same write (the chain's head followed in memory), gone when the write ends.
  std::optional<SqliteStore::Writer> writer_;
  int writes_ = 0;  // writes open, nested (a savepoint inside a unit of work)
  store::StatementCache cache_{db_};
};

// The approvals' repository over the store's connection (sqlite_approvals.cpp).
std::unique_ptr<ops::ApprovalRepository> approval_repository(SqliteStore& store);
std::unique_ptr<ops::ActorRepository> actor_repository(SqliteStore& store);

}  // namespace socai::store
