#include "reports/reconcile_checks.hpp"

#include <fmt/format.h>

#include "ledger/money.hpp"
#include "reports/flows.hpp"
#include "text.hpp"

namespace socai::reports {

ReconcileCheck new_check(std::string name) {
  return ReconcileCheck{.name = std::move(name),
                        .passed = true,
                        .figures = "",
                        .discrepancies = {},
                        .discrepancy_count = 0};
}

void add_discrepancy(ReconcileCheck& check, std::string where, std::string expected,
                     std::string found) {
  check.passed = false;
  ++check.discrepancy_count;
  if (check.discrepancies.size() < kListedDiscrepancies)
    check.discrepancies.push_back({std::move(where), std::move(expected), std::move(found)});
}

std::string amount_text(std::int64_t minor_units, std::string_view currency) {
  Result<Currency> c = Currency::find(std::string(currency));
  if (!c) return std::to_string(minor_units);
  return format_minor(minor_units, c.value(), MoneyFormat::GroupedEnglish);
}

ReconcileCheck trial_balance_check(std::span<const CurrencyTurnover> per_currency) {
  ReconcileCheck c = new_check("trial balance");
  for (const CurrencyTurnover& t : per_currency) {
    c.figures +=
        fmt::format("{}{} debits {}, credits {}", c.figures.empty() ? "" : "; ", t.currency,
                    amount_text(t.debits, t.currency), amount_text(t.credits, t.currency));
    if (t.debits != t.credits) {
      add_discrepancy(c, t.currency, "credits " + amount_text(t.debits, t.currency),
                      "credits " + amount_text(t.credits, t.currency));
    }
  }
  if (c.figures.empty()) c.figures = "no postings";
  return c;
}

void EntriesBalancedCheck::add_unbalanced(std::int64_t entry, std::string_view currency,
                                          std::int64_t sum) {
  add_discrepancy(check_, fmt::format("entry {} ({})", entry, currency), "postings summing to 0",
                  "they sum to " + amount_text(sum, currency));
}

void EntriesBalancedCheck::add_without_postings(std::int64_t entry) {
  add_discrepancy(check_, fmt::format("entry {}", entry), "postings", "none");
}

ReconcileCheck EntriesBalancedCheck::finish(std::int64_t entries, std::int64_t postings) && {
  check_.figures = fmt::format("{} entries, {} postings", entries, postings);
  return std::move(check_);
}

ReconcileCheck hash_chain_check(const VerifyReport& verified) {
  ReconcileCheck c = new_check("hash chain");
  c.figures = fmt::format("{} entries, head {}", verified.entries_checked, verified.head_hash);
  if (!verified.ok()) {
    add_discrepancy(
        c, verified.first_bad ? fmt::format("entry {}", verified.first_bad->value) : "database",
        "the recorded hash and chain", verified.problem);
  }
  return c;
}

void MaintainedBalancesCheck::add(const BalanceRow& row) {
  ++rows_;
  const std::string where =
      fmt::format("{} {}{}", row.account, row.currency,
                  row.loan_id ? fmt::format(" (loan id {})", row.loan_id) : "");
  auto text = [&](const DebitCredit& b) {
    return fmt::format("debit {}, credit {}", amount_text(b.debit, row.currency),
                       amount_text(b.credit, row.currency));
  };
  // Bounded by kMaxLedgerDebits when the postings are the library's; wrapped if they are not,
  // which the comparison with the kept total then shows.
  std::int64_t& debits = posted_debits_[row.currency];
  if (__builtin_add_overflow(debits, row.postings.debit, &debits)) debits = -1;
  if (!(row.running == row.postings))
    add_discrepancy(check_, where + ": running balance", text(row.postings), text(row.running));
  if (!(row.daily == row.postings))
    add_discrepancy(check_, where + ": daily balances", text(row.postings), text(row.daily));
}

void MaintainedBalancesCheck::add_ledger_total(const std::string& currency, std::int64_t debit) {
  kept_debits_[currency] = debit;
}

ReconcileCheck MaintainedBalancesCheck::finish() && {
  std::map<std::string, std::int64_t> every = kept_debits_;
  for (const auto& [currency, debit] : posted_debits_) every.emplace(currency, 0);
  for (const auto& row : every) {
    const std::string& currency = row.first;
    const auto posted = posted_debits_.find(currency);
    const auto kept = kept_debits_.find(currency);
    const std::int64_t p = posted == posted_debits_.end() ? 0 : posted->second;
    const std::int64_t k = kept == kept_debits_.end() ? 0 : kept->second;
    if (p != k) {
      add_discrepancy(
          check_, "ledger total " + currency,
          "debits " + (p < 0 ? std::string("beyond 64 bits") : amount_text(p, currency)),
          "debits " + amount_text(k, currency));
    }
  }
  check_.figures =
      fmt::format("{} balances (account, currency, loan) recomputed from postings", rows_);
  return std::move(check_);
}

void LoanChecks::add_loan(const LoanReplay& replay, std::span<const LoanBucket> buckets) {
  ++loans_;
  if (replay.failure) {
    add_discrepancy(states_, "loan " + replay.code, "events that replay", *replay.failure);
  } else if (!replay.matches) {
    add_discrepancy(
        states_, "loan " + replay.code,
        fmt::format("principal {} as its events give", amount_text(replay.folded_principal)),
        fmt::format("snapshot principal {}", amount_text(replay.snapshot_principal)));
  }
  for (const LoanBucket& b : buckets) {
    control_expected_[b.account] += b.snapshot;
    if (b.posted != b.snapshot) {
      add_discrepancy(ledgers_, fmt::format("loan {} ({})", replay.code, b.account),
                      amount_text(b.snapshot), amount_text(b.posted));
    }
  }
}

void LoanChecks::add_control_account(const std::string& account, std::int64_t balance) {
  if (account.rfind("OffBalance:WrittenOff:", 0) == 0) return;
  ++accounts_;
  auto it = control_expected_.find(account);
  const std::int64_t expected = it == control_expected_.end() ? 0 : it->second;
  if (balance != expected)
    add_discrepancy(controls_, account, amount_text(expected), amount_text(balance));
}

std::vector<ReconcileCheck> LoanChecks::finish() && {
  states_.figures = fmt::format("{} loans replayed from their events", loans_);
  ledgers_.figures = fmt::format("{} loans x 4 buckets against their postings", loans_);
  controls_.figures =
      fmt::format("{} control accounts against the sum of their loans' buckets", accounts_);
  std::vector<ReconcileCheck> checks;
  checks.push_back(std::move(states_));
  checks.push_back(std::move(ledgers_));
  checks.push_back(std::move(controls_));
  return checks;
}

RollForwardCheck::RollForwardCheck(date::year_month month)
    : check_(new_check("roll-forward " + format_date(Date{month / date::day{1}}).substr(0, 7))) {}

void RollForwardCheck::add_balances(std::int64_t loan_id, std::int64_t opening,
                                    std::int64_t closing) {
  PortfolioFlows& f = loans_[loan_id];
  f.opening = opening;
  f.closing = closing;
}

void RollForwardCheck::add_event(std::int64_t loan_id, const PortfolioFlows& flows) {
  add_flows(loans_[loan_id], flows);
}

void RollForwardCheck::add_levels(const LoanLevels& loan) {
  auto it = loans_.find(loan.loan_id);
  if (it == loans_.end()) return;
  ++rolled_;
  const PortfolioFlows& f = it->second;
  add_flows(levels_["loan " + loan.code], f);
  add_flows(levels_["group " + loan.group], f);
  add_flows(levels_[fmt::format("commune {} x organisation {} x program {}", loan.commune,
                                loan.organisation, loan.program)],
            f);
  add_flows(levels_["district " + loan.district], f);
  add_flows(levels_["province " + loan.province], f);
  add_flows(total_, f);
}

ReconcileCheck RollForwardCheck::finish() && {
  for (const auto& [place, f] : levels_) {
    const std::int64_t expected = f.rolled_forward();
    if (expected != f.closing) {
      add_discrepancy(
          check_, place,
          fmt::format("closing {} (opening {} + disbursed {} - reversed {} - collected {} - "
                      "written off {})",
                      amount_text(expected), amount_text(f.opening), amount_text(f.disbursed),
                      amount_text(f.reversed), amount_text(f.collected_principal),
                      amount_text(f.written_off)),
          "closing " + amount_text(f.closing));
    }
  }
  check_.figures = fmt::format(
      "{} loans: opening {} + disbursed {} - reversed {} - collected {} - written off {} = "
      "closing {}",
      rolled_, amount_text(total_.opening), amount_text(total_.disbursed),
      amount_text(total_.reversed), amount_text(total_.collected_principal),
      amount_text(total_.written_off), amount_text(total_.closing));
  return std::move(check_);
}

void CashCheck::add(const CashCount& count, std::optional<std::int64_t> book) {
  ++counts_;
  const std::string where =
      fmt::format("{} on {} (line {})", count.account, format_date(count.date), count.line);
  if (!book) {
    add_discrepancy(check_, where, "an account of the ledger", "no such account");
    return;
  }
  counted_ += count.amount;
  if (*book != count.amount) {
    add_discrepancy(check_, where, "the journal's " + amount_text(*book),
                    "counted " + amount_text(count.amount));
  }
}

ReconcileCheck CashCheck::finish() && {
  check_.figures = fmt::format("{} counts, {} counted", counts_, amount_text(counted_));
  return std::move(check_);
}

void ReferenceTextCheck::add_text(std::string_view kind, std::string_view code,
                                  std::string_view field, std::string_view value) {
  ++texts_;
  const std::string where = fmt::format("{} {} {}", kind, text::quoted(code), field);
  if (!text::is_valid_utf8(value)) {
    add_discrepancy(check_, where, "UTF-8 text", "bytes that are not UTF-8");
    return;
  }
  // The text itself is not shown: it would act on the reader's terminal.
  if (std::optional<char32_t> c = text::unreadable_code_point(value)) {
    add_discrepancy(check_, where, "no control, format or bidirectional character",
                    fmt::format("U+{:04X}", static_cast<std::uint32_t>(*c)));
    return;
  }
  if (const std::string read = text::as_read(value); read != value) {
    add_discrepancy(check_, where, text::quoted(read) + " (NFC, trimmed)",
                    text::quoted(value) + " (another form of the same text)");
  }
}

void ReferenceTextCheck::add_codes_alike(std::string_view kind,
                                         const std::vector<std::string>& codes) {
  std::string listed;
  for (const std::string& code : codes) listed += (listed.empty() ? "" : ", ") + text::quoted(code);
  add_discrepancy(check_, fmt::format("{} codes {}", kind, listed), "one code whatever its case",
                  fmt::format("{} codes", codes.size()));
}

ReconcileCheck ReferenceTextCheck::finish() && {
  check_.figures = fmt::format("{} names and places, codes of 5 kinds", texts_);
  return std::move(check_);
}

}  // namespace socai::reports
