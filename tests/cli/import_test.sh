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
      disbursements) write_ok \
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
  # TN-2025-003 (program 19, 7.488%) 254,387. Entries: 3 disbursements, 3 interest
  # collections, 3 savings deposits, 3 payments.
  socai --db "$DB" loan show TN-2025-001 --format json
  expect_rc 0
  expect_stdout_contains '"in_term": "45264986"'
  expect_stdout_contains '"interest_collected": "531781"'

  expect_tb "$(cat <<'EOF'
account,currency,debit,credit,balance
Assets:Cash:TP-TN,VND,10782995,120000000,-109217005
Assets:Loans:InTerm:01,VND,80000000,7576022,72423978
Assets:Loans:InTerm:19,VND,40000000,1745613,38254387
Income:Interest:01,VND,0,850850,-850850
Income:Interest:19,VND,0,510510,-510510
Liabilities:Savings:TN-T01,VND,0,70000,-70000
Liabilities:Savings:TN-T02,VND,0,30000,-30000
EOF
)"
  expect_entries 12

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
  expect_entries 12

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
  expect_entries 13
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
  expect_entries 3

  # A business rule: interest collected from a household that is not the borrower.
  printf 'household,loan,date,interest,savings\nTN-H002,TN-2025-001,10/12/2025,266795,\n' >other.csv
  import_refused 1 other.csv
  expect_stderr "socai: error: other.csv line 2, column loan, value 'TN-2025-001': loan TN-2025-001 is household TN-H001's, not TN-H002's
socai: error: other.csv: 1 of 1 row refused; nothing was imported"
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
