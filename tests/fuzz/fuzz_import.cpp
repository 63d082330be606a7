// Fuzz target: the CSV import (ledger/import.hpp) from bytes, each file read with the kind
// its header names, else with each kind in turn, then applied to a ledger holding the
// reference data of schemas/import (commune TN, its groups, households, loans, disbursed),
// so that the row checks of every kind run.
//
// Properties: no exception escapes; a file that reads has a known header and rows of lines
// in order; an import of a healthy ledger never fails as storage does; an import that is
// refused, unreadable, or records nothing new leaves the journal and households as they were.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "ledger/entry_input.hpp"
#include "ledger/import.hpp"

using namespace socai;
using socai::fuzzing::check;

namespace {

constexpr ImportKind kKinds[] = {ImportKind::Households,  ImportKind::Groups,
                                 ImportKind::Loans,       ImportKind::Disbursements,
                                 ImportKind::Collections, ImportKind::Repayments};

StoreOptions fast_options() {
  StoreOptions options;
  options.durable = false;
  options.clock = [] { return std::string("2026-01-05T08:30:00Z"); };
  return options;
}

std::string read_example(const char* name) {
  const std::string path = std::string(SOCAI_SOURCE_DIR) + "/schemas/import/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The reference ledger, made once, and the copy each input is imported into.
class Ledgers {
 public:
  Ledgers() {
    char pattern[] = "/tmp/socai-fuzz-import-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
    reference_ = (dir_ / "reference.db").string();
    work_ = (dir_ / "work.db").string();
    {
      auto store = create_ledger(reference_, fast_options()).value();
      auto book = open_loan_book(*store).value();
      Commune tn{"TN", "Thu Ngạc", "Tân Sơn", "Phú Thọ", 10, ""};
      if (!book->add_commune(tn, "fuzz").ok()) throw std::runtime_error("commune TN");
      // The session's cash, as the examples bring it before the disbursements.
      Result<std::vector<EntrySpec>> cash = parse_entries_csv(read_example("cash.csv"));
      if (!cash || !store->post_batch(cash.value(), "fuzz").ok())
        throw std::runtime_error("cash.csv");
      const std::pair<const char*, ImportKind> examples[] = {
          {"groups.csv", ImportKind::Groups},
          {"households.csv", ImportKind::Households},
          {"loans.csv", ImportKind::Loans},
          {"disbursements.csv", ImportKind::Disbursements}};
      for (const auto& [name, kind] : examples) {
        ImportReport r = import_csv(*book, read_example(name), kind, "fuzz");
        if (r.status != ImportStatus::Imported) throw std::runtime_error(name);
      }
    }
    reset();
  }
  ~Ledgers() {
    book_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // The work ledger as the reference is.
  void reset() {
    book_.reset();
    store_.reset();
    std::filesystem::copy_file(reference_, work_,
                               std::filesystem::copy_options::overwrite_existing);
    store_ = open_ledger(work_, fast_options()).value();
    book_ = open_loan_book(*store_).value();
  }

  Store& store() { return *store_; }
  LoanBook& book() { return *book_; }

 private:
  std::filesystem::path dir_;
  std::string reference_;
  std::string work_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LoanBook> book_;
};

Ledgers* ledgers = nullptr;

struct Counts {
  std::int64_t entries = 0;
  std::size_t households = 0;
  bool operator==(const Counts&) const = default;
};

Counts counts() {
  return {ledgers->store().entry_count().value(),
          ledgers->book().households(std::nullopt).value().size()};
}

void check_read(const ImportFile& file) {
  check(!file.columns.empty(), "a file read has a header", "");
  std::size_t previous = 1;
  for (const ImportFile::Row& row : file.rows) {
    check(row.line > previous, "rows start on lines after the header, in order",
          std::to_string(row.line));
    previous = row.line;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ledgers = new Ledgers();
  std::atexit([] { delete ledgers; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzzing::as_text(data, size);
  Result<ImportFile> file = read_import_file(text, std::nullopt);
  // A header two kinds share, or none: the kinds in turn, from one the input picks.
  for (std::size_t i = 0; !file && i < std::size(kKinds); ++i)
    file = read_import_file(text, kKinds[(size + i) % std::size(kKinds)]);
  if (!file) return 0;
  check_read(file.value());

  const Counts before = counts();
  ImportReport report = import_rows(ledgers->book(), file.value(), "fuzz", {});
  // Only a rule over the whole transaction may refuse it as it is written: a disbursement
  // that the transaction point's cash does not cover.
  check(report.status != ImportStatus::Failed ||
            (report.error.code == ErrorCode::FailedPrecondition &&
             report.error.message.find("below its cash floor") != std::string::npos),
        "an import into a healthy ledger does not fail", report.error.message);
  check(report.rows == static_cast<std::int64_t>(file->rows.size()),
        "the report counts the file's rows", std::to_string(report.rows));
  if (report.status != ImportStatus::Imported || report.recorded == 0) {
    check(counts() == before, "an import that records nothing writes nothing",
          report.status == ImportStatus::Refused ? import_error_text(report.refused.front())
                                                 : report.error.message);
  } else {
    ledgers->reset();
  }
  return 0;
}
