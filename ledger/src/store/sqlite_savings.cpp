// Members' savings in SQLite (savings_events), and the ledger's settings.
#include "store/control_chain.hpp"
#include "store/sqlite_loan_repository.hpp"

namespace socai::store {

std::int64_t SqliteLoanRepository::savings_balance(std::string_view household,
                                                   std::optional<Date> as_of) {
  auto q = cache_.get(
      "SELECT coalesce(sum(amount), 0) FROM savings_events WHERE household_code = ? "
      "AND effective_date <= ?");
  q->bind(1, std::string(household));
  q->bind(2, as_of ? format_date(*as_of) : std::string("9999-12-31"));
  q->executeStep();
  return q->getColumn(0).getInt64();
}

std::optional<ops::KeyedSavings> SqliteLoanRepository::savings_by_key(const std::string& key) {
  auto q =
      cache_.get("SELECT request_digest, entry_id FROM savings_events WHERE idempotency_key = ?");
  q->bind(1, key);
  if (!q->executeStep()) return std::nullopt;
  return ops::KeyedSavings{q->getColumn(0).getString(), EntryId{q->getColumn(1).getInt64()}};
}

void SqliteLoanRepository::insert_savings(const ops::NewSavingsEvent& e, std::string_view actor) {
  auto insert = cache_.get(
      "INSERT INTO savings_events (household_code, group_code, effective_date, amount, "
      "idempotency_key, request_digest, actor, recorded_at, entry_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, e.household);
  insert->bind(2, e.group);
  insert->bind(3, format_date(e.date));
  insert->bind(4, e.amount);
  insert->bind(5, e.key);
  insert->bind(6, e.digest);
  insert->bind(7, std::string(actor));
  insert->bind(8, store_.now());
  insert->bind(9, e.entry.value);
  insert->exec();
}

std::vector<std::pair<std::string, std::string>> SqliteLoanRepository::settings() {
  auto q = cache_.get("SELECT key, value FROM settings ORDER BY key");
  std::vector<std::pair<std::string, std::string>> out;
  while (q->executeStep())
    out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
  return out;
}

void SqliteLoanRepository::update_setting(std::string_view key, std::string_view value,
                                          std::string_view actor) {
  // A cash floor's setting is written the first time it is set.
  auto update = cache_.get(
      "INSERT INTO settings (value, actor, recorded_at, key) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, actor = excluded.actor, "
      "recorded_at = excluded.recorded_at");
  update->bind(1, std::string(value));
  update->bind(2, std::string(actor));
  update->bind(3, store_.now());
  update->bind(4, std::string(key));
  update->exec();
  record_control(db_, "settings", key, store_.now());
}

}  // namespace socai::store
