#!/usr/bin/env bash
# Command-line tests of socai's credit commands (communes, groups, households, programs,
# loans and their events): one scenario per CTest test cli.loans.<name> (see CMakeLists.txt).
#
#   bash loans_test.sh SCENARIO /path/to/socai
#
# Each scenario runs in a fresh temporary directory (removed on exit) and asserts exact
# outputs, exact exit codes, and that refused commands leave the ledger file byte-identical
# (DESIGN.md sections 4, 9 and 10). Needs only bash, coreutils and the sqlite3 shell.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# bad_input SUBSTRING... -- ARGS...: a usage or input error: exit 2, one error line naming
# each SUBSTRING, nothing on stdout, the ledger byte-identical.
bad_input() {
  local hash
  hash=$(hash_of "$DB")
  refused 2 "$@"
  expect_hash "$DB" "$hash"
}

# rule_refused SUBSTRING... -- ARGS...: refused by a business rule: exit 1, one error line
# naming each SUBSTRING, nothing on stdout, the ledger byte-identical.
rule_refused() {
  local hash
  hash=$(hash_of "$DB")
  refused 1 "$@"
  expect_hash "$DB" "$hash"
}

# json_field FIELD: the line of a `--format json` object (dump(2)) holding FIELD, without
# the trailing comma: '"interest_due": "266795"'.
json_field() {
  local line
  # A missing field is an empty line here, which the caller's exact comparison rejects.
  line=$(awk -v key="  \"$1\": " 'index($0, key) == 1 { print; exit }' "$OUT")
  line=${line#  }
  printf '%s' "${line%,}"
}

# expect_json FIELD VALUE: the last command's JSON object has FIELD: VALUE (VALUE as JSON).
expect_json() {
  expect_equal "JSON field $1" "\"$1\": $2" "$(json_field "$1")"
}

# commune_group_household [GDX_DAY]: commune XH (with a GDX day if given), group T-01 of the
# Women's Union, and household H-001, poor since 2025-01-01. The commune's cash floor is
# lifted (request 1, approved) unless CASH_FLOOR=kept.
commune_group_household() {
  if [[ $# -gt 0 ]]; then
    write_ok "commune XH added (cash account Assets:Cash:TP-XH, GDX day $1)" \
      commune add XH --name 'Xa Hoa' --district 'Phu Hoa' --province 'Phu Yen' --gdx-day "$1"
  else
    write_ok "commune XH added (cash account Assets:Cash:TP-XH)" \
      commune add XH --name 'Xa Hoa' --district 'Phu Hoa' --province 'Phu Yen'
  fi
  [[ ${CASH_FLOOR:-lifted} == kept ]] || lift_cash_floor XH
  write_ok "group T-01 added (commune XH, village Thon 1, organisation 12)" \
    group add T-01 --commune XH --village 'Thon 1' --org 12 --leader 'Le Thi Ba'
  write_ok "household H-001 added to group T-01 (poor from 2025-01-01)" \
    household add H-001 --head 'Nguyen Van An' --national-id 054090001234 --commune XH \
    --village 'Thon 1' --group T-01 --status poor --status-from 2025-01-01
}

# ---------------------------------------------------------------------------------------
# Scenarios.

# DOMAIN.md V1: 50,000,000 in term from 10/11/2025 to 10/12/2025, 21 days at 6.6% and 9 at
# 6.24%: 266,795 with act365f, 270,500 with act30.
scenario_v1() {
  new_ledger
  commune_group_household
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 50.000.000 --term 36 \
    --date 2025-11-10 --method equal-principal --every 12
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1)" \
    disburse L-1 --amount 50.000.000 --date 2025-11-10

  write_ok '{
  "approved": "50000000",
  "approved_on": "2025-11-10",
  "as_of": "2025-12-10",
  "course_end": null,
  "currency": "VND",
  "days_past_due": 0,
  "disbursed": "50000000",
  "every_months": 12,
  "extended_months": 0,
  "first_disbursed_on": "2025-11-10",
  "frozen": "0",
  "grace_principal_months": 0,
  "group": "T-01",
  "household": "H-001",
  "in_term": "50000000",
  "interest_collected": "0",
  "interest_due": "266795",
  "interest_due_in_term": "266795",
  "interest_due_overdue": "0",
  "loan": "L-1",
  "maturity": "2028-11-10",
  "method": "equal-principal",
  "next_due_date": "2025-12-10",
  "officer": null,
  "overdue": "0",
  "principal_outstanding": "50000000",
  "principal_repaid": "0",
  "program": "01",
  "status": "in-term",
  "term_months": 36
}' loan show L-1 --as-of 2025-12-10 --format json

  # The same for people.
  write_ok "Loan                         L-1
Program                      01
Household                    H-001
Group                        T-01
Officer
Status                       in-term
Currency                     VND
Approved                     50,000,000
Disbursed                    50,000,000
Principal outstanding        50,000,000
  in term                    50,000,000
  overdue                    0
  frozen                     0
Principal repaid             0
Interest due                 266,795
  on in-term principal       266,795
  on overdue principal       0
Interest collected           0
Next due date                2025-12-10
Days past due                0
Approved on                  2025-11-10
First disbursed on           2025-11-10
Maturity                     2028-11-10
Term (months)                36
Extended (months)            0
Repayment                    equal-principal
Principal every (months)     12
Grace on principal (months)  0
Course ends
As of                        2025-12-10" loan show L-1 --as-of 10/12/2025

  # A day earlier: 21 days at 6.6% and 8 at 6.24%, 258,246.57...
  socai --db "$DB" loan show L-1 --as-of 2025-12-09 --format json
  expect_rc 0
  expect_json interest_due '"258247"'

  # act30 is one setting away: a second ledger whose program 01 counts monthly rate x d / 30.
  DB=act30.db
  new_ledger
  approved_ok "program 01: day-count set to act30" program set 01 --day-count act30
  socai --db "$DB" program show 01 --format json
  expect_rc 0
  expect_json day_count '"act30"'
  commune_group_household
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 50000000 --term 36 \
    --date 10/11/2025 --method equal-principal --every 12
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1)" \
    disburse L-1 --amount 50000000 --date 2025-11-10
  socai --db "$DB" loan show L-1 --as-of 2025-12-10 --format json
  expect_rc 0
  expect_stderr_empty
  expect_json interest_due '"270500"'
  expect_json interest_due_in_term '"270500"'
  expect_json interest_due_overdue '"0"'
  expect_json principal_outstanding '"50000000"'
  expect_json status '"in-term"'
  # Once the program has a loan its settings are fixed.
  rule_refused "program 01" "fixed" -- --db "$DB" program set 01 --day-count act365f
}

# DOMAIN.md V2: 30,000,000 at 6.6%/year: 31 days to 20/02/2025 cost 168,164; after it is
# collected, the 28 days to 20/03/2025 cost 151,890.
# DOMAIN.md V4 and V3: unpaid principal moves to overdue the day after its due date and
# accrues at 130% of the rate (8.112% for 6.24%, 8.58% for 6.6%).
scenario_overdue() {
  later_clock
  new_ledger
  commune_group_household
  write_ok "loan L-4 opened: 60,000,000 for household H-001, program 01 (event 1)" \
    loan open L-4 --household H-001 --program 01 --amount 60.000.000 --term 36 \
    --date 2026-03-10 --method equal-principal --every 12
  write_ok "disbursed 60,000,000 on loan L-4 (event 2, entry 1)" \
    disburse L-4 --amount 60.000.000 --date 2026-03-10
  write_ok "repaid principal 5,000,000 on loan L-4 (event 3, entry 2)
  principal: overdue 0, due 5,000,000, prepaid 0" repay L-4 --amount 5.000.000 --date 2027-03-10
  # The interest up to 11/03/2027, the due date itself still in term: 55,000,000 for a day
  # after 365 days on 60,000,000.
  socai --db "$DB" loan show L-4 --as-of 2027-03-11 --format json
  expect_rc 0
  expect_json interest_due '"3753403"'
  write_ok "moved 15,000,000 of loan L-4 to overdue from 2027-03-11 (unpaid on its due date 2027-03-10)
collected interest 3,753,403 on loan L-4 (event 4, entry 4)
  interest: overdue 0, in term 3,753,403" collect-interest L-4 --amount 3753403 --date 2027-03-11
  socai --db "$DB" loan show L-4 --as-of 2027-04-10 --format json
  expect_rc 0
  expect_json status '"overdue"'
  expect_json in_term '"40000000"'
  expect_json overdue '"15000000"'
  expect_json interest_due_in_term '"205151"'
  expect_json interest_due_overdue '"100011"'
  expect_json days_past_due 31

  # V3: a loan of 2024 whose final maturity, 15/06/2025, goes unpaid.
  write_ok "household H-001: poor from 2024-01-01" \
    household status H-001 --status poor --from 2024-01-01
  write_ok "loan L-3 opened: 20,000,000 for household H-001, program 01 (event 5)" \
    loan open L-3 --household H-001 --program 01 --amount 20.000.000 --term 12 \
    --date 2024-06-15 --method bullet
  write_ok "disbursed 20,000,000 on loan L-3 (event 6, entry 5)" \
    disburse L-3 --amount 20.000.000 --date 2024-06-15
  write_ok "collected interest 1,320,000 on loan L-3 (event 7, entry 6)
  interest: overdue 0, in term 1,320,000" collect-interest L-3 --amount 1320000 --date 2025-06-15
  socai --db "$DB" loan show L-3 --as-of 2025-07-16 --format json
  expect_rc 0
  expect_json overdue '"20000000"'
  expect_json interest_due_overdue '"141041"'
  # The due date itself is still in term: one day on 20,000,000 at 6.6%, 3,616.43...
  expect_json interest_due_in_term '"3616"'
  # The journal holds L-4's transfer; L-3's is posted with its next operation.
  socai --db "$DB" trial-balance --format csv
  expect_rc 0
  expect_stdout_contains "Assets:Loans:Overdue:01,VND,15000000,0,15000000"
}

# A new ledger with loan L-1 of 30,000,000, lent on 10/01/2026 and frozen for 3 years from
# 10/03/2026 (FLOOD) on a second actor's approval.
frozen_loan_of_30_million() {
  later_clock
  new_ledger
  commune_group_household
  write_ok "loan L-1 opened: 30,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 30.000.000 --term 36 \
    --date 2026-01-10 --method equal-principal --every 12
  write_ok "disbursed 30,000,000 on loan L-1 (event 2, entry 1)" \
    disburse L-1 --amount 30.000.000 --date 2026-01-10
  approved_ok "froze 30,000,000 on loan L-1 (event 3, entry 2)" \
    freeze L-1 --years 3 --date 2026-03-10 --reason FLOOD --approval QD-123/2026
}

# Risk debt: a freeze accrues nothing; a write-off leaves the active balances; a recovery is
# income and does not reopen the loan.
scenario_risk_debt() {
  frozen_loan_of_30_million
  # 59 days in term before the freeze, nothing after: 302,597 however long it stays frozen.
  socai --db "$DB" loan show L-1 --as-of 2026-12-31 --format json
  expect_rc 0
  expect_json status '"frozen"'
  expect_json frozen '"30000000"'
  expect_json interest_due '"302597"'
  bad_input "--years 4" -- --db "$DB" freeze L-1 --years 4 --date 2026-04-01 --reason X \
    --approval Y
  approved_ok "wrote off principal 30,000,000 and interest 302,597 on loan L-1 (event 4, entry 3)" \
    write-off L-1 --date 2027-01-15 --principal 30.000.000 --interest 302597 --reason DEATH \
    --approval QD-45/2027
  socai --db "$DB" loan show L-1 --as-of 2027-01-15 --format json
  expect_rc 0
  expect_json status '"written-off"'
  expect_json principal_outstanding '"0"'
  write_ok "recovered 2,000,000 on loan L-1 (event 5, entry 4)" \
    recover L-1 --amount 2.000.000 --date 2027-03-01
  socai --db "$DB" loan show L-1 --as-of 2027-03-01 --format json
  expect_rc 0
  expect_json status '"written-off"'
  local hash
  hash=$(hash_of "$DB")
  refused 1 "written off and closed" -- --db "$DB" pay L-1 --amount 1 --date 2027-03-02
  expect_hash "$DB" "$hash"
  socai --db "$DB" trial-balance --format csv
  expect_rc 0
  expect_stdout_contains "Equity:RiskReserve,VND,30000000,0,30000000"
  expect_stdout_contains "Income:Recoveries,VND,0,2000000,-2000000"
  expect_stdout_contains "OffBalance:WrittenOff:01,VND,30302597,2000000,28302597"
}

# The answer of a write-off for machines: the CSV row has a cell under each of its 10 columns and
# the JSON the amounts written off. (Once the rows stopped after `unfrozen`, 8 cells of 10, and
# the JSON had no written_off_principal or written_off_interest.)
scenario_write_off_output() {
  frozen_loan_of_30_million
  local id
  # Part of the frozen principal, no interest: CSV.
  socai --db "$DB" --actor maker write-off L-1 --date 2027-01-15 --principal 10.000.000 \
    --reason DEATH --approval QD-45/2027
  expect_rc 0
  id=$(sql_value "$DB" "SELECT max(id) FROM approval_requests WHERE status = 'pending'")
  socai --db "$DB" --actor checker --format csv approve "$id"
  expect_rc 0
  expect_stderr_empty
  expect_stdout "loan,kind,date,event,entry,status,frozen,unfrozen,written_off_principal,\
written_off_interest
L-1,write-off,2027-01-15,4,3,recorded,0,0,10000000,0"
  # The rest of the principal and the interest owed (59 days in term before the freeze): JSON.
  socai --db "$DB" --actor maker write-off L-1 --date 2027-01-15 --principal 20.000.000 \
    --interest 302597 --reason DEATH --approval QD-46/2027
  expect_rc 0
  id=$(sql_value "$DB" "SELECT max(id) FROM approval_requests WHERE status = 'pending'")
  socai --db "$DB" --actor checker --format json approve "$id"
  expect_rc 0
  expect_stderr_empty
  expect_json loan '"L-1"'
  expect_json kind '"write-off"'
  expect_json event 5
  expect_json entry 4
  expect_json frozen '"0"'
  expect_json unfrozen '"0"'
  expect_json written_off_principal '"20000000"'
  expect_json written_off_interest '"302597"'
  socai --db "$DB" trial-balance --format csv
  expect_rc 0
  expect_stdout_contains "OffBalance:WrittenOff:01,VND,30302597,0,30302597"
}

# DOMAIN.md V7: extensions are capped (half of a 48-month term: 24 months); an adjustment
# is filed before the installment's due date.
scenario_reschedule() {
  later_clock
  new_ledger
  commune_group_household
  write_ok "loan L-7 opened: 48,000,000 for household H-001, program 01 (event 1)" \
    loan open L-7 --household H-001 --program 01 --amount 48.000.000 --term 48 \
    --date 2026-03-10 --method equal-principal --every 12
  write_ok "disbursed 48,000,000 on loan L-7 (event 2, entry 1)" \
    disburse L-7 --amount 48.000.000 --date 2026-03-10
  local hash
  hash=$(hash_of "$DB")
  refused 1 "over the cap of 24" -- --db "$DB" extend L-7 --months 25 --date 2027-02-01 \
    --reason DROUGHT
  expect_hash "$DB" "$hash"
  write_ok "extended the due dates on loan L-7 (event 3)" \
    extend L-7 --months 24 --date 2027-02-01 --reason DROUGHT
  socai --db "$DB" loan show L-7 --as-of 2027-04-01 --format json
  expect_rc 0
  expect_json extended_months 24
  expect_json maturity '"2032-03-10"'
  expect_json overdue '"0"'
  hash=$(hash_of "$DB")
  refused 1 "over the cap of 24" -- --db "$DB" extend L-7 --months 1 --date 2027-05-01 \
    --reason DROUGHT
  refused 1 "an adjustment is filed before its due date" -- --db "$DB" adjust L-7 \
    --installment 1 --date 2029-03-10
  expect_hash "$DB" "$hash"
  write_ok "adjusted an installment to the next on loan L-7 (event 4)" \
    adjust L-7 --installment 1 --date 2029-03-01
  socai --db "$DB" schedule --loan L-7 --format csv
  expect_rc 0
  expect_stdout_contains "36,2029-03-10,28,48000000,0,"
  expect_stdout_contains "48,2030-03-10,28,48000000,24000000,"
}

scenario_v2() {
  new_ledger
  commune_group_household
  write_ok "loan L-2 opened: 30,000,000 for household H-001, program 01 (event 1)" \
    loan open L-2 --household H-001 --program 01 --amount 30.000.000 --term 12 \
    --date 2025-01-20 --method bullet
  write_ok "disbursed 30,000,000 on loan L-2 (event 2, entry 1)" \
    disburse L-2 --amount 30.000.000 --date 20/01/2025

  socai --db "$DB" loan show L-2 --as-of 2025-02-20 --format json
  expect_rc 0
  expect_json interest_due '"168164"'
  expect_json next_due_date '"2025-02-20"'
  write_ok "collected interest 168,164 on loan L-2 (event 3, entry 2)
  interest: overdue 0, in term 168,164" collect-interest L-2 --amount 168164 --date 2025-02-20

  # Seen on the day of the collection, nothing is owed; a month later, 28 days' interest.
  socai --db "$DB" loan show L-2 --as-of 2025-02-20 --format json
  expect_rc 0
  expect_json interest_due '"0"'
  expect_json interest_collected '"168164"'
  socai --db "$DB" loan show L-2 --as-of 2025-03-20 --format json
  expect_rc 0
  expect_json interest_due '"151890"'
  expect_json interest_due_in_term '"151890"'
  expect_json interest_collected '"168164"'
  expect_json next_due_date '"2025-03-20"'
  expect_json days_past_due 0
  # Before the collection the view has the earlier state.
  socai --db "$DB" loan show L-2 --as-of 2025-02-19 --format json
  expect_rc 0
  expect_json interest_due '"162740"'
  expect_json interest_collected '"0"'

  write_ok "loan,household,program,status,approved,disbursed,principal_outstanding,overdue,interest_due,next_due_date,days_past_due,maturity
L-2,H-001,01,in-term,30000000,30000000,30000000,0,151890,2025-03-20,0,2026-01-20" \
    loan list --as-of 2025-03-20 --format csv

  # The cash basis: interest is income when collected; the books balance.
  expect_tb "account,currency,debit,credit,balance
Assets:Cash:TP-XH,VND,168164,30000000,-29831836
Assets:Loans:InTerm:01,VND,30000000,0,30000000
Income:Interest:01,VND,0,168164,-168164"
  socai --db "$DB" trial-balance --format json
  expect_rc 0
  expect_stdout_contains '"balanced": true'
  write_ok "account,loan,currency,debit,credit,balance
Assets:Loans:InTerm:01,1,VND,30000000,0,30000000" balance Assets:Loans:InTerm:01 --by-loan \
    --format csv
  socai --db "$DB" verify
  expect_rc 0
  expect_stdout_matches '^ok: 2 entries verified'
}

# DOMAIN.md V6: a student loan from 25/09/2026, course ending 28/02/2029, GDX day 25: term 70
# months, maturity 25/07/2032, 40,000,000 repaid in 13,300,000, 13,300,000 and 13,400,000.
scenario_v6() {
  new_ledger
  commune_group_household 25
  write_ok "loan S-1 opened: 40,000,000 for household H-001, program 02 (event 1)" \
    loan open S-1 --household H-001 --program 02 --amount 40.000.000 --date 2026-09-25 \
    --course-end 2029-02-28
  socai --db "$DB" loan show S-1 --as-of 2026-09-25 --format json
  expect_rc 0
  expect_stderr_empty
  expect_json loan '"S-1"'
  expect_json program '"02"'
  expect_json status '"approved"'
  expect_json term_months 70
  expect_json maturity '"2032-07-25"'
  expect_json course_end '"2029-02-28"'
  expect_json grace_principal_months 41
  expect_json every_months 12
  expect_json disbursed '"0"'
  expect_json principal_outstanding '"0"'
  expect_json interest_due '"0"'
  expect_json next_due_date null
  # Without --as-of too (seen today).
  socai --db "$DB" loan show S-1 --format json
  expect_rc 0
  expect_json term_months 70
  expect_json maturity '"2032-07-25"'

  local csv
  socai --db "$DB" schedule --loan S-1 --format csv
  expect_rc 0
  expect_stderr_empty
  csv=$(cat "$OUT")
  expect_equal "schedule header" \
    "period,due_date,days,opening_balance,principal,interest,payment,closing_balance" \
    "$(head -n 1 <<<"$csv")"
  expect_equal "70 periods" 70 "$(tail -n +2 <<<"$csv" | wc -l)"
  expect_equal "the installments" "53,2031-02-25,13300000
65,2032-02-25,13300000
70,2032-07-25,13400000" "$(tail -n +2 <<<"$csv" | awk -F, '$5 != 0 {print $1 "," $2 "," $5}')"
  expect_equal "no principal in the other periods" 67 \
    "$(tail -n +2 <<<"$csv" | awk -F, '$5 == 0' | wc -l)"
  expect_equal "every due date on the 25th" 70 \
    "$(tail -n +2 <<<"$csv" | cut -d, -f2 | grep -c -- '-25$')"

  # Disbursed on the contract date: the same schedule, now seen in the loan.
  write_ok "disbursed 40,000,000 on loan S-1 (event 2, entry 1)" \
    disburse S-1 --amount 40.000.000 --date 2026-09-25
  socai --db "$DB" schedule --loan S-1 --format csv
  expect_rc 0
  expect_stdout "$csv"
  socai --db "$DB" loan show S-1 --as-of 2026-10-25 --format json
  expect_rc 0
  expect_json status '"in-term"'
  expect_json maturity '"2032-07-25"'
  expect_json next_due_date '"2026-10-25"'
  # JSON has the same periods.
  socai --db "$DB" schedule --loan S-1 --format json
  expect_rc 0
  expect_stdout_contains '"total_principal": "40000000"'
}

scenario_refusals() {
  new_ledger
  commune_group_household
  write_ok "household H-002 added to group T-01 (none from 2025-01-01)" \
    household add H-002 --head 'Tran Van Binh' --national-id 054090005678 --commune XH \
    --village 'Thon 1' --group T-01 --status none --status-from 2025-01-01

  # Over the program's cap.
  rule_refused "100,000,001" "cap of 100,000,000" -- --db "$DB" loan open L-CAP \
    --household H-001 --program 01 --amount 100.000.001 --term 36 --date 2025-11-10 \
    --method equal-principal
  # Over the program's longest term.
  rule_refused "121 months" "120" -- --db "$DB" loan open L-LONG --household H-001 \
    --program 01 --amount 10.000.000 --term 121 --date 2025-11-10 --method bullet

  # Not eligible on the disbursement date.
  write_ok "loan L-2 opened: 10,000,000 for household H-002, program 01 (event 1)" \
    loan open L-2 --household H-002 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-11-10 --method bullet
  rule_refused "status on 2025-11-10 is none" "requires poor" -- --db "$DB" \
    disburse L-2 --amount 10.000.000 --date 2025-11-10
  # Until the household's status changes.
  write_ok "household H-002: poor from 2025-11-15" \
    household status H-002 --status poor --from 2025-11-15
  rule_refused "status on 2025-11-14 is none" -- --db "$DB" \
    disburse L-2 --amount 10.000.000 --date 2025-11-14
  write_ok "disbursed 10,000,000 on loan L-2 (event 2, entry 1)" \
    disburse L-2 --amount 10.000.000 --date 2025-11-15

  # Beyond the approved amount.
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 3)" \
    loan open L-1 --household H-001 --program 01 --amount 50.000.000 --term 36 \
    --date 2025-11-10 --method equal-principal --every 12
  write_ok "disbursed 30,000,000 on loan L-1 (event 4, entry 2)" \
    disburse L-1 --amount 30.000.000 --date 2025-11-10
  rule_refused "50,000,001" "beyond the approved 50,000,000" -- --db "$DB" \
    disburse L-1 --amount 20.000.001 --date 2025-11-12
  write_ok "disbursed 20,000,000 on loan L-1 (event 5, entry 3)" \
    disburse L-1 --amount 20.000.000 --date 2025-11-12

  # More than what is owed: 50,000,000 of principal and 30,000,000 x 6.6% x 2 / 365 = 10,849
  # of interest on 2025-11-12.
  rule_refused "50,010,850" "more than everything owed" "50,010,849" -- --db "$DB" \
    pay L-1 --amount 50.010.850 --date 2025-11-12
  rule_refused "more than the principal owed (50,000,000)" -- --db "$DB" \
    repay L-1 --amount 50.000.001 --date 2025-11-12
  rule_refused "more than the interest owed" "(10,849)" -- --db "$DB" \
    collect-interest L-1 --amount 10850 --date 2025-11-12
  # Before the loan's last event.
  rule_refused "before the loan's last event" -- --db "$DB" \
    repay L-1 --amount 1.000.000 --date 2025-11-11

  # A closed loan: all interest collected and all principal repaid.
  write_ok "loan L-3 opened: 10,000,000 for household H-001, program 01 (event 6)" \
    loan open L-3 --household H-001 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-01-20 --method equal-principal --every 12
  write_ok "disbursed 10,000,000 on loan L-3 (event 7, entry 4)" \
    disburse L-3 --amount 10.000.000 --date 2025-01-20
  # 10,000,000 x 6.6% x 31 / 365 = 56,054.79...
  write_ok "collected interest 56,055 on loan L-3 (event 8, entry 5)
  interest: overdue 0, in term 56,055" collect-interest L-3 --amount 56055 --date 2025-02-20
  write_ok "repaid principal 10,000,000 on loan L-3 (event 9, entry 6)
  principal: overdue 0, due 0, prepaid 10,000,000" repay L-3 --amount 10.000.000 \
    --date 2025-02-20
  socai --db "$DB" loan show L-3 --format json
  expect_rc 0
  expect_json status '"closed"'
  expect_json principal_outstanding '"0"'
  expect_json interest_due '"0"'
  expect_json principal_repaid '"10000000"'
  expect_json next_due_date null
  rule_refused "loan L-3" "repaid in full and closed" -- --db "$DB" \
    pay L-3 --amount 1 --date 2025-02-21
  rule_refused "loan L-3" "closed" -- --db "$DB" collect-interest L-3 --amount 1 \
    --date 2025-03-20
  rule_refused "loan L-3" "closed" -- --db "$DB" disburse L-3 --amount 1 --date 2025-03-20
  write_ok "loan,household,program,status,approved,disbursed,principal_outstanding,overdue,interest_due,next_due_date,days_past_due,maturity
L-3,H-001,01,closed,10000000,10000000,0,0,0,,0,2026-01-20" \
    loan list --status closed --format csv

  # A closed period: nothing dated in it, whatever the command.
  approved_ok "closed through 2025-11-30" close-period 2025-11-30
  rule_refused "2025-11-20" "closed period" -- --db "$DB" \
    pay L-1 --amount 1.000.000 --date 2025-11-20
  rule_refused "2025-11-30" "closed period" -- --db "$DB" \
    collect-interest L-2 --amount 1 --date 2025-11-30
  rule_refused "2025-11-25" "closed period" -- --db "$DB" loan open L-4 --household H-001 \
    --program 01 --amount 10.000.000 --term 12 --date 2025-11-25 --method bullet
  rule_refused "2025-11-01" "closed period" -- --db "$DB" \
    program rate 09 --from 2025-11-01 --rate 8%/year
  # The day after is open. Interest: 30,000,000 for 2 days and 50,000,000 for 19 days at
  # 6.6%: 10,849.31... + 171,780.82... = 182,630.13..., rounded once.
  write_ok "paid 1,000,000 on loan L-1 (event 10, entry 7)
  interest: overdue 0, in term 182,630; principal: overdue 0, due 0, prepaid 817,370" \
    pay L-1 --amount 1.000.000 --date 2025-12-01

  # Duplicates of reference data are refused.
  rule_refused "commune 'XH' already exists" -- --db "$DB" commune add XH --name 'Xa Hoa' \
    --district 'Phu Hoa' --province 'Phu Yen'
  rule_refused "household 'H-001' already exists" -- --db "$DB" household add H-001 \
    --head 'Nguyen Van An' --national-id 054090001234 --commune XH --village 'Thon 1' \
    --group T-01 --status poor --status-from 2025-01-01
  rule_refused "national id 054090001234" "H-001" -- --db "$DB" household add H-009 \
    --head 'Nguyen Van An' --national-id 054090001234 --commune XH --village 'Thon 1' \
    --group T-01 --status poor --status-from 2025-01-01
  rule_refused "loan 'L-1' already exists" -- --db "$DB" loan open L-1 --household H-001 \
    --program 01 --amount 1.000.000 --term 12 --date 2025-12-01 --method bullet --key other

  # Read-only: nothing is written.
  rule_refused "read-only" -- --db "$DB" --read-only disburse L-1 --amount 1 --date 2025-12-02
  rule_refused "read-only" -- --db "$DB" --read-only officer add CB-01 --name 'Tran Thi Lan'

  tb >/dev/null
  socai --db "$DB" verify
  expect_rc 0
  expect_stdout_matches '^ok: 7 entries verified'
}

# The month-end close through socai, with DOMAIN.md V5 on a commune's loans: the Women's
# Union's loans have 12,000,000,000 outstanding, 300,000,000 of it overdue (2.5%, factor 80%),
# and interest collected on 10,000,000,000: fee 2,560,000, split 2,150,400 / 230,400 /
# 115,200 / 64,000. Then what a closed month refuses, a reversal of a late payment, and the
# risk-debt refusals.
scenario_close() {
  new_ledger
  commune_group_household
  # Program 06 (clean water) has no cap. L-B pays 300,000,000 a quarter from 10/06/2026.
  write_ok "loan L-A opened: 10,000,000,000 for household H-001, program 06 (event 1)" \
    loan open L-A --household H-001 --program 06 --amount 10.000.000.000 --term 36 \
    --date 2026-03-10 --method equal-principal --every 12
  write_ok "loan L-B opened: 1,200,000,000 for household H-001, program 06 (event 2)" \
    loan open L-B --household H-001 --program 06 --amount 1.200.000.000 --term 12 \
    --date 2026-03-10 --method equal-principal --every 3
  write_ok "loan L-C opened: 800,000,000 for household H-001, program 06 (event 3)" \
    loan open L-C --household H-001 --program 06 --amount 800.000.000 --term 36 \
    --date 2026-03-10 --method equal-principal --every 12
  write_ok "disbursed 10,000,000,000 on loan L-A (event 4, entry 1)" \
    disburse L-A --amount 10.000.000.000 --date 2026-03-10
  write_ok "disbursed 1,200,000,000 on loan L-B (event 5, entry 2)" \
    disburse L-B --amount 1.200.000.000 --date 2026-03-10
  write_ok "disbursed 800,000,000 on loan L-C (event 6, entry 3)" \
    disburse L-C --amount 800.000.000 --date 2026-03-10

  # Months close in order, and only once they have ended.
  rule_refused "close 2026-03 first" "2026-03-10" -- --db "$DB" close 2026-04
  rule_refused "month 2999-12 has not ended" -- --db "$DB" close 2999-12
  bad_input "month '2026-13'" -- --db "$DB" close 2026-13
  # 12,000,000,000 at 8.4% for 22 days: 60,756,164.38... rounded per loan.
  approved_ok "month 2026-03 closed through 2026-03-31: 3 loans at the month's end, 3 accruals \
(60,756,164 interest), 0 transfers, entrustment fees 0 for 1 commune organisation" close 2026-03
  write_ok "month 2026-03 was already closed through 2026-03-31: nothing posted" close 2026-03
  approved_ok "month 2026-04 closed through 2026-04-30: 3 loans at the month's end, 3 accruals \
(82,849,316 interest), 0 transfers, entrustment fees 0 for 1 commune organisation" close 2026-04
  approved_ok "month 2026-05 closed through 2026-05-31: 3 loans at the month's end, 3 accruals \
(85,610,959 interest), 0 transfers, entrustment fees 0 for 1 commune organisation" close 2026-05
  write_ok "collected interest 1,000,000 on loan L-A (event 16, entry 13)
  interest: overdue 0, in term 1,000,000" collect-interest L-A --amount 1.000.000 --date 2026-06-10
  # L-B's first installment goes unpaid: 300,000,000 overdue from 11/06.
  approved_ok "month 2026-06 closed through 2026-06-30: 3 loans at the month's end, 3 accruals \
(62,551,233 interest), 1 transfer, entrustment fees 2,560,000 for 1 commune organisation" \
    close 2026-06
  write_ok "month,commune,organisation,balance,outstanding,overdue,overdue_ratio,factor,fee,commune_part,district_part,province_part,central_part,entry
2026-06,XH,12,10000000000,12000000000,300000000,2.5%,80%,2560000,2150400,230400,115200,64000,18" \
    fees 2026-06 --format csv
  socai --db "$DB" trial-balance --format csv
  expect_rc 0
  expect_stdout_contains "Expenses:EntrustmentFees,VND,2560000,0,2560000"
  expect_stdout_contains "Liabilities:EntrustmentFeesPayable:12:Commune,VND,0,2150400,-2150400"
  expect_stdout_contains "Liabilities:EntrustmentFeesPayable:12:Central,VND,0,64000,-64000"
  expect_stdout_contains "Assets:Loans:Overdue:06,VND,300000000,0,300000000"
  socai --db "$DB" loan show L-B --as-of 2026-06-30 --format json
  expect_rc 0
  expect_json status '"overdue"'
  expect_json overdue '"300000000"'
  expect_json days_past_due 20

  # Nothing can be dated in a closed month, whatever the command.
  rule_refused "2026-06-30" "closed period" -- --db "$DB" pay L-B --amount 1.000.000 \
    --date 2026-06-30
  rule_refused "2026-06-15" "closed period" -- --db "$DB" extend L-C --months 3 \
    --date 2026-06-15 --reason DROUGHT
  rule_refused "2026-05-01" "closed period" -- --db "$DB" freeze L-C --years 3 \
    --date 2026-05-01 --reason FLOOD --approval QD-1
  rule_refused "2026-06-01" "closed period" -- --db "$DB" post --date 2026-06-01 \
    --key late-1 --posting "Assets:Cash:HeadOffice=1000" --posting "Equity:Funds:Central=-1000"

  # L-B pays its installment late, and the payment bounces: the installment is overdue again.
  socai --db "$DB" pay L-B --amount 400.000.000 --date 2026-07-05
  expect_rc 0
  socai --db "$DB" loan show L-B --as-of 2026-07-05 --format json
  expect_json status '"in-term"'
  approved_ok "reversed the last event on loan L-B (event 21, entry 20)" \
    reverse-event L-B --date 2026-07-06 --reason BOUNCED
  socai --db "$DB" loan show L-B --as-of 2026-07-06 --format json
  expect_rc 0
  expect_json status '"overdue"'
  expect_json overdue '"300000000"'
  expect_json days_past_due 26
  write_ok "reversed the last event on loan L-B (event 21, entry 20) already recorded" \
    reverse-event L-B --date 2026-07-06 --reason BOUNCED
  rule_refused "already a reversal" -- --db "$DB" reverse-event L-B --date 2026-07-07 \
    --reason OTHER --key other

  # Risk debt refused: a write-off larger than the balance, a freeze of a closed loan.
  rule_refused "more than the balance (800,000,000)" -- --db "$DB" write-off L-C \
    --date 2026-07-10 --principal 800.000.001 --reason DEATH --approval QD-2
  write_ok "loan L-D opened: 10,000,000 for household H-001, program 01 (event 22)" \
    loan open L-D --household H-001 --program 01 --amount 10.000.000 --term 12 \
    --date 2026-07-01 --method bullet
  write_ok "disbursed 10,000,000 on loan L-D (event 23, entry 21)" \
    disburse L-D --amount 10.000.000 --date 2026-07-01
  write_ok "repaid principal 10,000,000 on loan L-D (event 24, entry 22)
  principal: overdue 0, due 0, prepaid 10,000,000" repay L-D --amount 10.000.000 --date 2026-07-01
  rule_refused "loan L-D" "closed" -- --db "$DB" freeze L-D --years 3 --date 2026-07-02 \
    --reason FLOOD --approval QD-3

  socai --db "$DB" verify
  expect_rc 0
}

# A group's collection sheet across the rate cut of 01/12/2025 (sessions on the GDX day, 10):
# V1's loan owes 266,795 for the month; a loan that paid 100,000 of November's 168,164 owes
# 68,164 of arrears and 160,077 for December; savings before the session.
scenario_collection() {
  new_ledger
  commune_group_household 10
  write_ok "household H-002 added to group T-01 (poor from 2025-01-01)" \
    household add H-002 --head 'Trần Văn Bình' --national-id 054090005678 --commune XH \
    --village 'Thon 1' --group T-01 --status poor --status-from 2025-01-01
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 50.000.000 --term 36 \
    --date 2025-11-10 --method equal-principal --every 12
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1)" \
    disburse L-1 --amount 50.000.000 --date 2025-11-10
  write_ok "loan L-2 opened: 30,000,000 for household H-002, program 01 (event 3)" \
    loan open L-2 --household H-002 --program 01 --amount 30.000.000 --term 12 \
    --date 2025-10-10 --method equal-principal --every 6
  write_ok "disbursed 30,000,000 on loan L-2 (event 4, entry 2)" \
    disburse L-2 --amount 30.000.000 --date 2025-10-10
  write_ok "collected interest 100,000 on loan L-2 (event 5, entry 3)
  interest: overdue 0, in term 100,000" collect-interest L-2 --amount 100000 --date 2025-11-10
  write_ok "deposited 50,000 for household H-002 (group T-01, entry 4); savings 50,000" \
    savings deposit H-002 --amount 50000 --date 2025-11-10
  write_ok "deposited 50,000 for household H-002 (group T-01, entry 4) already recorded; savings 50,000" \
    savings deposit H-002 --amount 50000 --date 2025-11-10
  rule_refused "less than the smallest deposit, 5,000" -- --db "$DB" savings deposit H-002 \
    --amount 4999 --date 2025-11-11
  rule_refused "withdrawing 50,001 is more than household H-002's savings (50,000)" -- \
    --db "$DB" savings withdraw H-002 --amount 50001 --date 2025-11-11

  local csv="group,household,head,loan,program,outstanding,interest_due,interest_arrears,interest_to_collect,principal_due,days_past_due,savings
T-01,H-001,Nguyen Van An,L-1,01,50000000,266795,0,266795,0,0,0
T-01,H-002,Trần Văn Bình,L-2,01,30000000,160077,68164,228241,0,0,50000"
  write_ok "$csv" collection-sheet --group T-01 --month 2025-12 --format csv
  # The same CSV whatever the language; --commune gives every group of the session.
  write_ok "$csv" --lang vi collection-sheet --commune XH --month 2025-12 --format csv
  write_ok "$TRAINING_NOTICE_VI
Tổ T-01 (Thon 1, xã XH, tổ chức 12, tổ trưởng Le Thi Ba): phiên giao dịch 10/12/2025, lãi từ 10/11/2025
Tổ    Hộ     Chủ hộ         Khế ước  Chương trình         Dư nợ  Lãi phải thu   Lãi tồn  Tổng lãi phải thu  Gốc đến hạn  Số ngày quá hạn  Tiết kiệm
----  -----  -------------  -------  ------------  ------------  ------------  --------  -----------------  -----------  ---------------  ---------
T-01  H-001  Nguyen Van An  L-1      01            50.000.000 ₫     266.795 ₫       0 ₫          266.795 ₫          0 ₫                0        0 ₫
T-01  H-002  Trần Văn Bình  L-2      01            30.000.000 ₫     160.077 ₫  68.164 ₫          228.241 ₫          0 ₫                0   50.000 ₫
----  -----  -------------  -------  ------------  ------------  ------------  --------  -----------------  -----------  ---------------  ---------
Tổng                                               80.000.000 ₫     426.872 ₫  68.164 ₫          495.036 ₫          0 ₫                    50.000 ₫" \
    --lang vi collection-sheet --group T-01 --month 2025-12
  # The transaction point's page of the general ledger: date then entry order, running balance.
  write_ok "date,entry,kind,memo,loan,currency,debit,credit,balance
2025-10-10,2,disbursement,Disbursement of loan L-2,,VND,,30000000,-30000000
2025-11-10,1,disbursement,Disbursement of loan L-1,,VND,,50000000,-80000000
2025-11-10,3,interest-collection,Interest collected on loan L-2,,VND,100000,,-79900000
2025-11-10,4,savings-deposit,Savings of household H-002,,VND,50000,,-79850000" \
    report ledger Assets:Cash:TP-XH --format csv
  write_ok "date,entry,kind,memo,loan,currency,debit,credit,balance
2025-10-10,2,disbursement,Disbursement of loan L-2,,VND,,30000000,-30000000" \
    report ledger Assets:Cash:TP-XH --as-of 2025-11-09 --format csv
  # The same reports as one self-contained HTML page each: no script, link or address.
  socai --db "$DB" trial-balance --format html
  expect_rc 0
  expect_stdout_matches "^<!DOCTYPE html>$"
  expect_stdout_contains '<title>socai trial-balance</title>'
  expect_stdout_contains '<tr><td>Assets:Cash:TP-XH</td><td>VND</td><td class="num">150,000</td><td class="num">80,000,000</td><td class="num">-79,850,000</td></tr>'
  expect_stdout_contains '<tfoot>'
  ! grep -qiE 'http|<script|<link|src=' "$OUT" || fail "a self-contained page" "$CMD" "no address" "$(cat "$OUT")"
  socai --db "$DB" --lang vi collection-sheet --group T-01 --month 2025-12 --format html
  expect_rc 0
  expect_stdout_contains '<html lang="vi">'
  expect_stdout_contains '<h2>Tổ T-01 (Thon 1, xã XH, tổ trưởng Le Thi Ba)</h2>'
  expect_stdout_contains '<td class="num">68.164 ₫</td>'
  ! grep -qiE 'http|<script|<link|src=' "$OUT" || fail "a self-contained page" "$CMD" "no address" "$(cat "$OUT")"
  # A command that records something answers in text: html is refused before it runs.
  bad_input "--format html" "'savings deposit'" -- --db "$DB" --format html savings deposit \
    H-002 --amount 10000 --date 2025-12-20
  bad_input "account 'Assets:Cash:TP-NONE' not found" -- --db "$DB" report ledger \
    Assets:Cash:TP-NONE
  bad_input "--group, --commune: give one of them" -- --db "$DB" collection-sheet --month 2025-12
  bad_input "--month '2025-13'" -- --db "$DB" collection-sheet --group T-01 --month 2025-13
  bad_input "group 'T-09' not found" -- --db "$DB" collection-sheet --group T-09 \
    --month 2025-12
}

# socai demo: the same seed gives the same ledger, entry hash for entry hash; the result
# verifies, its trial balance balances, and a different seed gives another ledger.
scenario_demo() {
  socai --db first.db demo --households 90 --months 15 --seed 7
  expect_rc 0
  expect_stderr_empty
  expect_stdout_matches "^demo portfolio: Phú Thọ province, 6 communes in 3 districts, 90 households, 15 months \(2025-01 to 2026-03\), seed 7$"
  expect_stdout_matches "^  month-end closes +15  \(entrustment fees [0-9,]+\)$"
  socai --db second.db demo --households 90 --months 15 --seed 7
  expect_rc 0
  socai --db first.db verify
  expect_rc 0
  local head
  head=$(cat "$OUT")
  expect_stdout_matches "^ok: [0-9]+ entries verified, chain head [0-9a-f]{64}; [0-9]+ control records, control head [0-9a-f]{64} \\($TRAINING_NOTICE\\)$"
  socai --db second.db verify
  expect_stdout "$head"
  DB=first.db
  socai --db "$DB" trial-balance
  expect_rc 0
  socai --db other.db demo --households 90 --months 15 --seed 8
  expect_rc 0
  socai --db other.db verify
  expect_rc 0
  [[ $(cat "$OUT") != "$head" ]] || fail "another seed, another ledger" "$CMD" "a different chain head" "$head"
  # Refused: an existing file, a month not yet ended, no households.
  local hash
  hash=$(hash_of first.db)
  refused 1 "first.db exists" -- --db first.db demo
  expect_hash first.db "$hash"
  refused 2 "--months 99" -- --db new.db demo --months 99
  refused 2 "--households 0" -- --db new.db demo --households 0
  [[ ! -e new.db ]] || fail "nothing written" "$CMD" "no new.db" "new.db exists"
}

# socai reconcile on a demo portfolio: every check passes; then copies damaged in four ways
# are each caught by the right check, with exit code 1 and the place named.
scenario_reconcile() {
  DB=books.db
  socai --db "$DB" demo --households 120 --months 14 --seed 3
  expect_rc 0
  local cash
  socai --db "$DB" balance Assets:Cash:TP-TN --as-of 2026-02-28 --format csv
  expect_rc 0
  cash=$(tail -1 "$OUT" | cut -d, -f5)
  printf 'commune,date,amount\nTN,2026-02-28,%s\n' "$cash" >counted.csv
  socai --db "$DB" --read-only reconcile --month 2026-02 --cash counted.csv
  expect_rc 0
  expect_stderr_empty
  local check
  for check in "trial balance" "entries balanced" "hash chain" "maintained balances" \
    "loan states" "loan sub-ledgers" "GL control accounts" "reference data as read" \
    "roll-forward 2026-02" cash; do
    expect_stdout_matches "^$check +pass "
  done

  # A changed amount, with the triggers that forbid it dropped: the hash chain breaks.
  cp books.db changed.db
  sql changed.db "DROP TRIGGER postings_are_append_only_update;
    UPDATE postings SET amount = amount + 1000 WHERE entry_id = 100 AND seq = 1;"
  socai --db changed.db reconcile
  expect_rc 1
  expect_stdout_matches "^hash chain +FAIL \(1\) "
  expect_stdout_contains "  entry 100: expected the recorded hash and chain, found"
  expect_stdout_contains "  entry 100 (VND): expected postings summing to 0, found they sum to 1,000"

  # A deleted posting: its entry no longer balances.
  cp books.db deleted.db
  sql deleted.db "DROP TRIGGER postings_are_append_only_delete;
    DELETE FROM postings WHERE entry_id = 200 AND seq = 2;"
  socai --db deleted.db reconcile
  expect_rc 1
  expect_stdout_matches "^entries balanced +FAIL \(1\) "
  expect_stdout_matches "^  entry 200 \(VND\): expected postings summing to 0, found they sum to -?[0-9,]+$"

  # A maintained balance out of step with its postings.
  cp books.db balance.db
  sql balance.db "UPDATE balances SET debit = debit + 1 WHERE loan_id = 0 AND account_id =
    (SELECT id FROM accounts WHERE name = 'Assets:Cash:HeadOffice');"
  socai --db balance.db reconcile
  expect_rc 1
  expect_stdout_matches "^maintained balances +FAIL \(1\) "
  expect_stdout_contains "  Assets:Cash:HeadOffice VND: running balance: expected debit"
  expect_stdout_matches "^hash chain +pass "

  # Reference data written behind socai, in forms it refuses: a district in NFD (the same
  # letters to a reader, another district to a report), a head of household holding a
  # right-to-left override, and a household code again in lower case.
  cp books.db names.db
  sql names.db "UPDATE communes SET district = 'Ta' || char(0x302) || 'n So' || char(0x31B) || 'n'
      WHERE code = 'TN';
    UPDATE households SET head = 'Ha' || char(0x202E) || 'Lan' WHERE code = 'TN-000001';
    INSERT INTO households (code, head, national_id, commune_code, village, group_code,
      created_at) SELECT lower(code), head, national_id || 'x', commune_code, village,
      group_code, created_at FROM households WHERE code = 'TN-000002';"
  expect_rc 0
  socai --db names.db --read-only reconcile
  expect_rc 1
  expect_stdout_matches "^reference data as read +FAIL \(3\) "
  expect_stdout_contains "  commune 'TN' district: expected 'Tân Sơn' (NFC, trimmed), found"
  expect_stdout_contains "  household 'TN-000001' head: expected no control, format or \
bidirectional character, found U+202E"
  expect_stdout_contains "  household codes 'TN-000002', 'tn-000002': expected one code whatever \
its case, found 2 codes"
  expect_stdout_matches "^trial balance +pass "

  # Cash counted 1,000 short at Thu Ngạc's transaction point.
  printf 'commune,date,amount\nTN,2026-02-28,%s\n' "$((cash - 1000))" >short.csv
  local hash
  hash=$(hash_of books.db)
  socai --db books.db --read-only reconcile --cash short.csv
  expect_rc 1
  expect_stdout_matches "^cash +FAIL \(1\) "
  expect_stdout_contains "  Assets:Cash:TP-TN on 2026-02-28 (line 2): expected the journal's"
  expect_hash books.db "$hash"
  socai --db books.db reconcile --cash short.csv --format json
  expect_rc 1
  expect_stdout_contains '"passed": false'

  # The auditors' pages: the reconciliation, and the delinquency report with its charts.
  socai --db books.db --read-only reconcile --cash short.csv --format html
  expect_rc 1
  expect_stdout_contains '<td class="fail">FAIL (1)</td>'
  expect_stdout_contains '<h2>cash</h2>'
  socai --db books.db --read-only report delinquency --as-of 2026-02-28 --by district \
    --format html
  expect_rc 0
  [[ $(grep -c '<svg' "$OUT") == 3 ]] || fail "the aging chart and PAR30, PAR90 by district" "$CMD" "3 charts" "$(grep -c '<svg' "$OUT")"
  expect_stdout_contains '<figcaption>PAR30 by District</figcaption>'
  ! grep -qiE 'http|<script|<link|src=' "$OUT" || fail "a self-contained page" "$CMD" "no address" "$(cat "$OUT")"

  bad_input "--month '2026-13'" -- --db books.db reconcile --month 2026-13
  bad_input "cash file line 2, column amount" -- --db books.db reconcile --cash <(printf 'commune,date,amount\nTN,2026-02-28,50.000\n')
}

scenario_bad_input() {
  new_ledger
  commune_group_household
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 50.000.000 --term 36 \
    --date 2025-11-10 --method equal-principal --every 12
  local open=(loan open L-2 --program 01 --amount 10.000.000 --term 12 --date 2025-11-10
    --method bullet)

  # Unknown loan, household, program, group, commune, organisation, officer.
  bad_input "loan 'NOPE' not found" -- --db "$DB" disburse NOPE --amount 1 --date 2025-11-10
  bad_input "loan 'NOPE' not found" -- --db "$DB" pay NOPE --amount 1 --date 2025-11-10
  bad_input "loan 'NOPE' not found" -- --db "$DB" loan show NOPE
  bad_input "loan 'NOPE' not found" -- --db "$DB" schedule --loan NOPE
  bad_input "household 'NOPE' not found" -- --db "$DB" "${open[@]}" --household NOPE
  bad_input "household 'NOPE' not found" -- --db "$DB" household show NOPE
  bad_input "household 'NOPE' not found" -- --db "$DB" household status NOPE --status poor \
    --from 2025-06-01
  bad_input "--program" "program '77' not found" -- --db "$DB" loan open L-2 \
    --household H-001 --program 77 --amount 10.000.000 --term 12 --date 2025-11-10 \
    --method bullet
  bad_input "program '77' not found" -- --db "$DB" program show 77
  bad_input "program '77' not found" -- --db "$DB" program set 77 --day-count act30
  bad_input "program '77' not found" -- --db "$DB" program rate 77 --from 2026-01-01 \
    --rate 6%/year
  bad_input "group 'NOPE' not found" -- --db "$DB" household add H-002 --head 'Tran Van Binh' \
    --national-id 054090005678 --commune XH --village 'Thon 1' --group NOPE --status poor \
    --status-from 2025-01-01
  bad_input "group 'NOPE' not found" -- --db "$DB" group show NOPE
  bad_input "--group" "group 'NOPE' not found" -- --db "$DB" household list --group NOPE
  bad_input "commune 'NOPE' not found" -- --db "$DB" group add T-02 --commune NOPE \
    --village 'Thon 2' --org 12 --leader 'Le Thi Ba'
  bad_input "--commune" "commune 'NOPE' not found" -- --db "$DB" group list --commune NOPE
  bad_input "organisation '15' not found" -- --db "$DB" group add T-02 --commune XH \
    --village 'Thon 2' --org 15 --leader 'Le Thi Ba'
  bad_input "officer 'CB-09' not found" -- --db "$DB" "${open[@]}" --household H-001 \
    --officer CB-09

  # Malformed amounts, rates, dates and names.
  bad_input "--amount" "'50.000'" "ambiguous" -- --db "$DB" disburse L-1 --amount 50.000 \
    --date 2025-11-10
  bad_input "--amount" "'12x'" -- --db "$DB" "${open[@]/10.000.000/12x}" --household H-001
  bad_input "--amount" "'-5'" -- --db "$DB" repay L-1 --amount -5 --date 2025-11-10
  bad_input "--amount" "'0'" "more than zero" -- --db "$DB" pay L-1 --amount 0 --date 2025-11-10
  bad_input "--rate" "'6.24'" -- --db "$DB" program rate 01 --rate 6.24 --from 2026-01-01
  bad_input "--date" "'31/02/2025'" -- --db "$DB" disburse L-1 --amount 1.000.000 \
    --date 31/02/2025
  bad_input "--date" "'31/02/2025'" -- --db "$DB" "${open[@]/2025-11-10/31/02/2025}" \
    --household H-001
  bad_input "--as-of" "'31/02/2025'" -- --db "$DB" loan show L-1 --as-of 31/02/2025
  bad_input "--status-from" "'31/02/2025'" -- --db "$DB" household add H-002 \
    --head 'Tran Van Binh' --national-id 054090005678 --commune XH --village 'Thon 1' \
    --group T-01 --status poor --status-from 31/02/2025
  bad_input "--from" "'2025-13-01'" -- --db "$DB" household status H-001 --status poor \
    --from 2025-13-01
  bad_input "--status" "'rich'" -- --db "$DB" household status H-001 --status rich \
    --from 2025-06-01
  bad_input "--national-id" "'12345'" -- --db "$DB" household add H-002 \
    --head 'Tran Van Binh' --national-id 12345 --commune XH --village 'Thon 1' \
    --group T-01 --status poor --status-from 2025-01-01
  bad_input "--gdx-day 32" -- --db "$DB" commune add XB --name 'Xa Binh' \
    --district 'Phu Hoa' --province 'Phu Yen' --gdx-day 32
  bad_input "--gdx-day 0" -- --db "$DB" commune add XB --name 'Xa Binh' \
    --district 'Phu Hoa' --province 'Phu Yen' --gdx-day 0
  bad_input "term: 0 months" -- --db "$DB" loan open L-2 --household H-001 --program 01 \
    --amount 10.000.000 --term 0 --date 2025-11-10 --method bullet
  bad_input "every: 0 months" -- --db "$DB" loan open L-2 --household H-001 --program 01 \
    --amount 10.000.000 --term 12 --every 0 --date 2025-11-10 --method equal-principal
  bad_input "commune 'X B'" -- --db "$DB" commune add 'X B' --name 'Xa Binh' \
    --district 'Phu Hoa' --province 'Phu Yen'
  bad_input "--method" "'monthly'" -- --db "$DB" loan open L-2 --household H-001 \
    --program 01 --amount 10.000.000 --term 12 --date 2025-11-10 --method monthly
  bad_input "--installments" "'12'" -- --db "$DB" "${open[@]/bullet/custom}" \
    --household H-001 --installments 12
  bad_input "--status" "bogus" -- --db "$DB" loan list --status bogus

  # Program settings: every value is checked before any is applied.
  bad_input "--day-count" "'act31'" -- --db "$DB" program set 19 --day-count act31
  bad_input "--overdue-multiplier '99'" -- --db "$DB" program set 19 --day-count act30 \
    --overdue-multiplier 99
  bad_input "--cap" "'50.000'" -- --db "$DB" program set 19 --basis accrual --cap 50.000
  bad_input "--max-term '0'" -- --db "$DB" program set 19 --max-term 0
  bad_input "--allocation" "'prepayment'" -- --db "$DB" program set 19 --day-count act30 \
    --allocation prepayment
  bad_input "at least one setting" -- --db "$DB" program set 19
  socai --db "$DB" program show 19 --format json
  expect_rc 0
  expect_json day_count '"act365f"'
  expect_json basis '"cash"'

  # Missing or conflicting options.
  bad_input "--term" "required" -- --db "$DB" loan open L-2 --household H-001 --program 01 \
    --amount 10.000.000 --date 2025-11-10 --method bullet
  bad_input "--method" "required" -- --db "$DB" loan open L-2 --household H-001 --program 01 \
    --amount 10.000.000 --date 2025-11-10 --term 12
  bad_input "--term" "--course-end" -- --db "$DB" loan open S-1 --household H-001 \
    --program 02 --amount 40.000.000 --date 2026-09-25 --course-end 2029-02-28 --term 70
  bad_input "--course-end" "program 02" -- --db "$DB" loan open S-1 --household H-001 \
    --program 02 --amount 40.000.000 --date 2026-09-25 --term 70 --method equal-principal
  bad_input "--course-end" "not a student program" -- --db "$DB" loan open L-2 \
    --household H-001 --program 01 --amount 40.000.000 --date 2026-09-25 \
    --course-end 2029-02-28
  bad_input "--loan excludes --principal" -- --db "$DB" schedule --loan L-1 \
    --principal 1.000.000
  bad_input "--principal" "required" -- --db "$DB" schedule --rate 6%/year --term 12 \
    --start 2026-01-15
  bad_input "--start" "required" -- --db "$DB" schedule --principal 1.000.000 --rate 6%/year \
    --term 12
  bad_input "--amount" "required" -- --db "$DB" disburse L-1 --date 2025-11-10
  bad_input "--household" "required" -- --db "$DB" loan open L-2 --program 01 \
    --amount 10.000.000 --date 2025-11-10 --term 12 --method bullet

  # A hypothetical schedule still works as before.
  socai schedule --principal 12.000.000 --rate 6%/year --term 12 --start 2026-01-15 \
    --method equal-principal --every 12 --format csv
  expect_rc 0
  expect_stderr_empty
  expect_equal "last period" "12,2027-01-15,31,12000000,12000000,61151,12061151,0" \
    "$(tail -n 1 "$OUT")"
}

scenario_idempotency() {
  new_ledger
  commune_group_household
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 50.000.000 --term 36 \
    --date 2025-11-10 --method equal-principal --every 12
  # Opening again records nothing.
  write_ok "loan L-1 opened: 50,000,000 for household H-001, program 01 (event 1) already recorded" \
    loan open L-1 --household H-001 --program 01 --amount 50000000 --term 36 \
    --date 10/11/2025 --method equal-principal --every 12
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1)" \
    disburse L-1 --amount 50.000.000 --date 2025-11-10
  local before hash
  before=$(tb)
  hash=$(hash_of "$DB")

  # The same disbursement again (a retry), also written differently: nothing new.
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1) already recorded" \
    disburse L-1 --amount 50.000.000 --date 2025-11-10
  write_ok "disbursed 50,000,000 on loan L-1 (event 2, entry 1) already recorded" \
    disburse L-1 --amount 50,000,000 --date 10/11/2025
  write_ok "loan,kind,date,amount,currency,event,entry,status,disbursed,overdue_interest,in_term_interest,overdue_principal,due_principal,prepaid_principal,interest_rounded
L-1,disburse,2025-11-10,50000000,VND,2,1,already-recorded,50000000,0,0,0,0,0,0" \
    --format csv disburse L-1 --amount 50000000 --date 2025-11-10
  expect_hash "$DB" "$hash"
  expect_tb "$before"
  expect_entries 1
  expect_equal "loan events" 2 "$(sql_value "$DB" "SELECT count(*) FROM loan_events")"

  # A payment with a voucher number as its key, repeated: the split is reported again.
  write_ok "paid 1,000,000 on loan L-1 (event 3, entry 2)
  interest: overdue 0, in term 266,795; principal: overdue 0, due 0, prepaid 733,205" \
    pay L-1 --amount 1.000.000 --date 2025-12-10 --key PT-0001
  hash=$(hash_of "$DB")
  before=$(tb)
  write_ok "paid 1,000,000 on loan L-1 (event 3, entry 2) already recorded
  interest: overdue 0, in term 266,795; principal: overdue 0, due 0, prepaid 733,205" \
    pay L-1 --amount 1.000.000 --date 2025-12-10 --key PT-0001
  socai --db "$DB" pay L-1 --amount 1.000.000 --date 2025-12-10 --key PT-0001 --format json
  expect_rc 0
  expect_json status '"already-recorded"'
  expect_json event 3
  expect_json entry 2
  expect_json in_term_interest '"266795"'
  expect_json prepaid_principal '"733205"'
  expect_json kind '"pay"'
  expect_hash "$DB" "$hash"
  expect_tb "$before"
  # The same key with other content is refused.
  rule_refused "'PT-0001'" "different content" -- --db "$DB" \
    pay L-1 --amount 2.000.000 --date 2025-12-10 --key PT-0001
  rule_refused "'open:L-1'" "different content" -- --db "$DB" loan open L-1 \
    --household H-001 --program 01 --amount 40.000.000 --term 36 --date 2025-11-10 \
    --method equal-principal --every 12
  expect_entries 2
  socai --db "$DB" loan show L-1 --as-of 2025-12-10 --format json
  expect_rc 0
  expect_json disbursed '"50000000"'
  expect_json principal_outstanding '"49266795"'
  expect_json interest_due '"0"'
}

scenario_reference_data() {
  later_clock
  new_ledger
  write_ok "commune XH added (cash account Assets:Cash:TP-XH, GDX day 10)" \
    commune add XH --name 'Xã Hòa' --district 'Phú Hòa' --province 'Phú Yên' --gdx-day 10
  write_ok "code,name,district,province,gdx_day,cash_account
XB,\"Xa Binh, Thuong\",Dong Hoa,Phu Yen,,Assets:Cash:TP-XB" \
    --format csv commune add XB --name 'Xa Binh, Thuong' --district 'Dong Hoa' \
    --province 'Phu Yen'
  write_ok "code,name,district,province,gdx_day,cash_account
XB,\"Xa Binh, Thuong\",Dong Hoa,Phu Yen,,Assets:Cash:TP-XB
XH,Xã Hòa,Phú Hòa,Phú Yên,10,Assets:Cash:TP-XH" commune list --format csv
  write_ok '[
  {
    "cash_account": "Assets:Cash:TP-XB",
    "code": "XB",
    "district": "Dong Hoa",
    "gdx_day": null,
    "name": "Xa Binh, Thuong",
    "province": "Phu Yen"
  },
  {
    "cash_account": "Assets:Cash:TP-XH",
    "code": "XH",
    "district": "Phú Hòa",
    "gdx_day": 10,
    "name": "Xã Hòa",
    "province": "Phú Yên"
  }
]' commune list --format json
  # The transaction point's cash account is in the chart.
  socai --db "$DB" account list --format csv
  expect_rc 0
  expect_equal "cash accounts" "Assets:Cash:TP-XB
Assets:Cash:TP-XH" "$(grep -o 'Assets:Cash:TP-[A-Z]*' "$OUT" | sort)"
  write_ok "officer CB-01 added (Tran Thi Lan)" officer add CB-01 --name 'Tran Thi Lan'

  write_ok "group T-01 added (commune XH, village Thon 1, organisation 12)" \
    group add T-01 --commune XH --village 'Thon 1' --org 12 --leader 'Le Thi Ba'
  write_ok "group T-02 added (commune XH, village Thon 2, organisation 11)" \
    group add T-02 --commune XH --village 'Thon 2' --org 11 --leader 'Pham Van Cu'
  write_ok "group B-01 added (commune XB, village Thon 3, organisation 99)" \
    group add B-01 --commune XB --village 'Thon 3' --org 99 --leader 'Vo Thi Dao'
  write_ok "household H-001 added to group T-01 (poor from 2025-01-01)" \
    household add H-001 --head 'Nguyễn Văn An' --national-id 054090001234 --commune XH \
    --village 'Thon 1' --group T-01 --status poor --status-from 2025-01-01
  write_ok "household H-002 added to group T-01 (near-poor from 2025-03-01)" \
    household add H-002 --head 'Tran Van Binh' --national-id 054090005678 --commune XH \
    --village 'Thon 1' --group T-01 --status near-poor --status-from 01/03/2025
  write_ok "household H-003 added to group B-01 (escaped from 2024-06-01)" \
    household add H-003 --head 'Le Van Cam' --national-id 123456789 --commune XB \
    --village 'Thon 3' --group B-01 --status escaped --status-from 2024-06-01
  # A household joins a group of its own commune.
  rule_refused "group T-01 belongs to commune XH, not XB" -- --db "$DB" household add H-004 \
    --head 'Le Van Dung' --national-id 054090009999 --commune XB --village 'Thon 3' \
    --group T-01 --status poor --status-from 2025-01-01

  write_ok "code,commune,village,organisation,leader,members
B-01,XB,Thon 3,99,Vo Thi Dao,1
T-01,XH,Thon 1,12,Le Thi Ba,2
T-02,XH,Thon 2,11,Pham Van Cu,0" group list --format csv
  write_ok "code,commune,village,organisation,leader,members
T-01,XH,Thon 1,12,Le Thi Ba,2
T-02,XH,Thon 2,11,Pham Van Cu,0" group list --commune XH --format csv
  write_ok "code,commune,village,organisation,leader,members,household,head,national_id,household_commune,household_village,household_group,status,status_from
T-01,XH,Thon 1,12,Le Thi Ba,2,H-001,Nguyễn Văn An,054090001234,XH,Thon 1,T-01,poor,2025-01-01
T-01,XH,Thon 1,12,Le Thi Ba,2,H-002,Tran Van Binh,054090005678,XH,Thon 1,T-01,near-poor,2025-03-01" \
    group show T-01 --format csv
  write_ok "code,commune,village,organisation,leader,members,household,head,national_id,household_commune,household_village,household_group,status,status_from
T-02,XH,Thon 2,11,Pham Van Cu,0,,,,,,,," group show T-02 --format csv
  write_ok "Group         T-01
Commune       XH
Village       Thon 1
Organisation  12
Leader        Le Thi Ba
Members       2

Household  Head           National id   Commune  Village  Group  Status     Since
---------  -------------  ------------  -------  -------  -----  ---------  ----------
H-001      Nguyễn Văn An  054090001234  XH       Thon 1   T-01   poor       2025-01-01
H-002      Tran Van Binh  054090005678  XH       Thon 1   T-01   near-poor  2025-03-01" \
    group show T-01

  write_ok "household H-001: near-poor from 2025-06-01" \
    household status H-001 --status near-poor --from 2025-06-01
  rule_refused "H-001" "already has a status from 2025-06-01" -- --db "$DB" \
    household status H-001 --status poor --from 2025-06-01
  write_ok "code,head,national_id,commune,village,group,status,status_from
H-001,Nguyễn Văn An,054090001234,XH,Thon 1,T-01,near-poor,2025-06-01
H-002,Tran Van Binh,054090005678,XH,Thon 1,T-01,near-poor,2025-03-01
H-003,Le Van Cam,123456789,XB,Thon 3,B-01,escaped,2024-06-01" household list --format csv
  write_ok "code,head,national_id,commune,village,group,status,status_from
H-003,Le Van Cam,123456789,XB,Thon 3,B-01,escaped,2024-06-01" \
    household list --group B-01 --format csv
  write_ok "code,head,national_id,commune,village,group,status_from,status
H-001,Nguyễn Văn An,054090001234,XH,Thon 1,T-01,2025-01-01,poor
H-001,Nguyễn Văn An,054090001234,XH,Thon 1,T-01,2025-06-01,near-poor" \
    household show H-001 --format csv
  write_ok '{
  "code": "H-001",
  "commune": "XH",
  "group": "T-01",
  "head": "Nguyễn Văn An",
  "national_id": "054090001234",
  "status": "near-poor",
  "status_from": "2025-06-01",
  "statuses": [
    {
      "status": "poor",
      "status_from": "2025-01-01"
    },
    {
      "status": "near-poor",
      "status_from": "2025-06-01"
    }
  ],
  "village": "Thon 1"
}' household show H-001 --format json
  write_ok "Household    H-001
Head         Nguyễn Văn An
National id  054090001234
Commune      XH
Village      Thon 1
Group        T-01
Status       near-poor
Since        2025-06-01

From        Status
----------  ---------
2025-01-01  poor
2025-06-01  near-poor" household show H-001
  # Vietnamese labels and dates for people.
  write_ok "Hộ       H-001
Chủ hộ   Nguyễn Văn An
Số CCCD  054090001234
Xã       XH
Thôn     Thon 1
Tổ       T-01
Diện hộ  near-poor
Từ ngày  01/06/2025

Từ ngày     Diện hộ
----------  ---------
01/01/2025  poor
01/06/2025  near-poor" --lang vi household show H-001

  # Programs: settings and rate history, and a new rate.
  approved_ok "program 01: rate 6%/year from 2027-01-01" \
    program rate 01 --from 2027-01-01 --rate 6%/year --source 'Decision 99/QD-TTg'
  rule_refused "program 01 already has a rate from 2027-01-01" -- --db "$DB" \
    program rate 01 --from 01/01/2027 --rate 5%/year
  write_ok "code,name_en,name_vi,currency,cap,cap_per_month,max_term_months,eligible,escaped_window_months,day_count,rounding,installment_multiple,installment_rounding,overdue_multiplier_percent,basis,missed_rule_cutoff,allocation,rate_from,rate
01,Poor households,Cho vay hộ nghèo,VND,100000000,,120,poor,,act365f,half-up,100000,down,130,cash,2026-03-01,overdue-interest in-term-interest overdue-principal due-principal prepayment,2000-01-01,6.6%/year
01,Poor households,Cho vay hộ nghèo,VND,100000000,,120,poor,,act365f,half-up,100000,down,130,cash,2026-03-01,overdue-interest in-term-interest overdue-principal due-principal prepayment,2025-12-01,6.24%/year
01,Poor households,Cho vay hộ nghèo,VND,100000000,,120,poor,,act365f,half-up,100000,down,130,cash,2026-03-01,overdue-interest in-term-interest overdue-principal due-principal prepayment,2027-01-01,6%/year" \
    program show 01 --format csv
  approved_ok "program 19: installment-multiple set to 50.000.000
program 19: overdue-multiplier set to 150%
program 19: basis set to accrual
program 19: max-term set to 60
program 19: allocation set to in-term-interest overdue-interest overdue-principal due-principal prepayment" \
    program set 19 --max-term 60 --basis accrual --installment-multiple 50.000.000 \
    --overdue-multiplier 150% \
    --allocation 'in-term-interest overdue-interest overdue-principal due-principal prepayment'
  socai --db "$DB" program show 19 --format json
  expect_rc 0
  expect_json installment_multiple '"50000000"'
  expect_json overdue_multiplier_percent 150
  expect_json basis '"accrual"'
  expect_json max_term_months 60
  expect_json cap '"100000000"'
  expect_json cap_per_month null
  expect_json allocation \
    '"in-term-interest overdue-interest overdue-principal due-principal prepayment"'
  socai --db "$DB" program list --format csv
  expect_rc 0
  expect_equal "programs" 9 "$(wc -l <"$OUT")"
  expect_stdout_contains "02,Students,Cho vay học sinh sinh viên,VND,"
  expect_stdout_contains ",,4000000,,poor near-poor escaped,act365f"
}

# Two-person control: a freeze, write-off, loan reversal and month-end close wait for a second
# actor; the requester cannot approve; a rejection carries nothing out; entries keep their
# actor and the request the entries its approval posted.
scenario_two_person() {
  new_ledger
  CASH_FLOOR=kept commune_group_household
  # The session's cash, brought to the transaction point the day before.
  write_ok "entry 1 recorded (key CAP-1)" --actor lan post --date 2026-01-09 --key CAP-1 \
    --memo 'Cash for the session' --posting 'Assets:Cash:TP-XH=30.000.000' \
    --posting 'Equity:Funds:Central=-30.000.000'
  write_ok "loan L-1 opened: 30,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 30.000.000 --term 36 \
    --date 2026-01-10 --method equal-principal --every 12
  write_ok "disbursed 30,000,000 on loan L-1 (event 2, entry 2)" \
    disburse L-1 --amount 30.000.000 --date 2026-01-10
  local hash
  hash=$(hash_of "$DB")

  # The request: nothing is posted, the ledger's entries are untouched.
  socai --db "$DB" --actor lan freeze L-1 --years 3 --date 2026-03-10 --reason FLOOD \
    --approval QD-123/2026
  expect_rc 0
  expect_stderr_empty
  expect_stdout "request 1 recorded: freeze L-1 for 3 years from 10/03/2026, reason FLOOD, \
approval QD-123/2026 (freeze) is carried out when a second actor approves it:
  socai approve 1 --actor NAME   (or: socai reject 1 --actor NAME --reason TEXT)"
  expect_entries 2
  # The requester cannot approve it, nor reject it; the request stays pending.
  rule_refused "request 1 was made by 'lan'" "second actor" -- --db "$DB" --actor lan approve 1
  rule_refused "request 1 was made by 'lan'" -- --db "$DB" --actor lan reject 1 --reason no
  bad_input "request 'x1'" -- --db "$DB" --actor binh approve x1
  refused 2 "request 9 not found" -- --db "$DB" --actor binh approve 9
  # Nor can an auditor, read-only.
  refused 1 "read-only" -- --db "$DB" --read-only --actor binh approve 1
  expect_equal "pending" "pending" "$(sql_value "$DB" "SELECT status FROM approval_requests")"

  # A second actor approves: the freeze is posted with the requester as its actor.
  socai --db "$DB" --actor binh approve R-1
  expect_rc 0
  expect_stderr_empty
  expect_stdout "froze 30,000,000 on loan L-1 (event 3, entry 3)"
  expect_equal "the entry's actor" "lan" "$(sql_value "$DB" "SELECT actor FROM entries WHERE id = 3")"
  expect_equal "the event's actor" "lan" \
    "$(sql_value "$DB" "SELECT actor FROM loan_events WHERE id = 3")"
  socai --db "$DB" request show 1 --format csv
  expect_rc 0
  expect_stdout_matches "^1,freeze,\"freeze L-1 for 3 years from 10/03/2026, reason FLOOD, \
approval QD-123/2026\",approved,lan,[0-9T:Z-]+,binh,[0-9T:Z-]+,3,3,3,3,\"freeze loan L-1: \
event 3, entry 3; entries 3 to 3; loan events 3 to 3\",[0-9a-f]{64}$"
  # Decided once.
  rule_refused "request 1 was already approved by binh" -- --db "$DB" --actor chi approve 1

  # A write-off rejected: nothing is carried out, the reason is kept.
  socai --db "$DB" --actor lan write-off L-1 --date 2026-04-10 --principal 1.000.000 \
    --reason DEATH --approval QD-9
  expect_rc 0
  hash=$(hash_of "$DB")
  socai --db "$DB" --actor binh --format csv reject 2 --reason "No death certificate"
  expect_rc 0
  expect_stdout_contains ",rejected,lan,"
  expect_stdout_contains ",binh,"
  expect_stdout_contains ",No death certificate"
  expect_entries 3
  rule_refused "request 2 was already rejected by binh" -- --db "$DB" --actor chi approve 2

  # A request the rules refuse is not recorded: the rehearsal answers at once.
  rule_refused "more than the balance" -- --db "$DB" --actor lan write-off L-1 \
    --date 2026-04-10 --principal 30.000.001 --reason DEATH --approval QD-9
  rule_refused "month 2999-12 has not ended" -- --db "$DB" --actor lan close 2999-12

  # Months close in order: a close of March before January is refused at once; January's
  # close, requested in order, goes through on approval (the freeze, recorded later in time,
  # settled January's interest already: no accrual).
  rule_refused "close 2026-01 first" -- --db "$DB" --actor lan close 2026-03
  approved_ok "month 2026-01 closed through 2026-01-31: 1 loan at the month's end, 0 accruals \
(0 interest), 0 transfers, entrustment fees 0 for 1 commune organisation" close 2026-01

  # A request the rules refuse by the time it is approved stays pending: February's close,
  # then the journal closed through March (approved first).
  socai --db "$DB" --actor lan close 2026-02
  expect_rc 0
  approved_ok "closed through 2026-03-31" close-period 2026-03-31
  hash=$(hash_of "$DB")
  socai --db "$DB" --actor binh approve 4
  expect_rc 1
  expect_stdout_empty
  expect_one_error "already closed through 2026-03-31"
  expect_hash "$DB" "$hash"
  expect_equal "request 4 stays pending" pending \
    "$(sql_value "$DB" "SELECT status FROM approval_requests WHERE id = 4")"
  socai --db "$DB" --actor binh reject 4 --reason "The journal is closed through March"
  expect_rc 0

  socai --db "$DB" --format csv request list --status pending
  expect_rc 0
  expect_stdout "request,kind,command,status,requested_by,requested_at,decided_by,decided_at,\
first_entry,last_entry,first_event,last_event,outcome,digest"
  socai --db "$DB" --format csv request list
  expect_rc 0
  expect_equal "five requests decided" 6 "$(wc -l <"$OUT")"
  # The database itself refuses a second decision, a self-approval and a deletion.
  hash=$(hash_of "$DB")
  local statement
  # A change or an insertion: the triggers call socai_library(), which only socai's own
  # connections define, so the shell's statement is refused before it runs.
  for statement in "UPDATE approval_requests SET status = 'rejected' WHERE id = 1" \
    "UPDATE approval_requests SET outcome = 'x' WHERE id = 2" \
    "INSERT INTO approval_requests (command, requested_by, requested_at, status, \
decided_by, decided_at) VALUES ('[\"close-period\"]', 'lan', 'now', 'approved', 'lan', 'now')"; do
    sql "$DB" "$statement"
    expect_rc 1
    expect_stderr_contains "no such function: socai_library"
  done
  sql "$DB" "DELETE FROM approval_requests WHERE id = 1"
  expect_rc 19  # SQLITE_CONSTRAINT: a trigger's RAISE(ABORT)
  expect_stderr_contains "socai: approval requests are never deleted"
  expect_hash "$DB" "$hash"
  socai --db "$DB" verify
  expect_rc 0
}

# A transaction point's cash cannot go below zero (fees.hpp, the cash-floor settings): a
# payment from a point that has not got the cash is refused whole, by the business date's
# rules; lifting a point's floor is a setting change that a second actor must approve; a
# request approved after the cash was lent stays pending.
scenario_cash_floor() {
  new_ledger
  CASH_FLOOR=kept commune_group_household
  write_ok "loan L-1 opened: 30,000,000 for household H-001, program 01 (event 1)" \
    loan open L-1 --household H-001 --program 01 --amount 30.000.000 --term 36 \
    --date 2026-01-10 --method equal-principal --every 12
  rule_refused "Assets:Cash:TP-XH would hold -30,000,000 VND on 2026-01-10, below its cash \
floor of zero (setting cash-floor.Assets:Cash:TP-XH): bring the cash in first, or date the \
payment on or after the day it came; nothing was written" -- --db "$DB" disburse L-1 \
    --amount 30.000.000 --date 2026-01-10
  # The cash, brought the day before; the reversal of it, requested before the payment.
  write_ok "entry 1 recorded (key CAP-1)" --actor lan post --date 2026-01-09 --key CAP-1 \
    --memo 'Cash for the session' --posting 'Assets:Cash:TP-XH=30.000.000' \
    --posting 'Equity:Funds:Central=-30.000.000'
  socai --db "$DB" --actor lan reverse 1 --date 2026-01-09 --memo 'Brought twice'
  expect_rc 0
  expect_stdout_contains "request 1 recorded: reverse entry 1"
  # Lent before the reversal is decided: approving it now would leave the point short.
  write_ok "disbursed 30,000,000 on loan L-1 (event 2, entry 2)" \
    disburse L-1 --amount 30.000.000 --date 2026-01-10
  rule_refused "Assets:Cash:TP-XH would hold -30,000,000 VND on 2026-01-10" -- --db "$DB" \
    --actor binh approve 1
  expect_equal "request 1 stays pending" pending \
    "$(sql_value "$DB" "SELECT status FROM approval_requests WHERE id = 1")"
  # Members' savings come in, a withdrawal may take no more than the point holds.
  write_ok "deposited 50,000 for household H-001 (group T-01, entry 3); savings 50,000" \
    savings deposit H-001 --amount 50000 --date 2026-01-10
  write_ok "withdrew 50,000 for household H-001 (group T-01, entry 4); savings 0" \
    savings withdraw H-001 --amount 50000 --date 2026-01-11
  # One officer cannot lift the floor: the change is a request for a second actor.
  socai --db "$DB" --actor lan setting set cash-floor.Assets:Cash:TP-XH none
  expect_rc 0
  expect_stdout_contains "request 2 recorded: setting cash-floor.Assets:Cash:TP-XH = none"
  rule_refused "request 2 was made by 'lan'" -- --db "$DB" --actor lan approve 2
  bad_input "setting cash-floor.Assets:Cash:TP-XH = 'low': expected 0 (never below zero) or \
none" -- --db "$DB" --actor lan setting set cash-floor.Assets:Cash:TP-XH low
  bad_input "account 'Assets:Cash:TP-QQ' not found" -- --db "$DB" --actor lan setting set \
    cash-floor.Assets:Cash:TP-QQ none
  bad_input "a cash floor is cash-floor.ACCOUNT" -- --db "$DB" --actor lan setting set \
    cash-floor.Liabilities:Savings:T-01 0
  socai --db "$DB" --read-only verify
  expect_rc 0
  expect_stdout_matches '^ok: 4 entries verified'
}

scenario_help() {
  local command
  for command in "commune add" "commune list" "officer add" "group add" "group list" \
    "group show" "household add" "household show" "household list" "household status" \
    "program list" "program show" "program rate" "program set" "loan open" "loan show" \
    "loan list" disburse collect-interest repay pay schedule freeze unfreeze write-off \
    recover extend adjust reverse-event close fees setting "setting list" "setting set" \
    approve reject "request list" "request show" \
    savings "savings deposit" "savings withdraw" "savings show" collection-sheet demo reconcile import export "report delinquency" \
    "report portfolio" "report ledger"; do
    # shellcheck disable=SC2086  # the words of a command with a subcommand
    socai $command --help
    expect_rc 0
    expect_stderr_empty
    expect_stdout_contains "Example"
    expect_stdout_matches "^(Example: | +)socai (--[a-z-]+ ([a-z]+ )?)*${command}"
  done
  expect_no_file socai.db
}

# ---------------------------------------------------------------------------------------

if [[ $(type -t "scenario_$SCENARIO") != function ]]; then
  echo "loans_test: unknown scenario '$SCENARIO'; known:" \
    "$(declare -F | sed -n 's/^declare -f scenario_//p' | tr '\n' ' ')" >&2
  exit 2
fi
"scenario_$SCENARIO"
echo "ok [$SCENARIO]"
