#!/usr/bin/env bash
# The demo: a new ledger at a social policy bank branch, a few months of funding entries,
# a correction by reversal, a closed period, and the reports.
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

run init
# A commune with its transaction point (and its cash account) and monthly transaction day.
run commune add XaHoa --name "Xã Hòa" --district "Phú Hòa" --province "Phú Yên" --gdx-day 10
run account add Liabilities:EntrustmentFeesPayable:WU-XaHoa \
  --description "fees owed to the Women's Union, Xa Hoa"
run post --date 2025-12-01 --key CAP-2025-001 --memo "Lending capital from the central budget" \
  --posting 'Assets:Cash:HeadOffice=5.000.000.000' --posting 'Equity:Funds:Central=-5.000.000.000'
run post --date 2025-12-02 --key CAP-2025-002 --memo "Capital entrusted by the province" \
  --posting 'Assets:Cash:HeadOffice=1.200.000.000' --posting 'Equity:Funds:Local=-1.200.000.000'
run post --date 2025-12-05 --key TRF-2025-014 --memo "Cash to the Xa Hoa transaction point" \
  --posting 'Assets:Cash:TP-XaHoa=500.000.000' --posting 'Assets:Cash:HeadOffice=-500.000.000'
# A mistake (wrong transaction point amount), corrected by reversal and a new entry.
run post --date 2025-12-20 --key TRF-2025-015 --memo "Cash to Xa Hoa (wrong amount)" \
  --posting 'Assets:Cash:TP-XaHoa=50.000.000' --posting 'Assets:Cash:HeadOffice=-50.000.000'
run reverse 4 --memo "Wrong amount: 50,000,000 instead of 5,000,000"
run post --date 2025-12-20 --key TRF-2025-016 --memo "Cash to Xa Hoa" \
  --posting 'Assets:Cash:TP-XaHoa=5.000.000' --posting 'Assets:Cash:HeadOffice=-5.000.000'
run post --date 2025-12-31 --key FEE-2025-12-WU --memo "Entrustment fee December, Women's Union" \
  --posting 'Expenses:EntrustmentFees=2.560.000' \
  --posting 'Liabilities:EntrustmentFeesPayable:WU-XaHoa=-2.560.000'
run close-period 2025-12-31
run post --date 2026-01-10 --key FEE-2025-12-WU-PAY --memo "Fee paid to the Women's Union" \
  --posting 'Liabilities:EntrustmentFeesPayable:WU-XaHoa=2.560.000' \
  --posting 'Assets:Cash:TP-XaHoa=-2.560.000'

# Lending: a Women's Union group of the commune, two poor households, two loans.
run post --date 2026-01-05 --key TRF-2026-001 --memo "Cash to the Xa Hoa transaction point" \
  --posting 'Assets:Cash:TP-XaHoa=200.000.000' --posting 'Assets:Cash:HeadOffice=-200.000.000'
run group add G-DONG-01 --commune XaHoa --village "Thôn Đông" --org 12 --leader "Nguyễn Thị Mai"
run household add HH-001 --head "Trần Văn An" --national-id 054203000101 --commune XaHoa \
  --village "Thôn Đông" --group G-DONG-01 --status poor --status-from 2025-01-01
run household add HH-002 --head "Lê Thị Bình" --national-id 054203000102 --commune XaHoa \
  --village "Thôn Đông" --group G-DONG-01 --status poor --status-from 2025-01-01
run loan open L-2026-0001 --household HH-001 --program 01 --amount 50.000.000 --term 36 \
  --date 2026-01-10 --method equal-principal --every 12
run loan open L-2026-0002 --household HH-002 --program 01 --amount 30.000.000 --term 24 \
  --date 2026-01-10 --method equal-principal --every 6
run disburse L-2026-0001 --amount 50.000.000 --date 2026-01-10
run disburse L-2026-0002 --amount 30.000.000 --date 2026-01-10
run schedule --loan L-2026-0002
# January's month-end close: the loans' interest accrued (off balance sheet), the period
# closed; no interest was collected in January, so no entrustment fee is due.
run close 2026-01
run fees 2026-01
# The monthly transaction day: interest collected by the group leader (January's accrual,
# 188,055, and 1 to 9 February, 76,932).
run loan show L-2026-0001 --as-of 2026-02-10
run collect-interest L-2026-0001 --amount 264987 --date 2026-02-10
run pay L-2026-0002 --amount 1.000.000 --date 2026-02-10
run loan list --as-of 2026-02-10

run balance Assets:Cash --as-of 2025-12-31
run verify
run trial-balance
