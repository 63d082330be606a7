// The loan book's reference data: communes, organisations, officers, groups, households and
// their poverty statuses.
#include <fmt/format.h>

#include "credit/checks.hpp"
#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {

Result<Commune> SqliteLoanBook::add_commune(const Commune& c, std::string_view actor) {
  if (Status s = credit::check_commune(c); !s) return s.error();
  return write<Commune>(actor, [&]() -> Result<Commune> {
    SQLite::Statement exists(db_, "SELECT 1 FROM communes WHERE code = ?");
    exists.bind(1, c.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("commune {} already exists", text::quoted(c.code)));
    }
    Result<Account> cash = store_.insert_account(
        NewAccount{.name = "Assets:Cash:TP-" + c.code,
                   .type = AccountType::Asset,
                   .code = "",
                   .control = false,
                   .description = "cash at the transaction point of " + c.name},
        actor);
    if (!cash) return cash.error();
    SQLite::Statement insert(db_,
                             "INSERT INTO communes (code, name, district, province, gdx_day, "
                             "cash_account_id, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, c.code);
    insert.bind(2, c.name);
    insert.bind(3, c.district);
    insert.bind(4, c.province);
    if (c.gdx_day) insert.bind(5, *c.gdx_day);
    insert.bind(6, cash->id.value);
    insert.bind(7, store_.now());
    insert.bind(8, std::string(actor));
    insert.exec();
    Commune added = c;
    added.cash_account = cash->name;
    return added;
  });
}

Result<std::vector<Commune>> SqliteLoanBook::communes() {
  return guarded([&]() -> Result<std::vector<Commune>> {
    SQLite::Statement q(db_,
                        "SELECT c.code, c.name, c.district, c.province, c.gdx_day, a.name "
                        "FROM communes c JOIN accounts a ON a.id = c.cash_account_id "
                        "ORDER BY c.province, c.district, c.code");
    std::vector<Commune> out;
    while (q.executeStep()) {
      Commune c{q.getColumn(0).getString(),
                q.getColumn(1).getString(),
                q.getColumn(2).getString(),
                q.getColumn(3).getString(),
                std::nullopt,
                q.getColumn(5).getString()};
      if (!q.getColumn(4).isNull()) c.gdx_day = q.getColumn(4).getInt();
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::vector<Organisation>> SqliteLoanBook::organisations() {
  return guarded([&]() -> Result<std::vector<Organisation>> {
    SQLite::Statement q(db_, "SELECT code, name_vi, name_en FROM organisations ORDER BY code");
    std::vector<Organisation> out;
    while (q.executeStep()) {
      out.push_back(
          {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    }
    return out;
  });
}

Result<Officer> SqliteLoanBook::add_officer(const Officer& o, std::string_view actor) {
  if (Status s = credit::check_officer(o); !s) return s.error();
  return write<Officer>(actor, [&]() -> Result<Officer> {
    SQLite::Statement exists(db_, "SELECT 1 FROM officers WHERE code = ?");
    exists.bind(1, o.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("officer {} already exists", text::quoted(o.code)));
    }
    SQLite::Statement insert(
        db_, "INSERT INTO officers (code, name, created_at, actor) VALUES (?, ?, ?, ?)");
    insert.bind(1, o.code);
    insert.bind(2, o.name);
    insert.bind(3, store_.now());
    insert.bind(4, std::string(actor));
    insert.exec();
    return o;
  });
}

Result<Group> SqliteLoanBook::read_group(std::string_view code) {
  SQLite::Statement q(db_,
                      "SELECT g.code, g.commune_code, g.village, g.org_code, g.leader, "
                      "(SELECT count(*) FROM households h WHERE h.group_code = g.code) "
                      "FROM groups g WHERE g.code = ?");
  q.bind(1, std::string(code));
  if (!q.executeStep()) return not_found("group", code);
  return Group{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
               q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt()};
}

Result<Group> SqliteLoanBook::add_group(const Group& g, std::string_view actor) {
  if (Status s = credit::check_group(g); !s) return s.error();
  return write<Group>(actor, [&]() -> Result<Group> {
    SQLite::Statement exists(db_, "SELECT 1 FROM groups WHERE code = ?");
    exists.bind(1, g.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("group {} already exists", text::quoted(g.code)));
    }
    SQLite::Statement commune(db_, "SELECT 1 FROM communes WHERE code = ?");
    commune.bind(1, g.commune);
    if (!commune.executeStep()) return not_found("commune", g.commune);
    SQLite::Statement org(db_, "SELECT 1 FROM organisations WHERE code = ?");
    org.bind(1, g.organisation);
    if (!org.executeStep()) {
      return make_error(ErrorCode::NotFound,
                        fmt::format("organisation {} not found (11, 12, 13, 14 or 99)",
                                    text::quoted(g.organisation)));
    }
    SQLite::Statement insert(db_,
                             "INSERT INTO groups (code, commune_code, village, org_code, leader, "
                             "created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, g.code);
    insert.bind(2, g.commune);
    insert.bind(3, g.village);
    insert.bind(4, g.organisation);
    insert.bind(5, g.leader);
    insert.bind(6, store_.now());
    insert.bind(7, std::string(actor));
    insert.exec();
    Group added = g;
    added.members = 0;
    return added;
  });
}

Result<Group> SqliteLoanBook::group(std::string_view code) {
  return guarded([&]() -> Result<Group> { return read_group(code); });
}

Result<std::vector<Group>> SqliteLoanBook::groups(std::optional<std::string> commune) {
  return guarded([&]() -> Result<std::vector<Group>> {
    SQLite::Statement q(db_,
                        "SELECT g.code FROM groups g WHERE ?1 IS NULL OR g.commune_code = ?1 "
                        "ORDER BY g.code");
    if (commune) q.bind(1, *commune);
    std::vector<Group> out;
    while (q.executeStep()) {
      Result<Group> g = read_group(q.getColumn(0).getString());
      if (!g) return g.error();
      out.push_back(std::move(g).value());
    }
    return out;
  });
}

Result<Household> SqliteLoanBook::read_household(std::string_view code) {
  auto q = cache_.get(
      "SELECT code, head, national_id, commune_code, village, group_code "
      "FROM households WHERE code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return not_found("household", code);
  Household h{q->getColumn(0).getString(),
              q->getColumn(1).getString(),
              q->getColumn(2).getString(),
              q->getColumn(3).getString(),
              q->getColumn(4).getString(),
              q->getColumn(5).getString(),
              {}};
  auto st = cache_.get(
      "SELECT effective_from, status FROM household_statuses "
      "WHERE household_code = ? ORDER BY effective_from");
  st->bind(1, std::string(code));
  while (st->executeStep()) {
    h.statuses.push_back(StatusChange{date_column(st->getColumn(0)),
                                      parse_poverty_status(st->getColumn(1).getString()).value()});
  }
  return h;
}

Result<Household> SqliteLoanBook::add_household(const Household& h, std::string_view actor) {
  if (Status s = credit::check_household(h); !s) return s.error();
  return write<Household>(actor, [&]() -> Result<Household> {
    SQLite::Statement exists(db_, "SELECT 1 FROM households WHERE code = ?");
    exists.bind(1, h.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("household {} already exists", text::quoted(h.code)));
    }
    SQLite::Statement same_id(db_, "SELECT code FROM households WHERE national_id = ?");
    same_id.bind(1, h.national_id);
    if (same_id.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("national id {} is already household {}", h.national_id,
                                    same_id.getColumn(0).getString()));
    }
    SQLite::Statement commune(db_, "SELECT 1 FROM communes WHERE code = ?");
    commune.bind(1, h.commune);
    if (!commune.executeStep()) return not_found("commune", h.commune);
    Result<Group> g = read_group(h.group);
    if (!g) return g.error();
    if (Status s = credit::check_joins_group(g.value(), h); !s) return s.error();
    SQLite::Statement insert(db_,
                             "INSERT INTO households (code, head, national_id, commune_code, "
                             "village, group_code, created_at, actor) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, h.code);
    insert.bind(2, h.head);
    insert.bind(3, h.national_id);
    insert.bind(4, h.commune);
    insert.bind(5, h.village);
    insert.bind(6, h.group);
    insert.bind(7, store_.now());
    insert.bind(8, std::string(actor));
    insert.exec();
    SQLite::Statement status(db_,
                             "INSERT INTO household_statuses (household_code, effective_from, "
                             "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?)");
    status.bind(1, h.code);
    status.bind(2, format_date(h.statuses[0].effective_from));
    status.bind(3, std::string(poverty_status_name(h.statuses[0].status)));
    status.bind(4, std::string(actor));
    status.bind(5, store_.now());
    status.exec();
    return read_household(h.code);
  });
}

Result<Household> SqliteLoanBook::household(std::string_view code) {
  return guarded([&]() -> Result<Household> { return read_household(code); });
}

Result<std::vector<Household>> SqliteLoanBook::households(std::optional<std::string> group) {
  return guarded([&]() -> Result<std::vector<Household>> {
    SQLite::Statement q(db_,
                        "SELECT code FROM households WHERE ?1 IS NULL OR group_code = ?1 "
                        "ORDER BY code");
    if (group) q.bind(1, *group);
    std::vector<Household> out;
    while (q.executeStep()) {
      Result<Household> h = read_household(q.getColumn(0).getString());
      if (!h) return h.error();
      out.push_back(std::move(h).value());
    }
    return out;
  });
}

Result<Household> SqliteLoanBook::set_household_status(std::string_view code, StatusChange change,
                                                       std::string_view actor) {
  return write<Household>(actor, [&]() -> Result<Household> {
    Result<Household> h = read_household(code);
    if (!h) return h.error();
    for (const StatusChange& c : h->statuses) {
      if (c.effective_from == change.effective_from) {
        return make_error(
            ErrorCode::AlreadyExists,
            fmt::format("household {} already has a status from {} ({})", h->code,
                        format_date(c.effective_from), poverty_status_name(c.status)));
      }
    }
    SQLite::Statement status(db_,
                             "INSERT INTO household_statuses (household_code, effective_from, "
                             "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?)");
    status.bind(1, h->code);
    status.bind(2, format_date(change.effective_from));
    status.bind(3, std::string(poverty_status_name(change.status)));
    status.bind(4, std::string(actor));
    status.bind(5, store_.now());
    status.exec();
    return read_household(code);
  });
}

}  // namespace socai::store
