// Members' voluntary savings with the group leader (DOMAIN.md section 5): the checks, key and
// journal entry of a deposit or a withdrawal. Internal to the library.
#pragma once

#include <cstdint>
#include <string>

#include "credit/events.hpp"
#include "ledger/loan_book.hpp"

namespace socai::credit {

// The smallest deposit, VND (DOMAIN.md section 5).
inline constexpr std::int64_t kMinimumDeposit = 5'000;

// An amount in VND, more than zero.
Status check_savings(const SavingsOperation& operation);
// "<deposit|withdraw>:<household>:<date>:<amount>" unless the caller gave a key.
OperationKey savings_key(const SavingsOperation& operation);
// Refused (FailedPrecondition): a deposit below the smallest, a withdrawal beyond `balance`,
// the member's savings before it.
Status check_savings_amount(const SavingsOperation& operation, std::int64_t balance);

// The group's savings liability: "Liabilities:Savings:<group>".
std::string savings_account(const std::string& group);
// The entry of the operation under `key`: the commune's cash `cash_account` against the
// group's savings.
EntrySpec savings_entry(const SavingsOperation& operation, const std::string& key,
                        const std::string& group, const std::string& cash_account);
// The operation's change to the member's savings: the amount, negative for a withdrawal.
std::int64_t signed_savings(const SavingsOperation& operation);

}  // namespace socai::credit
