// The SQLite store's maintained balances (schemas 7, 9 and 13): the postings of a write
// transaction folded per account, currency, loan and day, written before it commits with the
// ledger's total debits, and the hooks that keep a transaction from committing without them.
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "ledger/fees.hpp"
#include "store/multi_row_sql.hpp"
#include "store/sqlite_store.hpp"

namespace socai::store {

// A non-zero return turns the COMMIT into a ROLLBACK (SQLITE_CONSTRAINT_COMMITHOOK).
int SqliteStore::refuse_commit_with_pending_balances(void* store) {
  auto* self = static_cast<SqliteStore*>(store);
  if (self->folded_.empty()) return 0;
  self->folded_.clear();
  return 1;
}

void SqliteStore::forget_pending_balances(void* store) {
  static_cast<SqliteStore*>(store)->folded_.clear();
}
namespace {

const MultiRowSql kUpsertDailyBalances(
    "INSERT INTO daily_balances (account_id, currency, loan_id, date, debit, credit) VALUES ",
    "(?, ?, ?, ?, ?, ?)",
    " ON CONFLICT (account_id, currency, loan_id, date) DO UPDATE "
    "SET debit = debit + excluded.debit, credit = credit + excluded.credit");
const MultiRowSql kUpsertBalances(
    "INSERT INTO balances (account_id, currency, loan_id, debit, credit) VALUES ",
    "(?, ?, ?, ?, ?)",
    " ON CONFLICT (account_id, currency, loan_id) DO UPDATE "
    "SET debit = debit + excluded.debit, credit = credit + excluded.credit");

[[noreturn]] void throw_over_ledger_bound() {
  throw std::overflow_error(
      "the ledger's postings would add up to more than 4 * 10^18 minor units of debits, the most "
      "that every sum of them stays exact for; nothing was written");
}
}  // namespace

void SqliteStore::add_to_ledger_totals(const std::map<std::string, std::int64_t>& debits) {
  std::int64_t total = 0;
  for (const auto& [currency, debit] : debits) {
    if (__builtin_add_overflow(total, debit, &total)) throw_over_ledger_bound();
  }
  auto current = cache_.get("SELECT coalesce(sum(debit), 0) FROM ledger_totals");
  if (!current->executeStep()) throw std::logic_error("ledger_totals cannot be read");
  if (__builtin_add_overflow(total, current->getColumn(0).getInt64(), &total) ||
      total > kMaxLedgerDebits) {
    throw_over_ledger_bound();
  }
  for (const auto& [currency, debit] : debits) {
    if (debit == 0) continue;
    auto upsert = cache_.get(
        "INSERT INTO ledger_totals (currency, debit) VALUES (?, ?) "
        "ON CONFLICT (currency) DO UPDATE SET debit = debit + excluded.debit");
    upsert->bind(1, currency);
    upsert->bind(2, debit);
    upsert->exec();
  }
}

void SqliteStore::write_balances() {
  if (folded_.empty()) return;
  std::sort(folded_.begin(), folded_.end(), [](const FoldedPosting& a, const FoldedPosting& b) {
    return std::tie(a.account, a.currency, a.loan, a.date) <
           std::tie(b.account, b.currency, b.loan, b.date);
  });
  // One row per account, currency, loan and (for `daily`) day: sorted, the postings of a row
  // are consecutive, and a running total's days too.
  struct Row {
    const FoldedPosting* key;  // account, currency, loan (and date)
    std::int64_t debit = 0;
    std::int64_t credit = 0;
  };
  auto add = [](Row& row, std::int64_t debit, std::int64_t credit) {
    if (__builtin_add_overflow(row.debit, debit, &row.debit) ||
        __builtin_add_overflow(row.credit, credit, &row.credit)) {
      throw std::overflow_error(
          fmt::format("a sum of amounts overflows: account id {}, {}, loan id {}", row.key->account,
                      row.key->currency, row.key->loan));
    }
  };
  std::vector<Row> daily;
  std::vector<Row> running;
  for (const FoldedPosting& p : folded_) {
    const bool same_total = !running.empty() && running.back().key->account == p.account &&
                            running.back().key->currency == p.currency &&
                            running.back().key->loan == p.loan;
    if (!same_total) running.push_back(Row{&p});
    if (!same_total || daily.back().key->date != p.date) daily.push_back(Row{&p});
    // Amounts are never 0; -amount of the least int64 overflows, which `add` reports.
    const std::int64_t debit = p.amount > 0 ? p.amount : 0;
    std::int64_t credit = 0;
    if (p.amount < 0 && __builtin_sub_overflow(std::int64_t{0}, p.amount, &credit)) {
      throw std::overflow_error(fmt::format("an amount of account id {} overflows", p.account));
    }
    add(daily.back(), debit, credit);
    add(running.back(), debit, credit);
  }
  std::map<std::string, std::int64_t> debits;  // this transaction's, by currency
  for (const Row& row : running) {
    std::int64_t& sum = debits[row.key->currency];
    if (__builtin_add_overflow(sum, row.debit, &sum)) throw_over_ledger_bound();
  }
  add_to_ledger_totals(debits);
  for (std::size_t first = 0; first < daily.size(); first += kRowsPerStatement) {
    const std::size_t rows = std::min(kRowsPerStatement, daily.size() - first);
    auto upsert = cache_.get(kUpsertDailyBalances(rows));
    for (std::size_t r = 0; r < rows; ++r) {
      const Row& row = daily[first + r];
      const int column = static_cast<int>(r) * 6;
      upsert->bind(column + 1, row.key->account);
      upsert->bind(column + 2, row.key->currency);
      upsert->bind(column + 3, row.key->loan);
      upsert->bind(column + 4, format_date(row.key->date));
      upsert->bind(column + 5, row.debit);
      upsert->bind(column + 6, row.credit);
    }
    upsert->exec();
  }
  for (std::size_t first = 0; first < running.size(); first += kRowsPerStatement) {
    const std::size_t rows = std::min(kRowsPerStatement, running.size() - first);
    auto upsert = cache_.get(kUpsertBalances(rows));
    for (std::size_t r = 0; r < rows; ++r) {
      const Row& row = running[first + r];
      const int column = static_cast<int>(r) * 5;
      upsert->bind(column + 1, row.key->account);
      upsert->bind(column + 2, row.key->currency);
      upsert->bind(column + 3, row.key->loan);
      upsert->bind(column + 4, row.debit);
      upsert->bind(column + 5, row.credit);
    }
    upsert->exec();
  }
  check_cash_floors();
  folded_.clear();
}

void SqliteStore::check_cash_floors() {
  // Per account and currency credited, its first day credited: only a credit lowers a
  // balance, from its day on. A deposit alone is never refused, even to an account that is
  // still below zero after it.
  std::map<std::pair<std::int64_t, std::string>, Date> credited;
  for (const FoldedPosting& p : folded_) {
    if (p.amount >= 0) continue;
    auto [it, first] = credited.try_emplace({p.account, p.currency}, p.date);
    if (!first && p.date < it->second) it->second = p.date;
  }
  for (const auto& [account, from] : credited) {
    auto floor = cache_.get(
        "SELECT a.name, s.value FROM accounts a "
        "LEFT JOIN settings s ON s.key = 'cash-floor.' || a.name WHERE a.id = ?");
    floor->bind(1, account.first);
    if (!floor->executeStep()) throw std::logic_error("a posted account is not in the chart");
    const std::string name = floor->getColumn(0).getString();
    const std::optional<std::string> setting = floor->getColumn(1).isNull()
                                                   ? std::nullopt
                                                   : std::optional(floor->getColumn(1).getString());
    if (!has_cash_floor(name, setting)) continue;
    // The balance at the end of each day with postings, from the first such day.
    auto below = cache_.get(
        "SELECT date, balance FROM ("
        "  SELECT date, sum(sum(debit) - sum(credit)) OVER (ORDER BY date) AS balance"
        "  FROM daily_balances WHERE account_id = ? AND currency = ? GROUP BY date) "
        "WHERE date >= ? AND balance < 0 ORDER BY date LIMIT 1");
    below->bind(1, account.first);
    below->bind(2, account.second);
    below->bind(3, format_date(from));
    if (!below->executeStep()) continue;
    const Currency currency = Currency::find(account.second).value();
    throw RefusedWrite(fmt::format(
        "{} would hold {} on {}, below its cash floor of zero (setting {}{}): bring the cash "
        "in first, or date the payment on or after the day it came; nothing was written",
        name,
        format_minor(below->getColumn(1).getInt64(), currency, MoneyFormat::GroupedEnglish) + " " +
            account.second,
        below->getColumn(0).getString(), kCashFloorPrefix, name));
  }
}

}  // namespace socai::store
