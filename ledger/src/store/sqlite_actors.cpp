// The SQLite rows of the actors (operations/actor_repository.hpp). The tables' triggers
// (schemas/migrations/0011_actors.sql) refuse a changed identity, a second disabling, any
// deletion, and any write not made on a socai connection.
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "operations/actor_repository.hpp"
#include "store/control_chain.hpp"
#include "store/sqlite_store.hpp"

namespace socai::store {
namespace {

constexpr const char* kColumns =
    "id, name, os_user, roles, active, created_by, created_at, coalesce(disabled_by, ''), "
    "coalesce(disabled_at, '')";

Actor read_actor(SQLite::Statement& q) {
  Actor a;
  a.id = q.getColumn(0).getInt64();
  a.name = q.getColumn(1).getString();
  a.os_user = q.getColumn(2).getString();
  Result<std::set<Role>> roles = parse_roles(q.getColumn(3).getString());
  if (!roles) {
    throw std::runtime_error(
        fmt::format("actor {}: stored roles: {}", a.id, roles.error().message));
  }
  a.roles = std::move(roles).value();
  a.active = q.getColumn(4).getInt() == 1;
  a.created_by = q.getColumn(5).getString();
  a.created_at = q.getColumn(6).getString();
  a.disabled_by = q.getColumn(7).getString();
  a.disabled_at = q.getColumn(8).getString();
  return a;
}

class SqliteActorRepository final : public ops::ActorRepository {
 public:
  explicit SqliteActorRepository(SqliteStore& store) : store_(store), db_(store.db()) {}

  Result<LedgerIdentity> ledger_identity() override {
    return guarded([&]() -> Result<LedgerIdentity> {
      SQLite::Statement q(db_, "SELECT ledger_id, training, created_at FROM ledger_identity");
      if (!q.executeStep()) {
        return make_error(ErrorCode::DataLoss, "the ledger has no identity (ledger_identity)");
      }
      return LedgerIdentity{q.getColumn(0).getString(), q.getColumn(1).getInt() == 1,
                            q.getColumn(2).getString()};
    });
  }

  Result<std::vector<Actor>> actors() override {
    return guarded([&]() -> Result<std::vector<Actor>> {
      SQLite::Statement q(db_, fmt::format("SELECT {} FROM actors ORDER BY id", kColumns));
      std::vector<Actor> all;
      while (q.executeStep()) all.push_back(read_actor(q));
      return all;
    });
  }

  Result<Actor> insert_actor(const Actor& actor, std::string_view name_key) override {
    if (Status s = store_.check_writable(); !s) return s.error();
    return store_.write<Actor>([&]() -> Result<Actor> {
      SQLite::Statement insert(db_,
                               "INSERT INTO actors (name, name_key, os_user, roles, created_by, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?)");
      insert.bind(1, actor.name);
      insert.bind(2, std::string(name_key));
      insert.bind(3, actor.os_user);
      insert.bind(4, roles_text(actor.roles));
      insert.bind(5, actor.created_by);
      insert.bind(6, store_.now());
      insert.exec();
      const std::int64_t id = db_.getLastInsertRowid();
      record_control(db_, "actors", std::to_string(id), store_.now());
      return find(id);
    });
  }

  Result<Actor> disable_actor(std::int64_t id, std::string_view by) override {
    if (Status s = store_.check_writable(); !s) return s.error();
    return store_.write<Actor>([&]() -> Result<Actor> {
      SQLite::Statement update(db_,
                               "UPDATE actors SET active = 0, disabled_by = ?, disabled_at = ? "
                               "WHERE id = ? AND active = 1");
      update.bind(1, std::string(by));
      update.bind(2, store_.now());
      update.bind(3, id);
      if (update.exec() != 1) {
        return make_error(ErrorCode::FailedPrecondition, fmt::format("actor {} is not active", id));
      }
      record_control(db_, "actors", std::to_string(id), store_.now());
      return find(id);
    });
  }

 private:
  Result<Actor> find(std::int64_t id) {
    SQLite::Statement q(db_, fmt::format("SELECT {} FROM actors WHERE id = ?", kColumns));
    q.bind(1, id);
    if (!q.executeStep())
      return make_error(ErrorCode::NotFound, fmt::format("actor {} not found", id));
    return read_actor(q);
  }

  SqliteStore& store_;
  SQLite::Database& db_;
};

}  // namespace

std::unique_ptr<ops::ActorRepository> actor_repository(SqliteStore& store) {
  return std::make_unique<SqliteActorRepository>(store);
}

}  // namespace socai::store
