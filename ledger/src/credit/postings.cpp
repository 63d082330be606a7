#include "credit/postings.hpp"

#include <algorithm>
#include <map>

namespace socai {
namespace credit {
namespace {

// Sums per account and whether the posting names the loan, laid out as one entry.
class PostingSums {
 public:
  void add(std::string account, bool loan, std::int64_t amount) {
    sums_[{std::move(account), loan}] += amount;
  }

  // One posting per account and loan, zero sums left out; debits first, then credits, each
  // in account order: a stable, readable entry.
  std::vector<PostingSpec> postings(const Program& p, const LoanContract& c) const {
    std::vector<PostingSpec> out;
    for (const auto& [key, amount] : sums_) {
      if (amount == 0) continue;
      out.push_back(PostingSpec{key.first, Money::from_minor(amount, p.currency),
                                key.second ? std::optional(c.id) : std::nullopt});
    }
    std::stable_sort(out.begin(), out.end(), [](const PostingSpec& a, const PostingSpec& b) {
      return a.amount.is_positive() && !b.amount.is_positive();
    });
    return out;
  }

 private:
  std::map<std::pair<std::string, bool>, std::int64_t> sums_;  // (account, names the loan)
};

}  // namespace

std::vector<PostingSpec> event_postings(const Program& p, const LoanContract& c,
                                        const LoanSplit& split) {
  PostingSums sums;
  const std::int64_t interest = split.overdue_interest + split.in_term_interest;
  const std::int64_t principal =
      split.overdue_principal + split.due_principal + split.prepaid_principal;
  if (split.disbursed > 0) {
    sums.add(p.account(LoanAccount::InTerm), true, split.disbursed);
    sums.add(c.cash_account, false, -split.disbursed);
  }
  if (p.basis == AccountingBasis::Cash) {
    // Rounded interest is tracked off balance sheet until it is collected, then it is income.
    sums.add(p.account(LoanAccount::AccruedInterest), true, split.interest_rounded - interest);
    sums.add(p.account(LoanAccount::AccruedInterestContra), false,
             interest - split.interest_rounded);
    sums.add(p.account(LoanAccount::InterestIncome), false, -interest);
  } else {
    sums.add(p.account(LoanAccount::InterestReceivable), true, split.interest_rounded - interest);
    sums.add(p.account(LoanAccount::InterestIncome), false, -split.interest_rounded);
  }
  sums.add(c.cash_account, false, interest + principal);
  sums.add(p.account(LoanAccount::Frozen), true, split.frozen - split.unfrozen);
  sums.add(p.account(LoanAccount::InTerm), true,
           split.unfrozen - (split.frozen - split.frozen_overdue));
  sums.add(p.account(LoanAccount::Overdue), true, -split.frozen_overdue);
  // Written-off principal is borne by the risk reserve and followed off balance sheet.
  const std::int64_t written_off =
      split.written_off_frozen + split.written_off_overdue + split.written_off_in_term;
  sums.add(p.account(LoanAccount::Frozen), true, -split.written_off_frozen);
  sums.add(p.account(LoanAccount::Overdue), true, -split.written_off_overdue);
  sums.add(p.account(LoanAccount::InTerm), true, -split.written_off_in_term);
  sums.add("Equity:RiskReserve", false, written_off);
  if (p.basis == AccountingBasis::Cash) {
    // Unpaid interest was never income: its off-balance record is cleared.
    sums.add(p.account(LoanAccount::AccruedInterest), true, -split.written_off_interest);
    sums.add(p.account(LoanAccount::AccruedInterestContra), false, split.written_off_interest);
  } else {
    sums.add(p.account(LoanAccount::InterestReceivable), true, -split.written_off_interest);
    sums.add("Equity:RiskReserve", false, split.written_off_interest);
  }
  sums.add("OffBalance:WrittenOff:" + p.code, true,
           written_off + split.written_off_interest - split.recovered);
  sums.add("OffBalance:WrittenOffContra:" + p.code, false,
           split.recovered - written_off - split.written_off_interest);
  sums.add(c.cash_account, false, split.recovered);
  sums.add("Income:Recoveries", false, -split.recovered);
  sums.add(p.account(LoanAccount::Overdue), true, -split.overdue_principal);
  sums.add(p.account(LoanAccount::InTerm), true, -(split.due_principal + split.prepaid_principal));

  return sums.postings(p, c);
}

std::vector<PostingSpec> restatement_postings(const Program& p, const LoanContract& c,
                                              const LoanState& from, const LoanState& to) {
  const LoanState& after = from;
  const LoanState& s = to;
  PostingSums sums;
  const std::int64_t due_change = (s.interest_due_in_term + s.interest_due_overdue) -
                                  (after.interest_due_in_term + after.interest_due_overdue);
  std::int64_t on_balance = 0;
  auto add_on = [&](std::string account, bool loan, std::int64_t amount) {
    on_balance += amount;
    sums.add(std::move(account), loan, amount);
  };
  add_on(p.account(LoanAccount::InTerm), true, s.in_term - after.in_term);
  add_on(p.account(LoanAccount::Overdue), true, s.overdue - after.overdue);
  add_on(p.account(LoanAccount::Frozen), true, s.frozen - after.frozen);
  if (p.basis == AccountingBasis::Cash) {
    sums.add(p.account(LoanAccount::AccruedInterest), true, due_change);
    sums.add(p.account(LoanAccount::AccruedInterestContra), false, -due_change);
    add_on(p.account(LoanAccount::InterestIncome), false,
           after.interest_collected - s.interest_collected);
  } else {
    add_on(p.account(LoanAccount::InterestReceivable), true, due_change);
    add_on(p.account(LoanAccount::InterestIncome), false,
           after.interest_rounded - s.interest_rounded);
  }
  const std::int64_t recovered = s.recovered - after.recovered;
  sums.add("OffBalance:WrittenOff:" + p.code, true, -recovered);
  sums.add("OffBalance:WrittenOffContra:" + p.code, false, recovered);
  add_on("Income:Recoveries", false, -recovered);
  sums.add(c.cash_account, false, -on_balance);
  return sums.postings(p, c);
}

}  // namespace credit

std::vector<PostingSpec> transfer_postings(const Program& program, const LoanContract& contract,
                                           const OverdueTransfer& transfer) {
  if (transfer.kind == TransferKind::Unfreeze) {
    return {PostingSpec{program.account(LoanAccount::InTerm),
                        Money::from_minor(transfer.amount, program.currency), contract.id},
            PostingSpec{program.account(LoanAccount::Frozen),
                        Money::from_minor(-transfer.amount, program.currency), contract.id}};
  }
  return {PostingSpec{program.account(LoanAccount::Overdue),
                      Money::from_minor(transfer.amount, program.currency), contract.id},
          PostingSpec{program.account(LoanAccount::InTerm),
                      Money::from_minor(-transfer.amount, program.currency), contract.id}};
}

}  // namespace socai
