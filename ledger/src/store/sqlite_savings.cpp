// Batches of loan-book writes in one transaction, and members' savings (LoanBook::batch,
// LoanBook::savings).
#include <fmt/format.h>

#include "credit/savings.hpp"
#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {

Status SqliteLoanBook::batch(std::string_view actor, const std::function<Status()>& body) {
  if (Status s = store_.check_actor(actor); !s) return s.error();
  if (store_.in_unit()) return make_error(ErrorCode::FailedPrecondition, "batches do not nest");
  return store_.unit_of_work(body);
}

Result<std::int64_t> SqliteLoanBook::savings_balance(std::string_view household,
                                                     std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::int64_t> {
    {
      auto exists = cache_.get("SELECT 1 FROM households WHERE code = ?");
      exists->bind(1, std::string(household));
      if (!exists->executeStep()) return not_found("household", household);
    }
    auto q = cache_.get(
        "SELECT coalesce(sum(amount), 0) FROM savings_events WHERE household_code = ? "
        "AND effective_date <= ?");
    q->bind(1, std::string(household));
    q->bind(2, as_of ? format_date(*as_of) : std::string("9999-12-31"));
    q->executeStep();
    return q->getColumn(0).getInt64();
  });
}

Result<SavingsOutcome> SqliteLoanBook::savings(const SavingsOperation& op, std::string_view actor) {
  if (Status s = credit::check_savings(op); !s) return s.error();
  const credit::OperationKey operation_key = credit::savings_key(op);
  const std::string& key = operation_key.key;
  const std::string& digest = operation_key.digest;
  return write<SavingsOutcome>(actor, [&]() -> Result<SavingsOutcome> {
    Result<Household> household = read_household(op.household);
    if (!household) return household.error();
    {
      auto previous = cache_.get(
          "SELECT request_digest, entry_id FROM savings_events WHERE idempotency_key = ?");
      previous->bind(1, key);
      if (previous->executeStep()) {
        if (previous->getColumn(0).getString() != digest) {
          return make_error(
              ErrorCode::IdempotencyConflict,
              fmt::format("key {} was already used with different content", text::quoted(key)));
        }
        const EntryId entry{previous->getColumn(1).getInt64()};
        Result<std::int64_t> balance = savings_balance(op.household, std::nullopt);
        if (!balance) return balance.error();
        return SavingsOutcome{op.household, household->group, entry, true, balance.value()};
      }
    }
    if (Status s = check_open_period(op.date); !s) return s.error();
    Result<std::int64_t> balance = savings_balance(op.household, std::nullopt);
    if (!balance) return balance.error();
    if (Status s = credit::check_savings_amount(op, balance.value()); !s) return s.error();
    const std::string account = credit::savings_account(household->group);
    if (!store_.find_account(account)) {
      Result<Account> added = store_.insert_account(
          NewAccount{.name = account,
                     .type = AccountType::Liability,
                     .code = "",
                     .control = false,
                     .description = "members' savings of group " + household->group},
          actor);
      if (!added) return added.error();
    }
    std::string cash;
    {
      auto q = cache_.get(
          "SELECT a.name FROM communes c JOIN accounts a ON a.id = c.cash_account_id "
          "WHERE c.code = ?");
      q->bind(1, household->commune);
      if (!q->executeStep()) return make_error(ErrorCode::DataLoss, "a household's commune");
      cash = q->getColumn(0).getString();
    }
    const std::int64_t signed_amount = credit::signed_savings(op);
    SqliteStore::Writer writer = store_.begin_writer(actor);
    const EntrySpec spec = credit::savings_entry(op, key, household->group, cash);
    Result<PostOutcome> posted = store_.append(writer, spec, std::nullopt);
    if (!posted) return posted.error();
    if (posted->already_recorded) {
      return make_error(ErrorCode::IdempotencyConflict,
                        fmt::format("journal key {} is already used", spec.key));
    }
    auto insert = cache_.get(
        "INSERT INTO savings_events (household_code, group_code, effective_date, amount, "
        "idempotency_key, request_digest, actor, recorded_at, entry_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, op.household);
    insert->bind(2, household->group);
    insert->bind(3, format_date(op.date));
    insert->bind(4, signed_amount);
    insert->bind(5, key);
    insert->bind(6, digest);
    insert->bind(7, std::string(actor));
    insert->bind(8, store_.now());
    insert->bind(9, posted->id.value);
    insert->exec();
    return SavingsOutcome{op.household, household->group, posted->id, false,
                          balance.value() + signed_amount};
  });
}

}  // namespace socai::store
