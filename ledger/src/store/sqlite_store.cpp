// The SQLite implementation of Store (declared in sqlite_store.hpp): its writes. Its reads are
// in sqlite_reads.cpp, opening a ledger in sqlite_open.cpp, the maintained balances in
// sqlite_balances.cpp.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "store/multi_row_sql.hpp"
#include "store/sqlite_store.hpp"
#include "text.hpp"

namespace socai::store {

std::string system_clock_utc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<date::days>(now);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{now - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

Error storage_error(const SQLite::Exception& e) {
  const int code = e.getErrorCode();
  std::string what = e.what();
  if (what.rfind("socai: ", 0) == 0) {
    return make_error(ErrorCode::FailedPrecondition, what.substr(7) + " (refused by the ledger)");
  }
  // A sum past the 64-bit range becomes a REAL in SQLite, which the STRICT tables refuse.
  if (what.find("cannot store REAL value in INTEGER column") != std::string::npos)
    return make_error(ErrorCode::OutOfRange, "a sum of amounts overflows: " + what);
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(ErrorCode::Unavailable,
                        "the ledger is busy with another writer; try again (" + what + ")");
    case SQLITE_CORRUPT:
      return make_error(ErrorCode::DataLoss, "the ledger file is damaged: " + what);
    case SQLITE_NOTADB:
      return make_error(ErrorCode::InvalidArgument, "the file is not a socai ledger: " + what);
    case SQLITE_READONLY:
      return make_error(ErrorCode::FailedPrecondition, "the ledger is open read-only: " + what);
    case SQLITE_FULL:
      return make_error(ErrorCode::Unavailable, "the disk is full: " + what);
    case SQLITE_ERROR:
      if (what.find("integer overflow") != std::string::npos)
        return make_error(ErrorCode::OutOfRange, "a sum of amounts overflows: " + what);
      break;
    default:
      break;
  }
  return make_error(ErrorCode::Internal, "storage error: " + what);
}

Date date_column(const SQLite::Column& column) {
  Result<Date> d = parse_date(column.getString());
  if (!d) throw std::runtime_error("stored date is malformed: " + column.getString());
  return d.value();
}

std::optional<std::int64_t> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db, StoreOptions options)
    : db_(std::move(db)), options_(std::move(options)) {
  sqlite3_commit_hook(db_->getHandle(), &SqliteStore::refuse_commit_with_pending_balances, this);
  sqlite3_rollback_hook(db_->getHandle(), &SqliteStore::forget_pending_balances, this);
}

SqliteStore::~SqliteStore() {
  sqlite3_commit_hook(db_->getHandle(), nullptr, nullptr);
  sqlite3_rollback_hook(db_->getHandle(), nullptr, nullptr);
}

namespace {

const MultiRowSql kInsertPostings(
    "INSERT INTO postings (entry_id, seq, account_id, currency, amount, loan_id) VALUES ",
    "(?, ?, ?, ?, ?, ?)", "");

}  // namespace

Status SqliteStore::check_writable() const {
  if (options_.read_only) {
    return make_error(ErrorCode::FailedPrecondition,
                      "the ledger is open read-only: nothing can be written");
  }
  return {};
}

Status SqliteStore::check_actor(std::string_view actor) const {
  if (actor.empty() || actor.size() > 100 || !is_clean_text(actor)) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("actor {}: 1 to 100 characters of text", text::quoted(actor)));
  }
  return check_writable();
}

SqliteStore::Writer SqliteStore::begin_writer(std::string_view actor) {
  Writer w;
  w.actor = std::string(actor);
  w.now = now();
  auto head = cache_.get("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1");
  if (head->executeStep()) {
    w.head_id = head->getColumn(0).getInt64();
    w.head_hash = head->getColumn(1).getString();
  } else {
    w.head_hash = std::string(kGenesisHash);
  }
  w.closed = read_closed_through();
  return w;
}

std::optional<Date> SqliteStore::read_closed_through() {
  auto q = cache_.get("SELECT max(through) FROM period_closes");
  q->executeStep();
  if (q->getColumn(0).isNull()) return std::nullopt;
  return date_column(q->getColumn(0));
}

Result<AccountRef> SqliteStore::find_account(const std::string& name) {
  if (auto it = accounts_.find(name); it != accounts_.end()) return it->second;
  auto q = cache_.get("SELECT id, control FROM accounts WHERE name = ?");
  q->bind(1, name);
  if (!q->executeStep()) {
    return make_error(
        ErrorCode::NotFound,
        fmt::format("account {} not found (see 'socai account list')", text::quoted(name)));
  }
  AccountRef ref{AccountId{q->getColumn(0).getInt64()}, q->getColumn(1).getInt() == 1};
  accounts_.emplace(name, ref);
  return ref;
}

Result<PostOutcome> SqliteStore::append(Writer& w, const EntrySpec& spec,
                                        std::optional<EntryId> reverses, bool checked) {
  if (Status s = checked ? Status{} : check_entry(spec); !s) return s.error();
  const std::string digest = request_digest(spec, reverses);

  auto by_key = cache_.get("SELECT id, request_digest FROM entries WHERE idempotency_key = ?");
  by_key->bind(1, spec.key);
  if (by_key->executeStep()) {
    const EntryId existing{by_key->getColumn(0).getInt64()};
    if (by_key->getColumn(1).getString() == digest) return PostOutcome{existing, true};
    return make_error(ErrorCode::IdempotencyConflict,
                      fmt::format("key {} was already used by entry {} with different content",
                                  text::quoted(spec.key), existing.value));
  }
  if (Status s = check_not_future(spec.date, w.now); !s) return s.error();
  if (w.closed && spec.date <= *w.closed) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("date {} is in a closed period (closed through {})",
                                  format_date(spec.date), format_date(*w.closed)));
  }

  Entry entry{.id = EntryId{w.head_id + 1},
              .date = spec.date,
              .recorded_at = w.now,
              .actor = w.actor,
              .kind = spec.kind,
              .memo = spec.memo,
              .key = spec.key,
              .loan = spec.loan,
              .reverses = reverses,
              .postings = {},
              .prev_hash = w.head_hash,
              .hash = {}};
  std::vector<AccountRef> refs;
  refs.reserve(spec.postings.size());
  for (std::size_t i = 0; i < spec.postings.size(); ++i) {
    const PostingSpec& p = spec.postings[i];
    Result<AccountRef> ref = find_account(p.account);
    if (!ref) return with_context(fmt::format("posting {}", i + 1), ref.error());
    std::optional<LoanId> loan = p.loan ? p.loan : (ref->control ? spec.loan : std::nullopt);
    if (ref->control && !loan) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("posting {}: account {} is a loan control account; every "
                                    "posting on it names its loan",
                                    i + 1, text::quoted(p.account)));
    }
    refs.push_back(ref.value());
    entry.postings.push_back(Posting{static_cast<int>(i + 1), p.account, p.amount, loan});
  }
  entry.hash = compute_entry_hash(entry);

  // The postings in as few statements as can be.
  for (std::size_t first = 0; first < entry.postings.size(); first += kRowsPerStatement) {
    const std::size_t rows = std::min(kRowsPerStatement, entry.postings.size() - first);
    auto posting_handle = cache_.get(kInsertPostings(rows));
    SQLite::Statement& posting = *posting_handle;
    for (std::size_t r = 0; r < rows; ++r) {
      const Posting& p = entry.postings[first + r];
      const int column = static_cast<int>(r) * 6;
      posting.bind(column + 1, entry.id.value);
      posting.bind(column + 2, p.seq);
      posting.bind(column + 3, refs[first + r].id.value);
      posting.bind(column + 4, std::string(p.amount.currency().code()));
      posting.bind(column + 5, p.amount.minor_units());
      if (p.loan) posting.bind(column + 6, p.loan->value);
    }
    posting.exec();
  }
  auto insert_handle = cache_.get(
      "INSERT INTO entries (id, date, recorded_at, actor, kind, memo, idempotency_key, "
      "request_digest, loan_id, reverses_id, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& insert = *insert_handle;
  insert.bind(1, entry.id.value);
  insert.bind(2, format_date(entry.date));
  insert.bind(3, entry.recorded_at);
  insert.bind(4, entry.actor);
  insert.bind(5, entry.kind);
  insert.bind(6, entry.memo);
  insert.bind(7, entry.key);
  insert.bind(8, digest);
  if (entry.loan) insert.bind(9, entry.loan->value);
  if (entry.reverses) insert.bind(10, entry.reverses->value);
  insert.bind(11, entry.prev_hash);
  insert.bind(12, entry.hash);
  insert.exec();

  for (std::size_t i = 0; i < entry.postings.size(); ++i) {
    const Posting& p = entry.postings[i];
    folded_.push_back(FoldedPosting{refs[i].id.value, std::string(p.amount.currency().code()),
                                    p.loan ? p.loan->value : 0, entry.date,
                                    p.amount.minor_units()});
  }
  w.head_id = entry.id.value;
  w.head_hash = entry.hash;
  return PostOutcome{entry.id, false};
}

Result<PostOutcome> SqliteStore::post(const EntrySpec& entry, std::string_view actor) {
  Result<std::vector<PostOutcome>> outcomes = post_batch(std::span(&entry, 1), actor);
  if (!outcomes) return outcomes.error();
  return outcomes->front();
}

Result<std::vector<PostOutcome>> SqliteStore::post_batch(std::span<const EntrySpec> entries,
                                                         std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  // Checks that need no data come first, so that bad input never opens a transaction.
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (Status s = check_entry(entries[i]); !s) {
      if (entries.size() == 1) return s.error();
      return with_context(fmt::format("entry {} (key {})", i + 1, text::quoted(entries[i].key)),
                          s.error());
    }
  }
  return write<std::vector<PostOutcome>>([&]() -> Result<std::vector<PostOutcome>> {
    Writer w = begin_writer(actor);
    std::vector<PostOutcome> outcomes;
    outcomes.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      Result<PostOutcome> outcome = append(w, entries[i], std::nullopt, true);
      if (!outcome) {
        if (entries.size() == 1) return outcome.error();
        return with_context(fmt::format("entry {} (key {})", i + 1, text::quoted(entries[i].key)),
                            outcome.error());
      }
      outcomes.push_back(outcome.value());
    }
    return outcomes;
  });
}

Result<PostOutcome> SqliteStore::reverse(const ReversalSpec& reversal, std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  return write<PostOutcome>(
      [&]() -> Result<PostOutcome> {
        Writer w = begin_writer(actor);
        Result<Entry> original = read_entry(reversal.original);
        if (!original) return original.error();
        const std::int64_t n = reversal.original.value;
        if (original->reverses) {
          return make_error(
              ErrorCode::FailedPrecondition,
              fmt::format("entry {} is itself the reversal of entry {}; a reversal is "
                          "never reversed",
                          n, original->reverses->value));
        }
        EntrySpec spec{
            .date = reversal.date.value_or(original->date),
            .kind = "reversal",
            .memo = reversal.memo.empty() ? fmt::format("Reversal of entry {}", n) : reversal.memo,
            .key = reversal.key.empty() ? fmt::format("reversal-of-{}", n) : reversal.key,
            .loan = original->loan,
            .postings = {}};
        for (const Posting& p : original->postings) {
          Result<Money> negated = p.amount.negated();
          if (!negated) return negated.error();
          spec.postings.push_back(PostingSpec{p.account, negated.value(), p.loan});
        }
        // A retried reversal with the same key and content is "already recorded", like a post.
        SQLite::Statement by_key(*db_,
                                 "SELECT request_digest FROM entries WHERE idempotency_key = ?");
        by_key.bind(1, spec.key);
        const bool same_request =
            by_key.executeStep() &&
            by_key.getColumn(0).getString() == request_digest(spec, reversal.original);
        if (!same_request) {
          SQLite::Statement reversed(*db_, "SELECT id FROM entries WHERE reverses_id = ?");
          reversed.bind(1, n);
          if (reversed.executeStep()) {
            return make_error(ErrorCode::FailedPrecondition,
                              fmt::format("entry {} was already reversed by entry {}", n,
                                          reversed.getColumn(0).getInt64()));
          }
          if (spec.date < original->date) {
            return make_error(ErrorCode::FailedPrecondition,
                              fmt::format("reversal date {} is before entry {}'s date {}",
                                          format_date(spec.date), n, format_date(original->date)));
          }
        }
        return append(w, spec, reversal.original);
      },
      !reversal.rehearsal);
}

Result<CloseOutcome> SqliteStore::close_period(Date through, std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  if (!through.ok()) return make_error(ErrorCode::InvalidArgument, "close date is not a date");
  if (Status s = check_not_future(through, now()); !s) return s.error();
  return write<CloseOutcome>([&]() -> Result<CloseOutcome> {
    std::optional<Date> closed = read_closed_through();
    if (closed && through <= *closed) return CloseOutcome{*closed, true};
    insert_period_close(through, actor);
    return CloseOutcome{through, false};
  });
}

void SqliteStore::insert_period_close(Date through, std::string_view actor) {
  SQLite::Statement insert(*db_,
                           "INSERT INTO period_closes (through, actor, recorded_at) "
                           "VALUES (?, ?, ?)");
  insert.bind(1, format_date(through));
  insert.bind(2, std::string(actor));
  insert.bind(3, now());
  insert.exec();
}

Status SqliteStore::unit_of_work(const std::function<Status()>& body) {
  if (Status s = check_writable(); !s) return s.error();
  if (in_unit_) return make_error(ErrorCode::FailedPrecondition, "units of work do not nest");
  return guarded([&]() -> Status {
    LedgerTransaction transaction(*this);
    in_unit_ = true;
    Status result = guarded([&]() -> Status { return body(); });
    in_unit_ = false;
    if (result) {
      transaction.commit();
    } else {
      forget_accounts();
    }
    return result;
  });
}

namespace {

int trace_statement(unsigned, void* context, void*, void* sql) {
  const auto* hook = static_cast<const std::function<void(std::string_view)>*>(context);
  (*hook)(static_cast<const char*>(sql) ? static_cast<const char*>(sql) : "");
  return 0;
}

}  // namespace

void SqliteStore::set_statement_hook(std::function<void(std::string_view)> hook) {
  statement_hook_ = std::move(hook);
  if (statement_hook_) {
    sqlite3_trace_v2(db_->getHandle(), SQLITE_TRACE_STMT, trace_statement, &statement_hook_);
  } else {
    sqlite3_trace_v2(db_->getHandle(), 0, nullptr, nullptr);
  }
}

Result<std::optional<Date>> SqliteStore::closed_through() {
  return guarded([&]() -> Result<std::optional<Date>> { return read_closed_through(); });
}

Result<Account> SqliteStore::add_account(const NewAccount& account, std::string_view actor) {
  if (Status s = check_actor(actor); !s) return s.error();
  return guarded([&]() -> Result<Account> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<Account> added = insert_account(account, actor);
    if (added) transaction.commit();
    return added;
  });
}

Result<Account> SqliteStore::insert_account(const NewAccount& account, std::string_view actor) {
  if (Status s = check_account_name(account.name, account.type); !s) return s.error();
  if (!account.code.empty() && (account.code.size() > 12 || !text::all_digits(account.code))) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("account code {}: 1 to 12 digits", text::quoted(account.code)));
  }
  if (account.description.size() > 200 || !is_clean_text(account.description)) {
    return make_error(ErrorCode::InvalidArgument,
                      "account description: at most 200 characters of text");
  }
  // Names are unique without regard to case: "assets:cash" is "Assets:Cash".
  SQLite::Statement same_name(*db_, "SELECT name FROM accounts WHERE name = ? COLLATE NOCASE");
  same_name.bind(1, account.name);
  if (same_name.executeStep()) {
    const std::string existing = same_name.getColumn(0).getString();
    if (existing == account.name) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("account {} already exists", text::quoted(account.name)));
    }
    return make_error(ErrorCode::AlreadyExists,
                      fmt::format("account {} already exists as {} (names are compared "
                                  "without regard to case)",
                                  text::quoted(account.name), text::quoted(existing)));
  }
  // A sub-account of a loan control account is a control account (schema 13).
  SQLite::Statement parent(*db_,
                           "SELECT 1 FROM accounts WHERE control = 1 AND "
                           "substr(?1, 1, length(name) + 1) = name || ':'");
  parent.bind(1, account.name);
  const bool control = account.control || parent.executeStep();
  std::string code = account.code;
  if (code.empty()) {
    // The chart's classes: 1-3 assets, 4 liabilities, 6 equity, 7 income, 8 expenses,
    // 9 off-balance; six-digit codes, the next after the highest of the class.
    static constexpr char kClass[] = {'1', '4', '6', '7', '8', '9'};
    const char cls = kClass[static_cast<int>(account.type)];
    SQLite::Statement highest(*db_,
                              "SELECT max(CAST(code AS INTEGER)) FROM accounts "
                              "WHERE length(code) = 6 AND substr(code, 1, 1) = ?");
    highest.bind(1, std::string(1, cls));
    highest.executeStep();
    const std::int64_t base = (cls - '0') * 100000;
    const std::int64_t next =
        highest.getColumn(0).isNull() ? base + 1 : highest.getColumn(0).getInt64() + 1;
    if (next >= base + 100000) {
      return field_error(ErrorCode::FailedPrecondition, "code",
                         fmt::format(": none free in class {}; give the account's", cls));
    }
    code = std::to_string(next);
  } else {
    SQLite::Statement same_code(*db_, "SELECT name FROM accounts WHERE code = ?");
    same_code.bind(1, code);
    if (same_code.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("account code {} is already used by {}", code,
                                    same_code.getColumn(0).getString()));
    }
  }
  SQLite::Statement insert(*db_,
                           "INSERT INTO accounts (name, code, type, control, description, "
                           "created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, account.name);
  insert.bind(2, code);
  insert.bind(3, std::string(account_type_name(account.type)));
  insert.bind(4, control ? 1 : 0);
  insert.bind(5, account.description);
  insert.bind(6, now());
  insert.bind(7, std::string(actor));
  insert.exec();
  const AccountId id{db_->getLastInsertRowid()};
  return Account{id, account.name, code, account.type, control, account.description};
}

Result<std::vector<Account>> SqliteStore::list_accounts() {
  return guarded([&]() -> Result<std::vector<Account>> {
    SQLite::Statement q(*db_,
                        "SELECT id, name, code, type, control, description FROM accounts "
                        "ORDER BY name");
    std::vector<Account> accounts;
    while (q.executeStep()) {
      Result<AccountType> type = parse_account_type(q.getColumn(3).getString());
      if (!type) return type.error();
      accounts.push_back(Account{AccountId{q.getColumn(0).getInt64()}, q.getColumn(1).getString(),
                                 q.getColumn(2).getString(), type.value(),
                                 q.getColumn(4).getInt() == 1, q.getColumn(5).getString()});
    }
    return accounts;
  });
}

}  // namespace socai::store
