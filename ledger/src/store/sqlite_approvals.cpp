// Two-person control (store.hpp ApprovalRequest): requests recorded by one actor, decided by
// another. The table's triggers (schemas/migrations/0006_control.sql) refuse a second
// decision, a decision by the requester and any deletion, whoever writes.
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sqlite_store.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

constexpr const char* kColumns =
    "id, command, requested_by, requested_at, status, coalesce(decided_by, ''), "
    "coalesce(decided_at, ''), outcome, first_entry, last_entry";

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
  return r;
}

Result<ApprovalRequest> find_request(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement q(db, fmt::format("SELECT {} FROM approval_requests WHERE id = ?", kColumns));
  q.bind(1, id);
  if (!q.executeStep()) {
    return make_error(ErrorCode::NotFound,
                      fmt::format("request {} not found (see 'socai request list')", id));
  }
  return read_request(q);
}

}  // namespace

Result<ApprovalRequest> SqliteStore::submit_request(const std::vector<std::string>& command,
                                                    std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  if (command.empty()) return make_error(ErrorCode::InvalidArgument, "a request needs a command");
  nlohmann::json words = nlohmann::json::array();
  for (const std::string& word : command) {
    if (!is_clean_text(word)) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("request: {} is not text", text::quoted(word)));
    }
    words.push_back(word);
  }
  return guarded([&]() -> Result<ApprovalRequest> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(*db_,
                             "INSERT INTO approval_requests (command, requested_by, requested_at) "
                             "VALUES (?, ?, ?)");
    insert.bind(1, words.dump());
    insert.bind(2, std::string(actor));
    insert.bind(3, now());
    insert.exec();
    const std::int64_t id = db_->getLastInsertRowid();
    transaction.commit();
    return find_request(*db_, id);
  });
}

Result<ApprovalRequest> SqliteStore::approval_request(std::int64_t id) {
  return guarded([&]() -> Result<ApprovalRequest> { return find_request(*db_, id); });
}

Result<std::vector<ApprovalRequest>> SqliteStore::approval_requests(
    std::optional<std::string> status) {
  return guarded([&]() -> Result<std::vector<ApprovalRequest>> {
    SQLite::Statement q(*db_, fmt::format("SELECT {} FROM approval_requests WHERE ? IS NULL OR "
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

Result<ApprovalRequest> SqliteStore::decide_request(std::int64_t id, const Decision& decision,
                                                    std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  return guarded([&]() -> Result<ApprovalRequest> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<ApprovalRequest> request = find_request(*db_, id);
    if (!request) return request.error();
    if (request->status != "pending") {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("request {} was already {} by {} at {}", id, request->status,
                                    request->decided_by, request->decided_at));
    }
    if (request->requested_by == actor) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("request {} was made by {}: a second actor must decide it "
                                    "(--actor)",
                                    id, text::quoted(actor)));
    }
    SQLite::Statement update(*db_,
                             "UPDATE approval_requests SET status = ?, decided_by = ?, "
                             "decided_at = ?, outcome = ?, first_entry = ?, last_entry = ? "
                             "WHERE id = ?");
    update.bind(1, decision.approve ? "approved" : "rejected");
    update.bind(2, std::string(actor));
    update.bind(3, now());
    update.bind(4, decision.outcome);
    if (decision.first_entry) update.bind(5, decision.first_entry->value);
    if (decision.last_entry) update.bind(6, decision.last_entry->value);
    update.bind(7, id);
    update.exec();
    transaction.commit();
    return find_request(*db_, id);
  });
}

}  // namespace socai::store
