// The SQLite backend (operations/backend.hpp): the loan book's and the approvals' repositories
// over the store's one connection, and the loan repository's scopes and journal calls.
#include <fmt/format.h>

#include "operations/backend.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {
namespace {

class SqliteBackend final : public ops::Backend {
 public:
  explicit SqliteBackend(SqliteStore& store)
      : loans_(store), approvals_(store::approval_repository(store)) {}
  ops::LoanRepository& loan_repository() override { return loans_; }
  ops::ApprovalRepository& approval_repository() override { return *approvals_; }

 private:
  SqliteLoanRepository loans_;
  std::unique_ptr<ops::ApprovalRepository> approvals_;
};

}  // namespace

ops::Backend& SqliteStore::backend() {
  if (!backend_) backend_ = std::make_unique<SqliteBackend>(*this);
  return *backend_;
}

Status SqliteLoanRepository::write(const std::function<Status()>& body) {
  Result<bool> written = store_.write<bool>([&]() -> Result<bool> {
    if (Status s = body(); !s) return s.error();
    return true;
  });
  if (!written) return written.error();
  return {};
}

Status SqliteLoanRepository::read(const std::function<Status()>& body) {
  return guarded([&]() -> Status { return body(); });
}

Result<PostOutcome> SqliteLoanRepository::append(const EntrySpec& entry, std::string_view actor) {
  SqliteStore::Writer writer = store_.begin_writer(actor);
  return store_.append(writer, entry, std::nullopt);
}

bool SqliteLoanRepository::account_exists(const std::string& name) {
  return static_cast<bool>(store_.find_account(name));
}

Date SqliteLoanRepository::today() const {
  return parse_date(std::string_view(store_.now()).substr(0, 10)).value();
}

}  // namespace socai::store
