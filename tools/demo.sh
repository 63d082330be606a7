#!/usr/bin/env bash
# The demo: a new ledger at a social policy bank branch, a few months of funding entries,
# a correction by reversal, a closed period, and the reports.
# Usage: tools/demo.sh [SOCAI_BINARY] [LEDGER_FILE]   (defaults: build/socai, demo.db)
set -euo pipefail
socai=${1:-build/socai}
db=${2:-demo.db}
rm -f "$db" "$db-wal" "$db-shm"  # the demo's own file, made anew on each run
run() {
  echo "\$ socai ${*@Q}"
  "$socai" --db "$db" --actor demo.officer "$@"
  echo
}

run init
run account add Assets:Cash:TP-XaHoa --description "Xa Hoa commune transaction point"
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
run balance Assets:Cash --as-of 2025-12-31
run verify
run trial-balance
