#!/usr/bin/env bash
# The demo: a generated portfolio (socai demo: Phú Thọ province, 1,000 households, 18 months
# from January 2025 with a month-end close each month), then what its users see: the loans
# gone overdue, a group leader's collection sheet, the month's entrustment fees, the
# reconciliation, the trial balance, and the hash chain verified.
# Usage: tools/demo.sh [SOCAI_BINARY] [LEDGER_FILE]   (defaults: build/socai, demo.db)
set -euo pipefail
socai=${1:-build/socai}
db=${2:-demo.db}
rm -f "$db" "$db-wal" "$db-shm"  # the demo's own file, made anew on each run
# Prints a command as one would type it: words quoted only where the shell needs it.
show() {
  local out="\$ socai" word
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_.:/=,%+@-]+$ ]]; then
      out+=" $word"
    else
      out+=" '${word//\'/\'\\\'\'}'"
    fi
  done
  echo "$out"
}
run() {
  show "$@"
  "$socai" --db "$db" --actor demo.officer "$@"
  echo
}

run demo --households 1000 --months 18 --seed 2025
# Officers: the loans with overdue principal (installments missed since March 2026), and
# the portfolio's aging by district.
run loan list --status overdue --as-of 2026-06-30
run report delinquency --as-of 2026-06-30 --by district
# A group leader of the Women's Union in Thu Ngạc, for the June session, in Vietnamese.
run --lang vi collection-sheet --group TN-12-002 --month 2026-06
# Auditors: the entrustment fees of June, every reconciliation check with June's
# roll-forward, the trial balance, and the hash chain.
run fees 2026-06
run --read-only reconcile --month 2026-06
run trial-balance
run verify
