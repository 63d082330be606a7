#include "store/schema.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <array>
#include <map>

#include <stdexcept>
#include <string_view>

#include "schemas.hpp"
#include "store/control_chain.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

struct Migration {
  int version;
  std::string_view file;
};

constexpr Migration kMigrations[] = {
    {1, "0001_journal.sql"},        {2, "0002_credit.sql"},     {3, "0003_risk.sql"},
    {4, "0004_close.sql"},          {5, "0005_savings.sql"},    {6, "0006_control.sql"},
    {7, "0007_balances.sql"},       {8, "0008_operations.sql"}, {9, "0009_folded_balances.sql"},
    {10, "0010_state_columns.sql"}, {11, "0011_actors.sql"},    {12, "0012_control_chain.sql"},
    {13, "0013_bounds.sql"},
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

// Inserts every data line of the seed file `file` with `sql`: the line's `count` fields
// (seed_fields), bound by `bind(insert, fields)`.
template <class Bind>
void seed(SQLite::Database& db, std::string_view file, std::size_t count, const char* sql,
          Bind bind) {
  SQLite::Statement insert(db, sql);
  for (std::string_view line : text::data_lines(schema_file(file))) {
    const std::vector<std::string_view> f = seed_fields(line, count);
    bind(insert, f);
    insert.exec();
    insert.reset();
  }
}

// Binds the fields as text to the first parameters.
void bind_text(SQLite::Statement& insert, const std::vector<std::string_view>& f) {
  for (std::size_t i = 0; i < f.size(); ++i)
    insert.bind(static_cast<int>(i + 1), std::string(f[i]));
}

void seed_currencies(SQLite::Database& db) {
  seed(db, "currencies.csv", 4,
       "INSERT INTO currencies (code, exponent, symbol, name) VALUES (?, ?, ?, ?)",
       [](SQLite::Statement& insert, const std::vector<std::string_view>& f) {
         bind_text(insert, f);
         insert.bind(2, std::stoi(std::string(f[1])));
       });
}

void seed_chart_of_accounts(SQLite::Database& db, const std::string& now) {
  seed(db, "chart_of_accounts.csv", 5,
       "INSERT INTO accounts (code, name, type, control, description, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?)",
       [&](SQLite::Statement& insert, const std::vector<std::string_view>& f) {
         bind_text(insert, f);
         insert.bind(4, f[3] == "1" ? 1 : 0);
         insert.bind(6, now);
       });
}

void seed_organisations(SQLite::Database& db) {
  seed(db, "organisations.csv", 3,
       "INSERT INTO organisations (code, name_vi, name_en) VALUES (?, ?, ?)", bind_text);
}

// schemas/programs.csv: empty fields are NULL.
void seed_programs(SQLite::Database& db) {
  constexpr int kIntegerColumns[] = {4, 5, 6, 8, 11, 13};
  seed(db, "programs.csv", 15,
       "INSERT INTO programs (code, name_vi, name_en, cap_amount, cap_per_month, "
       "max_term_months, eligible_statuses, escaped_window_months, day_count, rounding, "
       "installment_multiple, installment_rounding, overdue_multiplier_percent, basis, "
       "missed_rule_cutoff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
       [&](SQLite::Statement& insert, const std::vector<std::string_view>& f) {
         bind_text(insert, f);
         for (int column : kIntegerColumns) {
           const std::string_view value = f[static_cast<std::size_t>(column - 1)];
           if (value.empty()) {
             insert.bind(column);
           } else {
             insert.bind(column, static_cast<std::int64_t>(std::stoll(std::string(value))));
           }
         }
       });
}

void seed_program_rates(SQLite::Database& db, const std::string& now) {
  seed(db, "program_rates.csv", 4,
       "INSERT INTO program_rates (program_code, effective_from, rate, source, actor, "
       "recorded_at) VALUES (?, ?, ?, ?, 'schemas', ?)",
       [&](SQLite::Statement& insert, const std::vector<std::string_view>& f) {
         bind_text(insert, f);
         insert.bind(5, now);
       });
}

}  // namespace

void define_socai_functions(SQLite::Database& db) {
  sqlite3_create_function_v2(
      db.getHandle(), "socai_library", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
      [](sqlite3_context* context, int, sqlite3_value**) { sqlite3_result_int(context, 1); },
      nullptr, nullptr, nullptr);
}

namespace {

struct SchemaObject {
  std::string type;
  std::string table;
  std::string sql;
};

// The schema objects of `db` by name (SQLite's statistics tables left out).
std::map<std::string, SchemaObject> schema_objects(SQLite::Database& db) {
  std::map<std::string, SchemaObject> objects;
  SQLite::Statement q(db,
                      "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
                      "WHERE name NOT LIKE 'sqlite_stat%'");
  while (q.executeStep()) {
    objects[q.getColumn(1).getString()] = SchemaObject{
        q.getColumn(0).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()};
  }
  return objects;
}

}  // namespace

std::string schema_difference(SQLite::Database& db) {
  // What the migrations make, on a database of their own in memory (once per process).
  static const std::map<std::string, SchemaObject> expected = [] {
    SQLite::Database fresh(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    define_socai_functions(fresh);
    SQLite::Transaction transaction(fresh);
    migrate(fresh, "1970-01-01T00:00:00Z");
    transaction.commit();
    return schema_objects(fresh);
  }();
  const int version = latest_schema_version();
  const std::map<std::string, SchemaObject> actual = schema_objects(db);
  for (const auto& [name, object] : expected) {
    if (object.type == "trigger" && !actual.contains(name)) {
      return fmt::format("the ledger's protections were removed: trigger {} is missing", name);
    }
  }
  for (const auto& [name, object] : expected) {
    const auto found = actual.find(name);
    if (found == actual.end()) {
      return fmt::format("the ledger's schema lacks the {} {} of schema {}", object.type, name,
                         version);
    }
    if (found->second.type != object.type || found->second.table != object.table ||
        found->second.sql != object.sql) {
      return fmt::format("the ledger's schema differs from schema {}: the {} {} was redefined",
                         version, object.type, name);
    }
  }
  for (const auto& [name, object] : actual) {
    if (!expected.contains(name)) {
      return fmt::format("the ledger's schema has a {} {} that schema {} does not", object.type,
                         name, version);
    }
  }
  return {};
}

std::string schema_objects_difference(SQLite::Database& db, int version) {
  SQLite::Database fresh(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  define_socai_functions(fresh);
  SQLite::Transaction transaction(fresh);
  migrate(fresh, "1970-01-01T00:00:00Z", version);
  const std::map<std::string, SchemaObject> expected = schema_objects(fresh);
  const std::map<std::string, SchemaObject> actual = schema_objects(db);
  for (const auto& [name, object] : actual) {
    const auto found = expected.find(name);
    if (found == expected.end() || found->second.type != object.type)
      return fmt::format("it has the {} {}, which schema {} does not", object.type, name, version);
  }
  for (const auto& [name, object] : expected) {
    if (!actual.contains(name))
      return fmt::format("it lacks the {} {} of schema {}", object.type, name, version);
  }
  return {};
}

int latest_schema_version() {
  return std::end(kMigrations)[-1].version;
}

// The ledger's identity (schema 11): its id (random unless given), and whether it is a
// training ledger.
void insert_ledger_identity(SQLite::Database& db, const std::string& now, bool training,
                            std::string id) {
  if (id.empty()) {
    std::array<unsigned char, 16> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
      throw std::runtime_error("no random bytes for the ledger's id (OpenSSL RAND_bytes)");
    }
    id = text::hex(std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
  }
  SQLite::Statement insert(
      db, "INSERT INTO ledger_identity (id, ledger_id, training, created_at) VALUES (1, ?, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, training ? 1 : 0);
  insert.bind(3, now);
  insert.exec();
}

void migrate(SQLite::Database& db, const std::string& now, std::optional<int> up_to, bool training,
             const std::string& ledger_id) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  for (const Migration& m : kMigrations) {
    if (m.version <= current || (up_to && m.version > *up_to)) continue;
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
    if (m.version == 4 || m.version == 8 || m.version == 13) {
      // The settings these schemas seed, stamped with the ledger's clock rather than the
      // system's: a generated ledger is the same whenever it is made.
      SQLite::Statement stamp(db,
                              "UPDATE settings SET recorded_at = ? WHERE actor = 'socai' AND "
                              "key LIKE ?");
      stamp.bind(1, now);
      stamp.bind(2, m.version == 4 ? "fee.%" : m.version == 8 ? "approval.%" : "limit.%");
      stamp.exec();
    }
    if (m.version == 13) {
      // The control chain (schema 12) records the settings this schema adds.
      for (const char* key : {"limit.program-rate", "limit.fee-rate"})
        record_control(db, "settings", key, now);
    }
    if (m.version == 11) insert_ledger_identity(db, now, training, ledger_id);
    if (m.version == 12) record_every_control_row(db, now);
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
  }
}

}  // namespace socai::store
