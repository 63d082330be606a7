#include "credit/savings.hpp"

#include <fmt/format.h>

#include "credit/errors.hpp"

namespace socai::credit {
namespace {

Currency vnd() {
  return Currency::find("VND").value();
}

const char* savings_kind(const SavingsOperation& op) {
  return op.withdrawal ? "withdraw" : "deposit";
}

}  // namespace

Status check_savings(const SavingsOperation& op) {
  if (!(op.amount.currency() == vnd())) return invalid_field("amount", ": savings are kept in VND");
  if (!op.amount.is_positive()) return invalid_field("amount", ": must be more than zero");
  if (!op.key.empty()) return check_key(op.key);
  return {};
}

OperationKey savings_key(const SavingsOperation& op) {
  const std::int64_t amount = op.amount.minor_units();
  return {op.key.empty() ? fmt::format("{}:{}:{}:{}", savings_kind(op), op.household,
                                       format_date(op.date), amount)
                         : op.key,
          sha256_hex(fmt::format("savings|{}|{}|{}|{}", savings_kind(op), op.household,
                                 format_date(op.date), amount))};
}

Status check_savings_amount(const SavingsOperation& op, std::int64_t balance) {
  const std::int64_t amount = op.amount.minor_units();
  if (!op.withdrawal && amount < kMinimumDeposit) {
    return refused(fmt::format("a deposit of {} is less than the smallest deposit, {}",
                               amount_text(amount, vnd()), amount_text(kMinimumDeposit, vnd())));
  }
  if (op.withdrawal && amount > balance) {
    return refused(fmt::format("withdrawing {} is more than household {}'s savings ({})",
                               amount_text(amount, vnd()), op.household,
                               amount_text(balance, vnd())));
  }
  return {};
}

std::string savings_account(const std::string& group) {
  return "Liabilities:Savings:" + group;
}

std::int64_t signed_savings(const SavingsOperation& op) {
  return op.withdrawal ? -op.amount.minor_units() : op.amount.minor_units();
}

EntrySpec savings_entry(const SavingsOperation& op, const std::string& key,
                        const std::string& group, const std::string& cash_account) {
  const std::int64_t amount = signed_savings(op);
  return EntrySpec{
      .date = op.date,
      .kind = op.withdrawal ? "savings-withdrawal" : "savings-deposit",
      .memo = fmt::format("Savings {} household {}", op.withdrawal ? "withdrawn by" : "of",
                          op.household),
      .key = "savings:" + key,
      .loan = std::nullopt,
      .postings = {
          PostingSpec{cash_account, Money::from_minor(amount, vnd()), std::nullopt},
          PostingSpec{savings_account(group), Money::from_minor(-amount, vnd()), std::nullopt}}};
}

}  // namespace socai::credit
