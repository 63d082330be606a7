// The loan book's reference data in SQLite: communes, organisations, officers, groups,
// households and their poverty statuses.
#include "store/sqlite_loan_repository.hpp"

#include <fmt/format.h>

#include <map>

namespace socai::store {
namespace {

bool exists(StatementCache& cache, const std::string& sql, std::string_view code) {
  auto q = cache.get(sql);
  q->bind(1, std::string(code));
  return q->executeStep();
}

std::vector<std::string> codes(StatementCache& cache, const std::string& sql,
                               const std::optional<std::string>& filter) {
  auto q = cache.get(sql);
  if (filter) q->bind(1, *filter);
  std::vector<std::string> out;
  while (q->executeStep()) out.push_back(q->getColumn(0).getString());
  return out;
}

}  // namespace

namespace {

constexpr const char* kCommuneQuery =
    "SELECT c.code, c.name, c.district, c.province, c.gdx_day, a.name "
    "FROM communes c JOIN accounts a ON a.id = c.cash_account_id ";

Commune commune_from_row(SQLite::Statement& q) {
  Commune c{q.getColumn(0).getString(),
            q.getColumn(1).getString(),
            q.getColumn(2).getString(),
            q.getColumn(3).getString(),
            std::nullopt,
            q.getColumn(5).getString()};
  if (!q.getColumn(4).isNull()) c.gdx_day = q.getColumn(4).getInt();
  return c;
}

}  // namespace

std::optional<Commune> SqliteLoanRepository::find_commune(std::string_view code) {
  auto q = cache_.get(std::string(kCommuneQuery) + "WHERE c.code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return std::nullopt;
  return commune_from_row(*q);
}

std::vector<Commune> SqliteLoanRepository::communes() {
  SQLite::Statement q(db_, std::string(kCommuneQuery) + "ORDER BY c.province, c.district, c.code");
  std::vector<Commune> out;
  while (q.executeStep()) out.push_back(commune_from_row(q));
  return out;
}

void SqliteLoanRepository::insert_commune(const Commune& c, AccountId cash,
                                          std::string_view actor) {
  SQLite::Statement insert(db_,
                           "INSERT INTO communes (code, name, district, province, gdx_day, "
                           "cash_account_id, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, c.code);
  insert.bind(2, c.name);
  insert.bind(3, c.district);
  insert.bind(4, c.province);
  if (c.gdx_day) insert.bind(5, *c.gdx_day);
  insert.bind(6, cash.value);
  insert.bind(7, store_.now());
  insert.bind(8, std::string(actor));
  insert.exec();
}

std::vector<Organisation> SqliteLoanRepository::organisations() {
  SQLite::Statement q(db_, "SELECT code, name_vi, name_en FROM organisations ORDER BY code");
  std::vector<Organisation> out;
  while (q.executeStep()) {
    out.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  }
  return out;
}

bool SqliteLoanRepository::organisation_exists(std::string_view code) {
  return exists(cache_, "SELECT 1 FROM organisations WHERE code = ?", code);
}

namespace {

// The table of the records of `kind` that have codes. Codes are ASCII (credit/checks.hpp),
// which NOCASE and lower() fold.
const char* table_of_codes(std::string_view kind) {
  static const std::map<std::string_view, const char*> kTables = {{"commune", "communes"},
                                                                  {"officer", "officers"},
                                                                  {"group", "groups"},
                                                                  {"household", "households"},
                                                                  {"loan", "loans"}};
  const auto table = kTables.find(kind);
  if (table == kTables.end()) throw std::logic_error("no codes of " + std::string(kind));
  return table->second;
}

}  // namespace

void SqliteLoanRepository::each_reference_text(const ReferenceText& row) {
  SQLite::Statement q(db_,
                      "SELECT 'commune', code, 'name', name FROM communes "
                      "UNION ALL SELECT 'commune', code, 'district', district FROM communes "
                      "UNION ALL SELECT 'commune', code, 'province', province FROM communes "
                      "UNION ALL SELECT 'officer', code, 'name', name FROM officers "
                      "UNION ALL SELECT 'group', code, 'village', village FROM groups "
                      "UNION ALL SELECT 'group', code, 'leader', leader FROM groups "
                      "UNION ALL SELECT 'household', code, 'head', head FROM households "
                      "UNION ALL SELECT 'household', code, 'village', village FROM households");
  while (q.executeStep()) {
    row(q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
        q.getColumn(3).getString());
  }
}

std::vector<std::vector<std::string>> SqliteLoanRepository::codes_alike(std::string_view kind) {
  const char* table = table_of_codes(kind);
  SQLite::Statement q(db_, fmt::format("SELECT lower(code), code FROM {} WHERE lower(code) IN ("
                                       "SELECT lower(code) FROM {} GROUP BY 1 HAVING count(*) > 1"
                                       ") ORDER BY 1, 2",
                                       table, table));
  std::vector<std::vector<std::string>> groups;
  std::string folded;
  while (q.executeStep()) {
    if (groups.empty() || q.getColumn(0).getString() != folded) {
      folded = q.getColumn(0).getString();
      groups.emplace_back();
    }
    groups.back().push_back(q.getColumn(1).getString());
  }
  return groups;
}

std::optional<std::string> SqliteLoanRepository::code_in_other_case(std::string_view kind,
                                                                    std::string_view code) {
  SQLite::Statement q(db_, fmt::format("SELECT code FROM {} WHERE code = ?1 COLLATE NOCASE AND "
                                       "code <> ?1 LIMIT 1",
                                       table_of_codes(kind)));
  q.bind(1, std::string(code));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

bool SqliteLoanRepository::officer_exists(std::string_view code) {
  return exists(cache_, "SELECT 1 FROM officers WHERE code = ?", code);
}

void SqliteLoanRepository::insert_officer(const Officer& o, std::string_view actor) {
  SQLite::Statement insert(
      db_, "INSERT INTO officers (code, name, created_at, actor) VALUES (?, ?, ?, ?)");
  insert.bind(1, o.code);
  insert.bind(2, o.name);
  insert.bind(3, store_.now());
  insert.bind(4, std::string(actor));
  insert.exec();
}

std::optional<Group> SqliteLoanRepository::find_group(std::string_view code) {
  auto q = cache_.get(
      "SELECT g.code, g.commune_code, g.village, g.org_code, g.leader, "
      "(SELECT count(*) FROM households h WHERE h.group_code = g.code) "
      "FROM groups g WHERE g.code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return std::nullopt;
  return Group{q->getColumn(0).getString(), q->getColumn(1).getString(),
               q->getColumn(2).getString(), q->getColumn(3).getString(),
               q->getColumn(4).getString(), q->getColumn(5).getInt()};
}

std::vector<std::string> SqliteLoanRepository::group_codes(
    const std::optional<std::string>& commune) {
  return codes(cache_,
               "SELECT code FROM groups WHERE ?1 IS NULL OR commune_code = ?1 ORDER BY code",
               commune);
}

void SqliteLoanRepository::insert_group(const Group& g, std::string_view actor) {
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
}

std::optional<Household> SqliteLoanRepository::find_household(std::string_view code) {
  auto q = cache_.get(
      "SELECT code, head, national_id, commune_code, village, group_code "
      "FROM households WHERE code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return std::nullopt;
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

std::optional<std::string> SqliteLoanRepository::household_with_national_id(
    std::string_view national_id) {
  auto q = cache_.get("SELECT code FROM households WHERE national_id = ?");
  q->bind(1, std::string(national_id));
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getString();
}

std::vector<std::string> SqliteLoanRepository::household_codes(
    const std::optional<std::string>& group) {
  return codes(cache_,
               "SELECT code FROM households WHERE ?1 IS NULL OR group_code = ?1 ORDER BY code",
               group);
}

void SqliteLoanRepository::insert_household(const Household& h, std::string_view actor) {
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
  insert_status(h.code, h.statuses.at(0), actor);
}

void SqliteLoanRepository::insert_status(std::string_view household, const StatusChange& change,
                                         std::string_view actor) {
  SQLite::Statement status(db_,
                           "INSERT INTO household_statuses (household_code, effective_from, "
                           "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?)");
  status.bind(1, std::string(household));
  status.bind(2, format_date(change.effective_from));
  status.bind(3, std::string(poverty_status_name(change.status)));
  status.bind(4, std::string(actor));
  status.bind(5, store_.now());
  status.exec();
}

}  // namespace socai::store
