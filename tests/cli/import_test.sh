#!/usr/bin/env bash
# Command-line tests of socai import: one scenario per CTest test cli.import.<name> (see
# CMakeLists.txt).
#
#   bash import_test.sh SCENARIO /path/to/socai
#
# The example files of schemas/import are imported in dependency order into a fresh ledger;
# outputs and exit codes are exact, and refused imports leave the ledger byte-identical
# (DESIGN.md sections 9 and 10). Needs only bash, coreutils and the sqlite3 shell.
set -euo pipefail
shopt -s inherit_errexit

EXAMPLES=$(cd "$(dirname "$0")/../../schemas/import" && pwd)

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

cp "$EXAMPLES"/*.csv .

# import_refused RC ARGS...: socai import ARGS exits RC with nothing on stdout, the
# ledger byte-identical.
import_refused() {
  local rc=$1 hash
  shift
  hash=$(hash_of "$DB")
  socai --db "$DB" import "$@"
  expect_rc "$rc"
  expect_stdout_empty
  expect_hash "$DB" "$hash"
}

# expect_stderr TEXT: stderr is exactly TEXT followed by a newline.
expect_stderr() {
  if ! cmp -s "$ERR" <(printf '%s\n' "$1"); then
    fail "stderr" "$CMD" "$1" "$(cat "$ERR")"
  fi
}

commune_tn() {
  write_ok "commune TN added (cash account Assets:Cash:TP-TN, GDX day 10)" \
    commune add TN --name 'Thu Ngạc' --district 'Tân Sơn' --province 'Phú Thọ' --gdx-day 10
}

# import_examples THROUGH: the example files imported in order, up to and including THROUGH.
import_examples() {
  local kind
  for kind in groups households loans disbursements collections repayments; do
    case $kind in
      groups) write_ok "imported 2 rows of groups from groups.csv: 2 recorded, 0 already recorded" \
        import groups.csv ;;
      households) write_ok \
        "imported 4 rows of households from households.csv: 4 recorded, 0 already recorded" \
        import households.csv ;;
      loans) write_ok "imported 3 rows of loans from loans.csv: 3 recorded, 0 already recorded" \
        import loans.csv ;;
      disbursements)
        # The session's cash first, brought to the transaction point (a second actor approves
        # an entry of this size): its cash cannot go below zero.
        approved_ok "entry 1 recorded (key CAP-TN-2025-11)" post --file cash.csv
        write_ok \
        "imported 3 rows of disbursements from disbursements.csv: 3 recorded, 0 already recorded" \
        import disbursements.csv --kind disbursements ;;
      collections) write_ok \
        "imported 4 rows of collections from collections.csv: 4 recorded, 0 already recorded" \
        import collections.csv ;;
      repayments) write_ok \
        "imported 3 rows of repayments from repayments.csv: 3 recorded, 0 already recorded" \
        import repayments.csv --kind repayments ;;
    esac
    [[ $kind == "$1" ]] && return
  done
}

# ---------------------------------------------------------------------------------------
# Scenarios.

# Every example file, in dependency order, with the balances it leaves.
scenario_examples() {
  new_ledger
  commune_tn
  import_examples repayments

  socai --db "$DB" household show TN-H002 --format json
  expect_rc 0
  expect_stdout_contains '"head": "Bùi Thị Nga, vợ ông Quách Văn Lự"'
  socai --db "$DB" group show TN-T02 --format json
  expect_rc 0
  expect_stdout_contains '"members": 2'

  # TN-2025-001: DOMAIN.md V1's 266,795 collected on 10/12/2025; on 10/01/2026 31 days at
  # 6.24% (264,986) then 4,735,014 of principal. TN-2025-002 pays 158,992 of interest and
  # TN-2025-003 (program 19, 7.488%) 254,387. Entries: the session's cash, 3 disbursements,
  # 3 interest collections, 3 savings deposits, 3 payments.
  socai --db "$DB" loan show TN-2025-001 --format json
  expect_rc 0
  expect_stdout_contains '"in_term": "45264986"'
  expect_stdout_contains '"interest_collected": "531781"'

  expect_tb "$(cat <<'EOF'
account,currency,debit,credit,balance
Assets:Cash:TP-TN,VND,130782995,120000000,10782995
Assets:Loans:InTerm:01,VND,80000000,7576022,72423978
Assets:Loans:InTerm:19,VND,40000000,1745613,38254387
Equity:Funds:Central,VND,0,120000000,-120000000
Income:Interest:01,VND,0,850850,-850850
Income:Interest:19,VND,0,510510,-510510
Liabilities:Savings:TN-T01,VND,0,70000,-70000
Liabilities:Savings:TN-T02,VND,0,30000,-30000
EOF
)"
  expect_entries 13

  socai --db "$DB" savings show TN-H004 --format csv
  expect_rc 0
  expect_stdout "household,group,as_of,savings
TN-H004,TN-T02,,30000"
}

# Importing the files again records nothing: every row is already recorded.
scenario_reimport() {
  new_ledger
  commune_tn
  import_examples repayments
  write_ok "imported 2 rows of groups from groups.csv: 0 recorded, 2 already recorded" \
    import groups.csv
  write_ok "imported 4 rows of households from households.csv: 0 recorded, 4 already recorded" \
    import households.csv
  write_ok "imported 3 rows of loans from loans.csv: 0 recorded, 3 already recorded" \
    import loans.csv
  write_ok \
    "imported 3 rows of disbursements from disbursements.csv: 0 recorded, 3 already recorded" \
    import disbursements.csv --kind disbursements
  write_ok "imported 4 rows of collections from collections.csv: 0 recorded, 4 already recorded" \
    import collections.csv
  write_ok "imported 3 rows of repayments from repayments.csv: 0 recorded, 3 already recorded" \
    import repayments.csv --kind repayments
  expect_entries 13

  # An overlapping file: one row known, one new; as a record for machines.
  printf 'loan,amount,date,key\nTN-2025-001,5.000.000,2026-01-10,PT-2026-0001\nTN-2025-001,1000000,2026-02-10,PT-2026-0107\n' \
    >more.csv
  socai --db "$DB" --format json import more.csv --kind repayments
  expect_rc 0
  expect_stderr_empty
  expect_stdout '{
  "already_recorded": 1,
  "file": "more.csv",
  "kind": "repayments",
  "recorded": 1,
  "rows": 2
}'
  expect_entries 14
  socai --db "$DB" --format csv import more.csv --kind repayments
  expect_rc 0
  expect_stdout "kind,file,rows,recorded,already_recorded
repayments,more.csv,2,0,2"
}

# A file with bad rows: each reported with its line, exit 1, nothing written.
scenario_bad_rows() {
  new_ledger
  commune_tn
  import_examples disbursements
  printf 'loan,amount,date\r\nTN-2025-001,"1,000,000",2026-01-10\r\nTN-2025-001,50.000,2026-01-10\r\nTN-2025-099,1000000,2026-01-10\r\nTN-2025-002,1000000,2026-02-30\r\nTN-2025-003,2000000,2026-01-10\r\n' \
    >bad.csv
  import_refused 1 bad.csv --kind repayments
  expect_stderr "socai: error: bad.csv line 3, column amount, value '50.000': ambiguous: '.' could be a decimal or a group separator; write the amount without separators
socai: error: bad.csv line 4, column loan, value 'TN-2025-099': loan 'TN-2025-099' not found
socai: error: bad.csv line 5, column date, value '2026-02-30': no such day
socai: error: bad.csv: 3 of 5 rows refused; nothing was imported"
  expect_entries 4

  # A business rule: interest collected from a household that is not the borrower.
  printf 'household,loan,date,interest,savings\nTN-H002,TN-2025-001,10/12/2025,266795,\n' >other.csv
  import_refused 1 other.csv
  expect_stderr "socai: error: other.csv line 2, column loan, value 'TN-2025-001': loan TN-2025-001 is household TN-H001's, not TN-H002's
socai: error: other.csv: 1 of 1 row refused; nothing was imported"

  # The examples' cash is all lent: one more disbursement is refused as the file is written,
  # one line naming the point, the day and what it would hold, nothing written.
  printf 'code,household,program,amount,term_months,date,method,every_months\nTN-2025-004,TN-H004,01,10.000.000,36,2025-11-10,equal-principal,12\n' >more-loans.csv
  write_ok "imported 1 row of loans from more-loans.csv: 1 recorded, 0 already recorded" \
    import more-loans.csv
  printf 'loan,amount,date\nTN-2025-004,10.000.000,2025-11-10\n' >more-cash-out.csv
  import_refused 1 more-cash-out.csv --kind disbursements
  expect_stderr "socai: error: Assets:Cash:TP-TN would hold -10,000,000 VND on 2025-11-10, below its cash floor of zero (setting cash-floor.Assets:Cash:TP-TN): bring the cash in first, or date the payment on or after the day it came; nothing was written"
  expect_entries 4

  # A file refused on every one of its 5,000 rows: the first 100 listed, the rest counted.
  {
    echo 'loan,amount,date'
    for i in $(seq 1 5000); do echo "TN-9999-$i,1000000,2026-01-10"; done
  } >unknown-loans.csv
  import_refused 1 unknown-loans.csv --kind repayments
  expect_equal "stderr lines" 102 "$(wc -l <"$ERR")"
  expect_equal "the 100th line" \
    "socai: error: unknown-loans.csv line 101, column loan, value 'TN-9999-100': loan 'TN-9999-100' not found" \
    "$(sed -n 100p "$ERR")"
  expect_equal "the last two lines" "socai: error: unknown-loans.csv: 4900 more refusals not listed (the first 100 are)
socai: error: unknown-loans.csv: 5000 of 5000 rows refused; nothing was imported" \
    "$(tail -2 "$ERR")"
  expect_entries 4
}

# Files that are not importable: exit 2, one line, nothing written.
scenario_unreadable() {
  new_ledger
  commune_tn
  import_examples groups
  head -c 4096 /dev/urandom >noise.bin
  printf '\xff' | dd of=noise.bin bs=1 seek=0 conv=notrunc status=none
  import_refused 2 noise.bin
  expect_one_error "noise.bin: line 1: the file is not valid UTF-8"

  : >empty.csv
  import_refused 2 empty.csv
  expect_one_error "empty.csv: the file is empty: expected a header row"

  printf 'loan,amount,date\nTN-2025-001,5000000,2026-01-10\n' >payments.csv
  import_refused 2 payments.csv
  expect_one_error "payments.csv: line 1: the columns fit both disbursements and repayments: name the kind"

  printf 'ma_ho,ten_chu_ho\nTN-H001,Quach Van Manh\n' >unknown.csv
  import_refused 2 unknown.csv
  expect_one_error "unknown.csv: line 1: header 'ma_ho,ten_chu_ho': not the columns of"

  import_refused 2 groups.csv --kind loans
  expect_one_error "groups.csv: line 1: missing column household"

  import_refused 2 missing.csv
  expect_one_error "missing.csv: cannot read it"

  import_refused 2 groups.csv --kind payments
  expect_one_error "--kind: kind 'payments': expected households, groups"
}

# The files socai reads are bounded (tools/cli.hpp kMaxInputFileBytes, csv_reader.hpp, the JSON
# entries of post --file): each refused promptly with one line naming the file and the bound,
# exit 2, nothing written. The same rule for import, post --file and reconcile --cash.
scenario_bounds() {
  new_ledger
  commune_tn
  import_examples groups
  local limit="too large: socai reads files of at most 64 MiB (67108864 bytes)"
  bounded() {  # bounded STDERR ARGS...: refused in under 30 seconds, exit 2, nothing written
    local expected=$1 hash
    shift
    hash=$(hash_of "$DB")
    run timeout 30 "$SOCAI" --db "$DB" "$@"
    [[ $RC -ne 124 ]] || fail "refused within 30 seconds" "$CMD" "exit 2" "timed out"
    expect_rc 2
    expect_stdout_empty
    expect_stderr "socai: error: $expected"
    expect_hash "$DB" "$hash"
  }
  # Devices are not input files: /dev/zero would never end, /dev/null reads as nothing.
  bounded "/dev/zero: cannot read it: it is not a regular file" import /dev/zero --kind households
  bounded "/dev/null: cannot read it: it is not a regular file" import /dev/null
  bounded "--file '/dev/zero': cannot read it: it is not a regular file" post --file /dev/zero
  bounded "--cash /dev/zero: cannot read it: it is not a regular file" reconcile --cash /dev/zero
  bounded "missing.csv: cannot read it: no such file" import missing.csv
  mkdir a-directory
  bounded "a-directory: cannot read it: it is a directory" import a-directory

  # One byte past the limit, from its size; at the limit, read (and refused for what it holds).
  head -c $((64 * 1024 * 1024 + 1)) /dev/zero >big.csv
  bounded "big.csv: $limit" import big.csv
  bounded "--file 'big.csv': $limit" post --file big.csv
  { echo 'loan,amount,date'; head -c $((64 * 1024 * 1024 - 17)) /dev/zero | tr '\0' '\n'; } >big.csv
  write_ok "imported 0 rows of repayments from big.csv: 0 recorded, 0 already recorded" \
    import big.csv --kind repayments
  rm big.csv

  # A pipe is read (reconcile --cash <(...)), up to the limit: one that never ends is refused
  # there; a FIFO without a writer reads as empty rather than waiting.
  mkfifo endless.csv
  timeout 60 cat /dev/zero >endless.csv 2>/dev/null &
  local writer=$! rc=0
  bounded "endless.csv: $limit" import endless.csv --kind repayments
  # The writer ends on SIGPIPE once socai stops reading (128 + 13), not at the timeout (124).
  wait "$writer" || rc=$?
  [[ $rc -eq 141 ]] || fail "the endless writer stops when socai stops reading" "cat /dev/zero" \
    "exit 141" "$rc"
  bounded "endless.csv: the file is empty: expected a header row" import endless.csv
  rm endless.csv

  # A CSV file bounds its fields: 64 to a row, 4,000,000 in all.
  { echo 'loan,amount,date'; printf 'L1,1,2025-01-01'; printf ',x%.0s' {1..62}; echo; } >wide.csv
  bounded "wide.csv: line 2: more than 64 fields in a row" import wide.csv --kind repayments
  { echo 'loan,amount,date'; head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' '\n' | sed 's/^/a/'; } \
    >rows.csv
  bounded "rows.csv: line 3999999: more than 4000000 fields in the file; split it into smaller files" \
    import rows.csv --kind repayments
  # The same bound, in entries' CSV and JSON.
  { echo 'key,date,account,amount'; head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' '\n' | sed 's/^/a/'; } \
    >rows-entries.csv
  bounded "--file 'rows-entries.csv': line 3999998: more than 4000000 fields in the file; split it into smaller files" \
    post --file rows-entries.csv
  { printf '['; head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' '\n' | sed 's/$/1,/' | tr -d '\n'; echo '1]'; } \
    >many.json
  bounded "--file 'many.json': the file holds more than 4000000 values; split it into smaller files" \
    post --file many.json
  head -c 100000 /dev/zero | tr '\0' '[' >deep.json
  bounded "--file 'deep.json': the file holds values nested more than 16 deep" post --file deep.json
  printf '%s' '[{"date":"2025-01-10","key":"K","postings":[{"account":"Assets:Cash:HeadOffice","amount":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}]}]' >nested.json
  bounded "--file 'nested.json': the file holds values nested more than 16 deep" post --file nested.json
}

scenario_help() {
  socai import --help
  expect_rc 0
  expect_stderr_empty
  expect_stdout_contains "Example: socai import repayments.csv --kind repayments"
  expect_stdout_contains "households     code,head,national_id,commune,village,group,status,status_from"
  expect_stdout_contains "imported 2 rows of repayments from repayments.csv: 2 recorded, 0 already recorded"
  socai --help
  expect_rc 0
  expect_stdout_contains "import"
}

"scenario_$SCENARIO"
