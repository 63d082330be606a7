// The control chain (control_chain.hpp).
#include "store/control_chain.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "ledger/journal.hpp"

namespace socai::store {
namespace {

struct Subject {
  std::string_view table;
  std::string_view key;  // an SQL expression of the table's key, as text
};

constexpr std::array<Subject, 6> kSubjects{{
    {"ledger_identity", "CAST(id AS TEXT)"},
    {"actors", "CAST(id AS TEXT)"},
    {"settings", "key"},
    {"approval_requests", "CAST(id AS TEXT)"},
    {"programs", "code"},
    {"program_rates", "program_code || ' ' || effective_from"},
}};

const Subject& subject_of(std::string_view table) {
  for (const Subject& s : kSubjects)
    if (s.table == table) return s;
  throw std::logic_error(fmt::format("{} is not a subject of the control chain", table));
}

// The rows of `s` (all, or the one whose key is `key`) with their keys first, each as a JSON
// object of its columns (sorted names; integers, text and nulls as they are).
std::string rows_sql(const Subject& s, bool one) {
  return fmt::format("SELECT {} AS socai_key, * FROM {}{} ORDER BY 1", s.key, s.table,
                     one ? fmt::format(" WHERE {} = ?", s.key) : "");
}

std::string row_json(SQLite::Statement& q) {
  nlohmann::json row = nlohmann::json::object();
  for (int c = 1; c < q.getColumnCount(); ++c) {
    const SQLite::Column column = q.getColumn(c);
    if (column.isNull()) {
      row[column.getName()] = nullptr;
    } else if (column.isInteger()) {
      row[column.getName()] = column.getInt64();
    } else if (column.isFloat()) {
      row[column.getName()] = column.getDouble();
    } else {
      row[column.getName()] = column.getString();
    }
  }
  return row.dump();
}

std::string record_hash(std::int64_t id, std::string_view prev_hash, std::string_view subject,
                        std::string_view key, std::string_view content, std::int64_t entry_head,
                        std::string_view recorded_at) {
  return sha256_hex(fmt::format("socai control record\n{}\n{}\n{}\n{}\n{}\n{}\n{}", id, prev_hash,
                                subject, key, content, entry_head, recorded_at));
}

void append(SQLite::Database& db, std::string_view subject, std::string_view key,
            const std::string& content, const std::string& now) {
  SQLite::Statement head(db, "SELECT id, hash FROM control_records ORDER BY id DESC LIMIT 1");
  std::int64_t id = 1;
  std::string prev(kGenesisHash);
  if (head.executeStep()) {
    id = head.getColumn(0).getInt64() + 1;
    prev = head.getColumn(1).getString();
  }
  const std::int64_t entry_head =
      db.execAndGet("SELECT coalesce(max(id), 0) FROM entries").getInt64();
  SQLite::Statement insert(
      db,
      "INSERT INTO control_records (id, subject, subject_key, content, "
      "entry_head, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, std::string(subject));
  insert.bind(3, std::string(key));
  insert.bind(4, content);
  insert.bind(5, entry_head);
  insert.bind(6, now);
  insert.bind(7, prev);
  insert.bind(8, record_hash(id, prev, subject, key, content, entry_head, now));
  insert.exec();
}

}  // namespace

void record_control(SQLite::Database& db, std::string_view subject, std::string_view key,
                    const std::string& now) {
  const Subject& s = subject_of(subject);
  SQLite::Statement row(db, rows_sql(s, true));
  row.bind(1, std::string(key));
  if (!row.executeStep()) {
    throw std::logic_error(fmt::format("control chain: no {} row {}", subject, key));
  }
  append(db, s.table, key, row_json(row), now);
}

void record_every_control_row(SQLite::Database& db, const std::string& now) {
  for (const Subject& s : kSubjects) {
    SQLite::Statement rows(db, rows_sql(s, false));
    std::vector<std::pair<std::string, std::string>> all;
    while (rows.executeStep()) all.emplace_back(rows.getColumn(0).getString(), row_json(rows));
    rows.reset();
    for (const auto& [key, content] : all) append(db, s.table, key, content, now);
  }
}

ControlCheck check_control_chain(SQLite::Database& db) {
  ControlCheck check;
  check.head_hash = std::string(kGenesisHash);
  // The last record of each row, by subject and key: (record id, content).
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::string>> last;
  SQLite::Statement records(db,
                            "SELECT id, subject, subject_key, content, entry_head, recorded_at, "
                            "prev_hash, hash FROM control_records ORDER BY id");
  std::int64_t expected = 1;
  while (records.executeStep()) {
    const std::int64_t id = records.getColumn(0).getInt64();
    if (id != expected) {
      check.problem =
          fmt::format("control record {} is missing (next id found is {})", expected, id);
      return check;
    }
    const std::string subject = records.getColumn(1).getString();
    const std::string key = records.getColumn(2).getString();
    const std::string content = records.getColumn(3).getString();
    if (records.getColumn(6).getString() != check.head_hash) {
      check.problem = fmt::format(
          "control record {}: prev_hash does not match the hash of "
          "control record {}",
          id, id - 1);
      return check;
    }
    const std::string hash = records.getColumn(7).getString();
    if (record_hash(id, check.head_hash, subject, key, content, records.getColumn(4).getInt64(),
                    records.getColumn(5).getString()) != hash) {
      check.problem = fmt::format(
          "control record {} ({} {}): content does not match its hash: "
          "the record was changed after it was written",
          id, subject, key);
      return check;
    }
    last[{subject, key}] = {id, content};
    check.head_hash = hash;
    check.records += 1;
    expected += 1;
  }
  for (const Subject& s : kSubjects) {
    SQLite::Statement rows(db, rows_sql(s, false));
    while (rows.executeStep()) {
      const std::string key = rows.getColumn(0).getString();
      const auto found = last.find({std::string(s.table), key});
      if (found == last.end()) {
        check.problem = fmt::format(
            "{} row {} is in no control record: it was written behind "
            "the ledger",
            s.table, key);
        return check;
      }
      if (row_json(rows) != found->second.second) {
        check.problem = fmt::format(
            "{} row {} differs from its control record {}: it was "
            "changed behind the ledger",
            s.table, key, found->second.first);
        return check;
      }
      last.erase(found);
    }
  }
  if (!last.empty()) {
    const auto& [subject_key, record] = *last.begin();
    check.problem = fmt::format(
        "{} row {} of control record {} is gone: it was removed behind "
        "the ledger",
        subject_key.first, subject_key.second, record.first);
  }
  return check;
}

}  // namespace socai::store
