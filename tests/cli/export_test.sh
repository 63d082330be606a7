#!/usr/bin/env bash
# Command-line tests of socai export: one scenario per CTest test cli.export.<name> (see
# CMakeLists.txt).
#
#   bash export_test.sh SCENARIO /path/to/socai
#
# The exported journals must pass hledger's and Ledger's strict checks with nothing on stderr,
# and the balances each tool computes must equal socai's trial balance, account by account
# and currency by currency. hledger and ledger are the auditors' cross-check tools: the
# scenarios that use them fail when they are missing (tools/setup-debian.sh installs them).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# need_tools: hledger and ledger are installed, or the scenario fails saying so.
need_tools() {
  local tool missing=()
  for tool in hledger ledger; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "FAIL [$SCENARIO] not installed: ${missing[*]}. The export is checked with the" \
      "auditors' tools hledger and ledger: install them with tools/setup-debian.sh" \
      "(apt-get install hledger ledger)." >&2
    exit 1
  fi
}

# hledger_utf8 ARGS...: hledger in a UTF-8 locale (the scripts run with LANG=C, in which
# hledger cannot read the Vietnamese names of the chart and the memos).
hledger_utf8() { LANG=C.UTF-8 hledger "$@"; }

# canonical: sorted account,currency,balance lines, amounts without trailing zero decimals
# (socai and hledger write 10.50 and 0.00, Ledger 10.50 and 0).
canonical() {
  awk -F, '{
    amount = $3
    if (amount ~ /\./) { sub(/0+$/, "", amount); sub(/\.$/, "", amount) }
    if (amount == "-0") amount = "0"
    print $1 "," $2 "," amount
  }' | LC_ALL=C sort
}

# socai_balances [--as-of D]: socai's trial balance as account,currency,balance.
socai_balances() {
  socai --db "$DB" trial-balance --format csv "$@"
  expect_rc 0
  expect_stderr_empty
  tail -n +2 "$OUT" | cut -d, -f1,2,5 | canonical
}

# hledger_balances FILE: the balance of every account and commodity as hledger sums them.
hledger_balances() {
  run hledger_utf8 -f "$1" balance --flat --no-total --empty --layout=bare -O csv
  expect_rc 0
  expect_stderr_empty
  tail -n +2 "$OUT" | tr -d '"' | canonical
}

# ledger_balances FILE CURRENCY...: the same as Ledger sums them, one commodity at a time
# (a balance of several commodities takes several lines in Ledger's report).
ledger_balances() {
  local file=$1 currency
  shift
  for currency in "$@"; do
    run ledger -f "$file" balance --flat --no-total --empty \
      --limit "commodity == \"$currency\"" \
      --balance-format "%(account),$currency,%(scrub(display_total))\n"
    expect_rc 0
    expect_stderr_empty
    sed -e "s/ $currency\$//" "$OUT"
  done | canonical
}

# expect_same_balances WHAT SOCAI_CSV TOOL_CSV: the tool's balances are socai's, exactly.
expect_same_balances() {
  [[ -s $2 ]] || fail "socai's trial balance has rows" "$CMD" "rows" "none"
  cmp -s "$2" "$3" ||
    fail "$1 equal socai's trial balance" "$CMD" "$(cat "$2")" "$(diff "$2" "$3")"
}

# cross_check [--as-of D]: exports the ledger in both formats; each passes its tool's
# strict checks silently, and each tool's balances equal socai's trial balance.
cross_check() {
  socai_balances "$@" >socai.csv
  local currencies
  currencies=$(cut -d, -f2 socai.csv | sort -u)

  socai --db "$DB" export hledger "$@"
  expect_rc 0
  expect_stderr_empty
  cp "$OUT" export.journal
  run hledger_utf8 -f export.journal check -s ordereddates
  expect_rc 0
  expect_stdout_empty
  expect_stderr_empty
  hledger_balances export.journal >hledger.csv
  expect_same_balances "hledger's balances" socai.csv hledger.csv

  socai --db "$DB" export ledger "$@"
  expect_rc 0
  expect_stderr_empty
  cp "$OUT" export.ledger
  run ledger -f export.ledger --strict --pedantic --explicit balance
  expect_rc 0
  expect_stderr_empty
  # shellcheck disable=SC2086  # one word per currency
  ledger_balances export.ledger $currencies >ledger.csv
  expect_same_balances "Ledger's balances" socai.csv ledger.csv
}

# one_dong_off FILE: the file with its last line's assertion "= N VND" made N+1.
one_dong_off() {
  awk -v last="$(wc -l <"$1")" 'NR == last && match($0, /= -?[0-9]+ VND$/) {
    $0 = substr($0, 1, RSTART + 1) (substr($0, RSTART + 2, RLENGTH - 6) + 1) " VND"
  } { print }' "$1"
}

# transactions FILE: the number of transactions written for entries (dated lines with an id).
transactions() { awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] \([0-9]+\) / { n++ } END { print n + 0 }' "$1"; }

# ---------------------------------------------------------------------------------------
# Scenarios.

# The demo portfolio: loans, savings, fees, write-offs and month-end closes.
scenario_demo() {
  need_tools
  DB=demo.db
  socai --db "$DB" demo --households 150 --months 15 --seed 11
  expect_rc 0
  expect_stderr_empty

  cross_check
  expect_equal "a transaction per entry" "$(sql_value "$DB" "SELECT count(*) FROM entries")" \
    "$(transactions export.journal)"
  expect_equal "the same transactions for Ledger" "$(transactions export.journal)" \
    "$(transactions export.ledger)"
  # The assertions are checked: one dong off in the last one, and both tools refuse.
  one_dong_off export.journal >off.journal
  run hledger_utf8 -f off.journal check -s ordereddates
  [[ $RC -ne 0 ]] || fail "hledger refuses a wrong assertion" "$CMD" "exit code not 0" "$RC"
  expect_stderr_contains "difference: 1"
  one_dong_off export.ledger >off.ledger
  run ledger -f off.ledger --strict --pedantic --explicit balance
  [[ $RC -ne 0 ]] || fail "Ledger refuses a wrong assertion" "$CMD" "exit code not 0" "$RC"
  expect_stderr_contains "Balance assertion off by"

  # Auditors export read-only: the same text, the ledger byte-identical.
  local hash
  hash=$(hash_of "$DB")
  socai --read-only --db "$DB" export hledger
  expect_rc 0
  expect_stderr_empty
  cmp -s "$OUT" export.journal || fail "--read-only exports the same text" "$CMD" \
    "the text of export.journal" "$(diff export.journal "$OUT" | head -n 5)"
  expect_hash "$DB" "$hash"

  cross_check --as-of 2025-06-30
  expect_equal "a transaction per entry up to 2025-06-30" \
    "$(sql_value "$DB" "SELECT count(*) FROM entries WHERE date <= '2025-06-30'")" \
    "$(transactions export.journal)"
  expect_equal "the last transaction is dated as of" \
    "2025-06-30 socai trial balance as of 2025-06-30" "$(grep -E '^[0-9]{4}-' export.ledger | tail -n 1)"
}

# A back-dated entry, dollars, a memo with ';', a reversal and an account back to zero.
scenario_backdated() {
  need_tools
  new_ledger
  approved_ok "entry 1 recorded (key V-0001)" post --date 2025-02-03 --key V-0001 --memo Capital \
    --posting 'Assets:Cash:HeadOffice=1.000.000.000' --posting 'Equity:Funds:Central=-1.000.000.000'
  write_ok "entry 2 recorded (key V-0002; dollars)" post --date 2025-02-05 --key 'V-0002; dollars' \
    --memo 'Dollars; from the province' \
    --posting 'Assets:Cash:HeadOffice=10.50 USD' --posting 'Equity:Funds:Local=-10.50 USD'
  write_ok "entry 3 recorded (key V-0003)" post --date 2025-01-20 --key V-0003 \
    --memo 'Opening cash, entered late' \
    --posting 'Assets:Cash:HeadOffice=5.000.000' --posting 'Equity:Funds:Local=-5.000.000'
  write_ok "entry 4 recorded (key V-0004)" post --date 2025-02-10 --key V-0004 \
    --memo 'Entrustment fees' \
    --posting 'Expenses:EntrustmentFees=1.500.000' --posting 'Assets:Cash:HeadOffice=-1.500.000'
  approved_ok "entry 5 recorded (key reversal-of-4)" reverse 4 --date 2025-02-12

  cross_check
  # Date order: the back-dated entry 3 comes first; ids break the tie of nothing else.
  expect_equal "transactions by date, then id" "2025-01-20 (3) Opening cash, entered late
2025-02-03 (1) Capital
2025-02-05 (2) Dollars, from the province
2025-02-10 (4) Entrustment fees
2025-02-12 (5) Reversal of entry 4
2025-02-12 socai trial balance as of 2025-02-12" "$(grep -E '^[0-9]{4}-' export.ledger)"
  expect_equal "the fee account asserted at zero" \
    "    Expenses:EntrustmentFees  0 VND = 0 VND" \
    "$(grep -F 'Expenses:EntrustmentFees  0' export.journal)"
  expect_equal "the key kept whole in its tag" "    ; key: V-0002; dollars" \
    "$(grep -F 'key: V-0002' export.ledger)"

  cross_check --as-of 2025-02-04
  expect_equal "entries up to 2025-02-04" "2025-01-20 (3) Opening cash, entered late
2025-02-03 (1) Capital
2025-02-04 socai trial balance as of 2025-02-04" "$(grep -E '^[0-9]{4}-' export.journal)"
}

# Usage errors are one line and exit code 2; an empty ledger exports its declarations only.
scenario_refusals() {
  new_ledger
  refused 2 "format 'beancount'" "hledger or ledger" -- --db "$DB" export beancount
  refused 2 "--as-of" "2025-02-30" -- --db "$DB" export hledger --as-of 2025-02-30
  refused 2 "FORMAT" -- --db "$DB" export
  refused 2 "missing.db" -- --db missing.db export ledger
  expect_no_file missing.db

  socai --db "$DB" export hledger
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains "; socai journal for hledger: 0 entries, ordered by date, then entry id."
  expect_stdout_contains "account Assets:Cash:HeadOffice"
  [[ $(transactions "$OUT") -eq 0 ]] || fail "no transaction" "$CMD" "0" "$(transactions "$OUT")"
  grep -q '^[0-9]' "$OUT" && fail "no assertions without entries" "$CMD" "no dated line" \
    "$(grep '^[0-9]' "$OUT")"
  return 0
}

scenario_help() {
  socai export --help
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains \
    "Example: socai export hledger > branch.journal && hledger -f branch.journal check -s"
  expect_stdout_contains "ledger -f branch.ledger --strict --pedantic --explicit balance"
  socai
  expect_rc 0
  expect_stdout_matches "^  export hledger\|ledger +for hledger, Ledger$"
  expect_no_file socai.db
}

# ---------------------------------------------------------------------------------------

if [[ $(type -t "scenario_$SCENARIO") != function ]]; then
  echo "export_test: unknown scenario '$SCENARIO'; known:" \
    "$(declare -F | sed -n 's/^declare -f scenario_//p' | tr '\n' ' ')" >&2
  exit 2
fi
"scenario_$SCENARIO"
