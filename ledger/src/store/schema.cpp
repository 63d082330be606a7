#include "store/schema.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
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
    {2, "0002_credit.sql"},
    {3, "0003_risk.sql"},
    {4, "0004_close.sql"},
    {5, "0005_savings.sql"},
    {6, "0006_control.sql"},
    {7, "0007_balances.sql"},
    // 8 is kept for a change made on another branch; versions need not be consecutive, only
    // increasing: a ledger is migrated by every migration above its user_version.
    {9, "0009_folded_balances.sql"},
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

void seed_organisations(SQLite::Database& db) {
  SQLite::Statement insert(db,
                           "INSERT INTO organisations (code, name_vi, name_en) VALUES (?, ?, ?)");
  for (std::string_view line : text::data_lines(schema_file("organisations.csv"))) {
    auto f = seed_fields(line, 3);
    for (int i = 0; i < 3; ++i) insert.bind(i + 1, std::string(f[i]));
    insert.exec();
    insert.reset();
  }
}

// schemas/programs.csv: empty fields are NULL.
void seed_programs(SQLite::Database& db) {
  SQLite::Statement insert(
      db,
      "INSERT INTO programs (code, name_vi, name_en, cap_amount, cap_per_month, max_term_months, "
      "eligible_statuses, escaped_window_months, day_count, rounding, installment_multiple, "
      "installment_rounding, overdue_multiplier_percent, basis, missed_rule_cutoff) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  constexpr int kIntegerColumns[] = {4, 5, 6, 8, 11, 13};
  for (std::string_view line : text::data_lines(schema_file("programs.csv"))) {
    auto f = seed_fields(line, 15);
    for (int i = 0; i < 15; ++i) {
      const bool integer = std::find(std::begin(kIntegerColumns), std::end(kIntegerColumns),
                                     i + 1) != std::end(kIntegerColumns);
      if (integer && f[i].empty()) {
        insert.bind(i + 1);
      } else if (integer) {
        insert.bind(i + 1, static_cast<std::int64_t>(std::stoll(std::string(f[i]))));
      } else {
        insert.bind(i + 1, std::string(f[i]));
      }
    }
    insert.exec();
    insert.reset();
  }
}

void seed_program_rates(SQLite::Database& db, const std::string& now) {
  SQLite::Statement insert(db,
                           "INSERT INTO program_rates (program_code, effective_from, rate, source, "
                           "actor, recorded_at) VALUES (?, ?, ?, ?, 'schemas', ?)");
  for (std::string_view line : text::data_lines(schema_file("program_rates.csv"))) {
    auto f = seed_fields(line, 4);
    for (int i = 0; i < 4; ++i) insert.bind(i + 1, std::string(f[i]));
    insert.bind(5, now);
    insert.exec();
    insert.reset();
  }
}

}  // namespace

std::vector<std::string> expected_triggers() {
  static constexpr std::string_view kCreate = "CREATE TRIGGER ";
  static constexpr std::string_view kDrop = "DROP TRIGGER ";
  std::vector<std::string> names;
  for (const Migration& m : kMigrations) {
    std::string_view sql = schema_file(m.file);
    // Each migration's statements in order: a trigger dropped is no longer expected, unless
    // created again after.
    for (std::size_t pos = 0;;) {
      const std::size_t create = sql.find(kCreate, pos);
      const std::size_t drop = sql.find(kDrop, pos);
      if (create == std::string_view::npos && drop == std::string_view::npos) break;
      const bool dropping = drop < create;
      const std::size_t at = dropping ? drop : create;
      std::string_view rest = sql.substr(at + (dropping ? kDrop : kCreate).size());
      std::string name(rest.substr(0, rest.find_first_of(" ;\n")));
      std::erase(names, name);
      if (!dropping) names.push_back(std::move(name));
      pos = at + 1;
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
    if (m.version == 2) {
      seed_organisations(db);
      seed_programs(db);
      seed_program_rates(db, now);
    }
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
  }
}

}  // namespace socai::store
