// socai import: a loan officer's CSV file of households, groups, loans, disbursements,
// collections or repayments, imported as one transaction (schemas/import/README.md).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"
#include "ledger/import.hpp"

namespace socai::cli {
namespace {

// The refused rows listed one per line; the rest are counted.
constexpr std::size_t kListedRefusals = 100;

struct ImportArgs {
  std::string file;
  std::string kind;
};

int run_import(const Context& ctx, const ImportArgs& a) {
  std::optional<ImportKind> kind;
  if (!a.kind.empty()) {
    Result<ImportKind> k = parse_option<ImportKind>("--kind", a.kind, parse_import_kind);
    if (!k) return fail(k.error());
    kind = k.value();
  }
  Result<std::string> text = read_file(a.file);
  if (!text) return fail(with_context(a.file, text.error()));
  // The file is read and its header checked before the ledger is opened.
  Result<ImportFile> file = read_import_file(text.value(), kind);
  if (!file) return fail(with_context(a.file, file.error()));
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  const ImportReport r =
      import_rows(*book->book, file.value(), ctx.actor_name(), progress_bar("importing rows"));
  switch (r.status) {
    case ImportStatus::Imported:
      break;
    case ImportStatus::Refused: {
      // The first refusals, each on its line; a file refused on every row stays readable.
      const std::size_t listed = std::min(r.refused.size(), kListedRefusals);
      for (std::size_t i = 0; i < listed; ++i) {
        (void)fail(ErrorCode::FailedPrecondition,
                   fmt::format("{} {}", a.file, import_error_text(r.refused[i])));
      }
      if (r.refused.size() > listed) {
        (void)fail(ErrorCode::FailedPrecondition,
                   fmt::format("{}: {} more refusals not listed (the first {} are)", a.file,
                               r.refused.size() - listed, listed));
      }
      std::int64_t lines = 0;
      std::size_t last = 0;
      for (const ImportRowError& e : r.refused) {
        if (e.line != last) ++lines;
        last = e.line;
      }
      return fail(ErrorCode::FailedPrecondition,
                  fmt::format("{}: {} of {} {} refused; nothing was imported", a.file, lines,
                              r.rows, r.rows == 1 ? "row" : "rows"));
    }
    case ImportStatus::Unreadable:
      return fail(with_context(a.file, r.error));
    case ImportStatus::Failed:
      return fail(r.error);
  }
  const std::string kind_name(import_kind_name(r.kind));
  if (ctx.output_format() == Format::Table) {
    std::cout << fmt::format("imported {} {} of {} from {}: {} recorded, {} already recorded\n",
                             r.rows, r.rows == 1 ? "row" : "rows", kind_name, a.file, r.recorded,
                             r.already_recorded);
    return kExitOk;
  }
  auto column = [](const char* key, bool number) { return Column{key, key, number, number}; };
  Table t{.columns = {column("kind", false), column("file", false), column("rows", true),
                      column("recorded", true), column("already_recorded", true)},
          .rows = {{kind_name, a.file, std::to_string(r.rows), std::to_string(r.recorded),
                    std::to_string(r.already_recorded)}},
          .footer = {}};
  print_record(ctx, t);
  return kExitOk;
}

constexpr const char* kImportDescription =
    "Import a CSV file of households, groups, loans, disbursements, collections or\n"
    "repayments as one transaction: every row is kept, or none.\n"
    "Example: socai import repayments.csv --kind repayments";

constexpr const char* kImportFormats =
    "Each bad row is reported (line, column, value, why) and nothing is written (exit\n"
    "code 1); a file that is not CSV, is empty, has an unknown header or is past the\n"
    "bounds (64 MiB; 64 fields in a row, 4,000,000 in all) writes nothing (exit code 2).\n"
    "Rows recorded before (same key, or same content when there is no key column) are\n"
    "not written twice. The kind follows from the header row;\n"
    "disbursements and repayments share their columns, so name their kind with --kind.\n"
    "UTF-8 with or without BOM, CRLF or LF; dates 2025-12-01 or 01/12/2025; VND amounts\n"
    "50000000, 50.000.000, 50,000,000 or 50 000 000 (one group, as 50.000, is ambiguous\n"
    "and refused: write 50000).\n"
    "\n"
    "Columns (header row, in any order; [optional]; every kind also takes [key]):\n"
    "  households     code,head,national_id,commune,village,group,status,status_from\n"
    "                 (status: poor, near-poor, escaped or none)\n"
    "  groups         code,commune,village,organisation,leader (organisation 11 to 14, 99)\n"
    "  loans          code,household,program,amount,term_months,date,method,every_months\n"
    "                 [grace_principal_months,course_end,officer]\n"
    "                 (method: equal-principal, annuity or bullet; a student loan gives\n"
    "                 course_end and leaves term_months, method and every_months empty)\n"
    "  disbursements  loan,amount,date\n"
    "  collections    household,loan,date,interest,savings  (the group leader's list:\n"
    "                 interest collected on the loan, savings deposited; either may be empty)\n"
    "  repayments     loan,amount,date  (combined payments: interest, then principal)\n"
    "The formats in full, with example files: schemas/import/README.md.\n"
    "\n"
    "Example, repayments.csv:\n"
    "  loan,amount,date\n"
    "  TN-2025-001,\"5.000.000\",10/03/2026\n"
    "  TN-2025-002,2000000,2026-03-10\n"
    "socai import repayments.csv --kind repayments\n"
    "  imported 2 rows of repayments from repayments.csv: 2 recorded, 0 already recorded";

}  // namespace

void register_import_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import", kImportDescription);
  cmd->footer(kImportFormats);
  cmd->add_option("FILE", a->file, "the CSV file")->required();
  cmd->add_option("--kind", a->kind,
                  "households, groups, loans, disbursements, collections or repayments "
                  "(default: from the header)");
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_import(ctx, *a); }; });
}

}  // namespace socai::cli
