// The SQLite rows of two-person control (operations/approval_repository.hpp). The table's
// triggers (schemas/migrations/0006_control.sql, 0008_operations.sql) refuse a second
// decision, a decision by the requester, a changed request, any deletion, and any write not
// made on a socai connection.
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "operations/approval_repository.hpp"
#include "store/control_chain.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {
namespace {

constexpr const char* kColumns =
    "id, command, requested_by, requested_at, status, coalesce(decided_by, ''), "
    "coalesce(decided_at, ''), outcome, first_entry, last_entry, coalesce(kind, ''), "
    "coalesce(operation, ''), coalesce(digest, ''), first_event, last_event";

ApprovalRequest read_request(SQLite::Statement& q) {
  ApprovalRequest r;
  r.id = q.getColumn(0).getInt64();
  for (const auto& word : nlohmann::json::parse(q.getColumn(1).getString()))
    r.command.push_back(word.get<std::string>());
  r.requested_by = q.getColumn(2).getString();
  r.requested_at = q.getColumn(3).getString();
  r.status = q.getColumn(4).getString();
  r.decided_by = q.getColumn(5).getString();
  r.decided_at = q.getColumn(6).getString();
  r.outcome = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) r.first_entry = EntryId{q.getColumn(8).getInt64()};
  if (!q.getColumn(9).isNull()) r.last_entry = EntryId{q.getColumn(9).getInt64()};
  r.kind = q.getColumn(10).getString();
  r.operation = q.getColumn(11).getString();
  r.digest = q.getColumn(12).getString();
  r.first_event = optional_int(q.getColumn(13));
  r.last_event = optional_int(q.getColumn(14));
  return r;
}

class SqliteApprovalRepository final : public ops::ApprovalRepository {
 public:
  SqliteApprovalRepository(SqliteStore& store) : store_(store), db_(store.db()) {}

  Status write_pending() override {
    return guarded([&]() -> Status {
      store_.write_balances();
      return {};
    });
  }

  Result<ApprovalRequest> insert_request(const Operation& operation,
                                         std::string_view actor) override {
    if (Status s = store_.check_actor(actor); !s) return s.error();
    return store_.write<ApprovalRequest>([&]() -> Result<ApprovalRequest> {
      SQLite::Statement insert(
          db_,
          "INSERT INTO approval_requests (command, requested_by, "
          "requested_at, kind, operation, digest) VALUES ('[]', ?, ?, ?, ?, ?)");
      insert.bind(1, std::string(actor));
      insert.bind(2, store_.now());
      insert.bind(3, std::string(operation_kind_name(operation.kind())));
      insert.bind(4, operation.canonical());
      insert.bind(5, operation.digest());
      insert.exec();
      const std::int64_t id = db_.getLastInsertRowid();
      record_control(db_, "approval_requests", std::to_string(id), store_.now());
      return find(id);
    });
  }

  Result<ApprovalRequest> find_request(std::int64_t id) override {
    return guarded([&]() -> Result<ApprovalRequest> { return find(id); });
  }

  Result<std::vector<ApprovalRequest>> find_requests(std::optional<std::string> status) override {
    return guarded([&]() -> Result<std::vector<ApprovalRequest>> {
      SQLite::Statement q(db_, fmt::format("SELECT {} FROM approval_requests WHERE ? IS NULL OR "
                                           "status = ? ORDER BY id",
                                           kColumns));
      if (status) {
        q.bind(1, *status);
        q.bind(2, *status);
      }
      std::vector<ApprovalRequest> requests;
      while (q.executeStep()) requests.push_back(read_request(q));
      return requests;
    });
  }

  Status record_decision(std::int64_t id, const ops::DecisionRecord& d,
                         std::string_view actor) override {
    if (Status s = store_.check_actor(actor); !s) return s.error();
    return guarded([&]() -> Status {
      SQLite::Statement update(db_,
                               "UPDATE approval_requests SET status = ?, decided_by = ?, "
                               "decided_at = ?, outcome = ?, first_entry = ?, last_entry = ?, "
                               "first_event = ?, last_event = ? "
                               "WHERE id = ? AND status = 'pending'");
      update.bind(1, d.approve ? "approved" : "rejected");
      update.bind(2, std::string(actor));
      update.bind(3, store_.now());
      update.bind(4, d.outcome);
      if (d.first_entry) update.bind(5, d.first_entry->value);
      if (d.last_entry) update.bind(6, d.last_entry->value);
      if (d.first_event) update.bind(7, *d.first_event);
      if (d.last_event) update.bind(8, *d.last_event);
      update.bind(9, id);
      if (update.exec() != 1) {
        return make_error(ErrorCode::FailedPrecondition,
                          fmt::format("request {} is no longer pending", id));
      }
      record_control(db_, "approval_requests", std::to_string(id), store_.now());
      return {};
    });
  }

 private:
  Result<ApprovalRequest> find(std::int64_t id) {
    SQLite::Statement q(db_,
                        fmt::format("SELECT {} FROM approval_requests WHERE id = ?", kColumns));
    q.bind(1, id);
    if (!q.executeStep()) {
      return make_error(ErrorCode::NotFound, fmt::format("request {} not found", id));
    }
    return read_request(q);
  }

  SqliteStore& store_;
  SQLite::Database& db_;
};

}  // namespace

std::unique_ptr<ops::ApprovalRepository> approval_repository(SqliteStore& store) {
  return std::make_unique<SqliteApprovalRepository>(store);
}

}  // namespace socai::store
