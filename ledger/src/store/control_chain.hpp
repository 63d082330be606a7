// The control chain (schemas/migrations/0012_control_chain.sql): each write of a row that
// controls the ledger (a request or its decision, a setting, an actor, the ledger's identity,
// a program or its rate) appends a record of the row as written, chained by SHA-256 and
// linked to the entries' chain. Internal to the SQLite store.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace socai::store {

// Appends the record of `subject`'s row whose key is `key` (the table's key column, as
// text), inside the caller's write transaction.
void record_control(SQLite::Database& db, std::string_view subject, std::string_view key,
                    const std::string& now);
// Records every row of every subject: a ledger upgraded to schema 12.
void record_every_control_row(SQLite::Database& db, const std::string& now);

struct ControlCheck {
  std::int64_t records = 0;
  std::string head_hash;
  std::string problem;  // empty when the chain and every row agree
};
// Recomputes the chain, and compares every row of every subject with its last record: a row
// without one, a record whose row is gone, a row that differs from its record are named.
ControlCheck check_control_chain(SQLite::Database& db);

}  // namespace socai::store
