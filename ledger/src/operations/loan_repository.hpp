// What the loan book (operations/book.hpp) needs from a backend: rows read and written, and
// nothing decided. The checks, keys, splits, states and messages are the loan book's and the
// credit domain's; a backend stores and finds. Internal to the library.
//
// Every call other than the scopes runs inside one: read(), write() or unit_of_work(). A
// storage failure inside a scope (a row refused by the database, a lost connection) may be
// thrown by the call that meets it; the scope turns it into the Error it returns, and a write
// scope is undone whole.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credit/fold.hpp"
#include "ledger/loan_book.hpp"
#include "reports/delinquency.hpp"
#include "reports/reconcile_checks.hpp"

namespace socai::credit {
struct ProgramSetting;
}  // namespace socai::credit

namespace socai::ops {

// "<what> '<code>' not found" (NotFound).
Error not_found(std::string_view what, std::string_view code);

// A loan as the loan book works on it: the contract, its program and its state snapshot.
struct LoanRecord {
  LoanContract contract;
  std::shared_ptr<const Program> program;  // shared with the other loans of a ProgramCache
  LoanState state;
};

// Programs by code, each read once for all the loans a report or close reads.
using ProgramCache = std::map<std::string, std::shared_ptr<const Program>>;

// A loan's last event, for its reversal.
struct LastEvent {
  std::int64_t id = 0;
  std::string kind;  // as stored: "open", "disburse", ...
  std::int64_t amount = 0;
  std::optional<std::int64_t> reverses;  // a reversal: the event it undid
};

// The loan event recorded under an idempotency key.
struct KeyedEvent {
  std::int64_t id = 0;
  std::string digest;
  std::optional<EntryId> entry;
  std::string loan;     // its code
  std::string details;  // as recorded (credit::event_details)
};

// A loan event to append.
struct NewEvent {
  LoanId loan;
  std::string_view kind;  // loan_event_kind_name, or "open"
  Date date;
  std::int64_t amount = 0;
  std::string details;  // credit::event_details, "{}" for an opening
  std::string key;
  std::string digest;
  std::optional<EntryId> entry;
};

// The last entry and loan event ids (0 when none): read inside a write, the ids appended after
// them are the write's own.
struct WriteMarks {
  std::int64_t entry = 0;
  std::int64_t event = 0;
};

// Whether a month's close has been started, and completed.
struct CloseState {
  bool started = false;
  bool completed = false;
};

// A loan as it stood at a month's end, recorded by the close (and marking the loan done).
struct MonthEndRecord {
  std::string month;  // "2025-11"
  LoanId loan;
  LoanStatus status = LoanStatus::Approved;
  std::int64_t in_term = 0;
  std::int64_t overdue = 0;
  std::int64_t frozen = 0;
  std::int64_t interest_due = 0;
  std::int64_t days_past_due = 0;
  bool interest_collected = false;    // interest was collected in the month
  std::optional<std::int64_t> event;  // the month's accrual event, if any
};

// A loan read by a LoanReader, with its state snapshot's event (0: none); no record for a loan
// not read (gone, or of a program the reader was not given).
struct ReadLoan {
  LoanId id;
  std::optional<LoanRecord> loan;
  std::int64_t snapshot_event = 0;
};

// Reads loans on a connection of its own, from another thread than the repository's.
class LoanReader {
 public:
  virtual ~LoanReader() = default;
  // The loans of `ids`, in order, in one read.
  virtual std::vector<ReadLoan> read(const std::vector<LoanId>& ids) = 0;
};

// A member's savings event to append: the amount signed (a withdrawal negative).
struct NewSavingsEvent {
  std::string household;
  std::string group;
  Date date;
  std::int64_t amount = 0;
  std::string key;
  std::string digest;
  EntryId entry;
};

// The savings event recorded under an idempotency key.
struct KeyedSavings {
  std::string digest;
  EntryId entry;
};

// The order each_loan reads loans in: by id, or by household code then id.
enum class LoanOrder { Id, Household };

// A loan with its month-end record, for the delinquency report.
struct MonthEndRow {
  LoanId loan;
  std::string program;
  std::string group;
  std::string officer;           // "" when none
  bool recorded = false;         // the month-end record exists
  reports::LoanFigures figures;  // its buckets and days past due (when recorded)
  bool events_after = false;     // not recorded, with events dated after the day asked for
};

// A loan event with where its loan is and what it moved on the loan accounts.
struct EventRow {
  LoanId loan;
  std::string group;
  std::string program;
  std::string kind;     // as stored
  std::string details;  // as recorded (credit::event_details)
  Date date;
  std::int64_t loan_principal_postings = 0;  // its entry's postings on Assets:Loans:*
};

class LoanRepository {
 public:
  virtual ~LoanRepository() = default;

  // --- Scopes ---
  // InvalidArgument for an actor that is not 1 to 100 characters of text; FailedPrecondition
  // on a ledger open read-only.
  virtual Status check_actor(std::string_view actor) = 0;
  // One write: a transaction of its own, or a savepoint of the open unit of work, undone alone
  // when `body` fails. Kept only when `body` succeeds.
  virtual Status write(const std::function<Status()>& body) = 0;
  virtual Status read(const std::function<Status()>& body) = 0;
  // One transaction that holds the write lock from its start; the writes inside join it. Units
  // do not nest (FailedPrecondition).
  virtual Status unit_of_work(const std::function<Status()>& body) = 0;
  virtual bool in_unit() const = 0;
  // Inside a write: the ids last appended.
  virtual WriteMarks marks() = 0;
  // The recorded-at time of new records (StoreOptions::clock), UTC "YYYY-MM-DDTHH:MM:SSZ".
  virtual std::string now() = 0;
  virtual std::optional<Date> closed_through() = 0;

  // --- The journal, inside a write ---
  virtual Result<PostOutcome> append(const EntrySpec& entry, std::string_view actor) = 0;
  virtual bool account_exists(const std::string& name) = 0;
  virtual Result<Account> add_account(const NewAccount& account, std::string_view actor) = 0;

  // --- Reference data ---
  // The code of the record of `kind` (commune, officer, group, household or loan) that is
  // `code` in another case ("HH-001" for "hh-001"), if one exists.
  virtual std::optional<std::string> code_in_other_case(std::string_view kind,
                                                        std::string_view code) = 0;
  // For reconciliation: every name and place of communes, officers, groups and households
  // (kind, code, field, the text stored), and the codes of each kind that equal another
  // without regard to case, in groups ("HH-001", "hh-001").
  using ReferenceText = std::function<void(std::string_view kind, std::string_view code,
                                           std::string_view field, std::string_view value)>;
  virtual void each_reference_text(const ReferenceText& row) = 0;
  virtual std::vector<std::vector<std::string>> codes_alike(std::string_view kind) = 0;
  virtual std::optional<Commune> find_commune(std::string_view code) = 0;
  // By province, district and code.
  virtual std::vector<Commune> communes() = 0;
  virtual void insert_commune(const Commune& commune, AccountId cash, std::string_view actor) = 0;
  virtual std::vector<Organisation> organisations() = 0;
  virtual bool organisation_exists(std::string_view code) = 0;
  virtual bool officer_exists(std::string_view code) = 0;
  virtual void insert_officer(const Officer& officer, std::string_view actor) = 0;
  // With its number of member households.
  virtual std::optional<Group> find_group(std::string_view code) = 0;
  virtual std::vector<std::string> group_codes(const std::optional<std::string>& commune) = 0;
  virtual void insert_group(const Group& group, std::string_view actor) = 0;
  // With its statuses, ascending by date.
  virtual std::optional<Household> find_household(std::string_view code) = 0;
  virtual std::optional<std::string> household_with_national_id(std::string_view national_id) = 0;
  virtual std::vector<std::string> household_codes(const std::optional<std::string>& group) = 0;
  // The household and its first status (household.statuses[0]).
  virtual void insert_household(const Household& household, std::string_view actor) = 0;
  virtual void insert_status(std::string_view household, const StatusChange& change,
                             std::string_view actor) = 0;

  // --- Programs ---
  // DataLoss for a program whose stored settings do not parse.
  virtual Result<std::optional<Program>> find_program(std::string_view code) = 0;
  virtual std::vector<std::string> program_codes() = 0;
  // The date of the last event of any of the program's loans.
  virtual std::optional<Date> last_event_of_program(std::string_view code) = 0;
  virtual std::int64_t loans_of_program(std::string_view code) = 0;
  virtual void insert_rate(std::string_view program, Date from, const Rate& rate,
                           std::string_view source, std::string_view actor) = 0;
  // The setting changed and the change recorded (`name` as given, the value as checked).
  virtual void change_setting(std::string_view program, std::string_view name,
                              const credit::ProgramSetting& setting, std::string_view actor) = 0;

  // --- Loans ---
  virtual bool loan_exists(std::string_view code) = 0;
  // The contract's row (its id is assigned here).
  virtual LoanId insert_loan(const LoanContract& contract, const Currency& currency) = 0;
  // DataLoss for a row that does not parse.
  virtual Result<std::optional<LoanRecord>> find_loan(std::string_view code) = 0;
  // With its program read once into `programs`.
  virtual Result<std::optional<LoanRecord>> find_loan(LoanId id, ProgramCache& programs) = 0;
  virtual std::vector<std::string> loan_codes() = 0;
  // The loans of `household` taken in `group`, by code.
  virtual std::vector<LoanId> member_loans(std::string_view household, std::string_view group) = 0;
  // The loan's events ("open" excepted) in the order recorded: those dated up to `through`,
  // those before event `before_event`.
  virtual Result<std::vector<credit::RecordedEvent>> events(
      LoanId loan, std::optional<Date> through, std::optional<std::int64_t> before_event) = 0;
  virtual std::optional<LastEvent> last_event(LoanId loan) = 0;
  virtual std::optional<KeyedEvent> event_by_key(const std::string& key) = 0;
  // Recorded at now() by `actor`; returns the event's id.
  virtual std::int64_t insert_event(const NewEvent& event, std::string_view actor) = 0;
  // The loan's state as of event `event`.
  virtual void save_state(LoanId loan, std::int64_t event, const LoanState& state) = 0;

  // --- Savings ---
  // The member's savings at the end of `as_of` (all when empty), minor units.
  virtual std::int64_t savings_balance(std::string_view household, std::optional<Date> as_of) = 0;
  virtual std::optional<KeyedSavings> savings_by_key(const std::string& key) = 0;
  virtual void insert_savings(const NewSavingsEvent& event, std::string_view actor) = 0;

  // --- The ledger's settings: key and value, by key ---
  virtual std::vector<std::pair<std::string, std::string>> settings() = 0;
  virtual void update_setting(std::string_view key, std::string_view value,
                              std::string_view actor) = 0;

  // --- The month-end close ---
  virtual CloseState close_state(const std::string& month) = 0;
  // The last month whose close completed.
  virtual std::optional<std::string> last_closed_month() = 0;
  // The date of the earliest loan event after `after` (any, when empty) and before `before`.
  virtual std::optional<Date> earliest_event(std::optional<Date> after, Date before) = 0;
  virtual void start_close(const std::string& month, Date through, std::string_view actor) = 0;
  // Loans without a month-end record of `month`: how many, and the next `limit` after id
  // `after`, by id.
  virtual std::int64_t unrecorded(const std::string& month) = 0;
  virtual std::vector<LoanId> unrecorded_loans(const std::string& month, std::int64_t after,
                                               int limit) = 0;
  // The event the loan's state snapshot is as of (0: none).
  virtual std::int64_t snapshot_event(LoanId loan) = 0;
  virtual void insert_month_end(const MonthEndRecord& record) = 0;
  virtual std::int64_t month_ends(const std::string& month) = 0;
  // Per commune, organisation and currency of the month-end records of `month`: the
  // principal of loans whose interest was collected in the month (balance), all principal
  // (outstanding) and the overdue principal, by commune, organisation and currency.
  virtual std::vector<FeeRow> fee_basis(const std::string& month) = 0;
  // The fee row, with the fee settings it was worked out under (fee_settings_text).
  virtual void insert_fee(const FeeRow& fee, const std::string& settings) = 0;
  virtual std::vector<FeeRow> fees(const std::string& month) = 0;
  // Closes the journal through `through` (Store::close_period), inside the caller's write.
  virtual void close_period(Date through, std::string_view actor) = 0;
  virtual void complete_close(const std::string& month, std::int64_t loans) = 0;
  // A reader of loans with `programs` (no other), or none when the backend has no second
  // connection to give (a ledger in memory).
  virtual std::unique_ptr<LoanReader> loan_reader(const ProgramCache& programs) = 0;

  // --- Rows for the reports (operations/reports.cpp), inside a read ---
  // Where each group is, by group code.
  virtual std::map<std::string, reports::Place> group_places() = 0;
  // Every loan in `order`, its program read once into `programs`, passed to `each`; stops at
  // the first error `each` returns, and returns it.
  virtual Status each_loan(LoanOrder order, ProgramCache& programs,
                           const std::function<Status(LoanRecord)>& each) = 0;
  // The month ("2026-01") whose close completed through `day`, if any.
  virtual std::optional<std::string> month_closed_through(Date day) = 0;
  // Every loan by id, with its month-end record of `month` when it has one; as each_loan.
  virtual Status each_month_end(const std::string& month, Date day,
                                const std::function<Status(const MonthEndRow&)>& each) = 0;
  // The day of the loan's last transaction (an event other than its opening or an accrual) on
  // or before `day`.
  virtual std::optional<Date> last_transaction(LoanId loan, Date day) = 0;
  // The loan events dated from `first` to `last`, in no set order.
  virtual void each_event_between(Date first, Date last,
                                  const std::function<void(const EventRow&)>& each) = 0;

  // --- Rows for reconciliation (operations/reports.cpp), inside a read ---
  // Debits and credits per currency of the entries dated through `through` (all when empty),
  // by currency.
  virtual std::vector<reports::CurrencyTurnover> turnover(std::optional<Date> through) = 0;
  // Entries whose postings do not sum to zero in a currency: entry, currency and sum, by entry.
  virtual void each_unbalanced_entry(
      const std::function<void(std::int64_t, const std::string&, std::int64_t)>& each) = 0;
  // Entries without postings, by id.
  virtual std::vector<std::int64_t> entries_without_postings() = 0;
  // How many entries and postings the journal holds.
  virtual std::pair<std::int64_t, std::int64_t> journal_size() = 0;
  // Per account, currency and loan: the postings summed, the running and the daily balances
  // the backend keeps, by account name, currency and loan.
  virtual void each_balance(const std::function<void(const reports::BalanceRow&)>& each) = 0;
  // The debits of all postings per currency as the backend keeps them (schema 13's totals).
  virtual std::vector<std::pair<std::string, std::int64_t>> ledger_totals() = 0;
  // Per loan and account: the sum of the loan's postings on the account.
  virtual std::map<std::pair<std::int64_t, std::string>, std::int64_t> loan_postings() = 0;
  // Each control account's balance, by name.
  virtual std::vector<std::pair<std::string, std::int64_t>> control_balances() = 0;
  // Per loan with postings on its loan accounts: their sum at the end of the day before
  // `first` and at the end of `last`.
  virtual void each_loan_principal(
      Date first, Date last,
      const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& each) = 0;
  // Every loan's place at each level, by id.
  virtual void each_loan_levels(const std::function<void(const reports::LoanLevels&)>& each) = 0;
  // The balance of account `name` through `day`; empty when the chart has no such account.
  virtual std::optional<std::int64_t> account_balance(const std::string& name, Date day) = 0;
  // The journal's hash chain checked, in a read of its own (Store::verify).
  virtual Result<VerifyReport> verify() = 0;
};

}  // namespace socai::ops
