// A read transaction over a connection: every statement run while it lives sees the same
// ledger. Rolled back (nothing was written) when it goes out of scope.
#pragma once

#include <SQLiteCpp/Database.h>

namespace socai::store {

// REQUIRES: no transaction is open on `db`. Not safe to share between threads.
class ReadTransaction {
 public:
  explicit ReadTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN"); }
  ~ReadTransaction() { db_.tryExec("ROLLBACK"); }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  SQLite::Database& db_;
};

}  // namespace socai::store
