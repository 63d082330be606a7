// The SQLite backend (operations/backend.hpp): the loan book's, approvals' and actors' repositories
// over the store's one connection, and the loan repository's scopes and journal calls.
#include <fmt/format.h>

#include <sqlite3.h>

#include "operations/backend.hpp"
#include "store/read_transaction.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {
namespace {

class SqliteBackend final : public ops::Backend {
 public:
  explicit SqliteBackend(SqliteStore& store)
      : loans_(store),
        approvals_(store::approval_repository(store)),
        actors_(store::actor_repository(store)) {}
  ops::LoanRepository& loan_repository() override { return loans_; }
  ops::ApprovalRepository& approval_repository() override { return *approvals_; }
  ops::ActorRepository& actor_repository() override { return *actors_; }

 private:
  SqliteLoanRepository loans_;
  std::unique_ptr<ops::ApprovalRepository> approvals_;
  std::unique_ptr<ops::ActorRepository> actors_;
};

}  // namespace

ops::Backend& SqliteStore::backend() {
  if (!backend_) backend_ = std::make_unique<SqliteBackend>(*this);
  return *backend_;
}

Status SqliteLoanRepository::write(const std::function<Status()>& body) {
  ++writes_;
  Result<bool> written = store_.write<bool>([&]() -> Result<bool> {
    if (Status s = body(); !s) return s.error();
    return true;
  });
  // The writer follows the chain's head of what this write appended: after a write undone
  // (a savepoint rolled back) or ended, the next append reads the head again.
  if (--writes_ == 0 || !written) writer_.reset();
  if (!written) return written.error();
  return {};
}

Status SqliteLoanRepository::read(const std::function<Status()>& body) {
  return guarded([&]() -> Status {
    // Everything the read reads from one snapshot of the ledger, unless a transaction is open
    // already (a read inside a write).
    std::optional<ReadTransaction> snapshot;
    if (sqlite3_get_autocommit(db_.getHandle()) != 0) snapshot.emplace(db_);
    return body();
  });
}

Result<PostOutcome> SqliteLoanRepository::append(const EntrySpec& entry, std::string_view actor) {
  if (!writer_ || writer_->actor != actor || writes_ == 0) writer_ = store_.begin_writer(actor);
  Result<PostOutcome> posted = store_.append(*writer_, entry, std::nullopt);
  if (!posted || writes_ == 0) writer_.reset();
  return posted;
}

ops::WriteMarks SqliteLoanRepository::marks() {
  auto q = cache_.get(
      "SELECT (SELECT coalesce(max(id), 0) FROM entries), "
      "(SELECT coalesce(max(id), 0) FROM loan_events)");
  q->executeStep();
  return ops::WriteMarks{q->getColumn(0).getInt64(), q->getColumn(1).getInt64()};
}

bool SqliteLoanRepository::account_exists(const std::string& name) {
  return static_cast<bool>(store_.find_account(name));
}

}  // namespace socai::store
