#include "store/schema.hpp"

#include <SQLiteCpp/Statement.h>

#include <stdexcept>
#include <string_view>

#include "schemas.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

struct Migration {
  int version;
  std::string_view file;
};

constexpr Migration kMigrations[] = {
    {1, "0001_journal.sql"},
};

std::string_view schema_file(std::string_view name) {
  std::string_view content = schemas::embedded_file(name);
  if (content.empty()) throw std::logic_error("schemas/" + std::string(name) + " is not built in");
  return content;
}

// Fields of a seed line: the first `count - 1` commas separate, the last field keeps the rest.
std::vector<std::string_view> seed_fields(std::string_view line, std::size_t count) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    std::size_t comma = line.find(',');
    if (comma == std::string_view::npos) break;
    fields.push_back(line.substr(0, comma));
    line.remove_prefix(comma + 1);
  }
  fields.push_back(line);
  if (fields.size() != count) throw std::logic_error("malformed seed line: " + std::string(line));
  return fields;
}

void seed_currencies(SQLite::Database& db) {
  SQLite::Statement insert(db,
                           "INSERT INTO currencies (code, exponent, symbol, name) "
                           "VALUES (?, ?, ?, ?)");
  for (std::string_view line : text::data_lines(schema_file("currencies.csv"))) {
    auto f = seed_fields(line, 4);
    insert.bind(1, std::string(f[0]));
    insert.bind(2, std::stoi(std::string(f[1])));
    insert.bind(3, std::string(f[2]));
    insert.bind(4, std::string(f[3]));
    insert.exec();
    insert.reset();
  }
}

void seed_chart_of_accounts(SQLite::Database& db, const std::string& now) {
  SQLite::Statement insert(db,
                           "INSERT INTO accounts (code, name, type, control, description, "
                           "created_at) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::string_view line : text::data_lines(schema_file("chart_of_accounts.csv"))) {
    auto f = seed_fields(line, 5);
    insert.bind(1, std::string(f[0]));
    insert.bind(2, std::string(f[1]));
    insert.bind(3, std::string(f[2]));
    insert.bind(4, f[3] == "1" ? 1 : 0);
    insert.bind(5, std::string(f[4]));
    insert.bind(6, now);
    insert.exec();
    insert.reset();
  }
}

}  // namespace

std::vector<std::string> expected_triggers() {
  static constexpr std::string_view kCreate = "CREATE TRIGGER ";
  std::vector<std::string> names;
  for (const Migration& m : kMigrations) {
    std::string_view sql = schema_file(m.file);
    for (std::size_t pos = sql.find(kCreate); pos != std::string_view::npos;
         pos = sql.find(kCreate, pos + 1)) {
      std::string_view rest = sql.substr(pos + kCreate.size());
      names.emplace_back(rest.substr(0, rest.find(' ')));
    }
  }
  return names;
}

int latest_schema_version() {
  return std::end(kMigrations)[-1].version;
}

void migrate(SQLite::Database& db, const std::string& now) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    db.exec(std::string(schema_file(m.file)));
    if (m.version == 1) {
      seed_currencies(db);
      seed_chart_of_accounts(db, now);
    }
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
  }
}

}  // namespace socai::store
