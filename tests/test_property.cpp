// Property test: thousands of random balanced entries (several currencies, reversals, retries,
// refused entries, period closes) against a reference model kept here in plain integers.
// The seed is printed on failure; SOCAI_SEED=<n> reproduces a run.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <numeric>
#include <random>

#include "ledger/store.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

struct ModelPosting {
  std::string account;
  std::string currency;
  std::int64_t amount;
};

struct ModelEntry {
  Date date;
  std::vector<ModelPosting> postings;
  bool is_reversal = false;
  bool reversed = false;
};

using Sums = std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>>;

// Debit and credit sums per account and currency of the model's entries up to `as_of`.
Sums model_sums(const std::vector<ModelEntry>& entries, std::optional<Date> as_of) {
  Sums sums;
  for (const ModelEntry& e : entries) {
    if (as_of && e.date > *as_of) continue;
    for (const ModelPosting& p : e.postings) {
      auto& [debit, credit] = sums[{p.account, p.currency}];
      (p.amount > 0 ? debit : credit) += p.amount > 0 ? p.amount : -p.amount;
    }
  }
  return sums;
}

void check_against_model(Store& store, const std::vector<ModelEntry>& model,
                         std::optional<Date> as_of) {
  const Sums expected = model_sums(model, as_of);
  const std::vector<BalanceRow> rows = store.trial_balance(as_of).value();
  REQUIRE(rows.size() == expected.size());
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_currency;
  for (const BalanceRow& row : rows) {
    auto it = expected.find({row.account, row.currency});
    REQUIRE(it != expected.end());
    CHECK(row.debit == it->second.first);
    CHECK(row.credit == it->second.second);
    CHECK(row.balance == row.debit - row.credit);
    per_currency[row.currency].first += row.debit;
    per_currency[row.currency].second += row.credit;
  }
  for (const auto& [currency, totals] : per_currency) {
    INFO("currency " << currency);
    CHECK(totals.first == totals.second);
  }
}

}  // namespace

TEST_CASE(
    "10,000 random balanced entries keep the trial balance at zero and every balance "
    "equal to the sum of its postings",
    "[store][property]") {
  const std::uint64_t seed = test_seed();
  INFO("seed " << seed << " (rerun with SOCAI_SEED=" << seed << ")");
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };

  TempDir dir;
  // Durability is not under test here; synchronous=NORMAL keeps the run short.
  auto store = create_ledger(dir.file("ledger.db"), test_options(false)).value();
  std::vector<std::string> accounts{"Assets:Cash:HeadOffice", "Equity:Funds:Central",
                                    "Equity:Funds:Local",     "Income:Interest:01",
                                    "Income:Recoveries",      "Expenses:EntrustmentFees"};
  for (int i = 1; i <= 6; ++i) {
    // Vaults, not transaction points: no cash floor (fees.hpp), any balance is reached.
    const std::string name = "Assets:Cash:Vault-" + std::to_string(i);
    REQUIRE(store->add_account(NewAccount{name, AccountType::Asset, "", false, ""}, "clerk").ok());
    accounts.push_back(name);
  }
  const std::vector<Currency> currencies{vnd(), usd(), Currency::find("EUR").value()};

  std::vector<ModelEntry> model;
  std::vector<EntrySpec> specs;  // specs[i] is model[i]'s request, for retries
  date::sys_days today = date::sys_days{2025_y / January / 1};
  std::optional<Date> closed;
  int refused = 0, retried = 0, reversals = 0, closes = 0;

  auto random_entry = [&](const std::string& key) {
    EntrySpec e{.date = Date{today},
                .kind = "manual",
                .memo = "entry " + key,
                .key = key,
                .loan = std::nullopt,
                .postings = {}};
    const int groups = uniform(1, 10) == 1 ? 2 : 1;  // sometimes two currencies in one entry
    for (int g = 0; g < groups; ++g) {
      const Currency currency = currencies[uniform(0, 2)];
      const std::int64_t max = currency.exponent() == 0 ? 1'000'000'000'000 : 100'000'000;
      // n - 1 random non-zero amounts whose sum is not zero, then the one that balances them.
      std::vector<std::int64_t> amounts;
      std::int64_t sum = 0;
      while (sum == 0) {
        amounts.clear();
        const int n = static_cast<int>(uniform(2, 5));
        for (int i = 0; i < n - 1; ++i)
          amounts.push_back(uniform(1, max) * (uniform(0, 1) ? 1 : -1));
        sum = std::accumulate(amounts.begin(), amounts.end(), std::int64_t{0});
      }
      amounts.push_back(-sum);
      for (std::int64_t amount : amounts) {
        e.postings.push_back({accounts[uniform(0, accounts.size() - 1)],
                              Money::from_minor(amount, currency), std::nullopt});
      }
    }
    return e;
  };
  auto record = [&](const EntrySpec& e, bool is_reversal) {
    ModelEntry m{e.date, {}, is_reversal, false};
    for (const PostingSpec& p : e.postings)
      m.postings.push_back(
          {p.account, std::string(p.amount.currency().code()), p.amount.minor_units()});
    model.push_back(std::move(m));
    specs.push_back(e);
  };

  constexpr std::size_t kEntries = 10'000;
  std::size_t next_key = 1;
  while (model.size() < kEntries) {
    today += date::days{uniform(0, 2)};
    const int action = static_cast<int>(uniform(1, 100));
    if (action <= 70) {
      // A batch of new entries, all or nothing.
      std::vector<EntrySpec> batch;
      const auto size = std::min<std::int64_t>(uniform(1, 20), kEntries - model.size());
      for (std::int64_t i = 0; i < size; ++i)
        batch.push_back(random_entry("K" + std::to_string(next_key++)));
      auto outcomes = store->post_batch(batch, "officer");
      REQUIRE(outcomes.ok());
      for (std::size_t i = 0; i < batch.size(); ++i) {
        REQUIRE(outcomes->at(i).id == EntryId{static_cast<std::int64_t>(model.size() + 1)});
        record(batch[i], false);
      }
    } else if (action <= 80) {
      // A reversal of a random entry that is neither reversed nor a reversal.
      const auto i = static_cast<std::size_t>(uniform(0, model.size() - 1));
      if (model.empty() || model[i].reversed || model[i].is_reversal) continue;
      const Date date = std::max(model[i].date, Date{today});
      auto outcome = store->reverse(
          ReversalSpec{EntryId{static_cast<std::int64_t>(i + 1)}, date, "", ""}, "auditor");
      if (closed && date <= *closed) {
        REQUIRE_FALSE(outcome.ok());
        ++refused;
        continue;
      }
      REQUIRE(outcome.ok());
      model[i].reversed = true;
      EntrySpec r = specs[i];
      r.date = date;
      for (PostingSpec& p : r.postings) p.amount = p.amount.negated().value();
      record(r, true);
      ++reversals;
    } else if (action <= 88) {
      // A retry of a recorded entry: already recorded, nothing changes.
      if (model.empty()) continue;
      const auto i = static_cast<std::size_t>(uniform(0, model.size() - 1));
      if (model[i].is_reversal) continue;
      auto outcome = store->post(specs[i], "officer");
      REQUIRE(outcome.ok());
      CHECK(outcome->already_recorded);
      CHECK(outcome->id == EntryId{static_cast<std::int64_t>(i + 1)});
      ++retried;
    } else if (action <= 94) {
      // A refused entry: unbalanced, or dated in the closed period; nothing is written.
      EntrySpec bad = random_entry("BAD" + std::to_string(next_key++));
      if (closed && uniform(0, 1)) {
        bad.date = *closed;
      } else {
        bad.postings.back().amount = Money::from_minor(bad.postings.back().amount.minor_units() + 1,
                                                       bad.postings.back().amount.currency());
        if (bad.postings.back().amount.is_zero()) continue;
      }
      REQUIRE_FALSE(store->post(bad, "officer").ok());
      ++refused;
    } else if (action <= 96) {
      // Close the period through yesterday.
      const Date through{today - date::days{1}};
      auto outcome = store->close_period(through, "chief");
      REQUIRE(outcome.ok());
      if (!outcome->already_closed) ++closes;
      closed = outcome->closed_through;
    } else {
      // Spot-check a balance as of a random past date.
      const Date as_of{
          date::sys_days{2025_y / January / 1} +
          date::days{uniform(0, (today - date::sys_days{2025_y / January / 1}).count())}};
      check_against_model(*store, model, as_of);
    }
  }

  CHECK(store->entry_count().value() == static_cast<std::int64_t>(kEntries));
  check_against_model(*store, model, std::nullopt);
  VerifyReport report = store->verify().value();
  CHECK(report.ok());
  CHECK(report.entries_checked == static_cast<std::int64_t>(kEntries));
  // The run exercised every kind of step.
  CHECK(reversals > 50);
  CHECK(retried > 50);
  CHECK(refused > 50);
  CHECK(closes > 10);
}
