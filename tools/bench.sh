#!/usr/bin/env bash
# The figures of README.md's "Performance" section, in one run, beside their baselines.
#
#   tools/bench.sh            # full run (about 14 minutes from a fresh clone, ledgers cached)
#   tools/bench.sh --smoke    # tiny sizes, one run each: under 2 minutes (CI)
#
# Options: --build DIR (default build-rel, configured RelWithDebInfo if missing), --runs N
# (default 3: min, median and max of N runs), --large-runs N (default 3: runs at sizes of
# 1,000,000 loans and more, minutes each), --sizes "100000 1000000" (loans of the scale
# ledgers), --demo-households N and --demo-months M (the ledger exported to hledger and
# Ledger; default 10,000 households over 22 months, the most the demo's calendar allows),
# --parts "micro scale tools" (the parts to run, default all three).
#
# 1. socai_bench (tests/bench/): Google Benchmark micro benchmarks with raw SQLite baselines.
# 2. Scale ledgers of N active loans (households, groups, loans and disbursements generated
#    as CSV files and loaded with `socai import`), cached in BUILD/bench-data: each timed by
#    /usr/bin/time -v: `socai close 2026-01` on a fresh copy (its approval, which runs it),
#    then on the closed ledger `socai report delinquency` and `socai trial-balance`.
# 3. The demo ledger (`socai demo`), exported with `socai export hledger|ledger`:
#    `socai trial-balance` against `hledger bal` and `ledger bal`, with the balances compared.
#
# Needs the Debian packages libbenchmark-dev, time, hledger and ledger (tools/setup-debian.sh).
# Delete BUILD/bench-data to generate the ledgers again (after a schema change, say).
set -euo pipefail

cd "$(dirname "$0")/.."
build=build-rel
runs=3
large_runs=3
parts="micro scale tools"
sizes="100000 1000000"
demo_households=10000
demo_months=22
smoke=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --build) build=$2; shift ;;
    --runs) runs=$2; shift ;;
    --large-runs) large_runs=$2; shift ;;
    --parts) parts=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --demo-households) demo_households=$2; shift ;;
    --demo-months) demo_months=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [[ $smoke == 1 ]]; then
  runs=1 large_runs=1 sizes=2000 demo_households=200 demo_months=3
fi

if [[ ! -f $build/build.ninja && ! -f $build/Makefile ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
nice -n 10 cmake --build "$build" -j2 --target socai socai_bench >/dev/null
socai=$PWD/$build/socai
data=$PWD/$build/bench-data
logs=$data/logs
mkdir -p "$data" "$logs"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 SOCAI_ACTOR=bench
unset SOCAI_DB

machine() {
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores online," \
    "$(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The figures of the whole-command runs, one line each, for the summary at the end.
summary=()
# Set when a check fails (the tools' balances differ from socai's): the exit code is 1.
failed=0

# spread VALUES...: the min, median and max of the values (numbers).
spread() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s", v[1], m, v[NR] }'
}

# timed LOG COMMAND...: runs the command under /usr/bin/time -v (output to LOG.out, the
# report to LOG.time) and sets $seconds (elapsed), $cpu (user + system seconds, less sensitive
# to other work on the machine) and $peak_mib. A failing command stops the run.
timed() {
  local log=$1
  shift
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"; then
    echo "bench.sh: failed: $* (see $log.err)" >&2
    cat "$log.err" >&2
    exit 1
  fi
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log.time")
  peak_mib=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log.time")
}

# figure LABEL UNIT TARGET VERDICT VALUES...: one line of the summary with min/median/max.
figure() {
  local label=$1 unit=$2 target=$3 verdict=$4
  shift 4
  read -r lo mid hi <<<"$(spread "$@")"
  summary+=("$(printf '%-52s %10s %10s %10s %-6s %-22s %s' "$label" "$lo" "$mid" "$hi" "$unit" "$target" "$verdict")")
  echo "  $label: min $lo median $mid max $hi $unit (target $target: $verdict)"
}

# ---------------------------------------------------------------------------------------------
# Scale ledgers: N active loans of program 01, all disbursed in January 2026, 40 households to a
# group, 5,000 to a commune, 10 communes to a district. Loaded in files of 100,000 rows.
make_scale_ledger() {
  local n=$1 db=$2 dir
  dir=$(mktemp -d "$data/gen.XXXXXX")
  local communes=$(((n + 4999) / 5000))
  rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
  "$socai" --db "$db.tmp" init --training >/dev/null
  for ((c = 1; c <= communes; c++)); do
    "$socai" --db "$db.tmp" commune add "$(printf 'C%04d' "$c")" --name "Commune $c" \
      --district "District $(((c - 1) / 10 + 1))" --province "Bench" --gdx-day $((c % 28 + 1)) >/dev/null
  done
  awk -v n="$n" -v dir="$dir" 'BEGIN {
    split("11 12 13 14", org, " ")
    groups = dir "/groups.csv"
    print "code,commune,village,organisation,leader" > groups
    for (i = 0; i < n; i++) {
      part = int(i / 100000)
      if (i % 100000 == 0) {
        h = sprintf("%s/households-%02d.csv", dir, part)
        l = sprintf("%s/loans-%02d.csv", dir, part)
        d = sprintf("%s/disbursements-%02d.csv", dir, part)
        print "code,head,national_id,commune,village,group,status,status_from" > h
        print "code,household,program,amount,term_months,date,method,every_months,grace_principal_months" > l
        print "loan,amount,date" > d
      }
      commune = sprintf("C%04d", int(i / 5000) + 1)
      village = "Village " (int(i / 400) % 10 + 1)
      group = sprintf("%s-G%03d", commune, int((i % 5000) / 40) + 1)
      if (i % 40 == 0)
        print group "," commune "," village "," org[int(i / 40) % 4 + 1] ",Leader " i > groups
      hh = sprintf("H%07d", i + 1)
      print hh ",Head of household " (i + 1) "," "1000" sprintf("%08d", i) "," commune "," village "," group ",poor,2021-01-01" > h
      amount = (20 + 5 * (i % 13)) "000000"
      day = sprintf("2026-01-%02d", i % 28 + 1)
      every = (i % 2) ? 6 : 12
      print sprintf("L%07d", i + 1) "," hh ",01," amount ",36," day ",equal-principal," every "," > l
      print sprintf("L%07d", i + 1) "," amount "," day > d
    }
  }'
  "$socai" --db "$db.tmp" import "$dir/groups.csv" >/dev/null
  for kind in households loans disbursements; do
    for f in "$dir/$kind"-*.csv; do
      "$socai" --db "$db.tmp" import "$f" --kind "$kind" >/dev/null
    done
  done
  rm -rf "$dir"
  mv "$db.tmp" "$db"
}

scale() {
  local n=$1 db=$data/loans-$n.db work=$data/work-$n.db runs=$runs
  [[ $n -ge 1000000 ]] && runs=$large_runs
  if [[ ! -f $db ]]; then
    echo "generating the ledger of $n loans (cached as $db) ..."
    local start=$SECONDS
    make_scale_ledger "$n" "$db"
    echo "  generated in $((SECONDS - start)) s, $(du -m "$db" | cut -f1) MiB"
  fi
  local close_s=() close_cpu=() close_mib=() delinquency_s=() delinquency_cpu=() delinquency_mib=()
  local tb_s=() tb_cpu=() tb_mib=()
  for ((r = 1; r <= runs; r++)); do
    rm -f "$work" "$work-wal" "$work-shm"
    cp "$db" "$work"
    sync
    # The close is a request (two-person control); its approval runs it, and is what is timed.
    "$socai" --db "$work" --actor bench.maker close 2026-01 >"$logs/close-request-$n-$r.out"
    timed "$logs/close-$n-$r" "$socai" --db "$work" --actor bench.checker approve 1
    close_s+=("$seconds") close_cpu+=("$cpu") close_mib+=("$peak_mib")
  done
  for ((r = 1; r <= runs; r++)); do
    timed "$logs/delinquency-$n-$r" "$socai" --db "$work" --read-only report delinquency \
      --as-of 2026-01-31 --by district --format csv
    delinquency_s+=("$seconds") delinquency_cpu+=("$cpu") delinquency_mib+=("$peak_mib")
    timed "$logs/trial-balance-$n-$r" "$socai" --db "$work" --read-only trial-balance --format csv
    tb_s+=("$seconds") tb_cpu+=("$cpu") tb_mib+=("$peak_mib")
  done
  local close_med close_peak
  read -r _ close_med _ <<<"$(spread "${close_s[@]}")"
  read -r _ _ close_peak <<<"$(spread "${close_mib[@]}")"
  peak_close[$n]=$close_peak
  local verdict=n/a memory_verdict=n/a
  if [[ $n == 1000000 ]]; then
    verdict=$(awk -v s="$close_med" 'BEGIN { print (s < 60) ? "met" : "MISSED" }')
    memory_verdict=$(awk -v m="$close_peak" 'BEGIN { print (m < 1024) ? "met" : "MISSED" }')
  fi
  figure "close 2026-01, $n loans" s "<60 s at 1M" "$verdict" "${close_s[@]}"
  figure "close 2026-01, $n loans, CPU" s "-" "-" "${close_cpu[@]}"
  figure "close 2026-01, $n loans, peak RSS" MiB "<1024 MiB at 1M" "$memory_verdict" "${close_mib[@]}"
  for what in delinquency tb; do
    local -n secs=${what}_s mib=${what}_mib cpus=${what}_cpu
    local label=$([[ $what == tb ]] && echo "trial-balance" || echo "report delinquency --by district")
    read -r _ med _ <<<"$(spread "${secs[@]}")"
    verdict=n/a
    [[ $n == 1000000 ]] && verdict=$(awk -v s="$med" 'BEGIN { print (s < 5) ? "met" : "MISSED" }')
    figure "$label, $n loans" s "<5 s at 1M" "$verdict" "${secs[@]}"
    figure "$label, $n loans, CPU" s "-" "-" "${cpus[@]}"
    figure "$label, $n loans, peak RSS" MiB "-" "-" "${mib[@]}"
  done
  rm -f "$work" "$work-wal" "$work-shm"
}

# ---------------------------------------------------------------------------------------------
# socai trial-balance against hledger and Ledger on the demo's export.
compare_tools() {
  local db=$data/demo-$demo_households-$demo_months.db
  if [[ ! -f $db ]]; then
    echo "generating the demo of $demo_households households over $demo_months months (cached as $db) ..."
    local start=$SECONDS
    rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
    "$socai" --db "$db.tmp" demo --households "$demo_households" --months "$demo_months" >/dev/null
    mv "$db.tmp" "$db"
    echo "  generated in $((SECONDS - start)) s, $(du -m "$db" | cut -f1) MiB"
  fi
  "$socai" --db "$db" --read-only export hledger >"$data/demo.journal"
  "$socai" --db "$db" --read-only export ledger >"$data/demo.ledger"
  local entries
  entries=$("$socai" --db "$db" --read-only verify |
    awk 'match($0, /[0-9,]+ entries/) { print substr($0, RSTART, RLENGTH); exit }')
  echo "  demo: $entries, export $(du -m "$data/demo.journal" | cut -f1) MiB"
  local socai_s=() hledger_s=() ledger_s=()
  for ((r = 1; r <= runs; r++)); do
    timed "$logs/demo-trial-balance-$r" "$socai" --db "$db" --read-only trial-balance --format csv
    socai_s+=("$seconds")
    timed "$logs/demo-hledger-$r" hledger -f "$data/demo.journal" bal --flat --no-total -O csv
    hledger_s+=("$seconds")
    timed "$logs/demo-ledger-$r" ledger -f "$data/demo.ledger" bal --flat --no-total \
      --format '%(account)\t%(quantity(scrub(display_total)))\n'
    ledger_s+=("$seconds")
  done
  # The same balances: account and balance in VND, zero balances left out, sorted.
  awk -F, 'NR > 1 && $5 != 0 { print $1 "\t" $5 }' "$logs/demo-trial-balance-1.out" | sort >"$data/balances.socai"
  tr -d '"' <"$logs/demo-hledger-1.out" | awk -F, 'NR > 1 { v = $2; sub(/ VND$/, "", v); gsub(/,/, "", v); if (v != 0) print $1 "\t" v }' | sort >"$data/balances.hledger"
  awk -F'\t' '{ v = $2; gsub(/,/, "", v); if (v != 0) print $1 "\t" v }' "$logs/demo-ledger-1.out" | sort >"$data/balances.ledger"
  local same=yes
  for tool in hledger ledger; do
    if ! diff -q "$data/balances.socai" "$data/balances.$tool" >/dev/null; then
      same=no
      failed=1
      echo "  balances differ between socai and $tool:"
      diff "$data/balances.socai" "$data/balances.$tool" | head -10
    fi
  done
  echo "  balances of socai, hledger and ledger identical ($(wc -l <"$data/balances.socai") accounts): $same"
  local s h l
  read -r _ s _ <<<"$(spread "${socai_s[@]}")"
  read -r _ h _ <<<"$(spread "${hledger_s[@]}")"
  read -r _ l _ <<<"$(spread "${ledger_s[@]}")"
  local label="demo $demo_households households x $demo_months months"
  figure "trial-balance, $label" s "-" "balances same: $same" "${socai_s[@]}"
  figure "hledger bal, $label" s "-" "-" "${hledger_s[@]}"
  figure "ledger bal, $label" s "-" "-" "${ledger_s[@]}"
  local verdict
  verdict=$(awk -v s="$s" -v h="$h" -v l="$l" -v same="$same" 'BEGIN {
    s = (s < 0.01) ? 0.01 : s
    printf "hledger %.0fx, ledger %.0fx: %s", h / s, l / s, (h / s >= 100 && l / s >= 100 && same == "yes") ? "met" : "MISSED" }')
  summary+=("$(printf '%-52s %s' "speed-up of socai (target >=100x, /usr/bin/time resolution 0.01 s)" "$verdict")")
  echo "  $verdict"
}

# ---------------------------------------------------------------------------------------------
echo "socai benchmarks ($([[ $smoke == 1 ]] && echo smoke || echo full), $runs runs each), $(date -u +%FT%TZ)"
machine
echo "socai $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(sqlite3 --version | cut -d' ' -f1)"
if [[ " $parts " == *" micro "* ]]; then
  echo
  echo "== micro benchmarks (socai_bench)"
  micro_args=(--dir="$data/micro" --benchmark_repetitions="$runs" --benchmark_color=false)
  [[ $smoke == 1 ]] && micro_args+=(--smoke)
  [[ $runs -gt 1 ]] && micro_args+=(--benchmark_report_aggregates_only=true)
  "$PWD/$build/socai_bench" "${micro_args[@]}" 2>&1 | tee "$logs/micro.txt"
fi

declare -A peak_close
if [[ " $parts " == *" scale "* ]]; then
  for n in $sizes; do
    echo
    echo "== $n active loans ($(uptime | sed 's/.*load/load/'))"
    scale "$n"
  done
fi
if [[ -n ${peak_close[100000]:-} && -n ${peak_close[1000000]:-} ]]; then
  growth=$(awk -v a="${peak_close[100000]}" -v b="${peak_close[1000000]}" 'BEGIN {
    printf "%.2f: %s", b / a, (b <= 1.2 * a) ? "met" : "MISSED" }')
  summary+=("$(printf '%-52s %s' "close peak RSS 1M / 100k (target <=1.2)" "$growth")")
fi

if [[ " $parts " == *" tools "* ]]; then
  echo
  echo "== trial balance against hledger and ledger ($(uptime | sed 's/.*load/load/'))"
  compare_tools
fi

echo
echo "== summary of the whole-command runs ($runs runs; $(uptime | sed 's/.*load/load/'))"
machine
printf '%-52s %10s %10s %10s %-6s %-22s %s\n' figure min median max unit target verdict
printf '%s\n' "${summary[@]}"
echo "(micro benchmark ratios above, after the socai_bench figures; logs in $logs)"
if [[ $smoke == 1 ]]; then
  echo "(smoke sizes: a check that every benchmark runs; its verdicts are not the targets')"
fi
exit "$failed"
