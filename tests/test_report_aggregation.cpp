// Tests of the reports' aggregation without a database (ledger/src/reports/): the flows of loan
// events, the reconciliation's checks over rows, the delinquency and portfolio tallies; and the
// one rounding and rate-piece rules (rounding.hpp, rate_pieces.hpp) behind money, interest and
// schedules.
#include <catch2/catch.hpp>

#include "ledger/rate_history.hpp"
#include "rate_pieces.hpp"
#include "reports/delinquency.hpp"
#include "reports/flows.hpp"
#include "reports/portfolio.hpp"
#include "reports/reconcile_checks.hpp"
#include "rounding.hpp"

using namespace socai;
using namespace date::literals;

namespace {

Date day(date::year_month_day d) {
  return Date{d};
}

// The flows of an event that disbursed or collected.
PortfolioFlows moved(std::int64_t disbursed, std::int64_t collected_principal,
                     std::int64_t collected_interest) {
  return PortfolioFlows{.opening = 0,
                        .disbursed = disbursed,
                        .reversed = 0,
                        .collected_principal = collected_principal,
                        .collected_interest = collected_interest,
                        .written_off = 0,
                        .closing = 0};
}

}  // namespace

TEST_CASE("event flows: a payment's split gives principal and interest collected", "[reports]") {
  const PortfolioFlows f = reports::event_flows(
      {.kind = "pay",
       .details = R"({"overdue_interest": 1000, "in_term_interest": 266795,)"
                  R"( "overdue_principal": 5000000, "due_principal": 10000000,)"
                  R"( "prepaid_principal": 2000000})",
       .loan_principal_postings = -17000000});
  CHECK(f.collected_principal == 17'000'000);
  CHECK(f.collected_interest == 267'795);
  CHECK(f.disbursed == 0);
  CHECK(f.reversed == 0);
  CHECK(f.written_off == 0);
}

TEST_CASE("event flows: a write-off counts every bucket, a reversal what it posted back",
          "[reports]") {
  const PortfolioFlows w = reports::event_flows(
      {.kind = "write-off",
       .details = R"({"written_off_frozen": 20000000, "written_off_overdue": 3000000,)"
                  R"( "written_off_in_term": 7000000, "written_off_interest": 302597})",
       .loan_principal_postings = -30000000});
  CHECK(w.written_off == 30'000'000);
  CHECK(w.collected_interest == 0);
  // Reversing a disbursement of 50,000,000: its entry credits the loan accounts.
  const PortfolioFlows r = reports::event_flows(
      {.kind = "reverse", .details = "not read", .loan_principal_postings = -50'000'000});
  CHECK(r.reversed == 50'000'000);
  CHECK(r.disbursed == 0);
}

TEST_CASE("add_flows sums figure by figure, rolled_forward is the roll-forward", "[reports]") {
  PortfolioFlows total{.opening = 100,
                       .disbursed = 50,
                       .reversed = 5,
                       .collected_principal = 20,
                       .collected_interest = 7,
                       .written_off = 10,
                       .closing = 115};
  reports::add_flows(total, PortfolioFlows{.opening = 1,
                                           .disbursed = 2,
                                           .reversed = 3,
                                           .collected_principal = 4,
                                           .collected_interest = 5,
                                           .written_off = 6,
                                           .closing = 7});
  CHECK(total.opening == 101);
  CHECK(total.disbursed == 52);
  CHECK(total.reversed == 8);
  CHECK(total.collected_principal == 24);
  CHECK(total.collected_interest == 12);
  CHECK(total.written_off == 16);
  CHECK(total.closing == 122);
  CHECK(total.rolled_forward() == 101 + 52 - 8 - 24 - 16);
}

TEST_CASE("trial balance check: equal debits and credits pass, a difference is named",
          "[reports][reconcile]") {
  const reports::CurrencyTurnover ok[] = {{"USD", 1050, 1050}, {"VND", 50'000'000, 50'000'000}};
  const ReconcileCheck passed = reports::trial_balance_check(ok);
  CHECK(passed.passed);
  CHECK(passed.figures ==
        "USD debits 10.50, credits 10.50; VND debits 50,000,000, credits "
        "50,000,000");
  const reports::CurrencyTurnover off[] = {{"VND", 50'000'000, 49'999'000}};
  const ReconcileCheck failed = reports::trial_balance_check(off);
  CHECK_FALSE(failed.passed);
  REQUIRE(failed.discrepancies.size() == 1);
  CHECK(failed.discrepancies[0].where == "VND");
  CHECK(failed.discrepancies[0].expected == "credits 50,000,000");
  CHECK(failed.discrepancies[0].found == "credits 49,999,000");
  CHECK(reports::trial_balance_check({}).figures == "no postings");
}

TEST_CASE("entries balanced: an unbalanced entry and an entry without postings",
          "[reports][reconcile]") {
  reports::EntriesBalancedCheck check;
  check.add_unbalanced(12, "VND", 1000);
  check.add_without_postings(13);
  const ReconcileCheck c = std::move(check).finish(13, 40);
  CHECK_FALSE(c.passed);
  CHECK(c.figures == "13 entries, 40 postings");
  REQUIRE(c.discrepancy_count == 2);
  CHECK(c.discrepancies[0].where == "entry 12 (VND)");
  CHECK(c.discrepancies[0].found == "they sum to 1,000");
  CHECK(c.discrepancies[1].where == "entry 13");
  CHECK(c.discrepancies[1].found == "none");
}

TEST_CASE("hash chain check: the first bad entry is the discrepancy", "[reports][reconcile]") {
  const ReconcileCheck ok = reports::hash_chain_check(VerifyReport{.entries_checked = 3,
                                                                   .head_hash = "ab12",
                                                                   .control_records_checked = 0,
                                                                   .control_head_hash = "",
                                                                   .first_bad = {},
                                                                   .problem = ""});
  CHECK(ok.passed);
  CHECK(ok.figures == "3 entries, head ab12");
  const ReconcileCheck bad = reports::hash_chain_check(VerifyReport{.entries_checked = 2,
                                                                    .head_hash = "cd34",
                                                                    .control_records_checked = 0,
                                                                    .control_head_hash = "",
                                                                    .first_bad = EntryId{2},
                                                                    .problem = "hash"});
  CHECK_FALSE(bad.passed);
  CHECK(bad.discrepancies.at(0).where == "entry 2");
  CHECK(bad.discrepancies.at(0).found == "hash");
}

TEST_CASE("maintained balances: running and daily balances each against the postings",
          "[reports][reconcile]") {
  reports::MaintainedBalancesCheck check;
  check.add({.account = "Assets:Cash:TP-XH",
             .currency = "VND",
             .loan_id = 0,
             .postings = {500, 200},
             .running = {500, 200},
             .daily = {500, 200}});
  check.add({.account = "Assets:Loans:InTerm:01",
             .currency = "VND",
             .loan_id = 7,
             .postings = {30'000'000, 0},
             .running = {30'000'001, 0},
             .daily = {30'000'000, 0}});
  check.add_ledger_total("VND", 30'000'500);
  const ReconcileCheck c = std::move(check).finish();
  CHECK(c.figures == "2 balances (account, currency, loan) recomputed from postings");
  REQUIRE(c.discrepancy_count == 1);
  CHECK(c.discrepancies[0].where == "Assets:Loans:InTerm:01 VND (loan id 7): running balance");
  CHECK(c.discrepancies[0].expected == "debit 30,000,000, credit 0");
  CHECK(c.discrepancies[0].found == "debit 30,000,001, credit 0");

  // The ledger's total debits per currency, as kept, against the postings' (and a currency
  // kept but without postings).
  reports::MaintainedBalancesCheck totals;
  totals.add({.account = "Assets:Cash:TP-XH",
              .currency = "VND",
              .loan_id = 0,
              .postings = {500, 200},
              .running = {500, 200},
              .daily = {500, 200}});
  totals.add_ledger_total("USD", 7);
  totals.add_ledger_total("VND", 400);
  const ReconcileCheck t = std::move(totals).finish();
  REQUIRE(t.discrepancy_count == 2);
  CHECK(t.discrepancies[0].where == "ledger total USD");
  CHECK(t.discrepancies[0].expected == "debits 0.00");
  CHECK(t.discrepancies[0].found == "debits 0.07");
  CHECK(t.discrepancies[1].where == "ledger total VND");
  CHECK(t.discrepancies[1].expected == "debits 500");
  CHECK(t.discrepancies[1].found == "debits 400");
}

TEST_CASE(
    "loan checks: a snapshot unlike its events, a bucket unlike its postings, a control "
    "account unlike its loans",
    "[reports][reconcile]") {
  reports::LoanChecks checks;
  const reports::LoanBucket l1[] = {{"Assets:Loans:InTerm:01", 20'000'000, 20'000'000},
                                    {"Assets:Loans:Overdue:01", 10'000'000, 9'000'000}};
  checks.add_loan({.code = "L-1",
                   .failure = std::nullopt,
                   .matches = false,
                   .folded_principal = 29'000'000,
                   .snapshot_principal = 30'000'000},
                  l1);
  const reports::LoanBucket l2[] = {{"Assets:Loans:InTerm:01", 5'000'000, 5'000'000}};
  checks.add_loan({.code = "L-2",
                   .failure = std::string("event 3: no such kind"),
                   .matches = true,
                   .folded_principal = 0,
                   .snapshot_principal = 5'000'000},
                  l2);
  checks.add_control_account("Assets:Loans:InTerm:01", 25'000'000);
  checks.add_control_account("Assets:Loans:Overdue:01", 9'000'000);
  checks.add_control_account("OffBalance:WrittenOff:01", 123);
  const std::vector<ReconcileCheck> c = std::move(checks).finish();
  REQUIRE(c.size() == 3);
  CHECK(c[0].name == "loan states");
  CHECK(c[0].figures == "2 loans replayed from their events");
  REQUIRE(c[0].discrepancy_count == 2);
  CHECK(c[0].discrepancies[0].where == "loan L-1");
  CHECK(c[0].discrepancies[0].expected == "principal 29,000,000 as its events give");
  CHECK(c[0].discrepancies[0].found == "snapshot principal 30,000,000");
  CHECK(c[0].discrepancies[1].expected == "events that replay");
  CHECK(c[0].discrepancies[1].found == "event 3: no such kind");
  CHECK(c[1].name == "loan sub-ledgers");
  REQUIRE(c[1].discrepancy_count == 1);
  CHECK(c[1].discrepancies[0].where == "loan L-1 (Assets:Loans:Overdue:01)");
  CHECK(c[1].discrepancies[0].expected == "10,000,000");
  CHECK(c[1].discrepancies[0].found == "9,000,000");
  CHECK(c[2].name == "GL control accounts");
  CHECK(c[2].figures == "2 control accounts against the sum of their loans' buckets");
  REQUIRE(c[2].discrepancy_count == 1);
  CHECK(c[2].discrepancies[0].where == "Assets:Loans:Overdue:01");
  CHECK(c[2].discrepancies[0].expected == "10,000,000");
  CHECK(c[2].discrepancies[0].found == "9,000,000");
}

TEST_CASE(
    "roll-forward: every level adds up its loans, a loan that does not roll is named at "
    "each level",
    "[reports][reconcile]") {
  reports::RollForwardCheck check(2026_y / date::June);
  // L-1 rolls: 30,000,000 + 0 - 0 - 10,000,000 - 0 = 20,000,000.
  check.add_balances(1, 30'000'000, 20'000'000);
  check.add_event(1, moved(0, 10'000'000, 0));
  // L-2 disbursed 50,000,000 in the month, but its closing says 49,000,000.
  check.add_balances(2, 0, 49'000'000);
  check.add_event(2, moved(50'000'000, 0, 0));
  check.add_levels({1, "L-1", "T-01", "XH", "12", "01", "Phu Hoa", "Phu Yen"});
  check.add_levels({2, "L-2", "T-01", "XH", "12", "01", "Phu Hoa", "Phu Yen"});
  check.add_levels({3, "L-3", "T-02", "XH", "12", "01", "Phu Hoa", "Phu Yen"});  // no flows
  const ReconcileCheck c = std::move(check).finish();
  CHECK(c.name == "roll-forward 2026-06");
  CHECK(c.figures ==
        "2 loans: opening 30,000,000 + disbursed 50,000,000 - reversed 0 - "
        "collected 10,000,000 - written off 0 = closing 69,000,000");
  REQUIRE(c.discrepancy_count == 5);
  std::vector<std::string> places;
  for (const Discrepancy& d : c.discrepancies) places.push_back(d.where);
  CHECK(places == std::vector<std::string>{"commune XH x organisation 12 x program 01",
                                           "district Phu Hoa", "group T-01", "loan L-2",
                                           "province Phu Yen"});
  CHECK(c.discrepancies[3].expected ==
        "closing 50,000,000 (opening 0 + disbursed 50,000,000 - reversed 0 - collected 0 - "
        "written off 0)");
  CHECK(c.discrepancies[3].found == "closing 49,000,000");
}

TEST_CASE("cash check: a count unlike the journal, an unknown account", "[reports][reconcile]") {
  reports::CashCheck check;
  check.add(
      {.line = 2, .account = "Assets:Cash:TP-XH", .date = day(2026_y / 6 / 30), .amount = 500},
      500);
  check.add(
      {.line = 3, .account = "Assets:Cash:TP-XH", .date = day(2026_y / 7 / 31), .amount = 700},
      600);
  check.add({.line = 4, .account = "Assets:Cash:TP-ZZ", .date = day(2026_y / 7 / 31), .amount = 9},
            std::nullopt);
  const ReconcileCheck c = std::move(check).finish();
  CHECK(c.figures == "3 counts, 1,200 counted");
  REQUIRE(c.discrepancy_count == 2);
  CHECK(c.discrepancies[0].where == "Assets:Cash:TP-XH on 2026-07-31 (line 3)");
  CHECK(c.discrepancies[0].expected == "the journal's 600");
  CHECK(c.discrepancies[0].found == "counted 700");
  CHECK(c.discrepancies[1].found == "no such account");
}

TEST_CASE("reference data as read: NFD, white space, a bidirectional override, codes alike",
          "[reports][reconcile]") {
  reports::ReferenceTextCheck check;
  check.add_text("commune", "TN", "district", "T\xC3\xA2n S\xC6\xA1n");  // NFC
  check.add_text("commune", "TN", "name",
                 "Thu Nga\xCC\xA3"
                 "c");  // NFD
  check.add_text("group", "G1", "leader", " Le Thi Ba");
  check.add_text("household", "H1", "head", "Ha\xE2\x80\xAELan");  // U+202E
  check.add_text("officer", "O1", "name", "L\xFF");
  check.add_codes_alike("household", {"HH-001", "hh-001"});
  const ReconcileCheck c = std::move(check).finish();
  CHECK(c.name == "reference data as read");
  CHECK(c.figures == "5 names and places, codes of 5 kinds");
  REQUIRE(c.discrepancy_count == 5);
  CHECK(c.discrepancies[0].where == "commune 'TN' name");
  CHECK(c.discrepancies[0].expected ==
        "'Thu Ng\xE1\xBA\xA1"
        "c' (NFC, trimmed)");
  CHECK(c.discrepancies[1].where == "group 'G1' leader");
  CHECK(c.discrepancies[1].expected == "'Le Thi Ba' (NFC, trimmed)");
  CHECK(c.discrepancies[1].found == "' Le Thi Ba' (another form of the same text)");
  CHECK(c.discrepancies[2].found == "U+202E");
  CHECK(c.discrepancies[3].found == "bytes that are not UTF-8");
  CHECK(c.discrepancies[4].where == "household codes 'HH-001', 'hh-001'");
  CHECK(c.discrepancies[4].found == "2 codes");
}

TEST_CASE("a check lists its first 100 discrepancies and counts them all", "[reports]") {
  ReconcileCheck c = reports::new_check("test");
  for (int i = 0; i < 130; ++i) reports::add_discrepancy(c, std::to_string(i), "a", "b");
  CHECK_FALSE(c.passed);
  CHECK(c.discrepancy_count == 130);
  CHECK(c.discrepancies.size() == 100);
  CHECK(c.discrepancies.back().where == "99");
}

TEST_CASE("delinquency tally: aging, PAR, status, groups and organisations", "[reports]") {
  const reports::Place tn{"TN", "12", "Phu Hoa"};
  const reports::Place xh{"XH", "11", "Dong Xuan"};
  const std::string p01 = "01", p02 = "02", g1 = "T-01", g2 = "T-02", officer = "";
  reports::DelinquencyTally tally(day(2026_y / 6 / 30), DelinquencyGrouping::District,
                                  {"11", "12", "13"});
  // Current, in term: 10,000,000.
  tally.add_active({p01, g1, officer, tn}, {10'000'000, 0, 0, 0});
  // 45 days late with 2,000,000 overdue: 8,000,000 outstanding.
  tally.add_active({p01, g1, officer, tn}, {6'000'000, 2'000'000, 0, 45});
  // Frozen, 200 days late: 5,000,000.
  tally.add_active({p02, g2, officer, xh}, {0, 0, 5'000'000, 200});
  tally.add_written_off({p02, g2, officer, xh}, 3'000'000);
  const DelinquencyReport r = std::move(tally).finish();
  CHECK(r.total.outstanding.loans == 3);
  CHECK(r.total.outstanding.principal == 23'000'000);
  CHECK(r.total.aging[0].principal == 10'000'000);
  CHECK(r.total.aging[2].principal == 8'000'000);
  CHECK(r.total.aging[4].principal == 5'000'000);
  CHECK(r.total.par30.numerator == 13'000'000);
  CHECK(r.total.par30.denominator == 23'000'000);
  CHECK(r.total.par30.percent_text() == "56.52%");
  CHECK(r.total.par90.numerator == 5'000'000);
  CHECK(r.total.par90.percent_text() == "21.74%");
  CHECK(r.total.in_term.principal == 10'000'000);
  CHECK(r.total.overdue.principal == 8'000'000);
  CHECK(r.total.frozen.principal == 5'000'000);
  CHECK(r.total.written_off.loans == 1);
  CHECK(r.total.written_off.principal == 3'000'000);
  CHECK(r.total.overdue_principal == 2'000'000);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].first == "Dong Xuan");
  CHECK(r.groups[0].second.outstanding.principal == 5'000'000);
  CHECK(r.groups[0].second.written_off.principal == 3'000'000);
  CHECK(r.groups[1].first == "Phu Hoa");
  CHECK(r.groups[1].second.par30.percent_text() == "44.44%");
  REQUIRE(r.organisations.size() == 3);
  CHECK(r.organisations[0].organisation == "11");
  CHECK(r.organisations[0].overdue.numerator == 0);
  CHECK(r.organisations[0].overdue.denominator == 5'000'000);
  CHECK(r.organisations[1].overdue.percent_text() == "11.11%");
  CHECK(r.organisations[2].overdue.denominator == 0);
  CHECK(r.organisations[2].overdue.percent_text() == "0.00%");
}

TEST_CASE("portfolio tally: flows of the month and the year, borrowers once per row", "[reports]") {
  reports::PortfolioTally tally(2026_y / date::June);
  CHECK(tally.first() == day(2026_y / 6 / 1));
  CHECK(tally.last() == day(2026_y / 6 / 30));
  CHECK(tally.month_opening() == day(2026_y / 5 / 31));
  CHECK(tally.year_opening() == day(2025_y / 12 / 31));
  tally.add_event("XH", day(2026_y / 2 / 10), moved(30'000'000, 0, 0));
  tally.add_event("XH", day(2026_y / 6 / 10), moved(0, 1'000'000, 150'000));
  tally.add_event("TN", day(2026_y / 6 / 12), moved(20'000'000, 0, 0));
  // Household H-1 borrows twice in XH: one borrower there.
  tally.add_loan("H-1", "XH", 0, 30'000'000, {19'000'000, 1'000'000, 0});
  tally.add_loan("H-1", "XH", 0, 0, {10'000'000, 0, 0});
  // H-2 in TN, H-3 repaid in full: a loan with nothing left is no borrower.
  tally.add_loan("H-2", "TN", 0, 0, {20'000'000, 0, 0});
  tally.add_loan("H-3", "TN", 5'000'000, 0, {0, 0, 0});
  const PortfolioReport r = std::move(tally).finish();
  CHECK(r.month == "2026-06");
  REQUIRE(r.rows.size() == 2);
  const PortfolioRow& tn = r.rows[0];
  const PortfolioRow& xh = r.rows[1];
  CHECK(tn.key == "TN");
  CHECK(tn.borrowers == 1);
  CHECK(tn.loans == 1);
  CHECK(tn.month.disbursed == 20'000'000);
  CHECK(tn.year_to_date.opening == 5'000'000);
  CHECK(xh.key == "XH");
  CHECK(xh.borrowers == 1);
  CHECK(xh.loans == 2);
  CHECK(xh.month.disbursed == 0);
  CHECK(xh.year_to_date.disbursed == 30'000'000);
  CHECK(xh.month.collected_principal == 1'000'000);
  CHECK(xh.month.collected_interest == 150'000);
  CHECK(xh.month.opening == 30'000'000);
  CHECK(xh.month.closing == 30'000'000);
  CHECK(xh.in_term == 29'000'000);
  CHECK(xh.overdue == 1'000'000);
  CHECK(r.total.borrowers == 2);
  CHECK(r.total.loans == 3);
  CHECK(r.total.month.closing == 50'000'000);
  CHECK(r.total.year_to_date.disbursed == 50'000'000);
}

TEST_CASE(
    "round_fraction: one rule for cpp_int and 128-bit integers, unreduced fractions "
    "included",
    "[rounding]") {
  using boost::multiprecision::cpp_int;
  __extension__ using Int128 = __int128;
  struct Case {
    std::int64_t num, den;
    RoundingMode mode;
    std::int64_t rounded;
  };
  const Case cases[] = {
      {5, 2, RoundingMode::HalfUp, 3},
      {-5, 2, RoundingMode::HalfUp, -3},
      {5, 2, RoundingMode::HalfEven, 2},
      {7, 2, RoundingMode::HalfEven, 4},
      {-5, 2, RoundingMode::HalfEven, -2},
      {29, 10, RoundingMode::Down, 2},
      {-29, 10, RoundingMode::Down, -2},
      {21, 10, RoundingMode::Up, 3},
      {-21, 10, RoundingMode::Up, -3},
      {10, 4, RoundingMode::HalfEven, 2},  // 5/2 unreduced
      {16'816'438, 100, RoundingMode::HalfUp, 168'164},
  };
  for (const Case& c : cases) {
    INFO(c.num << "/" << c.den << " " << rounding_mode_name(c.mode));
    CHECK(rounding::round_fraction(cpp_int(c.num), cpp_int(c.den), c.mode) == c.rounded);
    CHECK(rounding::round_fraction(Int128{c.num}, Int128{c.den}, c.mode) == Int128{c.rounded});
    CHECK(round_exact(Exact(c.num, c.den), c.mode).value() == c.rounded);
  }
  // Near the top of the 128-bit range nothing is doubled: (2^126 - 1) / 2^125 is 1.99...: 2.
  const Int128 big = (Int128{1} << 126) - 1;
  CHECK(rounding::round_fraction(big, Int128{1} << 125, RoundingMode::HalfUp) == 2);
}

TEST_CASE("rate pieces: a period is cut at each rate change, the same sum in 128 bits and exact",
          "[interest]") {
  // DOMAIN.md V1: 50,000,000 from 10/11/2025 to 10/12/2025, 21 days at 6.6% and 9 at 6.24%,
  // act365f: 266,795.
  const RateHistory rates =
      RateHistory::make({{day(2025_y / 1 / 1), Rate::parse("6.6%/year").value()},
                         {day(2025_y / 12 / 1), Rate::parse("6.24%/year").value()}})
          .value();
  const Date from = day(2025_y / 11 / 10), to = day(2025_y / 12 / 10);
  __extension__ using Int128 = __int128;
  std::vector<std::pair<Date, Date>> pieces;
  auto piece = [&](Date start, Date end, const Rate& rate, Int128& n, Int128& d) {
    pieces.emplace_back(start, end);
    const Exact& y = rate.yearly();
    n = Int128{50'000'000} * boost::multiprecision::numerator(y).convert_to<std::int64_t>() *
        days_between(start, end);
    d = Int128{boost::multiprecision::denominator(y).convert_to<std::int64_t>()} * 365;
    return true;
  };
  Int128 num = 0, den = 0;
  Date uncovered;
  REQUIRE(rate_pieces::sum(rates.changes(), from, to, piece, num, den, &uncovered) ==
          rate_pieces::Outcome::Summed);
  CHECK(pieces == std::vector<std::pair<Date, Date>>{{from, day(2025_y / 12 / 1)},
                                                     {day(2025_y / 12 / 1), to}});
  CHECK(rounding::round_fraction(num, den, RoundingMode::HalfUp) == 266'795);
  const Exact exact = interest_over(Money::from_minor(50'000'000, Currency::find("VND").value()),
                                    rates, from, to, DayCount::Act365F, 1)
                          .value();
  CHECK(round_exact(exact, RoundingMode::HalfUp).value() == 266'795);
  // Before the first change there is no rate: the day is named.
  REQUIRE(rate_pieces::sum(rates.changes(), day(2024_y / 12 / 30), to, piece, num, den,
                           &uncovered) == rate_pieces::Outcome::NoRate);
  CHECK(uncovered == day(2024_y / 12 / 30));
}
