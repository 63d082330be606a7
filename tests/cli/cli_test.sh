#!/usr/bin/env bash
# Command-line tests of socai: one scenario per CTest test (see CMakeLists.txt here).
#
#   bash cli_test.sh SCENARIO /path/to/socai
#
# Each scenario runs in a fresh temporary directory (removed on exit) and asserts exact
# outputs, exact exit codes, and that refused commands leave the ledger file byte-identical
# (DESIGN.md sections 4, 9 and 10). Needs only bash, coreutils and the sqlite3 shell.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# capital EXPECTED_STDOUT KEY DATE AMOUNT: posts a balanced VND capital entry.
capital() {
  write_ok "$1" post --date "$3" --key "$2" --memo Capital \
    --posting "Assets:Cash:HeadOffice=$4" --posting "Equity:Funds:Central=-$4"
}

# large_capital EXPECTED_STDOUT KEY DATE AMOUNT: the same above approval.post-above
# (100.000.000 VND): requested by one actor, posted on a second actor's approval.
large_capital() {
  approved_ok "$1" post --date "$3" --key "$2" --memo Capital \
    --posting "Assets:Cash:HeadOffice=$4" --posting "Equity:Funds:Central=-$4"
}

# ---------------------------------------------------------------------------------------
# Scenarios.

scenario_init_post_trial_balance() {
  new_ledger
  write_ok "account Assets:Cash:TP-XaHoa added (code 109901, asset)" \
    account add Assets:Cash:TP-XaHoa --code 109901 --description 'Xa Hoa transaction point'

  large_capital "entry 1 recorded (key V-0001)" V-0001 2025-01-15 1.000.000.000
  # Groups of three with ',' and with ' ', and a DD/MM/YYYY date.
  approved_ok "entry 2 recorded (key V-0002)" post --date 20/01/2025 --key V-0002 \
    --memo 'Cash to the Xa Hoa point' \
    --posting 'Assets:Cash:TP-XaHoa=250,000,000' --posting 'Assets:Cash:HeadOffice=-250 000 000'
  write_ok "entry 3 recorded (key V-0003)" post --date 2025-02-03 --key V-0003 --memo Dollars \
    --posting 'Assets:Cash:HeadOffice=10.50 USD' --posting 'Equity:Funds:Local=-10.50 USD'
  write_ok "entry 4 recorded (key V-0004)" post --date 2025-02-10 --key V-0004 \
    --memo 'Entrustment fees, January' \
    --posting 'Expenses:EntrustmentFees=1.500.000' --posting 'Assets:Cash:TP-XaHoa=-1500000'

  expect_tb "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,USD,10.50,0.00,10.50
Assets:Cash:HeadOffice,VND,1000000000,250000000,750000000
Assets:Cash:TP-XaHoa,VND,250000000,1500000,248500000
Equity:Funds:Central,VND,0,1000000000,-1000000000
Equity:Funds:Local,USD,0.00,10.50,-10.50
Expenses:EntrustmentFees,VND,1500000,0,1500000"

  local january="account,currency,debit,credit,balance
Assets:Cash:HeadOffice,VND,1000000000,250000000,750000000
Assets:Cash:TP-XaHoa,VND,250000000,0,250000000
Equity:Funds:Central,VND,0,1000000000,-1000000000"
  expect_tb "$january" --as-of 2025-01-31
  expect_tb "$january" --as-of 31/01/2025
  # The day of an entry is included; the day before is not.
  expect_tb "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,VND,1000000000,0,1000000000
Equity:Funds:Central,VND,0,1000000000,-1000000000" --as-of 2025-01-15
  expect_tb "account,currency,debit,credit,balance" --as-of 2025-01-14

  # The same figures for people: grouped, with totals per currency.
  socai --db "$DB" trial-balance --as-of 2025-01-31
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$TRAINING_NOTICE
Account                 Currency          Debit         Credit         Balance
----------------------  --------  -------------  -------------  --------------
Assets:Cash:HeadOffice  VND       1,000,000,000    250,000,000     750,000,000
Assets:Cash:TP-XaHoa    VND         250,000,000              0     250,000,000
Equity:Funds:Central    VND                   0  1,000,000,000  -1,000,000,000
----------------------  --------  -------------  -------------  --------------
Total                   VND       1,250,000,000  1,250,000,000               0"

  socai --db "$DB" verify
  expect_rc 0
  expect_stderr_empty
  expect_stdout_matches "^ok: 4 entries verified, chain head [0-9a-f]{64}; [0-9]+ control records, control head [0-9a-f]{64} \\($TRAINING_NOTICE\\)$"
}

scenario_idempotency() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-15 1.000.000
  local before hash
  before=$(tb)
  expect_entries 1

  # A retry: the same key and content records nothing.
  capital "entry 1 already recorded (key V-0001)" V-0001 2025-01-15 1.000.000
  # The same content written differently (date as DD/MM/YYYY, amount without groups).
  capital "entry 1 already recorded (key V-0001)" V-0001 15/01/2025 1000000
  expect_tb "$before"
  expect_entries 1

  # Machines see the status in CSV.
  write_ok "entry,key,status
1,V-0001,already-recorded" --format csv post --date 2025-01-15 --key V-0001 --memo Capital \
    --posting 'Assets:Cash:HeadOffice=1.000.000' --posting 'Equity:Funds:Central=-1.000.000'

  # The same key with different content is refused, and nothing changes.
  hash=$(hash_of "$DB")
  refused 1 "V-0001" "different content" -- --db "$DB" post --date 2025-01-15 --key V-0001 \
    --memo Capital --posting 'Assets:Cash:HeadOffice=2.000.000' \
    --posting 'Equity:Funds:Central=-2.000.000'
  expect_hash "$DB" "$hash"
  refused 1 "V-0001" "different content" -- --db "$DB" post --date 2025-01-16 --key V-0001 \
    --memo Capital --posting 'Assets:Cash:HeadOffice=1.000.000' \
    --posting 'Equity:Funds:Central=-1.000.000'
  expect_hash "$DB" "$hash"
  refused 1 "V-0001" "different content" -- --db "$DB" post --date 2025-01-15 --key V-0001 \
    --memo 'Another memo' --posting 'Assets:Cash:HeadOffice=1.000.000' \
    --posting 'Equity:Funds:Central=-1.000.000'
  expect_hash "$DB" "$hash"
  expect_tb "$before"
  expect_entries 1

  # A new key is a new entry.
  capital "entry 2 recorded (key V-0002)" V-0002 2025-01-15 1.000.000
  expect_entries 2
}

scenario_unbalanced_refused() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-15 1.000.000
  local hash
  hash=$(hash_of "$DB")
  refused 1 "does not balance" -- --db "$DB" post --date 2025-01-16 --key V-0002 \
    --posting 'Assets:Cash:HeadOffice=1.000.000' --posting 'Equity:Funds:Central=-1.000.001'
  expect_hash "$DB" "$hash"
  # Each currency balances on its own: 100 VND against 1.00 USD does not.
  refused 1 "does not balance" -- --db "$DB" post --date 2025-01-16 --key V-0003 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-1.00 USD'
  expect_hash "$DB" "$hash"
  # Three postings that do not add up.
  refused 1 "does not balance" -- --db "$DB" post --date 2025-01-16 --key V-0004 \
    --posting 'Assets:Cash:HeadOffice=300' --posting 'Equity:Funds:Central=-100' \
    --posting 'Equity:Funds:Local=-100'
  expect_hash "$DB" "$hash"
  expect_entries 1
}

# bad_input SUBSTRING... -- ARGS...: a usage or input error: exit 2, one error line naming
# each SUBSTRING, nothing on stdout, the ledger byte-identical.
bad_input() {
  local hash
  hash=$(hash_of "$DB")
  refused 2 "$@"
  expect_hash "$DB" "$hash"
}

scenario_bad_input_matrix() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-15 1.000.000
  local ok=(--posting 'Equity:Funds:Central=-100')

  bad_input "--posting 1" "'12x'" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=12x' "${ok[@]}"
  bad_input "'50.000'" "ambiguous" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=50.000' --posting 'Equity:Funds:Central=-50.000'
  bad_input "'=50.000'" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting '=50.000' "${ok[@]}"
  bad_input "'Assets:Cash:Nowhere'" "not found" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:Nowhere=100' "${ok[@]}"
  bad_input "'XYZ'" "currency" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=100 XYZ' --posting 'Equity:Funds:Central=-100 XYZ'
  bad_input "--date" "'31/02/2025'" -- --db "$DB" post --date 31/02/2025 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
  bad_input "--date" "'1899-12-31'" -- --db "$DB" post --date 1899-12-31 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
  bad_input "--date" "'3000-01-01'" -- --db "$DB" post --date 3000-01-01 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
  bad_input "--key" -- --db "$DB" post --date 2025-01-16 \
    --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
  bad_input "'99999999999999999999'" "too large" -- --db "$DB" post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=99999999999999999999' \
    --posting 'Equity:Funds:Central=-99999999999999999999'
  bad_input "--as-of" "'2025-13-01'" -- --db "$DB" trial-balance --as-of 2025-13-01
  expect_entries 1

  # A ledger that does not exist is not created.
  refused 2 "'nothere.db'" -- --db nothere.db post --date 2025-01-16 --key K-1 \
    --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
  local f
  for f in nothere.db nothere.db-wal nothere.db-shm nothere.db-journal; do expect_no_file "$f"; done
  refused 2 "'nothere.db'" -- --db nothere.db trial-balance
  expect_no_file nothere.db

  # Files that are not ledgers are refused and left alone: a text file, and an SQLite
  # database of something else.
  printf 'key,date\nnot a ledger\n' >notes.txt
  local saved_db=$DB other
  for other in notes.txt other.db; do
    if [[ $other == other.db ]]; then
      sql other.db "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);"
      expect_rc 0
    fi
    DB=$other
    bad_input "'$other'" "not a socai ledger" -- --db "$other" post --date 2025-01-16 --key K-1 \
      --posting 'Assets:Cash:HeadOffice=100' "${ok[@]}"
    bad_input "'$other'" "not a socai ledger" -- --db "$other" trial-balance
    bad_input "'$other'" "not a socai ledger" -- --db "$other" verify
    for f in "$other-wal" "$other-shm" "$other-journal"; do expect_no_file "$f"; done
    DB=$saved_db
  done
  expect_equal "the other database keeps its data" 42 "$(sql_value other.db 'SELECT x FROM t')"
}

scenario_closed_period() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  approved_ok "closed through 2025-01-31" close-period 2025-01-31

  local hash
  hash=$(hash_of "$DB")
  refused 1 "closed period" -- --db "$DB" post --date 2025-01-31 --key V-0002 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-100'
  expect_hash "$DB" "$hash"
  refused 1 "closed period" -- --db "$DB" post --date 15/01/2025 --key V-0003 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-100'
  expect_hash "$DB" "$hash"
  # A reversal dated in the closed period (by default the entry's own date) is refused too.
  refused 1 "closed period" -- --db "$DB" reverse 1
  expect_hash "$DB" "$hash"
  # Closing the same date again, or an earlier one, changes nothing.
  write_ok "already closed through 2025-01-31" close-period 2025-01-31
  expect_hash "$DB" "$hash"
  write_ok "already closed through 2025-01-31" close-period 31/01/2025
  expect_hash "$DB" "$hash"
  write_ok "already closed through 2025-01-31" close-period 2025-01-15
  expect_hash "$DB" "$hash"
  expect_entries 1

  write_ok "entry 2 recorded (key V-0002)" post --date 2025-02-01 --key V-0002 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-100'
  # A reversal dated after the close is accepted.
  approved_ok "entry 3 recorded (key reversal-of-1)" reverse 1 --date 2025-02-01
  approved_ok "closed through 2025-02-28" close-period 2025-02-28
  refused 1 "closed period" -- --db "$DB" post --date 2025-02-01 --key V-0004 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-100'
  expect_entries 3
}

scenario_reversal() {
  new_ledger
  large_capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000.000
  local before
  before=$(tb)
  write_ok "entry 2 recorded (key V-0002)" post --date 2025-01-12 --key V-0002 \
    --memo 'Fees booked to the wrong month' \
    --posting 'Expenses:EntrustmentFees=2.000.000' --posting 'Assets:Cash:HeadOffice=-2.000.000' \
    --posting 'Assets:Cash:HeadOffice=5.00 USD' --posting 'Equity:Funds:Local=-5.00 USD'

  approved_ok "entry 3 recorded (key reversal-of-2)" reverse 2
  local after
  after=$(tb)
  expect_equal "trial balance after the reversal" "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,USD,5.00,5.00,0.00
Assets:Cash:HeadOffice,VND,1002000000,2000000,1000000000
Equity:Funds:Central,VND,0,1000000000,-1000000000
Equity:Funds:Local,USD,5.00,5.00,0.00
Expenses:EntrustmentFees,VND,2000000,2000000,0" "$after"
  # Every balance is back to what it was before entry 2 (accounts that entry opened now
  # stand at zero).
  local balances_before balances_after
  # grep exits 1 when no balance is left; the comparison below is what asserts.
  balances_before=$(printf '%s\n' "$before" | tail -n +2 | cut -d, -f1,2,5 |
    grep -v -E ',(0|0\.00)$' || true)
  balances_after=$(printf '%s\n' "$after" | tail -n +2 | cut -d, -f1,2,5 |
    grep -v -E ',(0|0\.00)$' || true)
  expect_equal "non-zero balances after the reversal = before the entry" \
    "$balances_before" "$balances_after"
  expect_equal "the reversal links to entry 2" "3|2|reversal|Reversal of entry 2|2025-01-12" \
    "$(sql_value "$DB" "SELECT id, reverses_id, kind, memo, date FROM entries WHERE id = 3")"

  local hash
  hash=$(hash_of "$DB")
  # A retry with the default key is "already recorded".
  write_ok "entry 3 already recorded (key reversal-of-2)" reverse 2
  expect_entries 3
  # A reversal is never reversed.
  refused 1 "entry 3" "reversal" -- --db "$DB" reverse 3
  expect_hash "$DB" "$hash"
  # An entry is reversed once.
  refused 1 "entry 2" "already reversed" -- --db "$DB" reverse 2 --key other-key
  expect_hash "$DB" "$hash"
  # No such entry.
  refused 2 "entry 99" -- --db "$DB" reverse 99
  expect_hash "$DB" "$hash"
  refused 2 "'abc'" -- --db "$DB" reverse abc
  expect_hash "$DB" "$hash"
  expect_entries 3

  socai --db "$DB" verify
  expect_rc 0
  expect_stdout_matches "^ok: 3 entries verified, chain head [0-9a-f]{64}; [0-9]+ control records, control head [0-9a-f]{64} \\($TRAINING_NOTICE\\)$"
}

scenario_sqlite_refuses_changes() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  write_ok "entry 2 recorded (key V-0002)" post --date 2025-01-12 --key V-0002 \
    --posting 'Expenses:EntrustmentFees=20000' --posting 'Assets:Cash:HeadOffice=-20000'
  local before hash
  before=$(tb)
  hash=$(hash_of "$DB")

  local statement
  for statement in \
    "UPDATE entries SET memo = 'changed' WHERE id = 1" \
    "UPDATE entries SET date = '2025-01-11' WHERE id = 2" \
    "DELETE FROM entries WHERE id = 2" \
    "DELETE FROM entries" \
    "UPDATE postings SET amount = amount * 10 WHERE entry_id = 1" \
    "UPDATE postings SET account_id = account_id + 1 WHERE entry_id = 2 AND seq = 1" \
    "DELETE FROM postings WHERE entry_id = 1" \
    "DELETE FROM postings"; do
    sql "$DB" "$statement"
    [[ $RC -ne 0 ]] || fail "sqlite3 must refuse the change" "$CMD" "a non-zero exit" "exit 0"
    expect_stderr_contains "append-only"
    expect_hash "$DB" "$hash"
  done
  # Nor can a posting be added to a recorded entry.
  sql "$DB" "INSERT INTO postings (entry_id, seq, account_id, currency, amount)
             VALUES (1, 3, 1, 'VND', 5)"
  [[ $RC -ne 0 ]] || fail "sqlite3 must refuse the posting" "$CMD" "a non-zero exit" "exit 0"
  expect_stderr_contains "recorded entry"
  expect_hash "$DB" "$hash"

  expect_tb "$before"
  expect_entries 2
  socai --db "$DB" verify
  expect_rc 0
  expect_stdout_matches "^ok: 2 entries verified, chain head [0-9a-f]{64}; [0-9]+ control records, control head [0-9a-f]{64} \\($TRAINING_NOTICE\\)$"
}

# drop_triggers DB: what someone with the file and the sqlite3 shell can do.
drop_triggers() {
  local names name
  names=$(sql_value "$1" "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
  [[ -n $names ]] || fail "the ledger has triggers" "sqlite3 $1" "some triggers" "none"
  while IFS= read -r name; do
    sql "$1" "DROP TRIGGER \"$name\""
    expect_rc 0
  done <<<"$names"
  expect_equal "triggers left" 0 \
    "$(sql_value "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")"
}

scenario_tamper_detected() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  write_ok "entry 2 recorded (key V-0002)" post --date 2025-01-12 --key V-0002 \
    --posting 'Expenses:EntrustmentFees=20000' --posting 'Assets:Cash:HeadOffice=-20000'
  write_ok "entry 3 recorded (key V-0003)" post --date 2025-01-13 --key V-0003 \
    --posting 'Assets:Cash:HeadOffice=3.25 USD' --posting 'Equity:Funds:Local=-3.25 USD'

  socai --db "$DB" verify
  expect_rc 0
  expect_stderr_empty
  expect_stdout_matches "^ok: 3 entries verified, chain head [0-9a-f]{64}; [0-9]+ control records, control head [0-9a-f]{64} \\($TRAINING_NOTICE\\)$"
  [[ $(wc -l <"$OUT") -eq 1 ]] || fail "verify prints one line" "$CMD" "1 line" "$(cat "$OUT")"
  socai --db "$DB" --read-only verify
  expect_rc 0
  expect_stdout_matches '^ok: 3 entries verified'

  cp "$DB" pristine.db
  drop_triggers "$DB"
  # No entry changed, but the database's half of the rules is gone: verify says so.
  refused 1 "protections were removed" -- --db "$DB" verify

  # Both postings of entry 2 changed, so that it still balances.
  sql "$DB" "UPDATE postings SET amount = amount * 10 WHERE entry_id = 2"
  expect_rc 0
  local hash
  hash=$(hash_of "$DB")
  refused 1 "entry 2" -- --db "$DB" verify
  expect_hash "$DB" "$hash"
  grep -q '^socai: error: entry 2:' "$ERR" ||
    fail "verify names entry 2 first" "$CMD" "socai: error: entry 2: ..." "$(cat "$ERR")"
  refused 1 "entry 2" -- --db "$DB" --read-only verify
  expect_hash "$DB" "$hash"

  # One posting changed: the entry no longer balances either.
  cp pristine.db one.db
  drop_triggers one.db
  sql one.db "UPDATE postings SET amount = amount + 1 WHERE entry_id = 2 AND seq = 1"
  expect_rc 0
  refused 1 "entry 2" -- --db one.db verify
  grep -q '^socai: error: entry 2:' "$ERR" ||
    fail "verify names entry 2 first" "$CMD" "socai: error: entry 2: ..." "$(cat "$ERR")"

  # The entry itself changed (its memo).
  cp pristine.db memo.db
  drop_triggers memo.db
  sql memo.db "UPDATE entries SET memo = 'nothing to see' WHERE id = 2"
  expect_rc 0
  refused 1 "entry 2" -- --db memo.db verify
  grep -q '^socai: error: entry 2:' "$ERR" ||
    fail "verify names entry 2 first" "$CMD" "socai: error: entry 2: ..." "$(cat "$ERR")"

  # A trigger replaced by one that does nothing, under the same name; one added; an index
  # dropped: verify compares the whole schema with what its version defines.
  cp pristine.db noop.db
  sql noop.db "DROP TRIGGER entries_are_append_only_update; CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries BEGIN SELECT 1; END"
  expect_rc 0
  refused 1 "the ledger's schema differs from schema" \
    "the trigger entries_are_append_only_update was redefined" -- --db noop.db verify
  cp pristine.db extra.db
  sql extra.db "CREATE TRIGGER keep_a_copy AFTER INSERT ON entries BEGIN SELECT 1; END"
  refused 1 "the ledger's schema has a trigger keep_a_copy that schema" -- --db extra.db verify
  cp pristine.db index.db
  sql index.db "DROP INDEX postings_by_account"
  refused 1 "the ledger's schema lacks the index postings_by_account of schema" \
    -- --db index.db verify

  # The untouched copy still verifies.
  socai --db pristine.db verify
  expect_rc 0
  expect_stdout_matches '^ok: 3 entries verified'
}

# behind COPY SQL: on a copy of the ledger, runs SQL as a writer who removes every trigger
# first and puts each back afterwards, as it was: only the control chain can tell.
behind() {
  local copy=$1 statements=$2 triggers
  cp "$DB" "$copy"
  triggers=$(sql_value "$copy" "SELECT group_concat(sql, ';' || char(10)) FROM sqlite_master WHERE type = 'trigger'")
  drop_triggers "$copy"
  sql "$copy" "$statements; $triggers;"
  expect_rc 0
  expect_equal "triggers put back" "$(sql_value "$DB" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" \
    "$(sql_value "$copy" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")"
}

# Requests, decisions, settings, actors and programs are in the control chain: verify (and
# reconcile) name any of them changed, inserted, decided or removed behind the ledger.
scenario_control_chain() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  socai --db "$DB" --actor maker reverse 1 --memo 'Wrong amount'
  expect_stdout_contains "request 1 recorded: reverse entry 1"
  socai --db "$DB" --actor maker close-period 2025-01-31
  expect_stdout_contains "request 2 recorded"
  socai --db "$DB" --actor checker reject 2 --reason 'Too early'
  expect_rc 0
  socai --db "$DB" verify --format json
  expect_rc 0
  local records
  records=$(sql_value "$DB" "SELECT count(*) FROM control_records")
  expect_stdout_contains "\"control_records_checked\": $records"
  # The chain holds a record per write: a request, its decision, each seeded row.
  expect_equal "records of request 2" 2 \
    "$(sql_value "$DB" "SELECT count(*) FROM control_records WHERE subject = 'approval_requests' AND subject_key = '2'")"

  behind altered.db "UPDATE approval_requests SET operation = replace(operation, 'Wrong amount', 'Right amount') WHERE id = 1"
  refused 1 "approval_requests row 1 differs from its control record" "changed behind the ledger" \
    -- --db altered.db verify
  socai --db altered.db reconcile --as-of 2025-01-31
  expect_rc 1
  expect_stdout_contains "approval_requests row 1 differs"

  behind decided.db "UPDATE approval_requests SET status = 'approved', decided_by = 'checker', decided_at = '2026-01-01T00:00:00Z' WHERE id = 1"
  refused 1 "approval_requests row 1 differs" -- --db decided.db verify

  behind inserted.db "INSERT INTO approval_requests (command, requested_by, requested_at, status, decided_by, decided_at, kind, operation, digest) SELECT command, 'maker', requested_at, 'approved', 'checker', requested_at, kind, operation, digest FROM approval_requests WHERE id = 1"
  refused 1 "approval_requests row 3 is in no control record" "written behind the ledger" \
    -- --db inserted.db verify

  behind setting.db "UPDATE settings SET value = 'month-close' WHERE key = 'approval.kinds'"
  refused 1 "settings row approval.kinds differs from its control record" -- --db setting.db verify

  behind actor.db "INSERT INTO actors (name, name_key, os_user, roles, created_by, created_at) VALUES ('Boss', 'boss', 'boss', 'approver', 'x', 'x')"
  refused 1 "actors row 1 is in no control record" -- --db actor.db verify

  behind program.db "UPDATE programs SET overdue_multiplier_percent = 100 WHERE code = '01'"
  refused 1 "programs row 01 differs from its control record" -- --db program.db verify

  behind removed.db "DELETE FROM approval_requests WHERE id = 2"
  refused 1 "approval_requests row 2 of control record" "removed behind the ledger" \
    -- --db removed.db verify

  # The records themselves: changed, or cut off at the end with their rows.
  behind record.db "UPDATE control_records SET content = replace(content, 'Too early', 'Fine') WHERE id = (SELECT max(id) FROM control_records)"
  refused 1 "control record $records (approval_requests 2): content does not match its hash" \
    -- --db record.db verify

  # The untouched ledger still verifies, and reconciles.
  socai --db "$DB" verify
  expect_rc 0
  socai --db "$DB" reconcile --as-of 2025-01-31
  expect_rc 0
}

# Signed checkpoints: an auditor's Ed25519 key (made by openssl) signs what the ledger holds;
# verify --checkpoint proves later that the ledger still holds it, and names what changed.
scenario_checkpoint() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  run openssl genpkey -algorithm ed25519 -out auditor.pem
  expect_rc 0
  run openssl pkey -in auditor.pem -pubout -out auditor.pub.pem
  expect_rc 0
  run openssl genpkey -algorithm ed25519 -out other.pem
  run openssl pkey -in other.pem -pubout -out other.pub.pem
  run openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out rsa.pem
  expect_rc 0

  local records head
  records=$(sql_value "$DB" "SELECT count(*) FROM control_records")
  head=$(sql_value "$DB" "SELECT hash FROM entries WHERE id = 1")
  write_ok "checkpoint of 1 entries and $records control records written to jan.checkpoint" \
    --read-only checkpoint --key auditor.pem --out jan.checkpoint
  # The statement: what it signs, line by line, then the signature.
  local lines
  lines=$(sed -n '1p;3,5p' jan.checkpoint)
  expect_equal "the checkpoint's lines" "socai checkpoint 1
training: yes
entries: 1
chain head: $head" "$lines"
  expect_equal "the ledger's id" "ledger: $(sql_value "$DB" "SELECT ledger_id FROM ledger_identity")" \
    "$(sed -n 2p jan.checkpoint)"
  expect_equal "the control head" "control head: $(sql_value "$DB" "SELECT hash FROM control_records ORDER BY id DESC LIMIT 1")" \
    "$(sed -n 7p jan.checkpoint)"
  [[ $(sed -n 12p jan.checkpoint) =~ ^signature:\ [0-9a-f]{128}$ ]] ||
    fail "the signature line" "" "signature: 128 hex digits" "$(sed -n 12p jan.checkpoint)"
  cp "$DB" january.db

  # Later entries keep the signed history as a prefix.
  capital "entry 2 recorded (key V-0002)" V-0002 2025-02-10 2.000.000
  socai --db "$DB" verify --checkpoint jan.checkpoint --public-key other.pub.pem \
    --public-key auditor.pub.pem
  expect_rc 0
  expect_stdout_contains "ok: 2 entries verified"
  write_ok "checkpoint of 2 entries and $records control records written to feb.checkpoint" \
    checkpoint --key auditor.pem --out feb.checkpoint
  socai --db "$DB" verify --checkpoint jan.checkpoint --checkpoint feb.checkpoint \
    --public-key auditor.pub.pem
  expect_rc 0

  # A lost tail: the file as it was in January.
  refused 1 "checkpoint 'feb.checkpoint'" "the ledger holds 1 entries" "entries 2 to 2 are lost" \
    -- --db january.db verify --checkpoint jan.checkpoint --checkpoint feb.checkpoint \
    --public-key auditor.pub.pem
  # Another ledger in its place.
  cp "$DB" ours.db
  rm -f "$DB" "$DB-wal" "$DB-shm"
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  refused 1 "checkpoint 'jan.checkpoint'" "the checkpoint of" "signed ledger" \
    -- --db "$DB" verify --checkpoint jan.checkpoint --public-key auditor.pub.pem
  # A history changed behind the ledger.
  cp ours.db changed.db
  drop_triggers changed.db
  sql changed.db "UPDATE postings SET amount = amount * 2 WHERE entry_id = 1"
  refused 1 "checkpoint 'jan.checkpoint'" "the ledger no longer verifies: entry 1" \
    -- --db changed.db verify --checkpoint jan.checkpoint --public-key auditor.pub.pem

  # The statement changed, or checked with a key that did not sign it.
  sed 's/^entries: 1$/entries: 2/' jan.checkpoint >forged.checkpoint
  refused 1 "checkpoint 'forged.checkpoint'" "its signature does not verify" \
    -- --db ours.db verify --checkpoint forged.checkpoint --public-key auditor.pub.pem
  refused 1 "its signature does not verify with the public key given" \
    -- --db ours.db verify --checkpoint jan.checkpoint --public-key other.pub.pem
  head -n 11 jan.checkpoint >unsigned.checkpoint
  refused 2 "not a socai checkpoint: no signature line" \
    -- --db ours.db verify --checkpoint unsigned.checkpoint --public-key auditor.pub.pem
  refused 2 "--public-key 'auditor.pem'" "not an Ed25519 public key" \
    -- --db ours.db verify --checkpoint jan.checkpoint --public-key auditor.pem
  refused 2 "--checkpoint: give the public key" -- --db ours.db verify --checkpoint jan.checkpoint
  refused 2 "--checkpoint 'nothing.checkpoint'" "cannot read it" \
    -- --db ours.db verify --checkpoint nothing.checkpoint --public-key auditor.pub.pem

  # Keys and files a checkpoint refuses, writing nothing.
  refused 2 "--key" "not an unencrypted Ed25519 private key" -- --db ours.db checkpoint --key rsa.pem
  refused 2 "--key" "not an unencrypted Ed25519 private key" \
    -- --db ours.db checkpoint --key auditor.pub.pem
  refused 1 "--out 'jan.checkpoint': exists" -- --db ours.db checkpoint --key auditor.pem \
    --out jan.checkpoint
  # A damaged ledger is never signed.
  refused 1 "the ledger does not verify, so it is not signed: entry 1" \
    -- --db changed.db checkpoint --key auditor.pem
  local left
  left=$(find . -maxdepth 1 -name '*.checkpoint.*')
  [[ ! -e changed.checkpoint && -z $left ]] || fail "no checkpoint file is left" "ls" "none" "$left"
  # A link planted at --out is not written through, even one that leads nowhere yet.
  ln -s planted-target planted.checkpoint
  refused 1 "--out 'planted.checkpoint': exists" -- --db ours.db checkpoint --key auditor.pem \
    --out planted.checkpoint
  [[ ! -e planted-target ]] || fail "the link's target is not written" "ls" "none" "$(ls)"
}

# A checkpoint killed at any moment (SIGKILL, at random times within its run) leaves no file at
# its --out, or the whole statement, which verifies; the ledger is as it was and verifies.
scenario_checkpoint_kill() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  capital "entry 2 recorded (key V-0002)" V-0002 2025-02-10 2.000.000
  run openssl genpkey -algorithm ed25519 -out auditor.pem
  expect_rc 0
  run openssl pkey -in auditor.pem -pubout -out auditor.pub.pem
  expect_rc 0
  local hash i pid status whole=0 none=0 started took
  hash=$(ledger_hash)
  # How long one checkpoint takes here, in microseconds: the kills fall within it.
  started=$(date +%s%N)
  write_ok "checkpoint of 2 entries and $(sql_value "$DB" "SELECT count(*) FROM control_records") \
control records written to whole.checkpoint" checkpoint --key auditor.pem --out whole.checkpoint
  took=$((($(date +%s%N) - started) / 1000 + 1))
  for i in $(seq 1 40); do
    "$SOCAI" --db "$DB" checkpoint --key auditor.pem --out "k$i.checkpoint" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '0.%06d' $(((RANDOM * 32768 + RANDOM) % took)))"
    kill -KILL "$pid" 2>/dev/null || :  # it may have ended: its status says which
    status=0
    wait "$pid" || status=$?
    [[ $status -eq 0 || $status -eq 137 ]] ||
      fail "checkpoint $i ends written or killed" "checkpoint" "0 or 137" "$status"
    if [[ -e k$i.checkpoint ]]; then
      whole=$((whole + 1))
      cmp -s <(sed '/^taken at:/d;/^signature:/d' "k$i.checkpoint") \
        <(sed '/^taken at:/d;/^signature:/d' whole.checkpoint) ||
        fail "checkpoint $i is whole" "cmp" "$(cat whole.checkpoint)" "$(cat "k$i.checkpoint")"
      socai --db "$DB" --read-only verify --checkpoint "k$i.checkpoint" \
        --public-key auditor.pub.pem
      expect_rc 0
    else
      none=$((none + 1))
    fi
  done
  expect_equal "every checkpoint is whole or absent" 40 $((whole + none))
  echo "checkpoints killed: $none left no file, $whole completed"
  rm -f -- *.checkpoint.*  # a temporary file of a checkpoint killed before it was linked
  expect_equal "the ledger is unchanged" "$hash" "$(ledger_hash)"
  socai --db "$DB" --read-only verify --checkpoint whole.checkpoint --public-key auditor.pub.pem
  expect_rc 0
  expect_stdout_contains "ok: 2 entries verified"
}

scenario_read_only() {
  new_ledger
  capital "entry 1 recorded (key V-0001)" V-0001 2025-01-10 1.000.000
  local before hash
  before=$(tb)
  hash=$(hash_of "$DB")

  refused 1 "read-only" -- --db "$DB" --read-only post --date 2025-01-11 --key V-0002 \
    --posting 'Assets:Cash:HeadOffice=100' --posting 'Equity:Funds:Central=-100'
  expect_hash "$DB" "$hash"
  refused 1 "read-only" -- --db "$DB" --read-only reverse 1
  expect_hash "$DB" "$hash"
  refused 1 "read-only" -- --db "$DB" --read-only close-period 2025-01-31
  expect_hash "$DB" "$hash"
  refused 1 "read-only" -- --db "$DB" --read-only account add Assets:Cash:TP-XaHoa
  expect_hash "$DB" "$hash"
  expect_entries 1

  socai --db "$DB" --read-only trial-balance --format csv
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$before"
  expect_hash "$DB" "$hash"
  socai --db "$DB" --read-only verify
  expect_rc 0
  expect_stdout_matches '^ok: 1 entries verified'
  expect_hash "$DB" "$hash"
  # A retry of a recorded entry writes nothing, but --read-only still refuses to post.
  refused 1 "read-only" -- --db "$DB" --read-only post --date 2025-01-10 --key V-0001 \
    --memo Capital --posting 'Assets:Cash:HeadOffice=1.000.000' \
    --posting 'Equity:Funds:Central=-1.000.000'
  expect_hash "$DB" "$hash"
}

# An auditor whose OS account may read the ledger but not write it or its directory (mode 0444
# files in a 0555 directory; a user namespace maps the test's user to uid:4004, as in
# scenario_actors): with --read-only, verify and the reports work and print what the owner's
# do, nothing is written and no file is made; a write is refused. With a write-ahead log that
# holds entries and that the account cannot use, the file alone is not the ledger: refused,
# naming what the auditor needs; readable, it is read with its log.
scenario_auditor() {
  unset SOCAI_ACTOR
  as() {
    local uid=$1
    shift
    run unshare --user --map-user="$uid" --map-group="$uid" "$SOCAI" --db "$DB" "$@"
  }
  files() { (cd branch && for f in *; do printf '%s %s\n' "$f" "$(hash_of "$f")"; done); }
  # A process that keeps a connection open, killed when the log holds entries: a crash.
  crash_holding() {
    mkfifo hold.fifo
    sqlite3 -batch -init /dev/null "$DB" <hold.fifo >/dev/null &
    local holder=$!
    exec 7>hold.fifo
    echo 'SELECT count(*) FROM entries;' >&7
    sleep 0.5
    "$@"
    kill -9 "$holder"
    local rc=0
    wait "$holder" 2>/dev/null || rc=$?
    [[ $rc -eq 137 ]] || fail "the holding process was killed" "kill -9 $holder" "exit 137" "$rc"
    exec 7>&-
    rm hold.fifo
  }
  mkdir branch
  DB=branch/branch.db
  socai --db "$DB" init
  expect_rc 0
  # The first actors, before the ledger has an administrator.
  as 4003 actor add 'Lê Thu Hà' --os-user uid:4004 --role auditor
  expect_stdout "actor Lê Thu Hà (uid:4004) registered: auditor"
  as 4003 actor add 'Phạm Quốc An' --os-user uid:4003 --role administrator,accountant
  expect_stdout "actor Phạm Quốc An (uid:4003) registered: accountant administrator"
  as 4003 post --date 2025-01-10 --key A-1 --memo Capital \
    --posting 'Assets:Cash:HeadOffice=1000000' --posting 'Equity:Funds:Local=-1000000'
  expect_stdout "entry 1 recorded (key A-1)"
  as 4003 post --date 2025-01-11 --key A-2 \
    --posting 'Assets:Cash:HeadOffice=-250000' --posting 'Expenses:EntrustmentFees=250000'
  expect_stdout "entry 2 recorded (key A-2)"
  as 4003 verify
  expect_rc 0
  local verified tb
  verified=$(cat "$OUT")
  as 4003 trial-balance --format csv
  expect_rc 0
  tb=$(cat "$OUT")
  [[ $(ls branch) == branch.db ]] || fail "the last writer removed its -wal and -shm" "ls branch" \
    "branch.db" "$(ls branch)"

  chmod 0444 "$DB"
  chmod 0555 branch
  local before
  before=$(files)
  as 4004 --read-only verify
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$verified"
  as 4004 --read-only trial-balance --format csv
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$tb"
  as 4004 --read-only report ledger Assets:Cash:HeadOffice --format csv
  expect_rc 0
  expect_stdout "date,entry,kind,memo,loan,currency,debit,credit,balance
2025-01-10,1,manual,Capital,,VND,1000000,,1000000
2025-01-11,2,manual,,,VND,,250000,750000"
  # A write: refused by its role, by --read-only, and by the file's mode.
  as 4004 --read-only post --date 2025-01-12 --key A-3 \
    --posting 'Assets:Cash:HeadOffice=1' --posting 'Equity:Funds:Local=-1'
  expect_rc 1
  expect_stdout_empty
  expect_one_error "actor 'Lê Thu Hà' has the roles auditor; this needs the accountant role"
  as 4003 --read-only post --date 2025-01-12 --key A-3 \
    --posting 'Assets:Cash:HeadOffice=1' --posting 'Equity:Funds:Local=-1'
  expect_rc 1
  expect_stdout_empty
  expect_one_error "the ledger is open read-only: nothing can be written"
  as 4003 post --date 2025-01-12 --key A-3 \
    --posting 'Assets:Cash:HeadOffice=1' --posting 'Equity:Funds:Local=-1'
  expect_rc 1
  expect_stdout_empty
  expect_one_error "the ledger is open read-only: attempt to write a readonly database"
  [[ $(files) == "$before" ]] || fail "every file byte-identical, none made (sha256)" "$CMD" \
    "$before" "$(files)"

  # A file the account cannot read at all.
  chmod 0000 "$DB"
  as 4004 --read-only verify
  expect_rc 2
  expect_stdout_empty
  expect_one_error "cannot read 'branch/branch.db': permission denied: reading a ledger needs read access to the file, and to its -wal and -shm when they exist"
  chmod 0444 "$DB"
  [[ $(files) == "$before" ]] || fail "every file byte-identical (sha256)" "$CMD" "$before" \
    "$(files)"

  # A writer that crashed (or still runs) leaves entries in the -wal, beside a -shm.
  chmod 0755 branch
  chmod 0644 "$DB"
  crash_holding as 4003 post --date 2025-01-12 --key A-3 \
    --posting 'Assets:Cash:HeadOffice=1' --posting 'Equity:Funds:Local=-1'
  expect_stdout "entry 3 recorded (key A-3)"
  [[ -s $DB-wal && -e $DB-shm ]] || fail "entry 3 is in the -wal" "ls -l branch" \
    "branch.db branch.db-shm branch.db-wal" "$(ls -l branch)"
  chmod 0444 "$DB" "$DB-wal"
  chmod 0000 "$DB-shm"
  chmod 0555 branch
  before=$(cd branch && hash_of branch.db && hash_of branch.db-wal && ls)
  local needs="cannot read 'branch/branch.db' read-only: its write-ahead log 'branch/branch.db-wal' may hold entries not yet in the file, and this account cannot use it with 'branch/branch.db-shm'; reading needs read access to the three files, or a copy that the ledger's owner makes with sqlite3 'branch/branch.db' \".backup copy.db\""
  as 4004 --read-only trial-balance --format csv
  expect_rc 2
  expect_stdout_empty
  expect_one_error "$needs"
  # Without the -shm, the same.
  chmod 0755 branch
  mv "$DB-shm" shm.kept
  chmod 0555 branch
  as 4004 --read-only verify
  expect_rc 2
  expect_stdout_empty
  expect_one_error "$needs"
  # With the three readable, the ledger is read with its log: entry 3 counts.
  chmod 0755 branch
  mv shm.kept "$DB-shm"
  chmod 0444 "$DB-shm"
  chmod 0555 branch
  as 4004 --read-only trial-balance --format csv
  expect_rc 0
  expect_stdout "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,VND,1000001,250000,750001
Equity:Funds:Local,VND,0,1000001,-1000001
Expenses:EntrustmentFees,VND,250000,0,250000"
  as 4004 --read-only verify
  expect_rc 0
  expect_stdout_matches '^ok: 3 entries verified'
  [[ $(cd branch && hash_of branch.db && hash_of branch.db-wal && ls) == "$before" ]] ||
    fail "the ledger and its log byte-identical (sha256)" "$CMD" "$before" \
      "$(cd branch && hash_of branch.db && hash_of branch.db-wal && ls)"
  chmod 0755 branch
}

# An auditor reading beside a writer: another OS account (nobody, uid 65534, through setpriv:
# the test runs as root) with read access only to a ledger that its owner keeps writing. While
# the auditor's read holds the ledger (verify waits on a checkpoint file that is a FIFO), the
# owner posts an entry: it stays in the owner's -wal, and the file being read is
# byte-identical until the auditor is done.
scenario_auditor_beside_writer() {
  [[ $(id -u) -eq 0 ]] || fail "runs as root, to act as another OS account" "id -u" 0 "$(id -u)"
  chmod 0711 "$WORK"
  mkdir branch
  DB=branch/branch.db
  new_ledger
  capital "entry 1 recorded (key A-1)" A-1 2025-01-10 1.000.000
  openssl genpkey -algorithm ed25519 -out key.pem 2>/dev/null
  openssl pkey -in key.pem -pubout -out pub.pem
  chmod 0644 pub.pem
  [[ $(stat -c '%a %U' "$DB" branch) == $'644 root\n755 root' && $(ls branch) == branch.db ]] ||
    fail "the owner's ledger, readable by others" "ls -l branch" "644, 755, no -wal" \
      "$(ls -la branch)"
  mkfifo hold.fifo
  chmod 0644 hold.fifo
  exec 8<>hold.fifo
  timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCAI" --db "$DB" --read-only \
    verify --checkpoint hold.fifo --public-key pub.pem >auditor.out 2>auditor.err 8>&- &
  local auditor=$! inode i
  inode=$(stat -c %i "$DB")
  for ((i = 0; i < 100; i++)); do
    grep -q "POSIX *ADVISORY *READ *[0-9]* [0-9a-f:]*:$inode 1073741826 1073742335" /proc/locks &&
      break
    sleep 0.1
  done
  [[ $i -lt 100 ]] || fail "the auditor holds SQLite's SHARED lock on the file" "cat /proc/locks" \
    "POSIX ADVISORY READ ...:$inode 1073741826 1073742335" "$(cat /proc/locks)"
  local before
  before=$(hash_of "$DB")
  capital "entry 2 recorded (key A-2)" A-2 2025-01-11 2.000.000
  expect_hash "$DB" "$before"
  [[ -s $DB-wal ]] || fail "entry 2 waits in the owner's -wal" "ls -l branch" "branch.db-wal" \
    "$(ls -la branch)"
  echo 'not a checkpoint' >&8
  exec 8>&-
  local rc=0
  wait "$auditor" || rc=$?
  [[ $rc -eq 2 && $(cat auditor.err) == "socai: error: checkpoint 'hold.fifo': not a socai checkpoint"* ]] ||
    fail "the auditor's verify read the ledger, then refused the FIFO's text" "verify" \
      "exit 2: socai: error: checkpoint 'hold.fifo': not a socai checkpoint..." \
      "exit $rc: $(cat auditor.err)"
  expect_hash "$DB" "$before"
  [[ ! -s auditor.out ]] || fail "a refused verify prints nothing" "verify" "" "$(cat auditor.out)"
  # The owner's next command copies the log into the file.
  socai --db "$DB" verify
  expect_rc 0
  expect_stdout_matches '^ok: 2 entries verified'
}

# Errors that once ended in an internal error or a storage message, each now one line that says
# what is wrong, with the ledger byte-identical.
scenario_clear_errors() {
  new_ledger
  local hash
  hash=$(ledger_hash)
  # A principal past the bound of amounts, 10^15 minor units (once "internal error: std::get:
  # wrong index for variant"); the largest one's schedule is exact.
  refused 2 "too large" -- --db "$DB" schedule \
    --principal 9.000.000.000.000.000.000 --rate 6%/year --term 12 --start 2025-01-01
  expect_equal "stderr" "socai: error: --principal: amount '9.000.000.000.000.000.000' is too \
large: at most 10^15 minor units" "$(cat "$ERR")"
  refused 2 "--principal: amount '9.223.372.036.854.775.808' is too large" -- --db "$DB" \
    schedule --principal 9.223.372.036.854.775.808 --rate 6%/year --term 12 --start 2025-01-01
  socai --db "$DB" schedule --principal 1.000.000.000.000.000 --rate 6%/year --term 12 \
    --start 2025-01-01 --format csv
  expect_rc 0
  expect_stdout_contains "2025-12-01,"

  # A schema version lowered behind socai (once "table ... already exists"): named, for a
  # write and for --read-only, and nothing migrated.
  local v
  for v in 0 5 11; do
    sql "$DB" "PRAGMA user_version = $v"
    expect_rc 0
    hash=$(ledger_hash)
    refused 3 -- --db "$DB" trial-balance
    local object
    # The first by name that the version does not have: schema 13's trigger on accounts.
    case $v in 0) object="table accounts" ;; *) object="trigger accounts_inherit_control" ;; esac
    expect_equal "stderr" "socai: error: '$DB' says it is of schema version $v, but it has the \
$object, which schema $v does not: its version was changed outside socai; restore the \
ledger from a copy" "$(cat "$ERR")"
    [[ $(ledger_hash) == "$hash" ]] || fail "the ledger is unchanged" "$CMD" "$hash" "$(ledger_hash)"
    refused 3 "says it is of schema version $v" -- --db "$DB" --read-only verify
    [[ $(ledger_hash) == "$hash" ]] || fail "the ledger is unchanged" "$CMD" "$hash" "$(ledger_hash)"
  done
  sql "$DB" "PRAGMA user_version = 13"
  expect_rc 0
  socai --db "$DB" verify
  expect_rc 0
}

# Nothing is dated after the business date: Vietnam's calendar day (UTC+7) by the system
# clock, or, on a training ledger only, the time SOCAI_CLOCK fixes.
scenario_business_date() {
  new_ledger
  local yesterday later hash
  yesterday=$(date -u -d '-17 hours' +%F)
  later=$(date -u -d '+55 hours' +%F) # after tomorrow in Vietnam, whatever the hour
  capital "entry 1 recorded (key V-1)" V-1 "$yesterday" 1.000.000
  hash=$(ledger_hash)
  refused 1 "date $later is after the business date" "nothing is dated in the future" -- \
    --db "$DB" post --date "$later" --key V-2 --posting 'Assets:Cash:HeadOffice=1000' \
    --posting 'Equity:Funds:Central=-1000'
  refused 1 "date 2999-12-31 is after the business date" -- --db "$DB" close-period 2999-12-31
  refused 1 "is after the business date" -- --db "$DB" reverse 1 --date "$later"
  [[ $(ledger_hash) == "$hash" ]] || fail "the ledger is unchanged" "$CMD" "$hash" "$(ledger_hash)"

  # A training ledger's rehearsal of 2031: its records are stamped with that time.
  export SOCAI_CLOCK=2031-01-01T08:00:00Z
  capital "entry 2 recorded (key V-3)" V-3 2030-12-31 1.000.000
  expect_equal "recorded at" "2031-01-01T08:00:00Z" \
    "$(sql_value "$DB" "SELECT recorded_at FROM entries WHERE id = 2")"
  refused 1 "date 2031-01-02 is after the business date 2031-01-01" -- --db "$DB" post \
    --date 2031-01-02 --key V-4 --posting 'Assets:Cash:HeadOffice=1000' \
    --posting 'Equity:Funds:Central=-1000'
  export SOCAI_CLOCK=2031-01-01
  refused 2 "SOCAI_CLOCK: time '2031-01-01': not a UTC time YYYY-MM-DDTHH:MM:SSZ" -- \
    --db "$DB" trial-balance

  # A ledger that is not for training keeps the system's time: SOCAI_CLOCK is refused.
  export SOCAI_CLOCK=2031-01-01T08:00:00Z
  refused 1 "SOCAI_CLOCK fixes the time of a training ledger only" -- --db real.db init
  [[ ! -e real.db ]] || fail "no ledger is created" "$CMD" "no real.db" "real.db"
  unset SOCAI_CLOCK
  socai --db real.db init
  expect_rc 0
  hash=$(hash_of real.db)
  export SOCAI_CLOCK=2031-01-01T08:00:00Z
  refused 1 "SOCAI_CLOCK fixes the time of a training ledger only" -- --db real.db \
    actor add 'Phạm Quốc An' --os-user "$(id -un)" --role administrator
  [[ $(hash_of real.db) == "$hash" ]] || fail "real.db is unchanged" "$CMD" "$hash" "changed"
  unset SOCAI_CLOCK
}

scenario_post_file() {
  new_ledger
  cat >two.json <<'EOF'
[
  {"date": "2025-03-01", "key": "J-1", "memo": "Capital", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "5000000"},
    {"account": "Equity:Funds:Central", "amount": "-5.000.000", "currency": "VND"}]},
  {"date": "02/03/2025", "key": "J-2", "memo": "Dollars", "kind": "transfer", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "20.25", "currency": "USD"},
    {"account": "Equity:Funds:Local", "amount": "-20.25", "currency": "USD"}]}
]
EOF
  write_ok "entry 1 recorded (key J-1)
entry 2 recorded (key J-2)" post --file two.json

  # CSV with a byte-order mark, CRLF line ends, a quoted memo with a comma and a quoted
  # grouped amount.
  printf '\xEF\xBB\xBFkey,date,memo,account,amount,currency\r\n%s\r\n%s\r\n%s\r\n%s\r\n' \
    'C-1,2025-03-03,"Fees, March",Expenses:EntrustmentFees,150000,VND' \
    'C-1,2025-03-03,"Fees, March",Assets:Cash:HeadOffice,-150000,VND' \
    'C-2,04/03/2025,Local funds,Assets:Cash:HeadOffice,"1.000.000",VND' \
    'C-2,04/03/2025,Local funds,Equity:Funds:Local,-1000000,' >entries.csv
  write_ok "entry 3 recorded (key C-1)
entry 4 recorded (key C-2)" post --file entries.csv

  expect_equal "the entries as stored" "1|J-1|2025-03-01|manual|Capital
2|J-2|2025-03-02|transfer|Dollars
3|C-1|2025-03-03|manual|Fees, March
4|C-2|2025-03-04|manual|Local funds" \
    "$(sql_value "$DB" "SELECT id, idempotency_key, date, kind, memo FROM entries ORDER BY id")"
  local expected_tb="account,currency,debit,credit,balance
Assets:Cash:HeadOffice,USD,20.25,0.00,20.25
Assets:Cash:HeadOffice,VND,6000000,150000,5850000
Equity:Funds:Central,VND,0,5000000,-5000000
Equity:Funds:Local,USD,0.00,20.25,-20.25
Equity:Funds:Local,VND,0,1000000,-1000000
Expenses:EntrustmentFees,VND,150000,0,150000"
  expect_tb "$expected_tb"

  # Posting a file again records nothing.
  write_ok "entry 3 already recorded (key C-1)
entry 4 already recorded (key C-2)" post --file entries.csv
  write_ok "entry,key,status
1,J-1,already-recorded
2,J-2,already-recorded" --format csv post --file two.json
  expect_entries 4

  # A field given twice in one object (which value would count?) is refused, nothing written.
  cat >twice.json <<'EOF2'
{"date": "2025-03-05", "key": "T-1", "postings": [
  {"account": "Assets:Cash:HeadOffice", "amount": "1000", "amount": "700000000"},
  {"account": "Equity:Funds:Central", "amount": "-1000"}]}
EOF2
  local hash
  hash=$(hash_of "$DB")
  refused 2 "--file 'twice.json': entry 1: field 'amount' is given twice" -- --db "$DB" post --file twice.json
  expect_hash "$DB" "$hash"
  expect_entries 4

  # One bad entry among good ones: nothing is written.
  local good good3
  good='{"date": "2025-03-10", "key": "B-1", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "100"},
    {"account": "Equity:Funds:Central", "amount": "-100"}]}'
  good3='{"date": "2025-03-10", "key": "B-3", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "300"},
    {"account": "Equity:Funds:Central", "amount": "-300"}]}'
  hash=$(hash_of "$DB")
  printf '[%s,\n{"date": "2025-03-10", "key": "B-2", "postings": [
    {"account": "Assets:Cash:Nowhere", "amount": "100"},
    {"account": "Equity:Funds:Central", "amount": "-100"}]},\n%s]\n' "$good" "$good3" \
    >unknown-account.json
  refused 2 "B-2" "'Assets:Cash:Nowhere'" -- --db "$DB" post --file unknown-account.json
  expect_hash "$DB" "$hash"
  printf '[%s,\n{"date": "2025-03-10", "key": "B-2", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "100"},
    {"account": "Equity:Funds:Central", "amount": "-99"}]},\n%s]\n' "$good" "$good3" \
    >unbalanced.json
  refused 1 "B-2" "does not balance" -- --db "$DB" post --file unbalanced.json
  expect_hash "$DB" "$hash"
  printf '[%s,\n{"date": "2025-03-10", "key": "B-2", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "1x0"},
    {"account": "Equity:Funds:Central", "amount": "-100"}]},\n%s]\n' "$good" "$good3" \
    >bad-amount.json
  refused 2 "entry 2" "'1x0'" -- --db "$DB" post --file bad-amount.json
  expect_hash "$DB" "$hash"
  # Key J-1 is already used with other content.
  printf '[%s,\n{"date": "2025-03-10", "key": "J-1", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "100"},
    {"account": "Equity:Funds:Central", "amount": "-100"}]},\n%s]\n' "$good" "$good3" \
    >key-conflict.json
  refused 1 "J-1" "different content" -- --db "$DB" post --file key-conflict.json
  expect_hash "$DB" "$hash"
  # The same key twice in one file with different content.
  printf '[%s,\n{"date": "2025-03-11", "key": "B-1", "postings": [
    {"account": "Assets:Cash:HeadOffice", "amount": "100"},
    {"account": "Equity:Funds:Central", "amount": "-100"}]}]\n' "$good" >same-key.json
  refused 1 "B-1" "different content" -- --db "$DB" post --file same-key.json
  expect_hash "$DB" "$hash"
  # A CSV file whose second entry does not balance.
  printf 'key,date,account,amount\n%s\n%s\n%s\n%s\n' \
    'D-1,2025-03-12,Assets:Cash:HeadOffice,100' 'D-1,2025-03-12,Equity:Funds:Central,-100' \
    'D-2,2025-03-12,Assets:Cash:HeadOffice,100' 'D-2,2025-03-12,Equity:Funds:Central,-10' \
    >unbalanced.csv
  refused 1 "D-2" "does not balance" -- --db "$DB" post --file unbalanced.csv
  expect_hash "$DB" "$hash"
  # A file that cannot be read.
  refused 2 "--file 'missing.json': cannot read it" -- --db "$DB" post --file missing.json
  expect_hash "$DB" "$hash"

  expect_entries 4
  expect_tb "$expected_tb"
}

scenario_help() {
  socai --help
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains "post"
  expect_stdout_contains "Example"

  socai post --help
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains "Example"
  expect_stdout_contains "socai post --date 2025-01-15 --key"

  local command
  for command in init "account add" "account list" reverse close-period balance \
    trial-balance verify; do
    # shellcheck disable=SC2086  # the words of a command with a subcommand
    socai $command --help
    expect_rc 0
    expect_stderr_empty
    expect_stdout_contains "Example"
    # An example line: "Example: socai ... COMMAND ..." or an indented "socai ... COMMAND ...".
    expect_stdout_matches "^(Example: | +)socai .*${command% *}"
  done

  # No command: the map of commands by who uses them.
  socai
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains "Loan officers"
  expect_stdout_contains "Group leaders"
  expect_stdout_contains "Auditors (with --read-only)"
  expect_stdout_matches "^  collection-sheet --group G --month M +the monthly session$"

  refused 2 "--bogus" -- --bogus
  refused 2 "--bogus" -- post --bogus
  refused 2 "frobnicate" -- frobnicate
  refused 2 "--format" -- --format xml trial-balance

  # Help and usage errors touch no ledger.
  expect_no_file socai.db
}

# Amounts with a leading zero are decimal: "0.50 USD" is fifty cents.
scenario_amount_leading_zero() {
  new_ledger
  write_ok "entry 1 recorded (key Z-1)" post --date 2025-01-10 --key Z-1 \
    --posting 'Assets:Cash:HeadOffice=0.50 USD' --posting 'Equity:Funds:Local=-0.50 USD'
  write_ok "entry 2 recorded (key Z-2)" post --date 2025-01-10 --key Z-2 \
    --posting 'Assets:Cash:HeadOffice=0.10 USD' --posting 'Equity:Funds:Local=-0.10 USD'
  expect_tb "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,USD,0.60,0.00,0.60
Equity:Funds:Local,USD,0.00,0.60,-0.60"
}

# CSV output opened in a spreadsheet: text that would be read as a formula is written with a
# leading single quote (OWASP's rule); numbers, negative ones included, stay numbers. (A tab
# or a carriage return, which the rule covers too, is refused in names already.)
scenario_csv_formulas() {
  new_ledger
  write_ok "commune C1 added (cash account Assets:Cash:TP-C1, GDX day 5)" \
    commune add C1 --name 'Xã Một' --district D --province P --gdx-day 5
  write_ok "group G1 added (commune C1, village V, organisation 11)" \
    group add G1 --commune C1 --village V --org 11 --leader L
  local i head
  local heads=('=HYPERLINK("http://x.example","y")' '+1+2' '-2+3' '@SUM(A1)' 'Lò Thị Mai')
  for i in "${!heads[@]}"; do
    head=${heads[$i]}
    write_ok "household H$i added to group G1 (poor from 2021-01-01)" household add "H$i" \
      --head "$head" --national-id "00123456789$i" --commune C1 --village V --group G1 \
      --status poor --status-from 2021-01-01
  done
  write_ok "$(printf '%s\n' 'code,head,national_id,commune,village,group,status,status_from' \
    'H0,"'"'"'=HYPERLINK(""http://x.example"",""y"")",001234567890,C1,V,G1,poor,2021-01-01' \
    "H1,'+1+2,001234567891,C1,V,G1,poor,2021-01-01" \
    "H2,'-2+3,001234567892,C1,V,G1,poor,2021-01-01" \
    "H3,'@SUM(A1),001234567893,C1,V,G1,poor,2021-01-01" \
    'H4,Lò Thị Mai,001234567894,C1,V,G1,poor,2021-01-01')" \
    --format csv household list
  write_ok "entry 1 recorded (key F-1)" post --date 2025-01-10 --key F-1 --memo '=1+1' \
    --posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Local=-1000'
  expect_tb "account,currency,debit,credit,balance
Assets:Cash:HeadOffice,VND,1000,0,1000
Equity:Funds:Local,VND,0,1000,-1000"
}

# A ledger that is not a training ledger: every command runs as the actor registered for the
# OS account running it. Each person is an OS account of their own: a user namespace maps
# the test's user to a user id without a name, the OS account uid:N.
scenario_actors() {
  unset SOCAI_ACTOR
  as() {
    local uid=$1
    shift
    run unshare --user --map-user="$uid" --map-group="$uid" "$SOCAI" --db "$DB" "$@"
  }
  # refused_as UID RC SUBSTRING -- ARGS: refused with one error line, the ledger unchanged.
  refused_as() {
    local uid=$1 rc=$2 sub=$3 before after
    shift 4
    before=$(ledger_hash)
    as "$uid" "$@"
    expect_rc "$rc"
    expect_stdout_empty
    expect_one_error "$sub"
    after=$(ledger_hash)
    [[ $before == "$after" ]] || fail "the ledger is unchanged" "$CMD" "$before" "$after"
  }
  socai --db "$DB" init
  expect_rc 0
  expect_stdout_contains "created ledger $DB with"
  refused_as 4001 1 "OS account 'uid:4001' is not a registered actor" -- trial-balance

  # Before the ledger has an administrator, whoever may write it registers the first actors.
  as 4003 actor add 'Nguyễn Thị Lan' --os-user uid:4001 --role officer
  expect_rc 0
  expect_stdout "actor Nguyễn Thị Lan (uid:4001) registered: officer"
  as 4003 actor add 'Trần Văn Bình' --os-user uid:4002 --role approver --role accountant
  expect_stdout "actor Trần Văn Bình (uid:4002) registered: accountant approver"
  as 4003 actor add 'Lê Thu Hà' --os-user uid:4004 --role auditor
  expect_rc 0
  as 4003 actor add 'Phạm Quốc An' --os-user uid:4003 --role administrator,accountant
  expect_stdout "actor Phạm Quốc An (uid:4003) registered: accountant administrator"
  [[ $(sql_value "$DB" "SELECT group_concat(created_by, ',') FROM actors") == \
    uid:4003,uid:4003,uid:4003,uid:4003 ]] || fail "the first actors' registrar" "" "uid:4003" \
    "$(sql_value "$DB" "SELECT group_concat(created_by, ',') FROM actors")"

  # From now on: roles, and a second actor for every change of actors.
  refused_as 4001 1 "actor 'Nguyễn Thị Lan' has the roles officer; this needs the administrator role" \
    -- actor add 'Hoàng Minh' --os-user uid:4005 --role officer
  refused_as 4004 1 "this needs the accountant role" -- post --date 2025-01-10 --key A-1 \
    --memo Capital --posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Local=-1000'
  as 4003 actor add 'Hoàng Minh' --os-user uid:4005 --role officer
  expect_rc 0
  expect_stdout "request 1 recorded: register actor 'Hoàng Minh' for OS account uid:4005 with the roles officer (actor-change) is carried out when a second actor approves it:
  socai approve 1   (or: socai reject 1 --reason TEXT)"
  refused_as 4003 1 "this needs the approver role" -- approve 1
  refused_as 4005 1 "OS account 'uid:4005' is not a registered actor" -- trial-balance
  as 4002 approve 1
  expect_rc 0
  expect_stdout "actor Hoàng Minh (uid:4005) registered: officer"
  as 4005 trial-balance --format csv
  expect_rc 0

  # The actor of a record is who the system authenticated.
  as 4002 post --date 2025-01-10 --key A-1 --memo Capital \
    --posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Local=-1000'
  expect_stdout "entry 1 recorded (key A-1)"
  [[ $(sql_value "$DB" "SELECT actor FROM entries WHERE id = 1") == "Trần Văn Bình" ]] ||
    fail "the entry's actor" "" "Trần Văn Bình" "$(sql_value "$DB" "SELECT actor FROM entries")"
  as 4002 reverse 1
  expect_stdout_contains "request 2 recorded: reverse entry 1"
  # Whatever name is typed, one OS account decides its own request never.
  refused_as 4002 1 "request 2 was made by 'Trần Văn Bình': a second actor must decide it" \
    -- approve 2
  refused_as 4002 1 "--actor 'Phạm Quốc An': OS account 'uid:4002' is registered as 'Trần Văn Bình'" \
    -- --actor 'Phạm Quốc An' approve 2
  SOCAI_ACTOR='Phạm Quốc An' refused_as 4002 1 "OS account 'uid:4002' is registered as" \
    -- reject 2 --reason 'mine'
  refused_as 4002 1 "is registered as" -- --actor checker approve 2
  # The registered name however it is typed is the actor itself: accepted.
  as 4002 --actor ' TRẦN VĂN BÌNH ' request show 2 --format csv
  expect_rc 0

  # Disabling, by request; a disabled actor can do nothing.
  as 4003 actor disable 'hoàng minh'
  expect_stdout_contains "request 3 recorded: disable actor 'Hoàng Minh'"
  as 4002 approve 3
  expect_stdout "actor Hoàng Minh (uid:4005) disabled: officer"
  refused_as 4005 1 "actor 'Hoàng Minh' (OS account 'uid:4005') was disabled by Phạm Quốc An" \
    -- trial-balance
  refused_as 4003 1 "actor 'Phạm Quốc An' is the ledger's last administrator" \
    -- actor disable 'Phạm Quốc An'
  as 4004 actor list --format csv
  expect_rc 0
  expect_stdout_contains "5,Hoàng Minh,uid:4005,officer,disabled,Phạm Quốc An,"

  # Nobody registers or disables an actor behind the library.
  sql "$DB" "INSERT INTO actors (name, name_key, os_user, roles, created_by, created_at) VALUES ('X', 'x', 'x', 'approver', 'x', 'x')"
  [[ $RC -ne 0 ]] || fail "the sqlite3 shell cannot register an actor" "$CMD" "refused" "exit 0"
  sql "$DB" "UPDATE actors SET roles = 'approver administrator' WHERE id = 1"
  [[ $RC -ne 0 ]] || fail "the sqlite3 shell cannot change roles" "$CMD" "refused" "exit 0"
  sql "$DB" "UPDATE ledger_identity SET training = 1"
  [[ $RC -ne 0 ]] || fail "the sqlite3 shell cannot make a training ledger" "$CMD" "refused" "exit 0"
  [[ $(sql_value "$DB" "SELECT count(*) || ' ' || sum(active) FROM actors") == "5 4" ]] ||
    fail "the actors are unchanged" "" "5 4" "$(sql_value "$DB" "SELECT count(*) FROM actors")"
}

# ---------------------------------------------------------------------------------------

if [[ $(type -t "scenario_$SCENARIO") != function ]]; then
  echo "cli_test: unknown scenario '$SCENARIO'; known:" \
    "$(declare -F | sed -n 's/^declare -f scenario_//p' | tr '\n' ' ')" >&2
  exit 2
fi
"scenario_$SCENARIO"
echo "ok [$SCENARIO]"
