// The journal as hledger and Ledger read it (ledger/export.hpp).
#include "ledger/export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace socai {
namespace {

// The tags written on transactions and postings, declared for Ledger's --strict.
// Reads of the trial balance before giving up on a ledger that keeps changing.
constexpr int kAttempts = 5;

constexpr std::string_view kTags[] = {"entry", "kind", "key", "loan", "reverses"};

// One line of free text: control characters become a space, and ';' becomes ',' when
// `comment_start` is set (both tools end a description there); no leading or trailing space.
std::string one_line(std::string_view text, bool comment_start) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += ' ';
    } else if (c == ';' && comment_start) {
      out += ',';
    } else {
      out += c;
    }
  }
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

// "1000" followed by the currency's decimals: "1000.00" for USD. hledger wants a decimal
// mark even without decimals ("1000."); Ledger reads that mark as part of the symbol.
std::string sample_number(const CurrencyInfo& currency, ExportFormat format) {
  std::string number = "1000";
  if (currency.exponent > 0) {
    number += '.';
    number.append(static_cast<std::size_t>(currency.exponent), '0');
  } else if (format == ExportFormat::Hledger) {
    number += '.';
  }
  return number;
}

std::string amount_text(std::int64_t minor_units, Currency currency) {
  return format_minor(minor_units, currency, MoneyFormat::Plain) + " " +
         std::string(currency.code());
}

void write_header(std::ostream& out, ExportFormat format, std::size_t entries,
                  std::optional<Date> as_of) {
  out << fmt::format("; socai journal for {}: {} entr{}{}, ordered by date, then entry id.\n",
                     export_format_name(format), entries, entries == 1 ? "y" : "ies",
                     as_of ? " dated on or before " + format_date(*as_of) : std::string());
  out << "; The last transaction asserts every balance of socai's trial balance.\n";
  if (format == ExportFormat::Hledger) {
    out << "; Check: hledger -f FILE check -s ordereddates (UTF-8 text: LANG=C.UTF-8 or the "
           "like)\n";
  } else {
    out << "; Check: ledger -f FILE --strict --pedantic --explicit balance\n";
  }
  out << "\n";
  for (const CurrencyInfo& c : Currency::all()) {
    if (format == ExportFormat::Hledger) {
      out << fmt::format("commodity {} {}\n", sample_number(c, format), c.code);
    } else {
      out << fmt::format("commodity {}\n    format {} {}\n", c.code, sample_number(c, format),
                         c.code);
    }
  }
  out << "\n";
  for (std::string_view tag : kTags) out << "tag " << tag << "\n";
}

void write_accounts(std::ostream& out, const std::vector<Account>& accounts) {
  out << "\n";
  for (const Account& a : accounts) {
    std::string description = one_line(a.description, false);
    out << fmt::format("; {}{}{}\naccount {}\n", a.code, description.empty() ? "" : " ",
                       description, a.name);
  }
}

void write_entry(std::ostream& out, const Entry& e) {
  std::string memo = one_line(e.memo, true);
  out << fmt::format("\n{} ({}) {}\n", format_date(e.date), e.id.value,
                     memo.empty() ? e.kind : memo);
  out << fmt::format("    ; entry: {}\n    ; kind: {}\n    ; key: {}\n", e.id.value, e.kind,
                     one_line(e.key, false));
  if (e.loan) out << fmt::format("    ; loan: {}\n", e.loan->value);
  if (e.reverses) out << fmt::format("    ; reverses: {}\n", e.reverses->value);
  for (const Posting& p : e.postings) {
    out << fmt::format("    {}  {}", p.account,
                       amount_text(p.amount.minor_units(), p.amount.currency()));
    if (p.loan) out << fmt::format("  ; loan: {}", p.loan->value);
    out << "\n";
  }
}

Status write_assertions(std::ostream& out, const std::vector<BalanceRow>& rows, Date date) {
  out << fmt::format("\n{} socai trial balance as of {}\n", format_date(date), format_date(date));
  for (const BalanceRow& row : rows) {
    Result<Currency> currency = Currency::find(row.currency);
    if (!currency) return with_context("trial balance of " + row.account, currency.error());
    out << fmt::format("    {}  {} = {}\n", row.account, amount_text(0, currency.value()),
                       amount_text(row.balance, currency.value()));
  }
  return {};
}

}  // namespace

std::string_view export_format_name(ExportFormat format) {
  switch (format) {
    case ExportFormat::Hledger:
      return "hledger";
    case ExportFormat::Ledger:
      return "ledger";
  }
  return "hledger";
}

Result<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "hledger") return ExportFormat::Hledger;
  if (text == "ledger") return ExportFormat::Ledger;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("format '{}': expected hledger or ledger", text));
}

Status export_journal(Store& store, ExportFormat format, std::optional<Date> as_of,
                      std::ostream& out) {
  Result<std::vector<Account>> accounts = store.list_accounts();
  if (!accounts) return accounts.error();
  // The trial balance of exactly the entries 1..count: entries are only ever appended, so
  // when the count is the same before and after it, no entry came in between (another
  // process may be posting while the export runs).
  Result<std::int64_t> count = store.entry_count();
  if (!count) return count.error();
  Result<std::vector<BalanceRow>> balances = store.trial_balance(as_of);
  for (int attempt = 1;; ++attempt) {
    if (!balances) return balances.error();
    Result<std::int64_t> after = store.entry_count();
    if (!after) return after.error();
    if (after.value() == count.value()) break;
    if (attempt == kAttempts) {
      return make_error(ErrorCode::Unavailable,
                        fmt::format("the ledger changed during each of {} attempts to read its "
                                    "trial balance; export it again when fewer entries come in",
                                    kAttempts));
    }
    count = after;
    balances = store.trial_balance(as_of);
  }

  // Entries may be back-dated relative to their ids: both tools want dates in order.
  std::vector<std::pair<Date, EntryId>> order;
  for (std::int64_t id = 1; id <= count.value(); ++id) {
    Result<Entry> e = store.entry(EntryId{id});
    if (!e) return e.error();
    if (!as_of || e->date <= *as_of) order.emplace_back(e->date, e->id);
  }
  std::sort(order.begin(), order.end());

  write_header(out, format, order.size(), as_of);
  write_accounts(out, accounts.value());
  for (const auto& [date, id] : order) {
    Result<Entry> e = store.entry(id);
    if (!e) return e.error();
    write_entry(out, e.value());
    if (!out) break;
  }
  if (!order.empty() && out) {
    Status s = write_assertions(out, balances.value(), as_of ? *as_of : order.back().first);
    if (!s) return s;
  }
  out.flush();
  if (!out) return make_error(ErrorCode::Internal, "writing the journal failed");
  return {};
}

}  // namespace socai
