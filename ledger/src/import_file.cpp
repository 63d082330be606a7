// The import files (ledger/import.hpp, schemas/import/README.md): their kinds, their columns, and
// reading a file's header and rows.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "csv_reader.hpp"
#include "import_text.hpp"
#include "ledger/import.hpp"
#include "text.hpp"

namespace socai {
namespace {

using import_text::lower;
using import_text::trimmed;

constexpr ImportKind kAllKinds[] = {ImportKind::Households,  ImportKind::Groups,
                                    ImportKind::Loans,       ImportKind::Disbursements,
                                    ImportKind::Collections, ImportKind::Repayments};

Error invalid(std::string message) {
  return make_error(ErrorCode::InvalidArgument, std::move(message));
}

}  // namespace

std::string_view import_kind_name(ImportKind kind) {
  switch (kind) {
    case ImportKind::Households:
      return "households";
    case ImportKind::Groups:
      return "groups";
    case ImportKind::Loans:
      return "loans";
    case ImportKind::Disbursements:
      return "disbursements";
    case ImportKind::Collections:
      return "collections";
    case ImportKind::Repayments:
      return "repayments";
  }
  return "households";
}

Result<ImportKind> parse_import_kind(std::string_view text) {
  for (ImportKind k : kAllKinds)
    if (import_kind_name(k) == text) return k;
  return invalid(fmt::format(
      "kind {}: expected households, groups, loans, disbursements, collections or repayments",
      text::quoted(text)));
}

const ImportColumns& import_columns(ImportKind kind) {
  static const std::map<ImportKind, ImportColumns> columns = {
      {ImportKind::Households,
       {{"code", "head", "national_id", "commune", "village", "group", "status", "status_from"},
        {}}},
      {ImportKind::Groups, {{"code", "commune", "village", "organisation", "leader"}, {}}},
      {ImportKind::Loans,
       {{"code", "household", "program", "amount", "term_months", "date", "method", "every_months"},
        {"grace_principal_months", "course_end", "officer"}}},
      {ImportKind::Disbursements, {{"loan", "amount", "date"}, {}}},
      {ImportKind::Collections, {{"household", "loan", "date", "interest", "savings"}, {}}},
      {ImportKind::Repayments, {{"loan", "amount", "date"}, {}}},
  };
  return columns.at(kind);
}

namespace {

bool known_column(ImportKind kind, std::string_view name) {
  const ImportColumns& c = import_columns(kind);
  return name == "key" ||
         std::find(c.required.begin(), c.required.end(), name) != c.required.end() ||
         std::find(c.optional.begin(), c.optional.end(), name) != c.optional.end();
}

// The first required column of `kind` the header lacks, or the first it names that `kind`
// does not know; empty when the header fits.
std::string misfit(ImportKind kind, std::span<const std::string> header) {
  for (std::string_view required : import_columns(kind).required) {
    if (std::find(header.begin(), header.end(), required) == header.end())
      return fmt::format("missing column {}", required);
  }
  for (const std::string& name : header) {
    if (!known_column(kind, name))
      return fmt::format("unknown column {} for {}", text::quoted(name), import_kind_name(kind));
  }
  return {};
}

std::vector<std::string> normalised(std::span<const std::string> header) {
  std::vector<std::string> out;
  for (const std::string& name : header) out.push_back(lower(trimmed(name)));
  return out;
}

}  // namespace

Result<ImportKind> infer_kind(std::span<const std::string> raw_header) {
  const std::vector<std::string> header = normalised(raw_header);
  std::vector<ImportKind> fits;
  for (ImportKind k : kAllKinds)
    if (misfit(k, header).empty()) fits.push_back(k);
  if (fits.size() == 1) return fits.front();
  if (fits.size() > 1) {
    std::string names;
    for (ImportKind k : fits)
      names += (names.empty() ? "" : " and ") + std::string(import_kind_name(k));
    return invalid(fmt::format("the columns fit both {}: name the kind", names));
  }
  std::string columns;
  for (const std::string& name : header) columns += (columns.empty() ? "" : ",") + name;
  return invalid(fmt::format(
      "header {}: not the columns of households, groups, loans, disbursements, collections or "
      "repayments (see schemas/import/README.md)",
      text::quoted(columns)));
}

Result<ImportFile> read_import_file(std::string_view text, std::optional<ImportKind> kind) {
  Result<std::vector<csv::Record>> records = csv::read(text);
  if (!records) return records.error();
  if (records->empty()) return invalid("the file is empty: expected a header row");
  const csv::Record& header = records->front();
  ImportFile file;
  file.columns = normalised(header.fields);
  for (std::size_t i = 0; i < file.columns.size(); ++i) {
    if (std::find(file.columns.begin(), file.columns.begin() + static_cast<std::ptrdiff_t>(i),
                  file.columns[i]) != file.columns.begin() + static_cast<std::ptrdiff_t>(i)) {
      return invalid(fmt::format("line {}: column {} appears twice", header.line, file.columns[i]));
    }
  }
  if (kind) {
    if (std::string why = misfit(*kind, file.columns); !why.empty())
      return invalid(fmt::format("line {}: {}", header.line, why));
    file.kind = *kind;
  } else {
    Result<ImportKind> inferred = infer_kind(file.columns);
    if (!inferred) return with_context(fmt::format("line {}", header.line), inferred.error());
    file.kind = inferred.value();
  }
  for (std::size_t r = 1; r < records->size(); ++r) {
    csv::Record& record = records.value()[r];
    // A spreadsheet's blank line exported as ",,,,".
    if (std::all_of(record.fields.begin(), record.fields.end(),
                    [](const std::string& f) { return trimmed(f).empty(); })) {
      continue;
    }
    file.rows.push_back(ImportFile::Row{record.line, std::move(record.fields)});
  }
  return file;
}

std::string import_error_text(const ImportRowError& e) {
  std::string out = fmt::format("line {}", e.line);
  if (!e.column.empty())
    out += fmt::format(", column {}, value {}", e.column, text::quoted(e.value));
  return out + ": " + e.reason;
}

}  // namespace socai
