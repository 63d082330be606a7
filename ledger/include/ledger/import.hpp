// Batch import of the CSV files loan officers keep in spreadsheets: households, groups,
// loans, disbursements, the group leaders' monthly collections and repayments (the formats
// are documented in schemas/import/README.md).
//
//   Result<ImportFile> file = read_import_file(text, std::nullopt);  // kind from the header
//   if (!file) ...;                       // not CSV, empty, unknown header: nothing to import
//   ImportReport r = import_rows(*book, file.value(), "lan", {});
//   if (r.status == ImportStatus::Refused)
//     for (const ImportRowError& e : r.refused) puts(import_error_text(e).c_str());
//       // "line 7, column amount, value '50.000': ambiguous grouping ..."
//   r.recorded;           // rows written by this import
//   r.already_recorded;   // rows an earlier import (or an earlier row) had written
//
// A file is one transaction (LoanBook::batch): every row is applied, every refusal is
// collected, and either all rows are kept or none. Rows without a key get one derived from
// their content, so importing a file again, or a file overlapping it, records nothing twice.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/loan_book.hpp"

namespace socai {

enum class ImportKind {
  Households,     // "households": code, head, national_id, commune, village, group, status, ...
  Groups,         // "groups": code, commune, village, organisation, leader
  Loans,          // "loans": code, household, program, amount, term_months, date, method, ...
  Disbursements,  // "disbursements": loan, amount, date
  Collections,    // "collections": household, loan, date, interest, savings
  Repayments,     // "repayments": loan, amount, date (combined payments)
};
std::string_view import_kind_name(ImportKind kind);
Result<ImportKind> parse_import_kind(std::string_view text);

// The columns of a kind's header row. Every kind also accepts an optional `key` column.
struct ImportColumns {
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
};
const ImportColumns& import_columns(ImportKind kind);

// The kind whose columns the header names: all its required columns and no column it does
// not know (names compared without case and surrounding spaces). InvalidArgument when no
// kind fits, or when more than one does (disbursements and repayments share their columns:
// such a file needs its kind named).
Result<ImportKind> infer_kind(std::span<const std::string> header);

// A file read and its header checked, not yet applied to a ledger.
struct ImportFile {
  ImportKind kind = ImportKind::Households;
  std::vector<std::string> columns;  // the header, normalised (lower case, trimmed)
  struct Row {
    std::size_t line = 0;  // line of the file where the row starts (1 = the header's)
    std::vector<std::string> fields;
  };
  std::vector<Row> rows;
};

// Reads `text` (UTF-8 with or without a byte order mark, CRLF or LF line ends, quoted fields
// with commas, quotes and line breaks) and checks its header against `kind`, or infers the
// kind. InvalidArgument naming the line when the text is not valid UTF-8 or not CSV, is
// empty, or its header is unknown, lacks a required column or names one twice.
Result<ImportFile> read_import_file(std::string_view text, std::optional<ImportKind> kind);

// One refused row: where, which column (empty for the row as a whole, e.g. a wrong number of
// fields), the value as written in the file, and why.
struct ImportRowError {
  std::size_t line = 0;
  std::string column;
  std::string value;
  std::string reason;
};
// "line 7, column amount, value '50.000': ambiguous grouping ..." (the value quoted safely).
std::string import_error_text(const ImportRowError& error);

enum class ImportStatus {
  Imported,    // every row recorded or already recorded: the import is kept
  Refused,     // some rows refused (`refused`): nothing was written
  Unreadable,  // the file is not an importable CSV file (`error`): nothing was written
  Failed,      // the ledger could not be written (busy, damaged), or a rule over the whole
               // file's transaction refused it when it was written (a cash floor:
               // FailedPrecondition); `error`: nothing was written
};

struct ImportReport {
  ImportStatus status = ImportStatus::Imported;
  ImportKind kind = ImportKind::Households;  // when the header was read
  std::int64_t rows = 0;                     // data rows of the file
  // Rows that wrote something, and rows whose every write was already recorded. On a
  // refusal these count what the other rows would have done; nothing was kept.
  std::int64_t recorded = 0;
  std::int64_t already_recorded = 0;
  std::vector<ImportRowError> refused;   // in the file's order
  Error error{ErrorCode::Internal, {}};  // Unreadable or Failed
};

// Applies every row of `file` in one batch on `book`, all or nothing; `progress` (may be
// empty) is called as rows are applied.
ImportReport import_rows(LoanBook& book, const ImportFile& file, std::string_view actor,
                         const Progress& progress);

// read_import_file, then import_rows.
ImportReport import_csv(LoanBook& book, std::string_view text, std::optional<ImportKind> kind,
                        std::string_view actor, const Progress& progress = {});

}  // namespace socai
