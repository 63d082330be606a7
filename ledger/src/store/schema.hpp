// Schema versions of a socai ledger file: the migrations of schemas/migrations, applied in
// order, and the seed data of schemas/ loaded with the first one.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

namespace socai::store {

// PRAGMA application_id of every socai ledger ("soca").
inline constexpr int kApplicationId = 0x736F6361;

// The schema version this build writes (the number of the last migration).
int latest_schema_version();

// Defines the SQL functions every socai connection has (socai_library(): 1), which the
// triggers of schemas 8, 11 and 12 require of whoever writes.
void define_socai_functions(SQLite::Database& db);

// "" when the ledger's schema (every table, index and trigger in sqlite_master, with its
// definition) is exactly the one the migrations make for its version; else the first
// difference: the database's half of the rules missing, added or redefined.
std::string schema_difference(SQLite::Database& db);

// "" when the ledger holds exactly the tables, indexes and triggers (by name and kind) that the
// migrations make up to `version`, its PRAGMA user_version; else the first that it lacks or
// has beyond them. Checked before an upgrade, so that a file whose version was changed behind
// socai is named as such rather than failing on "table ... already exists".
std::string schema_objects_difference(SQLite::Database& db, int version);

// Applies every migration after the file's PRAGMA user_version (up to `up_to`, when given:
// a test of one migration), each with its seed data, inside the caller's transaction. `now` is
// the created-at stamp of seeded rows. Throws SQLite::Exception on failure (the caller rolls
// back). `training`: the ledger identity's flag, written by schema 11 (a new ledger's
// StoreOptions::training; a ledger upgraded to schema 11 is not a training ledger), and
// `ledger_id` its id (empty: random).
void migrate(SQLite::Database& db, const std::string& now, std::optional<int> up_to = {},
             bool training = false, const std::string& ledger_id = {});

}  // namespace socai::store
