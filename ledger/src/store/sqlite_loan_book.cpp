// The SQLite implementation of LoanBook (sqlite_loan_book.hpp): what its parts share. The
// reference data is in sqlite_registry.cpp, programs in sqlite_programs.cpp, loan events in
// sqlite_loans.cpp, row codecs in sqlite_loan_rows.cpp and sqlite_snapshot.cpp, the
// month-end close in sqlite_close.cpp.
#include "store/sqlite_loan_book.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace socai {
namespace store {

Error not_found(std::string_view what, std::string_view code) {
  return make_error(ErrorCode::NotFound, fmt::format("{} {} not found", what, text::quoted(code)));
}

Status SqliteLoanBook::check_open_period(Date day) {
  std::optional<Date> closed = store_.read_closed_through();
  if (closed && day <= *closed) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("date {} is in a closed period (closed through {})",
                                  format_date(day), format_date(*closed)));
  }
  return {};
}

Date SqliteLoanBook::today() const {
  return parse_date(std::string_view(store_.now()).substr(0, 10)).value();
}

}  // namespace store

Result<std::unique_ptr<LoanBook>> open_loan_book(Store& store) {
  auto* sqlite = dynamic_cast<store::SqliteStore*>(&store);
  if (!sqlite) return make_error(ErrorCode::Internal, "the loan book needs a SQLite ledger");
  return std::unique_ptr<LoanBook>(std::make_unique<store::SqliteLoanBook>(*sqlite));
}

}  // namespace socai
