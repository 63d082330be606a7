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

// Names of the triggers the migrations create: the database's half of the journal's rules.
std::vector<std::string> expected_triggers();

// Applies every migration after the file's PRAGMA user_version (up to `up_to`, when given:
// a test of one migration), each with its seed data, inside the caller's transaction. `now` is
// the created-at stamp of seeded rows. Throws SQLite::Exception on failure (the caller rolls
// back). `training`: the ledger identity's flag, written by schema 11 (a new ledger's
// StoreOptions::training; a ledger upgraded to schema 11 is not a training ledger).
void migrate(SQLite::Database& db, const std::string& now, std::optional<int> up_to = {},
             bool training = false);

}  // namespace socai::store
