// Reconciliation (LoanBook::reconcile, ledger/reconcile.hpp): each check compares two
// independent records of the same figures.
//   trial balance          postings: debits = credits, per currency
//   entries balanced       postings of each entry sum to zero, per currency
//   hash chain             every entry's hash over its content and its predecessor's hash
//   maintained balances    the balances the triggers keep = the sums of the postings
//   loan states            each loan's snapshot = the fold of its events
//   loan sub-ledgers       each loan's buckets = its postings on its program's accounts
//   GL control accounts    each control account = the sum of its loans' buckets
//   roll-forward           opening + disbursed - reversed - collected - written off = closing,
//                          opening and closing from the journal, the flows from loan events,
//                          at loan, group, commune x organisation x program, district and
//                          province level
//   cash                   counted cash = the transaction point's cash account
#include <fmt/format.h>

#include <map>
#include <tuple>

#include "store/sqlite_loan_book.hpp"
#include "text.hpp"

namespace socai::store {
namespace {

constexpr std::size_t kListed = 100;  // discrepancies listed per check

std::string money(std::int64_t minor, const std::string& currency = "VND") {
  Result<Currency> c = Currency::find(currency);
  if (!c) return std::to_string(minor);
  return format_minor(minor, c.value(), MoneyFormat::GroupedEnglish);
}

void discrepancy(ReconcileCheck& check, std::string where, std::string expected,
                 std::string found) {
  check.passed = false;
  ++check.discrepancy_count;
  if (check.discrepancies.size() < kListed)
    check.discrepancies.push_back({std::move(where), std::move(expected), std::move(found)});
}

std::string all_dates(const std::optional<Date>& as_of) {
  return as_of ? format_date(*as_of) : std::string("9999-12-31");
}

}  // namespace

Result<ReconcileReport> SqliteLoanBook::reconcile(const ReconcileOptions& options) {
  return guarded([&]() -> Result<ReconcileReport> {
    // One read transaction: every check sees the same ledger.
    db_.exec("BEGIN");
    struct Rollback {
      SQLite::Database& db;
      ~Rollback() { db.tryExec("ROLLBACK"); }
    } rollback{db_};
    ReconcileReport report;
    const std::string through = all_dates(options.as_of);

    {  // Trial balance.
      ReconcileCheck c{.name = "trial balance",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      SQLite::Statement q(db_,
                          "SELECT p.currency, sum(max(p.amount, 0)), sum(max(-p.amount, 0)) "
                          "FROM postings p JOIN entries e ON e.id = p.entry_id "
                          "WHERE e.date <= ? GROUP BY p.currency ORDER BY p.currency");
      q.bind(1, through);
      while (q.executeStep()) {
        const std::string cur = q.getColumn(0).getString();
        const std::int64_t debit = q.getColumn(1).getInt64();
        const std::int64_t credit = q.getColumn(2).getInt64();
        c.figures += fmt::format("{}{} debits {}, credits {}", c.figures.empty() ? "" : "; ", cur,
                                 money(debit, cur), money(credit, cur));
        if (debit != credit)
          discrepancy(c, cur, "credits " + money(debit, cur), "credits " + money(credit, cur));
      }
      if (c.figures.empty()) c.figures = "no postings";
      report.checks.push_back(std::move(c));
    }
    {  // Every entry balanced.
      ReconcileCheck c{.name = "entries balanced",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      SQLite::Statement q(db_,
                          "SELECT entry_id, currency, sum(amount) FROM postings "
                          "GROUP BY entry_id, currency HAVING sum(amount) <> 0 ORDER BY entry_id");
      while (q.executeStep()) {
        const std::string cur = q.getColumn(1).getString();
        discrepancy(c, fmt::format("entry {} ({})", q.getColumn(0).getInt64(), cur),
                    "postings summing to 0",
                    "they sum to " + money(q.getColumn(2).getInt64(), cur));
      }
      SQLite::Statement empty(db_,
                              "SELECT id FROM entries e WHERE NOT EXISTS "
                              "(SELECT 1 FROM postings p WHERE p.entry_id = e.id) ORDER BY id");
      while (empty.executeStep())
        discrepancy(c, fmt::format("entry {}", empty.getColumn(0).getInt64()), "postings", "none");
      SQLite::Statement count(db_, "SELECT count(*), (SELECT count(*) FROM postings) FROM entries");
      count.executeStep();
      c.figures = fmt::format("{} entries, {} postings", count.getColumn(0).getInt64(),
                              count.getColumn(1).getInt64());
      report.checks.push_back(std::move(c));
    }
    db_.exec("ROLLBACK");  // verify reads in its own transaction
    {                      // Hash chain.
      ReconcileCheck c{.name = "hash chain",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      Result<VerifyReport> v = store_.verify();
      if (!v) return v.error();
      c.figures = fmt::format("{} entries, head {}", v->entries_checked, v->head_hash);
      if (!v->ok()) {
        discrepancy(c, v->first_bad ? fmt::format("entry {}", v->first_bad->value) : "database",
                    "the recorded hash and chain", v->problem);
      }
      report.checks.push_back(std::move(c));
    }
    db_.exec("BEGIN");
    {  // Maintained balances (running and daily) = sums of postings.
      ReconcileCheck c{.name = "maintained balances",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      SQLite::Statement q(
          db_,
          "WITH r AS (SELECT account_id, currency, coalesce(loan_id, 0) AS loan_id, "
          "sum(max(amount, 0)) AS debit, sum(max(-amount, 0)) AS credit FROM postings "
          "GROUP BY 1, 2, 3), "
          "d AS (SELECT account_id, currency, loan_id, sum(debit) AS debit, sum(credit) AS credit "
          "FROM daily_balances GROUP BY 1, 2, 3), "
          "k AS (SELECT account_id, currency, loan_id FROM r UNION "
          "SELECT account_id, currency, loan_id FROM balances UNION "
          "SELECT account_id, currency, loan_id FROM d) "
          "SELECT coalesce(a.name, '#' || k.account_id), k.currency, k.loan_id, "
          "coalesce(r.debit, 0), coalesce(r.credit, 0), coalesce(b.debit, 0), "
          "coalesce(b.credit, 0), coalesce(d.debit, 0), coalesce(d.credit, 0) FROM k "
          "LEFT JOIN r USING (account_id, currency, loan_id) "
          "LEFT JOIN balances b USING (account_id, currency, loan_id) "
          "LEFT JOIN d USING (account_id, currency, loan_id) "
          "LEFT JOIN accounts a ON a.id = k.account_id ORDER BY 1, 2, 3");
      std::int64_t rows = 0;
      while (q.executeStep()) {
        ++rows;
        const std::string cur = q.getColumn(1).getString();
        const std::int64_t loan = q.getColumn(2).getInt64();
        const std::string where = fmt::format("{} {}{}", q.getColumn(0).getString(), cur,
                                              loan ? fmt::format(" (loan id {})", loan) : "");
        const std::int64_t debit = q.getColumn(3).getInt64(), credit = q.getColumn(4).getInt64();
        auto pair = [&](std::int64_t d, std::int64_t cr) {
          return fmt::format("debit {}, credit {}", money(d, cur), money(cr, cur));
        };
        if (q.getColumn(5).getInt64() != debit || q.getColumn(6).getInt64() != credit) {
          discrepancy(c, where + ": running balance", pair(debit, credit),
                      pair(q.getColumn(5).getInt64(), q.getColumn(6).getInt64()));
        }
        if (q.getColumn(7).getInt64() != debit || q.getColumn(8).getInt64() != credit) {
          discrepancy(c, where + ": daily balances", pair(debit, credit),
                      pair(q.getColumn(7).getInt64(), q.getColumn(8).getInt64()));
        }
      }
      c.figures =
          fmt::format("{} balances (account, currency, loan) recomputed from postings", rows);
      report.checks.push_back(std::move(c));
    }

    // The loans: their snapshots, their sub-ledgers and the GL control accounts.
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> by_loan;  // (loan, account)
    {
      SQLite::Statement q(db_,
                          "SELECT p.loan_id, a.name, sum(p.amount) FROM postings p "
                          "JOIN accounts a ON a.id = p.account_id WHERE p.loan_id IS NOT NULL "
                          "GROUP BY 1, 2");
      while (q.executeStep())
        by_loan[{q.getColumn(0).getInt64(), q.getColumn(1).getString()}] =
            q.getColumn(2).getInt64();
    }
    std::map<std::string, std::int64_t> control_expected;  // account -> sum of loan buckets
    ReconcileCheck states{.name = "loan states",
                          .passed = true,
                          .figures = "",
                          .discrepancies = {},
                          .discrepancy_count = 0};
    ReconcileCheck ledgers{.name = "loan sub-ledgers",
                           .passed = true,
                           .figures = "",
                           .discrepancies = {},
                           .discrepancy_count = 0};
    ProgramCache programs;
    std::int64_t loans = 0;
    std::vector<LoanId> ids;
    {
      SQLite::Statement q(db_, "SELECT id FROM loans ORDER BY id");
      while (q.executeStep()) ids.push_back(LoanId{q.getColumn(0).getInt64()});
    }
    for (LoanId id : ids) {
      Result<LoanRecord> loan = read_loan(id, programs);
      if (!loan) return loan.error();
      ++loans;
      const std::string& code = loan->contract.code;
      Result<LoanState> folded = fold(loan.value(), std::nullopt, std::nullopt);
      if (!folded) {
        discrepancy(states, "loan " + code, "events that replay", folded.error().message);
      } else if (!(folded.value() == loan->state)) {
        discrepancy(states, "loan " + code,
                    fmt::format("principal {} as its events give", money(folded->principal())),
                    fmt::format("snapshot principal {}", money(loan->state.principal())));
      }
      const Program& p = *loan->program;
      const LoanState& s = loan->state;
      const std::string interest_account = p.basis == AccountingBasis::Cash
                                               ? p.account(LoanAccount::AccruedInterest)
                                               : p.account(LoanAccount::InterestReceivable);
      const std::pair<std::string, std::int64_t> buckets[] = {
          {p.account(LoanAccount::InTerm), s.in_term},
          {p.account(LoanAccount::Overdue), s.overdue},
          {p.account(LoanAccount::Frozen), s.frozen},
          {interest_account, s.interest_due_in_term + s.interest_due_overdue}};
      for (const auto& [account, expected] : buckets) {
        control_expected[account] += expected;
        auto it = by_loan.find({id.value, account});
        const std::int64_t found = it == by_loan.end() ? 0 : it->second;
        if (found != expected)
          discrepancy(ledgers, fmt::format("loan {} ({})", code, account), money(expected),
                      money(found));
      }
    }
    states.figures = fmt::format("{} loans replayed from their events", loans);
    ledgers.figures = fmt::format("{} loans x 4 buckets against their postings", loans);
    report.checks.push_back(std::move(states));
    report.checks.push_back(std::move(ledgers));
    {
      ReconcileCheck c{.name = "GL control accounts",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      SQLite::Statement q(db_,
                          "SELECT a.name, coalesce(sum(p.amount), 0) FROM accounts a "
                          "LEFT JOIN postings p ON p.account_id = a.id WHERE a.control = 1 "
                          "GROUP BY a.name ORDER BY a.name");
      std::int64_t accounts = 0;
      while (q.executeStep()) {
        const std::string account = q.getColumn(0).getString();
        if (account.rfind("OffBalance:WrittenOff:", 0) == 0) continue;  // followed, not a bucket
        ++accounts;
        const std::int64_t gl = q.getColumn(1).getInt64();
        auto it = control_expected.find(account);
        const std::int64_t expected = it == control_expected.end() ? 0 : it->second;
        if (gl != expected) discrepancy(c, account, money(expected), money(gl));
      }
      c.figures =
          fmt::format("{} control accounts against the sum of their loans' buckets", accounts);
      report.checks.push_back(std::move(c));
    }

    if (options.month) {  // Roll-forward of the month.
      const Date first{*options.month / date::day{1}};
      const Date last{*options.month / date::last};
      ReconcileCheck c{.name = "roll-forward " + format_date(first).substr(0, 7),
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      struct Flow {
        std::int64_t opening = 0, disbursed = 0, reversed = 0, collected = 0, written_off = 0,
                     closing = 0;
      };
      std::map<std::int64_t, Flow> flows;
      {
        SQLite::Statement q(
            db_,
            "SELECT p.loan_id, sum(CASE WHEN e.date < ?1 THEN p.amount ELSE 0 END), "
            "sum(CASE WHEN e.date <= ?2 THEN p.amount ELSE 0 END) "
            "FROM postings p JOIN entries e ON e.id = p.entry_id "
            "JOIN accounts a ON a.id = p.account_id "
            "WHERE p.loan_id IS NOT NULL AND a.name LIKE 'Assets:Loans:%' "
            "GROUP BY p.loan_id");
        q.bind(1, format_date(first));
        q.bind(2, format_date(last));
        while (q.executeStep()) {
          Flow& f = flows[q.getColumn(0).getInt64()];
          f.opening = q.getColumn(1).getInt64();
          f.closing = q.getColumn(2).getInt64();
        }
      }
      {
        SQLite::Statement q(db_,
                            "SELECT ev.loan_id, ev.kind, ev.details, "
                            "(SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN accounts a "
                            "ON a.id = p.account_id WHERE p.entry_id = ev.entry_id "
                            "AND a.name LIKE 'Assets:Loans:%') "
                            "FROM loan_events ev WHERE ev.effective_date BETWEEN ? AND ?");
        q.bind(1, format_date(first));
        q.bind(2, format_date(last));
        while (q.executeStep()) {
          Flow& f = flows[q.getColumn(0).getInt64()];
          const std::string kind = q.getColumn(1).getString();
          const nlohmann::json d = nlohmann::json::parse(q.getColumn(2).getString());
          if (kind == "reverse") {
            f.reversed -= q.getColumn(3).getInt64();  // principal taken back out
            continue;
          }
          f.disbursed += d.value("disbursed", std::int64_t{0});
          f.collected += d.value("overdue_principal", std::int64_t{0}) +
                         d.value("due_principal", std::int64_t{0}) +
                         d.value("prepaid_principal", std::int64_t{0});
          f.written_off += d.value("written_off_frozen", std::int64_t{0}) +
                           d.value("written_off_overdue", std::int64_t{0}) +
                           d.value("written_off_in_term", std::int64_t{0});
        }
      }
      // The levels each loan adds up to.
      std::map<std::string, Flow> levels;
      SQLite::Statement where(
          db_,
          "SELECT l.id, l.code, l.group_code, g.commune_code, g.org_code, l.program_code, "
          "c.district, c.province FROM loans l JOIN groups g ON g.code = l.group_code "
          "JOIN communes c ON c.code = g.commune_code ORDER BY l.id");
      auto add = [](Flow& to, const Flow& f) {
        to.opening += f.opening;
        to.disbursed += f.disbursed;
        to.reversed += f.reversed;
        to.collected += f.collected;
        to.written_off += f.written_off;
        to.closing += f.closing;
      };
      std::int64_t rolled = 0;
      Flow total;
      while (where.executeStep()) {
        auto it = flows.find(where.getColumn(0).getInt64());
        if (it == flows.end()) continue;
        ++rolled;
        add(levels["loan " + where.getColumn(1).getString()], it->second);
        add(levels["group " + where.getColumn(2).getString()], it->second);
        add(levels[fmt::format("commune {} x organisation {} x program {}",
                               where.getColumn(3).getString(), where.getColumn(4).getString(),
                               where.getColumn(5).getString())],
            it->second);
        add(levels["district " + where.getColumn(6).getString()], it->second);
        add(levels["province " + where.getColumn(7).getString()], it->second);
        add(total, it->second);
      }
      for (const auto& [place, f] : levels) {
        const std::int64_t expected =
            f.opening + f.disbursed - f.reversed - f.collected - f.written_off;
        if (expected != f.closing) {
          discrepancy(c, place,
                      fmt::format("closing {} (opening {} + disbursed {} - reversed {} - "
                                  "collected {} - written off {})",
                                  money(expected), money(f.opening), money(f.disbursed),
                                  money(f.reversed), money(f.collected), money(f.written_off)),
                      "closing " + money(f.closing));
        }
      }
      c.figures = fmt::format(
          "{} loans: opening {} + disbursed {} - reversed {} - collected {} - written off {} "
          "= closing {}",
          rolled, money(total.opening), money(total.disbursed), money(total.reversed),
          money(total.collected), money(total.written_off), money(total.closing));
      report.checks.push_back(std::move(c));
    }

    if (!options.cash.empty()) {  // Counted cash against the journal.
      ReconcileCheck c{.name = "cash",
                       .passed = true,
                       .figures = "",
                       .discrepancies = {},
                       .discrepancy_count = 0};
      SQLite::Statement q(db_,
                          "SELECT (SELECT count(*) FROM accounts WHERE name = ?1), "
                          "coalesce(sum(p.amount), 0) FROM postings p "
                          "JOIN entries e ON e.id = p.entry_id "
                          "JOIN accounts a ON a.id = p.account_id "
                          "WHERE a.name = ?1 AND e.date <= ?2");
      std::int64_t counted = 0;
      for (const CashCount& count : options.cash) {
        q.reset();
        q.bind(1, count.account);
        q.bind(2, format_date(count.date));
        q.executeStep();
        const std::string where =
            fmt::format("{} on {} (line {})", count.account, format_date(count.date), count.line);
        if (q.getColumn(0).getInt64() == 0) {
          discrepancy(c, where, "an account of the ledger", "no such account");
          continue;
        }
        counted += count.amount;
        const std::int64_t book = q.getColumn(1).getInt64();
        if (book != count.amount)
          discrepancy(c, where, "the journal's " + money(book), "counted " + money(count.amount));
      }
      c.figures = fmt::format("{} counts, {} counted", options.cash.size(), money(counted));
      report.checks.push_back(std::move(c));
    }
    return report;
  });
}

}  // namespace socai::store
