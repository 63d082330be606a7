#!/usr/bin/env bash
# Command-line tests of socai report delinquency and socai report portfolio: the exact CSV of a
# small ledger, and on a demo portfolio the totals against their rows and the roll-forward.
# Usage: bash reports_test.sh SCENARIO /path/to/socai
set -euo pipefail
shopt -s inherit_errexit

source "$(dirname "$0")/lib.sh"

bad_input() {
  local hash
  hash=$(hash_of "$DB")
  refused 2 "$@"
  expect_hash "$DB" "$hash"
}

# Commune XH with the Women's Union's group T-01: H-001 and H-002.
#   L-1  H-001  12,000,000 from 10/03/2026, 12 months, monthly: nothing repaid, so on 30/06
#               10/04, 10/05 and 10/06 are overdue (3,000,000), 81 days late.
#   L-2  H-002  30,000,000 from 15/12/2025, 12 months, every 6: 15/06/2026 missed, an earlier
#               loan, so still in term but 15 days late.
#   L-3  H-001   5,000,000 from 01/06/2026, 36 months, yearly: current.
small_ledger() {
  new_ledger
  write_ok "commune XH added (cash account Assets:Cash:TP-XH)" \
    commune add XH --name 'Xa Hoa' --district 'Phu Hoa' --province 'Phu Yen'
  lift_cash_floor XH
  write_ok "group T-01 added (commune XH, village Thon 1, organisation 12)" \
    group add T-01 --commune XH --village 'Thon 1' --org 12 --leader 'Le Thi Ba'
  local h
  for h in 1 2; do
    socai --db "$DB" household add "H-00$h" --head "Ho $h" --national-id "05409000123$h" \
      --commune XH --village 'Thon 1' --group T-01 --status poor --status-from 2025-01-01
    expect_rc 0
  done
  local spec
  for spec in "L-1 H-001 12.000.000 12 2026-03-10 1" "L-2 H-002 30.000.000 12 2025-12-15 6" \
    "L-3 H-001 5.000.000 36 2026-06-01 12"; do
    read -r loan household amount term day every <<<"$spec"
    socai --db "$DB" loan open "$loan" --household "$household" --program 01 --amount "$amount" \
      --term "$term" --date "$day" --method equal-principal --every "$every"
    expect_rc 0
    socai --db "$DB" disburse "$loan" --amount "$amount" --date "$day"
    expect_rc 0
  done
}

HEADER="by,key,loans,outstanding,current_loans,current,d1_30_loans,d1_30,d31_90_loans,d31_90,d91_180_loans,d91_180,d181_360_loans,d181_360,over_360_loans,over_360,par30,par90,par30_principal,par90_principal,in_term_loans,in_term,overdue_loans,overdue,frozen_loans,frozen,written_off_loans,written_off,overdue_principal,overdue_ratio"

# The exact CSV: 47,000,000 in 3 loans; PAR30 12,000,000 / 47,000,000 = 25.53%; overdue
# 3,000,000 / 47,000,000 = 6.38%.
scenario_small() {
  small_ledger
  local hash
  hash=$(hash_of "$DB")
  local figures="3,47000000,1,5000000,1,30000000,1,12000000,0,0,0,0,0,0,25.53,0.00,12000000,0,2,35000000,1,12000000,0,0,0,0,3000000,6.38"
  write_ok "$HEADER
total,,$figures" --read-only report delinquency --as-of 2026-06-30 --format csv
  write_ok "$HEADER
total,,$figures
district,Phu Hoa,$figures" report delinquency --as-of 30/06/2026 --by district --format csv
  # The overdue list (interest owed aside): L-1 overdue, L-2 late.
  socai --db "$DB" report delinquency --as-of 2026-06-30 --list overdue --format csv
  expect_rc 0
  expect_stderr_empty
  expect_equal "overdue list" "loan,household,group,program,days_past_due,outstanding,overdue,last_transaction,maturity
L-1,H-001,T-01,01,81,12000000,3000000,2026-03-10,2027-03-10
L-2,H-002,T-01,01,15,30000000,0,2025-12-15,2026-12-15" "$(cut -d, -f1-7,9,10 "$OUT")"
  socai --db "$DB" report delinquency --as-of 2026-06-30 --list maturing --format csv
  expect_stdout "loan,household,group,program,days_past_due,outstanding,overdue,interest_owed,last_transaction,maturity"
  # Tables for people; JSON with the exact ratios.
  socai --db "$DB" --lang vi report delinquency --as-of 2026-06-30
  expect_rc 0
  expect_stdout_contains "PAR30 25,53% (12.000.000 ₫ / 47.000.000 ₫)"
  socai --db "$DB" report delinquency --as-of 2026-06-30 --format json
  expect_rc 0
  expect_stdout_contains '"numerator": "12000000"'
  expect_stdout_contains '"denominator": "47000000"'
  expect_stdout_contains '"percent": "25.53"'
  # The month: L-3 lent in June, nothing collected.
  socai --db "$DB" report portfolio --month 2026-06 --format csv
  expect_rc 0
  expect_equal "portfolio" "by,key,opening,disbursed,reversed,collected_principal,collected_interest,written_off,closing,in_term,overdue,frozen,loans,borrowers,ytd_opening,ytd_disbursed,ytd_reversed,ytd_collected_principal,ytd_collected_interest,ytd_written_off,ytd_closing
total,,42000000,5000000,0,0,0,0,47000000,44000000,3000000,0,3,2,30000000,17000000,0,0,0,0,47000000
commune,XH,42000000,5000000,0,0,0,0,47000000,44000000,3000000,0,3,2,30000000,17000000,0,0,0,0,47000000" "$(cat "$OUT")"
  expect_hash "$DB" "$hash"
  bad_input "--as-of" -- --db "$DB" report delinquency --as-of 2026-02-30
  bad_input "--by 'village'" -- --db "$DB" report delinquency --as-of 2026-06-30 --by village
  bad_input "--list 'late'" -- --db "$DB" report delinquency --as-of 2026-06-30 --list late
  bad_input "--month '2026-13'" -- --db "$DB" report portfolio --month 2026-13
  bad_input "--by 'district'" -- --db "$DB" report portfolio --month 2026-06 --by district
}

# sum_check WHAT FILE: the first CSV row (the total) equals the sum of the others in every
# amount and count column (the percentages, columns par30, par90 and overdue_ratio, aside).
sum_check() {
  local bad
  bad=$(awk -F, -v skip="17 18 30" '
    BEGIN { n = split(skip, s, " "); for (i = 1; i <= n; i++) skipped[s[i]] = 1 }
    NR == 1 { next }
    NR == 2 { for (i = 3; i <= NF; i++) total[i] = $i; cols = NF; next }
    { for (i = 3; i <= NF; i++) sum[i] += $i; rows++ }
    END {
      if (rows == 0) { print "no rows"; exit }
      for (i = 3; i <= cols; i++) if (!(i in skipped) && sum[i] != total[i])
        printf "column %d: total %s, rows %s\n", i, total[i], sum[i]
    }' "$2")
  [[ -z $bad ]] || fail "$1: the total is the sum of the rows" "$CMD" "" "$bad"
}

scenario_demo() {
  DB=d.db
  socai --db "$DB" demo --households 120 --months 15 --seed 5
  expect_rc 0
  socai --db "$DB" --read-only report delinquency --as-of 2026-03-31 --by district --format csv
  expect_rc 0
  expect_stderr_empty
  cp "$OUT" by-district.csv
  [[ $(wc -l <by-district.csv) -ge 4 ]] || fail "districts" "$CMD" "a total and 3 districts" "$(cat by-district.csv)"
  # Some loans are late in the demo, so the report is not trivially zero.
  local par30
  par30=$(awk -F, 'NR == 2 { print $19 }' by-district.csv)
  [[ $par30 -gt 0 ]] || fail "loans late" "$CMD" "PAR30 principal > 0" "$par30"
  sum_check "delinquency by district" by-district.csv
  # Every status and bucket adds up to the outstanding.
  local bad
  bad=$(awk -F, 'NR > 1 && ($6 + $8 + $10 + $12 + $14 + $16 != $4 || $22 + $24 + $26 != $4) { print }' by-district.csv)
  [[ -z $bad ]] || fail "buckets and statuses add up" "$CMD" "" "$bad"

  local month
  for month in 2026-01 2026-03; do
    socai --db "$DB" --read-only report portfolio --month "$month" --by commune --format csv
    expect_rc 0
    cp "$OUT" portfolio.csv
    [[ $(wc -l <portfolio.csv) -ge 7 ]] || fail "communes" "$CMD" "a total and 6 communes" "$(cat portfolio.csv)"
    sum_check "portfolio by commune" portfolio.csv
    bad=$(awk -F, 'NR > 1 && ($3 + $4 - $5 - $6 - $8 != $9 || $15 + $16 - $17 - $18 - $20 != $21 ||
      $10 + $11 + $12 != $9 || $9 != $21) { print }' portfolio.csv)
    [[ -z $bad ]] || fail "the roll-forward per commune, $month" "$CMD" "" "$bad"
  done
  # The month's closing is the next month's opening.
  socai --db "$DB" report portfolio --month 2026-02 --format csv
  local feb_closing
  feb_closing=$(awk -F, 'NR == 2 { print $9 }' "$OUT")
  socai --db "$DB" report portfolio --month 2026-03 --format csv
  expect_equal "March opens at February's close" "$feb_closing" "$(awk -F, 'NR == 2 { print $3 }' "$OUT")"
  # The delinquency's outstanding is the portfolio's closing.
  socai --db "$DB" report delinquency --as-of 2026-03-31 --format csv
  expect_equal "outstanding" "$(awk -F, 'NR == 2 { print $9 }' portfolio.csv)" "$(awk -F, 'NR == 2 { print $4 }' "$OUT")"
}

# On the last day of a closed month the report counts the close's month-end records: the same
# figures as reading every loan (--from-loans), for every month, grouping and format; and it
# does count those records (one changed behind the ledger's back shows in the default only).
scenario_month_ends() {
  DB=d.db
  socai --db "$DB" demo --households 120 --months 15 --seed 5
  expect_rc 0
  local through by format compared=0
  local -a months
  mapfile -t months < <(sqlite3 -readonly "$DB" \
    "SELECT through FROM month_closes WHERE completed_at IS NOT NULL ORDER BY month")
  expect_equal "closed months" 15 "${#months[@]}"
  for through in "${months[@]}"; do
    for by in "" program district commune organisation group officer; do
      for format in csv json; do
        [[ $format == json && -n $by && $by != district ]] && continue
        local -a args=(--db "$DB" --read-only report delinquency --as-of "$through" --format "$format")
        [[ -n $by ]] && args+=(--by "$by")
        socai "${args[@]}"
        expect_rc 0
        cp "$OUT" from-records.out
        socai "${args[@]}" --from-loans
        expect_rc 0
        cmp -s from-records.out "$OUT" ||
          fail "month-end records give the loans' figures" "$CMD" "$(cat "$OUT")" "$(cat from-records.out)"
        compared=$((compared + 1))
      done
    done
  done
  expect_equal "reports compared" $((15 * 9)) "$compared"
  # A loan's days past due changed in its month-end record, behind the ledger's back: the
  # default report moves its principal to >360 days; --from-loans does not.
  cp "$DB" t.db
  sqlite3 t.db "DROP TRIGGER loan_month_ends_are_append_only_update;
    UPDATE loan_month_ends SET days_past_due = 400 WHERE month = '2026-03' AND loan_id =
      (SELECT min(loan_id) FROM loan_month_ends WHERE month = '2026-03' AND in_term > 0)"
  socai --db t.db --read-only report delinquency --as-of 2026-03-31 --format csv
  expect_equal "over 360 days, from the records" 1 "$(awk -F, 'NR == 2 { print $15 }' "$OUT")"
  socai --db t.db --read-only report delinquency --as-of 2026-03-31 --format csv --from-loans
  expect_equal "over 360 days, from the loans" 0 "$(awk -F, 'NR == 2 { print $15 }' "$OUT")"
}

scenario_help() {
  local command
  for command in "report delinquency" "report portfolio"; do
    # shellcheck disable=SC2086  # the words of a command with a subcommand
    socai $command --help
    expect_rc 0
    expect_stderr_empty
    expect_stdout_matches "^Example: socai ${command}"
  done
  expect_no_file socai.db
}

# ---------------------------------------------------------------------------------------

if [[ $(type -t "scenario_$SCENARIO") != function ]]; then
  echo "reports_test: unknown scenario '$SCENARIO'; known:" \
    "$(declare -F | sed -n 's/^declare -f scenario_//p' | tr '\n' ' ')" >&2
  exit 2
fi
"scenario_$SCENARIO"
echo "ok [$SCENARIO]"
