// What every socai command shares: the global options, opening the ledger, exit codes and
// the one-line error on stderr (DESIGN.md section 9).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "ledger/actors.hpp"
#include "ledger/approvals.hpp"
#include "ledger/schedule.hpp"
#include "ledger/store.hpp"
#include "render.hpp"

namespace socai::cli {

// Exit codes: 0 success; 1 refused by a business rule or a report found a discrepancy;
// 2 usage or input error; 3 storage or internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitStorage = 3;

// Writes `notice` to `out` before the first character written to it, and nothing when nothing
// is: a report's first line, never printed by a command that fails before its output.
// Installed on `out` for its lifetime.
class NoticeFirst : public std::streambuf {
 public:
  NoticeFirst(std::ostream& out, std::string notice);
  ~NoticeFirst() override;
  NoticeFirst(const NoticeFirst&) = delete;
  NoticeFirst& operator=(const NoticeFirst&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool announce();
  std::ostream& out_;
  std::streambuf* next_;
  std::string notice_;
};

struct Context {
  std::string db;
  std::string format = "table";
  std::string lang;
  std::string actor;
  bool read_only = false;
  std::string command;  // the command chosen, "report delinquency": the title of HTML pages
  // The command's words without the global options: {"freeze", "L-0001", "--date", ...}.
  std::vector<std::string> words;

  // The command chosen on the command line, set by its registration.
  std::function<int()> run;

  Format output_format() const;
  Lang output_lang() const;
  // The actor open() authenticated (ledger/actors.hpp): on a ledger that is not a training
  // ledger, the one registered for the OS account running the command.
  std::string actor_name() const;
  // The name the user declared: --actor, else SOCAI_ACTOR, else empty.
  std::string declared_actor() const;
  // The business date (Vietnam's calendar day, date.hpp) at now(): the day a status or a
  // rate "today" is shown for, and the last month a demo may reach.
  Date today() const;
  // Now (UTC), "YYYY-MM-DDTHH:MM:SSZ": when a record or a checkpoint is stamped. The system
  // clock, or on a training ledger the time SOCAI_CLOCK fixes (for rehearsals and tests).
  // The one place the commands read the clock.
  std::string now() const;
  // SOCAI_CLOCK's time when it is set (InvalidArgument when it is not a UTC time); nullopt
  // when it is not set.
  static Result<std::optional<std::string>> fixed_clock();
  // Opens the ledger and authenticates the actor for the command (its role).
  Result<std::unique_ptr<Store>> open() const;
  // Who runs the command, allowed to run it: PermissionDenied otherwise.
  Result<Actor> authenticate(Store& store) const;
  mutable std::optional<Actor> authenticated;
  // On a training ledger, the line every report, page and verify shows: else empty.
  std::string training_notice() const;
  // The notice before a report's first line (open()), while the command runs.
  mutable std::unique_ptr<NoticeFirst> notice_first;
  // True once open() found a training ledger: its actor is a declared name.
  bool training() const {
    return authenticated && authenticated->id == 0 && authenticated->os_user.empty();
  }
};

// Prints a list: an aligned table, CSV with a header, or `json` (default: the rows as an
// array of objects).
void print_list(const Context& ctx, const Table& table);
void print_list(const Context& ctx, const Table& table, const nlohmann::json& json);
// Prints one record (a one-row table): label/value lines, CSV with one row, or an object.
void print_record(const Context& ctx, const Table& table);

// The reports: trial-balance, balance, report *, reconcile, collection-sheet, fees (the
// commands that may answer as an HTML page).
bool is_report_command(std::string_view command);

int exit_code(ErrorCode code);
// The option that gives a domain field: "national_id" -> "--national-id", "organisation" ->
// "--org".
std::string option_of_field(std::string_view field);
// Prints "socai: error: <message>" on stderr and returns the exit code for `error`.
int fail(const Error& error);
int fail(ErrorCode code, const std::string& message);

// Two-person control: submits `operation` to the ledger's approvals (ledger/approvals.hpp),
// which carries it out at once or records it as a request for a second actor (printed here).
// Returns the exit code.
int submit_operation(const Context& ctx, Store& store, LoanBook& book,
                     const Result<Operation>& operation, const Progress& progress = {});
// Prints what carrying `operation` out wrote, as the command that asks for it prints it.
void print_operation_outcome(const Context& ctx, LoanBook& book, const Operation& operation,
                             const OperationOutcome& outcome);

// The commands' own answers, for print_operation_outcome.
void print_loan_operation(const Context& ctx, const LoanOperation& operation,
                          const LoanOutcome& outcome, Currency currency);
void print_posted(const Context& ctx, const std::vector<EntrySpec>& entries,
                  const std::vector<PostOutcome>& outcomes);
void print_reversal(const Context& ctx, const ReversalSpec& reversal, const PostOutcome& outcome);
void print_period_close(const Context& ctx, const CloseOutcome& outcome);
void print_month_close(const Context& ctx, const MonthCloseOutcome& outcome);
void print_setting_set(const Context& ctx, const LedgerSettingOperation& setting);
void print_program_change(const Context& ctx, const Operation& operation, const Program& program);
void print_actor(const Context& ctx, const Actor& actor);
Table actor_table(const Context& ctx, const std::vector<Actor>& actors);

// The largest input file socai reads: an import, the entries of post --file, a count of cash,
// a key, a checkpoint.
inline constexpr std::size_t kMaxInputFileBytes = 64 * 1024 * 1024;

// The whole of the file at `path`, as bytes, read in chunks and refused as soon as it passes
// kMaxInputFileBytes; a regular file or a pipe, never a directory or a device such as
// /dev/zero. InvalidArgument ("cannot read it: ...", "too large: ...") when it cannot be read,
// for the caller to say which file.
Result<std::string> read_file(const std::string& path);

// Writes `content` to a new file at `path`, whole or not at all, and durably: a temporary
// file beside it (made with O_EXCL, so no planted file or link is written through) is filled,
// flushed to disk, then linked to `path`, which is never overwritten; then the directory is
// flushed. AlreadyExists when `path` exists; InvalidArgument ("cannot write it: ...") when it
// cannot be written, for the caller to say which file. A process killed in the middle leaves
// no file at `path`, or the whole of it.
Status write_new_file(const std::string& path, std::string_view content);

// Parses an option's text with `parse`, prefixing an error with the option's name.
template <class T, class Parse>
Result<T> parse_option(const std::string& name, const std::string& text, Parse parse) {
  Result<T> value = parse(text);
  if (!value) return with_context(name, value.error());
  return value;
}

// Parses `args` (the words after the program's name) and, when `execute`, runs the command
// they name; returns the process's exit code. Without `execute`, only the parsing and the
// checks made before a command runs (a fuzzer's entry point).
int run_command_line(const std::vector<std::string>& args, bool execute = true);

// Registration of every command (run_command_line's application), then of each group.
void register_commands(CLI::App& app, Context& ctx);
void register_ledger_commands(CLI::App& app, Context& ctx);
void register_journal_commands(CLI::App& app, Context& ctx);
void register_report_commands(CLI::App& app, Context& ctx);
void register_schedule_commands(CLI::App& app, Context& ctx);
void register_credit_commands(CLI::App& app, Context& ctx);   // commune, officer, group, household
void register_program_commands(CLI::App& app, Context& ctx);  // program
void register_loan_commands(CLI::App& app, Context& ctx);     // loan open|show|list
void register_loan_event_commands(CLI::App& app, Context& ctx);  // disburse, collect-interest, ...
void register_close_commands(CLI::App& app, Context& ctx);       // close, fees, setting
void register_savings_commands(CLI::App& app, Context& ctx);     // savings deposit|withdraw|show
void register_collection_commands(CLI::App& app, Context& ctx);  // collection-sheet
void register_demo_commands(CLI::App& app, Context& ctx);        // demo
void register_reconcile_commands(CLI::App& app, Context& ctx);   // reconcile
void register_import_commands(CLI::App& app, Context& ctx);      // import FILE
void register_export_commands(CLI::App& app, Context& ctx);      // export hledger|ledger
void register_auditor_report_commands(CLI::App& app, Context& ctx);  // report delinquency|portfolio
void register_approval_commands(CLI::App& app, Context& ctx);  // approve, reject, request list|show
void register_actor_commands(CLI::App& app, Context& ctx);     // actor add|list|disable

// "12:10.000.000;24:20.000.000": the PERIOD:AMOUNT pairs of a custom repayment plan
// (socai schedule and socai loan open --installments).
Result<std::vector<CustomInstallment>> parse_installments(const std::string& text,
                                                          Currency currency);

}  // namespace socai::cli
