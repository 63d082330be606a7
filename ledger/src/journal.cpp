#include "ledger/journal.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <iterator>
#include <map>
#include <memory>

#include "invalid_value.hpp"
#include "text.hpp"

namespace socai {
namespace {

constexpr AccountType kAccountTypes[] = {AccountType::Asset,   AccountType::Liability,
                                         AccountType::Equity,  AccountType::Income,
                                         AccountType::Expense, AccountType::OffBalance};

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || text::is_digit(c) || c == '_' ||
         c == '-';
}

bool is_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > 40 || kind.front() == '-' || kind.back() == '-') return false;
  for (char c : kind)
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  return true;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}:{}:"), name, value.size());
  out += value;
  out += '\n';
}

std::string optional_id(std::optional<std::int64_t> id) {
  return id ? std::to_string(*id) : std::string("-");
}

}  // namespace

std::string_view account_type_name(AccountType type) {
  switch (type) {
    case AccountType::Asset:
      return "asset";
    case AccountType::Liability:
      return "liability";
    case AccountType::Equity:
      return "equity";
    case AccountType::Income:
      return "income";
    case AccountType::Expense:
      return "expense";
    case AccountType::OffBalance:
      return "off-balance";
  }
  return "asset";
}

std::string_view account_root(AccountType type) {
  switch (type) {
    case AccountType::Asset:
      return "Assets";
    case AccountType::Liability:
      return "Liabilities";
    case AccountType::Equity:
      return "Equity";
    case AccountType::Income:
      return "Income";
    case AccountType::Expense:
      return "Expenses";
    case AccountType::OffBalance:
      return "OffBalance";
  }
  return "Assets";
}

Result<AccountType> parse_account_type(std::string_view text) {
  for (AccountType t : kAccountTypes)
    if (account_type_name(t) == text) return t;
  return make_error(
      ErrorCode::InvalidArgument,
      fmt::format("account type {}: expected asset, liability, equity, income, expense or "
                  "off-balance",
                  text::quoted(text)));
}

Status check_account_name(std::string_view name, AccountType type) {
  auto invalid = [&](std::string_view why) { return text::invalid("account name", name, why); };
  if (name.size() > 200) return invalid("longer than 200 characters");
  auto segments = text::split(name, ':');
  for (std::string_view segment : segments) {
    if (segment.empty()) return invalid("empty segment");
    for (char c : segment)
      if (!is_name_char(c)) return invalid("segments use only letters, digits, '_' and '-'");
  }
  if (segments.size() < 2 || segments.front() != account_root(type)) {
    return invalid(
        fmt::format("a {} account is named {}:...", account_type_name(type), account_root(type)));
  }
  return {};
}

Status check_balanced(std::span<const PostingSpec> postings) {
  if (postings.size() < 2) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("an entry needs at least two postings, got {}", postings.size()));
  }
  struct Sums {
    Currency currency;
    boost::multiprecision::cpp_int debit = 0, credit = 0;
  };
  std::map<std::string_view, Sums> per_currency;
  for (std::size_t i = 0; i < postings.size(); ++i) {
    const Money& amount = postings[i].amount;
    if (amount.is_zero()) {
      return make_error(
          ErrorCode::FailedPrecondition,
          fmt::format("posting {} ({}): amount is zero", i + 1, text::quoted(postings[i].account)));
    }
    auto [it, inserted] =
        per_currency.try_emplace(amount.currency().code(), Sums{amount.currency()});
    (amount.is_positive() ? it->second.debit : it->second.credit) +=
        boost::multiprecision::abs(boost::multiprecision::cpp_int(amount.minor_units()));
  }
  std::string problems;
  for (const auto& [code, sums] : per_currency) {
    if (sums.debit == sums.credit) continue;
    if (!problems.empty()) problems += "; ";
    auto show = [&](const boost::multiprecision::cpp_int& v) {
      // Sums of int64 postings may exceed int64: show them exactly, grouped in thousands.
      std::string digits = v.str();
      std::string out;
      for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
      }
      return out;
    };
    const boost::multiprecision::cpp_int remainder = sums.debit - sums.credit;
    problems += fmt::format("{} remainder {}{} (debits {}, credits {})", code,
                            remainder < 0 ? "-" : "", show(boost::multiprecision::abs(remainder)),
                            show(sums.debit), show(sums.credit));
  }
  if (!problems.empty()) {
    return make_error(ErrorCode::FailedPrecondition, "entry does not balance: " + problems);
  }
  return {};
}

Status check_key(std::string_view key) {
  if (key.empty() || key.size() > 200 || !is_clean_text(key)) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("key {}: 1 to 200 characters of text", text::quoted(key)));
  }
  // Two keys that read alike are one key: stored as read (NFC, no surrounding white space).
  if (text::as_read(key) != key) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("key {}: white space around it, or not in Unicode NFC; give it "
                                  "as {}",
                                  text::quoted(key), text::quoted(text::as_read(key))));
  }
  return {};
}

Status check_entry(const EntrySpec& entry) {
  if (!entry.date.ok() || static_cast<int>(entry.date.year()) < kMinYear ||
      static_cast<int>(entry.date.year()) > kMaxYear) {
    return make_error(ErrorCode::InvalidArgument, "date: not a valid date in 1900 to 2999");
  }
  if (!is_kind(entry.kind)) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("kind {}: lower-case words joined by '-', e.g. manual",
                                  text::quoted(entry.kind)));
  }
  if (Status s = check_key(entry.key); !s) return s.error();
  if (entry.memo.size() > 1000 || !is_clean_text(entry.memo, true)) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("memo {}: at most 1000 characters of valid UTF-8 text",
                                  text::quoted(entry.memo)));
  }
  if (entry.loan && entry.loan->value <= 0) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("loan {}: ids are positive", entry.loan->value));
  }
  for (std::size_t i = 0; i < entry.postings.size(); ++i) {
    const PostingSpec& p = entry.postings[i];
    if (p.account.empty() || p.account.size() > 200 || !is_clean_text(p.account)) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("posting {}: account {} is not a valid name", i + 1,
                                    text::quoted(p.account)));
    }
    if (p.loan && p.loan->value <= 0) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("posting {}: loan {}: ids are positive", i + 1, p.loan->value));
    }
    const std::int64_t minor = p.amount.minor_units();
    if (minor > kMaxAmount || minor < -kMaxAmount) {
      return make_error(ErrorCode::OutOfRange,
                        fmt::format("posting {}: amount {} is too large: at most 10^15 minor units",
                                    i + 1, minor));
    }
  }
  return check_balanced(entry.postings);
}

std::string canonical_content(const Entry& entry) {
  std::string out;
  out.reserve(512);
  out += "socai-entry-v1\n";
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("id:{}\n"), entry.id.value);
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("date:{}\n"), format_date(entry.date));
  append_field(out, "recorded_at", entry.recorded_at);
  append_field(out, "actor", entry.actor);
  append_field(out, "kind", entry.kind);
  append_field(out, "memo", entry.memo);
  append_field(out, "key", entry.key);
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("loan:{}\n"),
                 optional_id(entry.loan ? std::optional(entry.loan->value) : std::nullopt));
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("reverses:{}\n"),
                 optional_id(entry.reverses ? std::optional(entry.reverses->value) : std::nullopt));
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("prev:{}\n"), entry.prev_hash);
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("postings:{}\n"), entry.postings.size());
  for (const Posting& p : entry.postings) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}|{}:{}|{}|{}|{}\n"), p.seq,
                   p.account.size(), p.account, p.amount.currency().code(), p.amount.minor_units(),
                   optional_id(p.loan ? std::optional(p.loan->value) : std::nullopt));
  }
  return out;
}

std::string compute_entry_hash(const Entry& entry) {
  return sha256_hex(canonical_content(entry));
}

std::string request_digest(const EntrySpec& entry, std::optional<EntryId> reverses) {
  std::string out;
  out.reserve(512);
  out += "socai-request-v1\n";
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("date:{}\n"), format_date(entry.date));
  append_field(out, "kind", entry.kind);
  append_field(out, "memo", entry.memo);
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("loan:{}\n"),
                 optional_id(entry.loan ? std::optional(entry.loan->value) : std::nullopt));
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("reverses:{}\n"),
                 optional_id(reverses ? std::optional(reverses->value) : std::nullopt));
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("postings:{}\n"), entry.postings.size());
  for (const PostingSpec& p : entry.postings) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}:{}|{}|{}|{}\n"), p.account.size(),
                   p.account, p.amount.currency().code(), p.amount.minor_units(),
                   optional_id(p.loan ? std::optional(p.loan->value) : std::nullopt));
  }
  return sha256_hex(out);
}

std::string sha256_hex(std::string_view bytes) {
  // The algorithm is fetched once and each thread keeps its context: OpenSSL 3 looks the
  // algorithm up again on every EVP_Digest(EVP_sha256()), which cost about half as much as
  // hashing an entry.
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
#else
  static const EVP_MD* const md = EVP_sha256();
#endif
  thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(),
                                                                                &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (md == nullptr || context == nullptr || EVP_DigestInit_ex(context.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1) {
    std::abort();  // OpenSSL cannot fail on SHA-256 of memory short of a broken installation
  }
  return text::hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

bool is_clean_text(std::string_view s, bool allow_tab) {
  if (!text::is_valid_utf8(s)) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(allow_tab && c == '\t')) || u == 0x7F) return false;
  }
  return true;
}

}  // namespace socai
