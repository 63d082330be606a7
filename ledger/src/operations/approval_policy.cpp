// The approval policy (approvals.hpp): which operations need a second actor, from the ledger's
// settings approval.kinds and approval.post-above, and the settings that always do.
#include <fmt/format.h>

#include <algorithm>

#include "ledger/approvals.hpp"
#include "ledger/fees.hpp"
#include "text.hpp"

namespace socai {
namespace {

// The debits of an entry per currency, minor units.
std::vector<std::pair<Currency, std::int64_t>> debits(const EntrySpec& e) {
  std::vector<std::pair<Currency, std::int64_t>> out;
  for (const PostingSpec& p : e.postings) {
    if (p.amount.minor_units() <= 0) continue;
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const auto& d) { return d.first == p.amount.currency(); });
    if (it == out.end()) {
      out.emplace_back(p.amount.currency(), p.amount.minor_units());
    } else if (__builtin_add_overflow(it->second, p.amount.minor_units(), &it->second)) {
      it->second = INT64_MAX;
    }
  }
  return out;
}

// The settings whose change always needs a second actor, so that one person cannot loosen
// the policy itself, the rates' limits or a cash floor.
bool always_two_person(std::string_view key) {
  return key.starts_with("approval.") || key.starts_with("limit.") ||
         key.starts_with(kCashFloorPrefix);
}

}  // namespace

Result<ApprovalPolicy> ApprovalPolicy::parse(std::string_view kinds, std::string_view post_above) {
  ApprovalPolicy policy;
  auto bad = [](std::string_view key, std::string_view value, std::string_view why) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("setting {} = {}: {}", key, text::quoted(value), why));
  };
  for (std::string_view word : text::split(kinds, ' ')) {
    if (word.empty()) continue;
    Result<OperationKind> kind = parse_operation_kind(word);
    if (!kind) return bad("approval.kinds", kinds, kind.error().message);
    policy.kinds.insert(kind.value());
  }
  for (std::string_view word : text::split(post_above, ' ')) {
    if (word.empty()) continue;
    const std::size_t colon = word.find(':');
    if (colon == std::string_view::npos)
      return bad("approval.post-above", post_above,
                 "each word is CURRENCY:AMOUNT, as VND:100000000");
    Result<Currency> currency = Currency::find(word.substr(0, colon));
    if (!currency) return bad("approval.post-above", post_above, currency.error().message);
    Result<Money> amount = Money::parse(word.substr(colon + 1), currency.value());
    if (!amount || amount->minor_units() < 0)
      return bad("approval.post-above", post_above, "each amount is a plain number, 0 or more");
    for (const Money& m : policy.post_above) {
      if (m.currency() == currency.value())
        return bad("approval.post-above", post_above, "a currency is listed once");
    }
    policy.post_above.push_back(amount.value());
  }
  return policy;
}

Status ApprovalPolicy::check_setting(std::string_view key, std::string_view value) {
  if (key == "approval.kinds" || key == "approval.post-above") {
    Result<ApprovalPolicy> policy = key == "approval.kinds" ? parse(value, "") : parse("", value);
    if (!policy) return policy.error();
    return {};
  }
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("setting {}: not a setting (approval.kinds, approval.post-above)",
                                text::quoted(key)));
}

bool ApprovalPolicy::needs_second_actor(const Operation& operation) const {
  if (operation.kind() == OperationKind::ActorChange) return true;
  if (operation.kind() == OperationKind::LedgerSetting &&
      always_two_person(std::get<LedgerSettingOperation>(operation.fields()).key)) {
    return true;
  }
  if (!kinds.contains(operation.kind())) return false;
  if (operation.kind() != OperationKind::ManualEntry) return true;
  for (const EntrySpec& e : std::get<ManualEntryOperation>(operation.fields()).entries) {
    for (const auto& total : debits(e)) {
      // By name: clang 14 cannot capture a structured binding.
      const auto& currency = total.first;
      auto limit = std::find_if(post_above.begin(), post_above.end(),
                                [&](const Money& m) { return m.currency() == currency; });
      if (limit == post_above.end() || total.second > limit->minor_units()) return true;
    }
  }
  return false;
}

}  // namespace socai
