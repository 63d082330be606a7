#!/usr/bin/env bash
# Hostile input against every socai command: one scenario per CTest test cli.hostile.<name>
# (see CMakeLists.txt here).
#
#   bash hostile_test.sh SCENARIO /path/to/socai
#
# The commands are listed once, in command_table below, each classified as read (answers
# from the ledger, works with --read-only), write (records something: refused with
# --read-only) or new (creates a new ledger file: init, demo), with arguments that are
# valid on the ledger every scenario starts from. Each scenario first checks that this
# list names exactly the commands `socai --help` and each group's --help show, so a new
# command fails here until it is classified and given its hostile inputs.
#
# matrix_1, matrix_2, matrix_3: every command (a third each) against missing arguments,
# malformed values, huge numbers, negative amounts, dates out of range, unknown ids,
# invalid UTF-8, text that looks like SQL, and files that are not ledgers as --db. Each
# input must be refused with the documented exit code (DESIGN.md section 9: 2 for a usage
# or input error, unknown ids included, as NotFound maps to 2 in tools/cli.cpp; 1 for a
# business refusal such as a code that already exists), nothing on stdout, exactly one
# line on stderr starting "socai: error: " (UTF-8 text, bytes that are not shown as \xNN),
# and nothing changed: the ledger and its write-ahead log byte-identical (sha256), no file
# created or changed in the directory. One documented exception: an import whose rows are
# refused exits 1 with one line per refused row, then a summary (schemas/import/README.md).
# Every scenario prints how many inputs it tried.
#
# read_only: every write command with valid arguments and --read-only is refused, naming
# read-only, the ledger byte-identical: exit 1 (refused by the ledger), except init and
# demo, which would create a new file and refuse the option as a usage error (exit 2,
# nothing created). The same arguments without --read-only succeed on a copy, so the
# refusal is the option's; every read command succeeds with --read-only, changes nothing.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

FRESH=fresh.db  # where init and demo may create a ledger; must stay absent
SQL_DROP="'; DROP TABLE entries; --"
SQL_OR="1 OR 1=1"
BAD_UTF8=$'\xff\xfe'
LONG_TEXT=$(printf 'x%.0s' {1..1001})
# The day after the business date: the calendar day in Vietnam (UTC+7), then one more.
TOMORROW=$(date -u -d '+31 hours' +%F)

# ---------------------------------------------------------------------------------------
# The commands. One line each: c KIND NAME VALID-ARGUMENTS... The arguments are valid on
# the ledger of new_demo_ledger (below); init and demo run them on a new file instead. A
# new command needs its line here (all read_only needs) and a hostile_<slug> function.

declare -A KIND=() VALID=()
c() {
  local kind=$1 name=$2
  shift 2
  KIND[$name]=$kind
  VALID[$name]=$(printf '%q ' "$@")
}

command_table() {
  local amount=(--amount 1.000.000 --date 2025-05-01)
  c new init init
  c new demo demo --households 2 --months 1 --seed 7
  c write "account add" account add Assets:Cash:TP-Hostile --description 'a point'
  c read "account list" account list
  c write post post --date 2025-04-10 --key HX-P1 --memo Hostile \
    --posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Central=-1000'
  c write reverse reverse "$CAPITAL_ENTRY" --date 2025-04-10
  c write close-period close-period 2025-04-30
  c read balance balance Assets:Cash --as-of 2025-03-31
  c read trial-balance trial-balance --as-of 2025-03-31
  c read verify verify
  c read checkpoint checkpoint --key hx.pem
  c read schedule schedule --loan HX-1
  c write "commune add" commune add HXC --name 'Xa Hostile' --district Huyen --province Tinh \
    --gdx-day 10
  c read "commune list" commune list
  c write "officer add" officer add CB-HX --name 'Tran Thi Lan'
  c write "group add" group add HX-G1 --commune ML --village 'Khu Lung Lao' --org 12 \
    --leader 'Le Thi Ba'
  c read "group list" group list --commune ML
  c read "group show" group show ML-11-001
  c write "household add" household add HX-H1 --head 'Nguyen Van An' \
    --national-id 054090001234 --commune ML --village 'Khu Lung Lao' --group ML-11-001 \
    --status poor --status-from 2025-01-01
  c read "household show" household show ML-000001
  c read "household list" household list --group ML-11-001
  c write "household status" household status ML-000002 --status near-poor --from 2025-05-01
  c read "program list" program list
  c read "program show" program show 01
  c write "program rate" program rate 12 --from 2026-01-01 --rate 6%/year --source 'Decision 1'
  c write "program set" program set 12 --day-count act30
  c write "loan open" loan open HX-5 --household NL-000004 --program 01 --amount 10.000.000 \
    --term 12 --date 2025-04-10 --method bullet
  c read "loan show" loan show L-ML-0000009 --as-of 2025-03-31
  c read "loan list" loan list --status in-term --as-of 2025-03-31
  c write disburse disburse HX-4 --amount 10.000.000 --date 2025-04-10
  c write collect-interest collect-interest HX-1 --amount 1000 --date 2025-05-01
  c write repay repay HX-1 "${amount[@]}"
  c write pay pay HX-1 "${amount[@]}"
  c write recover recover HX-3 --amount 100000 --date 2025-05-01
  c write freeze freeze HX-1 --years 3 --date 2025-05-01 --reason FLOOD --approval QD-3/2025
  c write unfreeze unfreeze HX-2 --date 2025-05-01
  c write write-off write-off HX-2 --date 2025-05-01 --principal 1.000.000 --reason DEATH \
    --approval QD-4/2025
  c write reverse-event reverse-event HX-1 --date 2025-04-20 --reason WRONG-LOAN
  c write extend extend HX-1 --months 6 --date 2025-05-01 --reason DROUGHT
  c write adjust adjust HX-1 --installment 1 --date 2025-05-01
  c write close close 2025-04
  c read fees fees 2025-03
  c read "setting list" setting list
  c write "setting set" setting set fee.rate 0.032%
  c write "savings deposit" savings deposit ML-000002 --amount 50000 --date 2025-04-10
  c write "savings withdraw" savings withdraw ML-000002 --amount 20000 --date 2025-04-10
  c read "savings show" savings show ML-000002 --as-of 2025-04-30
  c read collection-sheet collection-sheet --group ML-11-001 --month 2025-03
  c read reconcile reconcile --as-of 2025-03-31
  c write import import groups.csv
  c read export export hledger --as-of 2025-03-31
  c read "report delinquency" report delinquency --as-of 2025-03-31 --by commune
  c read "report portfolio" report portfolio --month 2025-03 --by program
  c read "report ledger" report ledger Assets:Cash:TP-ML --as-of 2025-03-31
  c write approve approve 3 --actor checker
  c write reject reject 3 --actor checker --reason 'No report attached'
  c read "request list" request list --status pending
  c read "request show" request show 3
  c write "actor add" actor add 'Le Van Hai' --os-user hai --role officer
  c read "actor list" actor list
  c write "actor disable" actor disable 'Đỗ Văn Khải'
}

# valid_args NAME: sets ARGS to the command's valid arguments.
valid_args() {
  eval "ARGS=(${VALID[$1]})"
}

# with NAME FIELD: sets WITH to NAME's valid arguments with @@ in place of FIELD's value:
# the word after the option FIELD, or the word at index FIELD.
with() {
  local i found=0
  valid_args "$1"
  WITH=("${ARGS[@]}")
  if [[ $2 == --* ]]; then
    for i in "${!WITH[@]}"; do
      if [[ ${WITH[$i]} == "$2" ]]; then
        WITH[i + 1]=@@
        found=1
      fi
    done
  else
    WITH[$2]=@@
    found=1
  fi
  [[ $found -eq 1 ]] || fail "the valid arguments of '$1' give $2" "command_table" "$2" "${ARGS[*]}"
}

# slug NAME: "loan open" -> loan_open, "write-off" -> write_off.
slug() {
  local s=${1// /_}
  printf '%s' "${s//-/_}"
}

# help_subcommands WORDS...: the subcommands `socai WORDS --help` lists.
help_subcommands() {
  "$SOCAI" "$@" --help | awk '/^Subcommands:$/ { on = 1; next } on && /^[^ ]/ { on = 0 }
                              on && /^  [a-z]/ { print $1 }'
}

# leaf_commands [WORDS...]: every command socai runs, groups expanded ("loan open"), from
# --help, at any depth.
leaf_commands() {
  local subs sub
  subs=$(help_subcommands "$@")
  if [[ -z $subs ]]; then
    echo "$*"
    return
  fi
  for sub in $subs; do leaf_commands "$@" "$sub"; done
}

# check_classified [matrix]: command_table names exactly the commands socai has; with
# `matrix`, each also has its hostile inputs (a hostile_<slug> function).
check_classified() {
  local name found=() n matrix=${1-}
  mapfile -t found < <(leaf_commands)
  [[ ${#found[@]} -gt 40 ]] || fail "socai --help lists its commands" "socai --help" \
    "more than 40 commands" "${#found[@]}: ${found[*]}"
  for name in "${found[@]}"; do
    [[ -n ${KIND[$name]-} ]] || fail "command '$name' is classified read, write or new in" \
      "hostile_test.sh command_table" "a line: c read|write|new '$name' VALID-ARGS..." "none"
    [[ -z $matrix || $(type -t "hostile_$(slug "$name")") == function ]] ||
      fail "command '$name' has its hostile inputs" "hostile_test.sh" \
        "a function hostile_$(slug "$name")" "none"
  done
  n=${#found[@]}
  [[ ${#KIND[@]} -eq $n ]] || fail "command_table names only commands socai has" \
    "socai --help" "${found[*]}" "${!KIND[*]}"
  LEAVES=("${found[@]}")
}

# ---------------------------------------------------------------------------------------
# The ledger and the files around it.

# new_demo_ledger: a demo portfolio (30 households, January to March 2025, closed) and, in
# April 2025, loans HX-1 (equal principal every 3 months, disbursed), HX-2 (frozen), HX-3
# (written off), HX-4 (opened, not disbursed), their cash, a capital entry and savings of
# ML-000002.
new_demo_ledger() {
  socai --db "$DB" demo --households 30 --months 3 --seed 7
  expect_rc 0
  expect_stderr_empty
  # The cash of the April loans, brought to the transaction points of Mỹ Lung and Ngọc Lập.
  write_ok "entry 134 recorded (key HX-CASH)" post --date 2025-04-01 --key HX-CASH \
    --memo 'Cash for the April loans' --posting 'Assets:Cash:TP-ML=20.000.000' \
    --posting 'Assets:Cash:TP-NL=20.000.000' --posting 'Equity:Funds:Central=-40.000.000'
  write_ok "loan HX-1 opened: 10,000,000 for household ML-000002, program 01 (event 79)" \
    loan open HX-1 --household ML-000002 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-04-01 --method equal-principal --every 3
  write_ok "disbursed 10,000,000 on loan HX-1 (event 80, entry 135)" \
    disburse HX-1 --amount 10.000.000 --date 2025-04-01
  write_ok "loan HX-2 opened: 10,000,000 for household ML-000003, program 01 (event 81)" \
    loan open HX-2 --household ML-000003 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-04-01 --method bullet
  write_ok "disbursed 10,000,000 on loan HX-2 (event 82, entry 136)" \
    disburse HX-2 --amount 10.000.000 --date 2025-04-01
  approved_ok "froze 10,000,000 on loan HX-2 (event 83, entry 137)" \
    freeze HX-2 --years 3 --date 2025-04-05 --reason FLOOD --approval QD-1/2025
  write_ok "loan HX-3 opened: 10,000,000 for household NL-000002, program 01 (event 84)" \
    loan open HX-3 --household NL-000002 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-04-01 --method bullet
  write_ok "disbursed 10,000,000 on loan HX-3 (event 85, entry 138)" \
    disburse HX-3 --amount 10.000.000 --date 2025-04-01
  approved_ok "wrote off principal 10,000,000 and interest 0 on loan HX-3 (event 86, entry 139)" \
    write-off HX-3 --date 2025-04-06 --principal 10.000.000 --reason DEATH --approval QD-2/2025
  write_ok "loan HX-4 opened: 10,000,000 for household NL-000003, program 01 (event 87)" \
    loan open HX-4 --household NL-000003 --program 01 --amount 10.000.000 --term 12 \
    --date 2025-04-01 --method bullet
  write_ok "entry 140 recorded (key HX-CAPITAL)" post --date 2025-04-02 --key HX-CAPITAL \
    --memo Capital --posting 'Assets:Cash:HeadOffice=1.000.000' \
    --posting 'Equity:Funds:Central=-1.000.000'
  CAPITAL_ENTRY=140
  socai --db "$DB" savings deposit ML-000002 --amount 50000 --date 2025-04-02
  expect_rc 0
  expect_stderr_empty
  socai --db "$DB" actor add 'Đỗ Văn Khải' --os-user khai --role officer
  expect_rc 0
  expect_stdout "actor Đỗ Văn Khải (khai) registered: officer"
  # Request 3, pending: a period close asked for by 'maker'.
  socai --db "$DB" --actor maker close-period 2025-04-30
  expect_rc 0
  expect_stdout_contains "request 3 recorded"
  printf 'code,commune,village,organisation,leader\nHX-G2,ML,Khu Lung Lao,12,Le Thi Ba\n' \
    >groups.csv
  openssl genpkey -algorithm ed25519 -out hx.pem 2>/dev/null &&
    openssl pkey -in hx.pem -pubout -out hx.pub.pem ||
    fail "openssl makes an Ed25519 key" "openssl genpkey -algorithm ed25519" "hx.pem" "none"
  # Every change is in the ledger file itself: no write-ahead log is left with content.
  [[ ! -s $DB-wal ]] || fail "the write-ahead log is checkpointed" "ls -l $DB-wal" "empty" \
    "$(ls -l "$DB-wal")"
  command_table
}

# Files that are not ledgers, for --db: text, empty, PNG-like, a directory, a device, an
# SQLite database of something else, and paths that do not exist (one not UTF-8).
make_non_ledgers() {
  printf 'date,memo\n2025-01-01,not a ledger\n' >notes.txt
  : >empty.db
  printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0' >image.png
  mkdir a-directory
  sql other.db "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);"
  expect_rc 0
  NON_LEDGERS=(notes.txt empty.db image.png a-directory /dev/null other.db missing.db
    "missing-$BAD_UTF8.db")
}

# world: what must not change: the bytes of every file here (the ledger, its write-ahead
# log when it holds anything, the files that are not ledgers) and the names of the files.
# The ledger's -shm index and an empty -wal are SQLite's own: a read-only connection leaves
# them behind.
world() {
  local files=("$DB") names=() f
  for f in .[!.]* * a-directory/.[!.]* a-directory/*; do
    [[ -e $f && $f != "$DB-wal" && $f != "$DB-shm" ]] || continue
    names+=("$f")
    [[ -f $f && $f != "$DB" && $f != .stdout && $f != .stderr ]] && files+=("$f")
  done
  [[ -s $DB-wal ]] && files+=("$DB-wal")
  sha256sum -- "${files[@]}"
  printf '%s\n' "${names[@]}"
}

# ---------------------------------------------------------------------------------------
# Hostile inputs.

INPUTS=0
declare -A TRIED=()
CURRENT=""
WORLD=""

# expect_refused RC SUBSTRING...: the last command exited RC with nothing on stdout and
# exactly one line on stderr, "socai: error: ...", naming each SUBSTRING; nothing changed.
expect_refused() {
  local rc=$1 err s
  shift
  expect_rc "$rc"
  [[ ! -s $OUT ]] || fail "stdout must be empty" "$CMD" "" "$(cat "$OUT")"
  # The whole of stderr, its last newline kept (a command substitution would drop it).
  err=$(cat "$ERR" && printf x)
  err=${err%x}
  if [[ $err != *$'\n' || ${err%$'\n'} == *$'\n'* ]]; then
    fail "stderr is exactly one line" "$CMD" "one line ending in a newline" "$err"
  fi
  [[ $err == "socai: error: "* ]] ||
    fail "stderr starts with 'socai: error: '" "$CMD" "socai: error: ..." "$err"
  for s in "$@"; do
    # "A|B": either.
    [[ $err == *"${s%%|*}"* || $err == *"${s#*|}"* ]] ||
      fail "stderr mentions '$s'" "$CMD" "...$s..." "$err"
  done
  [[ $(world) == "$WORLD" ]] ||
    fail "nothing changed (sha256 of every file, names of files)" "$CMD" "$WORLD" "$(world)"
}

# attempt DB RC SUBSTRING... -- ARGS...: socai --db DB ARGS is refused (expect_refused).
attempt() {
  local db=$1 rc=$2 subs=()
  shift 2
  while [[ $1 != -- ]]; do subs+=("$1"); shift; done
  shift
  socai --db "$db" "$@"
  expect_refused "$rc" "${subs[@]}"
  # Bytes that are not UTF-8 are echoed as \xNN: the error line is text.
  if [[ "$db $*" == *"$BAD_UTF8"* ]] && ! iconv -f UTF-8 -t UTF-8 "$ERR" >/dev/null 2>&1; then
    fail "stderr is UTF-8 text" "$CMD" "\\xFF\\xFE shown escaped" "$(cat -v "$ERR")"
  fi
  INPUTS=$((INPUTS + 1))
  TRIED[$CURRENT]=1
}

# try RC SUBSTRING... -- ARGS...: attempt on the ledger.
try() { attempt "$DB" "$@"; }

# Values of each class, for `each` (which takes the array by name).
# shellcheck disable=SC2034
{
  DATES=(0000-00-00 2025-02-30 9999-12-31 1899-01-01 31/02/2025 2025-13-01 01/13/2025 2025-04
    2025-04-10x 20250410 "$SQL_OR" "2025-04-10$SQL_DROP" "$BAD_UTF8")
  MONTHS=(2025-13 0000-00 9999-12 1899-01 2025-00 2025-04-01 2025 04-2025 "$SQL_OR" "$SQL_DROP"
    "$BAD_UTF8")
  AMOUNTS=(-1 -1.000 0 99999999999999999999999999 9223372036854775808 12x 1e6 0x10 50.000
    1.5 "$SQL_OR" "$SQL_DROP" "$BAD_UTF8")
  NUMBERS=(-1 99999999999999999999999999 9223372036854775808 abc 1.5 "$SQL_OR" "$BAD_UTF8")
  IDS=(NOPE-404 "$SQL_DROP" "$SQL_OR" "$BAD_UTF8" '%' '*')
  CODES=("$SQL_DROP" "$SQL_OR" "$BAD_UTF8" 'X B' "$LONG_TEXT")
  TEXTS=("$BAD_UTF8" "bad${BAD_UTF8}text" $'two\nlines' $'bell\a' "$LONG_TEXT")
  CHOICES=(bogus "$SQL_DROP" "$SQL_OR" "$BAD_UTF8")
  RATES=(-1%/year 6.24 999999999999999999999%/year abc 6%/day "$SQL_OR" "$SQL_DROP" "$BAD_UTF8")
}

# each CLASS SUBSTRING... -- ARGS...: one attempt per value of CLASS (DATES, AMOUNTS, ...),
# the value in place of @@ in ARGS; each refused as an input error (exit 2).
each() {
  local -n values=$1
  local subs=() v a args
  shift
  while [[ $1 != -- ]]; do subs+=("$1"); shift; done
  shift
  for v in "${values[@]}"; do
    args=()
    for a in "$@"; do args+=("${a//@@/"$v"}"); done
    try 2 "${subs[@]}" -- "${args[@]}"
  done
}

# future -- ARGS...: a date after the business date (far ahead, and tomorrow in Vietnam) in
# place of @@ in ARGS, refused by the ledger (exit 1): nothing is dated in the future.
future() {
  local v a args
  shift
  for v in 2999-01-01 "$TOMORROW"; do
    args=()
    for a in "$@"; do args+=("${a//@@/"$v"}"); done
    try 1 "is after the business date" -- "${args[@]}"
  done
}

# generic NAME: what every command gets: files that are not ledgers as --db, an actor that
# is not text, an unknown option, a stray argument, and each required argument left out.
generic() {
  local name=$1 db words=() opt required
  valid_args "$name"
  read -ra words <<<"$name"
  for db in "${NON_LEDGERS[@]}"; do
    if [[ ${KIND[$name]} == new ]]; then
      # init and demo write a new file: one that exists is refused, whatever it holds.
      [[ -e $db ]] && attempt "$db" 1 "exists" -- "${ARGS[@]}"
    elif [[ -e $db ]]; then
      attempt "$db" 2 "is not a socai ledger" -- "${ARGS[@]}"
    else
      attempt "$db" 2 "no ledger at" -- "${ARGS[@]}"
    fi
  done
  local target=$DB
  [[ ${KIND[$name]} == new ]] && target=$FRESH
  attempt "$target" 2 "--actor" -- --actor "$BAD_UTF8" "${ARGS[@]}"
  attempt "$target" 2 "--actor" -- --actor $'cli\ntest' "${ARGS[@]}"
  attempt "$target" 2 "--format" -- --format "$SQL_DROP" "${ARGS[@]}"
  attempt "$target" 2 "--lang" -- --lang "$BAD_UTF8" "${ARGS[@]}"
  attempt "$target" 2 "--bogus" -- "${ARGS[@]}" --bogus
  attempt "$target" 2 "--bogus" -- "${ARGS[@]}" --bogus "$SQL_DROP"
  attempt "$target" 2 -- "${ARGS[@]}" stray "$SQL_OR"
  # Required arguments, as --help marks them: none given, then each option left out.
  required=$("$SOCAI" "${words[@]}" --help | awk '/ REQUIRED / { print $1 }')
  if [[ -n $required || ${KIND[$name]} == write ]]; then
    attempt "$target" 2 -- "${words[@]}"
  fi
  for opt in $required; do
    [[ $opt == --* ]] || continue
    local kept=() i=0
    while [[ $i -lt ${#ARGS[@]} ]]; do
      if [[ ${ARGS[$i]} == "$opt" ]]; then
        i=$((i + 2))
      else
        kept+=("${ARGS[$i]}")
        i=$((i + 1))
      fi
    done
    [[ ${#kept[@]} -lt ${#ARGS[@]} ]] ||
      fail "the valid arguments of '$name' give the required $opt" "command_table" "$opt" \
        "${ARGS[*]}"
    attempt "$target" 2 "$opt" -- "${kept[@]}"
  done
}

# --- init, demo: a new file, never one that exists.
hostile_init() {
  try 1 "already exists" -- init
  attempt "$FRESH" 2 "read-only" -- --read-only init
}

hostile_demo() {
  local d=(demo --households 2 --months 1)
  try 1 "exists" -- "${d[@]}"
  attempt "$FRESH" 2 "read-only" -- --read-only "${d[@]}"
  local v
  for v in 0 -1 10000001 99999999999999999999999999 9223372036854775808 abc 1.5 "$BAD_UTF8"; do
    attempt "$FRESH" 2 "--households" -- demo --households "$v" --months 1
    attempt "$FRESH" 2 "--months" -- demo --households 2 --months "$v"
  done
  attempt "$FRESH" 2 "--months" -- demo --households 2 --months 9999
  for v in -1 99999999999999999999999999 abc "$SQL_OR" "$BAD_UTF8"; do
    attempt "$FRESH" 2 "--seed" -- "${d[@]}" --seed "$v"
  done
}

# --- the journal.
hostile_account_add() {
  try 1 "already" -- account add Assets:Cash:HeadOffice
  try 2 "--type" -- account add "$SQL_DROP"
  try 2 -- account add "Assets:$BAD_UTF8"
  try 2 -- account add "Assets:Cash:$SQL_OR"
  try 2 -- account add "Assets::Cash"
  try 2 -- account add "Assets:$LONG_TEXT"
  each CHOICES "--type" -- account add Assets:Cash:TP-Hostile --type @@
  each NUMBERS -- account add Assets:Cash:TP-Hostile --code @@
  each TEXTS -- account add Assets:Cash:TP-Hostile --description @@
}

hostile_account_list() { :; }

hostile_post() {
  local p=(--posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Central=-1000')
  local v
  each DATES "--date" -- post --date @@ --key HX-P1 "${p[@]}"
  future -- post --date @@ --key HX-P1 "${p[@]}"
  for v in 99999999999999999999999999 9223372036854775808 12x 1e6 50.000 1.5 "$SQL_OR" \
    "$SQL_DROP" "$BAD_UTF8" ''; do
    try 2 "--posting" -- post --date 2025-04-10 --key HX-P1 \
      --posting "Assets:Cash:HeadOffice=$v" --posting "Equity:Funds:Central=-$v"
  done
  # Amounts are at most 10^15 minor units: the largest int64 is refused, and one more than
  # the bound.
  for v in 9223372036854775807 1.000.000.000.000.001; do
    try 2 "amount '$v' is too large: at most 10^15 minor units" \
      -- post --date 2025-04-10 --key HX-P1 \
      --posting "Assets:Cash:HeadOffice=$v" --posting "Equity:Funds:Central=-$v"
  done
  # A loan control account moves by loan operations only.
  try 1 "a manual entry cannot be posted: account 'Assets:Loans:InTerm:01' is a loan control" \
    -- post --date 2025-04-10 --key HX-P1 --loan 1 \
    --posting 'Assets:Loans:InTerm:01=1000' --posting 'Assets:Cash:HeadOffice=-1000'
  each IDS -- post --date 2025-04-10 --key HX-P1 --posting '@@=1000' \
    --posting 'Equity:Funds:Central=-1000'
  each TEXTS "key" -- post --date 2025-04-10 --key @@ "${p[@]}"
  # The keys operations and the close derive are theirs: a manual entry taking one would
  # make them fail later, every time.
  for v in loan:HX-1:accrue:2025-04 LOAN:HX-1 savings:x fee:2025-04:ML:11:VND reversal-of-140; do
    try 2 "key '$v': keys beginning with loan:, savings:, fee: or reversal-of- are socai's own" \
      -- post --date 2025-04-10 --key "$v" "${p[@]}"
  done
  each TEXTS "memo" -- post --date 2025-04-10 --key HX-P1 --memo @@ "${p[@]}"
  each IDS "--loan" -- post --date 2025-04-10 --key HX-P1 --loan @@ "${p[@]}"
  try 2 "--date" -- post --key HX-P1 "${p[@]}"
  try 2 "--key" -- post --date 2025-04-10 "${p[@]}"
  try 2 "--posting" -- post --date 2025-04-10 --key HX-P1 --posting 'Assets:Cash:HeadOffice=0'
  try 1 "does not balance" -- post --date 2025-04-10 --key HX-P1 \
    --posting 'Assets:Cash:HeadOffice=1000' --posting 'Equity:Funds:Central=1000'
  for v in missing.csv a-directory image.png empty.db notes.txt; do
    try 2 "--file" -- post --file "$v"
  done
}

hostile_reverse() {
  each NUMBERS "ENTRY_ID" -- reverse @@
  try 2 "ENTRY_ID" -- reverse 0
  try 2 "not found" -- reverse 99999999
  each DATES "--date" -- reverse "$CAPITAL_ENTRY" --date @@
  future -- reverse "$CAPITAL_ENTRY" --date @@
  each TEXTS "memo" -- reverse "$CAPITAL_ENTRY" --date 2025-04-10 --memo @@
  each TEXTS "key" -- reverse "$CAPITAL_ENTRY" --date 2025-04-10 --key @@
  try 2 "socai's own" -- reverse "$CAPITAL_ENTRY" --date 2025-04-10 --key fee:2025-04:ML:11:VND
  try 2 "socai's own" -- reverse "$CAPITAL_ENTRY" --date 2025-04-10 --key reversal-of-1
}

hostile_close_period() {
  each DATES "DATE" -- close-period @@
  future -- close-period @@
}

hostile_balance() {
  each IDS "not found" -- balance @@
  each DATES "--as-of" -- balance Assets:Cash --as-of @@
  each NUMBERS "--loan" -- balance Assets:Loans --loan @@
}

hostile_trial_balance() {
  each DATES "--as-of" -- trial-balance --as-of @@
}

hostile_verify() {
  try 2 "--checkpoint: give the public key" -- verify --checkpoint hx.pem
  try 2 "--public-key 'hx.pem'" "not an Ed25519 public key" -- verify --checkpoint hx.pem \
    --public-key hx.pem
  try 2 "not a socai checkpoint" -- verify --checkpoint groups.csv --public-key hx.pub.pem
  try 2 "cannot read it" -- verify --checkpoint a-directory --public-key hx.pub.pem
}

hostile_checkpoint() {
  try 2 "--key 'nothing.pem'" "cannot read it" -- checkpoint --key nothing.pem
  try 2 "not an unencrypted Ed25519 private key" -- checkpoint --key hx.pub.pem
  try 2 "not an unencrypted Ed25519 private key" -- checkpoint --key groups.csv
  try 1 "--out 'groups.csv': exists" -- checkpoint --key hx.pem --out groups.csv
  try 2 "cannot write it" -- checkpoint --key hx.pem --out no-such-directory/x.checkpoint
}

hostile_schedule() {
  local s=(schedule --rate 6%/year --term 12 --start 2026-01-15)
  each IDS "not found" -- schedule --loan @@
  try 2 "--loan" -- schedule --loan HX-1 --term 12
  each AMOUNTS "principal" -- "${s[@]}" --principal @@
  # Principal and interest each fit in 64 bits, their sum does not: an error, not a crash.
  try 2 "--principal: amount '9.000.000.000.000.000.000' is too large: at most 10^15 minor units" \
    -- "${s[@]}" --principal 9.000.000.000.000.000.000
  each RATES "--rate" -- schedule --principal 1.000.000 --term 12 --start 2026-01-15 --rate @@
  each NUMBERS "term" -- schedule --principal 1.000.000 --rate 6%/year --start 2026-01-15 \
    --term @@
  try 2 "term" -- schedule --principal 1.000.000 --rate 6%/year --start 2026-01-15 --term 0
  each DATES "--start" -- schedule --principal 1.000.000 --rate 6%/year --term 12 --start @@
  each CHOICES "--method" -- "${s[@]}" --principal 1.000.000 --method @@
  each CHOICES "--day-count" -- "${s[@]}" --principal 1.000.000 --day-count @@
  each CHOICES "--rounding" -- "${s[@]}" --principal 1.000.000 --rounding @@
  each CHOICES "--currency" -- "${s[@]}" --principal 1.000.000 --currency @@
  each NUMBERS "every" -- "${s[@]}" --principal 1.000.000 --every @@
  each NUMBERS "--gdx-day|GDX day" -- "${s[@]}" --principal 1.000.000 --gdx-day @@
  each AMOUNTS "--installment-multiple|installment multiple" -- "${s[@]}" --principal 1.000.000 \
    --installment-multiple @@
  each CHOICES "--installments" -- "${s[@]}" --principal 1.000.000 --method custom \
    --installments @@
}

# --- reference data.
hostile_commune_add() {
  local rest=(--name 'Xa Hostile' --district Huyen --province Tinh)
  try 1 "already" -- commune add ML "${rest[@]}"
  each CODES "commune" -- commune add @@ "${rest[@]}"
  each TEXTS "--name" -- commune add HXC --name @@ --district Huyen --province Tinh
  each TEXTS "--district" -- commune add HXC --name 'Xa Hostile' --district @@ --province Tinh
  each TEXTS "--province" -- commune add HXC --name 'Xa Hostile' --district Huyen --province @@
  each NUMBERS "--gdx-day" -- commune add HXC "${rest[@]}" --gdx-day @@
  try 2 "--gdx-day" -- commune add HXC "${rest[@]}" --gdx-day 32
}

hostile_commune_list() { :; }

hostile_officer_add() {
  each CODES "officer" -- officer add @@ --name 'Tran Thi Lan'
  each TEXTS "--name" -- officer add CB-HX --name @@
}

hostile_group_add() {
  local g=(--village 'Khu Lung Lao' --org 12 --leader 'Le Thi Ba')
  try 1 "already" -- group add ML-11-001 --commune ML "${g[@]}"
  each CODES "group" -- group add @@ --commune ML "${g[@]}"
  each IDS "commune" -- group add HX-G1 --commune @@ "${g[@]}"
  each TEXTS "--village" -- group add HX-G1 --commune ML --village @@ --org 12 --leader 'L'
  each NUMBERS "organisation" -- group add HX-G1 --commune ML --village V --org @@ --leader L
  try 2 "organisation" -- group add HX-G1 --commune ML --village V --org 15 --leader L
  each TEXTS "--leader" -- group add HX-G1 --commune ML --village V --org 12 --leader @@
}

hostile_group_list() {
  each IDS "commune" -- group list --commune @@
}

hostile_group_show() {
  each IDS "group" -- group show @@
}

hostile_household_add() {
  valid_args "household add"
  try 1 "already" -- household add ML-000001 "${ARGS[@]:3}"
  # Codes are one whatever their case.
  try 1 "household 'ml-000001': household 'ML-000001' exists, and codes are compared without \
regard to case" -- household add ml-000001 "${ARGS[@]:3}"
  with "household add" 2
  each CODES "household" -- "${WITH[@]}"
  with "household add" --head
  each TEXTS "--head" -- "${WITH[@]}"
  # A right-to-left override, or a zero-width space, in a name.
  local v
  for v in $'Nguy\xe2\x80\xaene' $'Nguy\xe2\x80\x8bn'; do
    try 2 "a control, format or bidirectional character" -- "${WITH[@]/@@/$v}"
  done
  with "household add" --national-id
  each NUMBERS "--national-id" -- "${WITH[@]}"
  with "household add" --commune
  each IDS "commune" -- "${WITH[@]}"
  with "household add" --village
  each TEXTS "--village" -- "${WITH[@]}"
  with "household add" --group
  each IDS "group" -- "${WITH[@]}"
  with "household add" --status
  each CHOICES "--status" -- "${WITH[@]}"
  with "household add" --status-from
  each DATES "--status-from" -- "${WITH[@]}"
  future -- "${WITH[@]}"
}

hostile_household_show() {
  each IDS "household" -- household show @@
}

hostile_household_list() {
  each IDS "group" -- household list --group @@
}

hostile_household_status() {
  each IDS "household" -- household status @@ --status near-poor --from 2025-05-01
  each CHOICES "--status" -- household status ML-000002 --status @@ --from 2025-05-01
  each DATES "--from" -- household status ML-000002 --status near-poor --from @@
  future -- household status ML-000002 --status near-poor --from @@
}

hostile_program_list() { :; }

hostile_program_show() {
  each IDS "program" -- program show @@
}

hostile_program_rate() {
  each IDS "program" -- program rate @@ --from 2026-01-01 --rate 6%/year
  each DATES "--from" -- program rate 12 --from @@ --rate 6%/year
  future -- program rate 12 --from @@ --rate 6%/year
  each RATES "--rate" -- program rate 12 --from 2026-01-01 --rate @@
  try 1 "rate 100%/month is over the limit of 30%/year (setting limit.program-rate)" \
    -- program rate 12 --from 2026-01-01 --rate 100%/month
  each TEXTS "--source" -- program rate 12 --from 2026-01-01 --rate 6%/year --source @@
}

hostile_program_set() {
  each IDS "program" -- program set @@ --day-count act30
  each CHOICES "--day-count" -- program set 12 --day-count @@
  each CHOICES "--rounding" -- program set 12 --rounding @@
  each AMOUNTS "--installment-multiple" -- program set 12 --installment-multiple @@
  each CHOICES "--installment-rounding" -- program set 12 --installment-rounding @@
  each RATES "--overdue-multiplier" -- program set 12 --overdue-multiplier @@
  each CHOICES "--basis" -- program set 12 --basis @@
  each AMOUNTS "--cap" -- program set 12 --cap @@
  each NUMBERS "--max-term" -- program set 12 --max-term @@
  each CHOICES "--allocation" -- program set 12 --allocation @@
}

# --- loans and their events.
hostile_loan_open() {
  valid_args "loan open"
  local base=("${ARGS[@]}")
  try 1 "already" -- loan open HX-1 "${base[@]:3}"
  with "loan open" 2
  each CODES "loan" -- "${WITH[@]}"
  with "loan open" --household
  each IDS "household" -- "${WITH[@]}"
  with "loan open" --program
  each IDS "program" -- "${WITH[@]}"
  with "loan open" --amount
  each AMOUNTS "--amount" -- "${WITH[@]}"
  with "loan open" --date
  each DATES "--date" -- "${WITH[@]}"
  future -- "${WITH[@]}"
  with "loan open" --term
  each NUMBERS "term" -- "${WITH[@]}"
  with "loan open" --method
  each CHOICES "--method" -- "${WITH[@]}"
  with "loan open" --method
  local ep=("${WITH[@]/@@/equal-principal}")
  each NUMBERS "every" -- "${ep[@]}" --every @@
  each NUMBERS "grace" -- "${ep[@]}" --grace-principal @@
  each IDS "officer" -- "${base[@]}" --officer @@
  each CHOICES "--installments" -- "${base[@]/bullet/custom}" --installments @@
  each DATES "--course-end" -- loan open S-HX --household NL-000004 --program 02 \
    --amount 10.000.000 --date 2025-04-10 --course-end @@
  each TEXTS "key" -- "${base[@]}" --key @@
}

hostile_loan_show() {
  each IDS "loan" -- loan show @@
  each DATES "--as-of" -- loan show L-ML-0000009 --as-of @@
}

hostile_loan_list() {
  each CHOICES "--status" -- loan list --status @@
  each DATES "--as-of" -- loan list --as-of @@
}

# money_event NAME LOAN: LOAN's valid arguments with each field hostile.
money_event() {
  local name=$1 loan=$2
  each IDS "loan" -- "$name" @@ --amount 1.000.000 --date 2025-05-01
  each AMOUNTS "--amount" -- "$name" "$loan" --amount @@ --date 2025-05-01
  each DATES "--date" -- "$name" "$loan" --amount 100000 --date @@
  future -- "$name" "$loan" --amount 100000 --date @@
  each TEXTS "key" -- "$name" "$loan" --amount 1000 --date 2025-05-01 --key @@
}

hostile_disburse() {
  money_event disburse HX-4
  try 1 -- disburse HX-4 --amount 10.000.001 --date 2025-04-10
  try 1 "closed" -- disburse HX-4 --amount 1.000.000 --date 2025-03-10
}
hostile_collect_interest() { money_event collect-interest HX-1; }
hostile_repay() {
  money_event repay HX-1
  try 1 -- repay HX-1 --amount 10.000.001 --date 2025-05-01
}
hostile_pay() { money_event pay HX-1; }
hostile_recover() { money_event recover HX-3; }

hostile_freeze() {
  local r=(--reason FLOOD --approval QD-3/2025)
  each IDS "loan" -- freeze @@ --years 3 --date 2025-05-01 "${r[@]}"
  each NUMBERS "--years" -- freeze HX-1 --years @@ --date 2025-05-01 "${r[@]}"
  try 2 "--years" -- freeze HX-1 --years 4 --date 2025-05-01 "${r[@]}"
  each DATES "--date" -- freeze HX-1 --years 3 --date @@ "${r[@]}"
  future -- freeze HX-1 --years 3 --date @@ "${r[@]}"
  each TEXTS "--reason" -- freeze HX-1 --years 3 --date 2025-05-01 --reason @@ \
    --approval QD-3/2025
  each TEXTS "--approval" -- freeze HX-1 --years 3 --date 2025-05-01 --reason FLOOD \
    --approval @@
  each TEXTS "key" -- freeze HX-1 --years 3 --date 2025-05-01 "${r[@]}" --key @@
}

hostile_unfreeze() {
  each IDS "loan" -- unfreeze @@ --date 2025-05-01
  each DATES "--date" -- unfreeze HX-2 --date @@
  future -- unfreeze HX-2 --date @@
  each TEXTS "key" -- unfreeze HX-2 --date 2025-05-01 --key @@
  try 1 -- unfreeze HX-1 --date 2025-05-01
}

hostile_write_off() {
  local r=(--reason DEATH --approval QD-4/2025)
  each IDS "loan" -- write-off @@ --date 2025-05-01 --principal 1.000.000 "${r[@]}"
  each DATES "--date" -- write-off HX-2 --date @@ --principal 1.000.000 "${r[@]}"
  future -- write-off HX-2 --date @@ --principal 1.000.000 "${r[@]}"
  each AMOUNTS "--principal" -- write-off HX-2 --date 2025-05-01 --principal @@ "${r[@]}"
  each AMOUNTS "--interest" -- write-off HX-2 --date 2025-05-01 --interest @@ "${r[@]}"
  try 2 "--principal" -- write-off HX-2 --date 2025-05-01 "${r[@]}"
  each TEXTS "--reason" -- write-off HX-2 --date 2025-05-01 --principal 1 --reason @@ \
    --approval QD-4/2025
  each TEXTS "--approval" -- write-off HX-2 --date 2025-05-01 --principal 1 --reason DEATH \
    --approval @@
  each TEXTS "key" -- write-off HX-2 --date 2025-05-01 --principal 1 "${r[@]}" --key @@
}

hostile_reverse_event() {
  each IDS "loan" -- reverse-event @@ --date 2025-04-20 --reason WRONG-LOAN
  each DATES "--date" -- reverse-event HX-1 --date @@ --reason WRONG-LOAN
  future -- reverse-event HX-1 --date @@ --reason WRONG-LOAN
  each TEXTS "--reason" -- reverse-event HX-1 --date 2025-04-20 --reason @@
  each TEXTS "key" -- reverse-event HX-1 --date 2025-04-20 --reason WRONG-LOAN --key @@
}

hostile_extend() {
  each IDS "loan" -- extend @@ --months 6 --date 2025-05-01 --reason DROUGHT
  each NUMBERS "months" -- extend HX-1 --months @@ --date 2025-05-01 --reason DROUGHT
  each DATES "--date" -- extend HX-1 --months 6 --date @@ --reason DROUGHT
  future -- extend HX-1 --months 6 --date @@ --reason DROUGHT
  each TEXTS "--reason" -- extend HX-1 --months 6 --date 2025-05-01 --reason @@
  each TEXTS "key" -- extend HX-1 --months 6 --date 2025-05-01 --reason DROUGHT --key @@
}

hostile_adjust() {
  each IDS "loan" -- adjust @@ --installment 1 --date 2025-05-01
  each NUMBERS "installment" -- adjust HX-1 --installment @@ --date 2025-05-01
  each DATES "--date" -- adjust HX-1 --installment 1 --date @@
  future -- adjust HX-1 --installment 1 --date @@
  each TEXTS "key" -- adjust HX-1 --installment 1 --date 2025-05-01 --key @@
}

# --- two-person control.
hostile_approve() {
  each NUMBERS "request" -- approve @@ --actor checker
  each IDS "request" -- approve @@ --actor checker
  try 2 "request 99999 not found" -- approve 99999 --actor checker
  try 1 "made by 'maker'" -- approve 3 --actor maker
  try 1 "already approved" -- approve 1 --actor checker
}

hostile_reject() {
  each NUMBERS "request" -- reject @@ --actor checker --reason no
  try 2 "request 99999 not found" -- reject 99999 --actor checker --reason no
  try 1 "made by 'maker'" -- reject 3 --actor maker --reason no
  try 1 "already approved" -- reject 2 --actor checker --reason no
}

hostile_request_list() {
  each CHOICES "--status" -- request list --status @@
}

# --- actors.
hostile_actor_add() {
  # Bytes, whatever the locale: NFD (o U+0302 U+0303, a U+0306, a U+0309), U+202E, U+200B.
  local nfd_name=$'\xc4\x90o\xcc\x82\xcc\x83 Va\xcc\x86n Kha\xcc\x89i'
  each TEXTS "actor" -- actor add @@ --os-user hai --role officer
  try 2 "U+202E" -- actor add $'Le Van \xe2\x80\xaeiaH' --os-user hai --role officer
  try 2 "U+200B" -- actor add $'Le\xe2\x80\x8bVan Hai' --os-user hai --role officer
  try 2 "empty" -- actor add '   ' --os-user hai --role officer
  each CODES "OS account" -- actor add 'Le Van Hai' --os-user @@ --role officer
  try 2 "OS account" -- actor add 'Le Van Hai' --os-user -root --role officer
  each CHOICES "role" -- actor add 'Le Van Hai' --os-user hai --role @@
  # One person, however the name is typed: NFD, capitals, white space around it.
  try 1 "registered already" -- actor add "$nfd_name" --os-user hai --role officer
  try 1 "registered already" -- actor add 'ĐỖ VĂN KHẢI' --os-user hai --role officer
  try 1 "registered already" -- actor add $' \tĐỗ Văn Khải ' --os-user hai --role officer
  try 1 "OS account 'khai' is registered already" -- actor add 'Le Van Hai' --os-user khai \
    --role officer
}

hostile_actor_list() { :; }

hostile_actor_disable() {
  each TEXTS "actor" -- actor disable @@
  try 2 "not found" -- actor disable 'Nobody Here'
}

hostile_request_show() {
  each NUMBERS "request" -- request show @@
  try 2 "request 99999 not found" -- request show 99999
}

# --- month-end, savings, sheets.
hostile_close() {
  each MONTHS "month" -- close @@
  try 1 -- close 2025-06
  try 1 -- close 2999-12
}

hostile_fees() {
  each MONTHS "month" -- fees @@
}

hostile_setting_list() { :; }

hostile_setting_set() {
  each CHOICES "setting" -- setting set @@ 0.032%
  each RATES "fee.rate" -- setting set fee.rate @@
  each CHOICES "fee.factors" -- setting set fee.factors @@
  each CHOICES "fee.split" -- setting set fee.split @@
  # Rates within the ledger's limits, and the limits well-formed.
  try 1 "fee rate 100% is over the limit of 1% (setting limit.fee-rate)" -- setting set fee.rate 100%
  try 2 "expected a rate such as 30%/year" -- setting set limit.program-rate 30%
  try 2 "expected a percentage such as 1%" -- setting set limit.fee-rate abc
}

savings_event() {
  local name=$1
  each IDS "household" -- savings "$name" @@ --amount 50000 --date 2025-04-10
  each AMOUNTS "--amount" -- savings "$name" ML-000002 --amount @@ --date 2025-04-10
  each DATES "--date" -- savings "$name" ML-000002 --amount 50000 --date @@
  future -- savings "$name" ML-000002 --amount 50000 --date @@
  each TEXTS "key" -- savings "$name" ML-000002 --amount 50000 --date 2025-04-10 --key @@
}
hostile_savings_deposit() { savings_event deposit; }
hostile_savings_withdraw() {
  savings_event withdraw
  try 1 -- savings withdraw ML-000002 --amount 1.000.000 --date 2025-04-10
}

hostile_savings_show() {
  each IDS "household" -- savings show @@
  each DATES "--as-of" -- savings show ML-000002 --as-of @@
}

hostile_collection_sheet() {
  each IDS "group" -- collection-sheet --group @@ --month 2025-03
  each IDS "commune" -- collection-sheet --commune @@ --month 2025-03
  each MONTHS "--month" -- collection-sheet --group ML-11-001 --month @@
  try 2 "--group" -- collection-sheet --month 2025-03
}

hostile_reconcile() {
  each DATES "--as-of" -- reconcile --as-of @@
  each MONTHS "--month" -- reconcile --month @@
  local f
  for f in missing.csv a-directory image.png notes.txt; do
    try 2 "cash" -- reconcile --cash "$f"
  done
}

# import_refused FILE SUBSTRING [ARGS...]: socai import FILE ARGS has rows refused, which import reports
# as documented in schemas/import/README.md: exit 1, one line per refused row naming
# SUBSTRING, then the summary "... nothing was imported"; every line "socai: error: ...",
# nothing on stdout, nothing changed.
import_refused() {
  local file=$1 sub=$2 lines=() line
  shift 2
  socai --db "$DB" import "$file" "$@"
  expect_rc 1
  [[ ! -s $OUT ]] || fail "stdout must be empty" "$CMD" "" "$(cat "$OUT")"
  mapfile -t lines <"$ERR"
  [[ ${#lines[@]} -eq 2 ]] || fail "one refused row and the summary" "$CMD" "2 lines" \
    "$(cat "$ERR")"
  for line in "${lines[@]}"; do
    [[ $line == "socai: error: $file"* ]] ||
      fail "each line is an error naming the file" "$CMD" "socai: error: $file ..." "$line"
  done
  [[ ${lines[0]} == *"$sub"* ]] || fail "the refused row names '$sub'" "$CMD" "$sub" "${lines[0]}"
  [[ ${lines[1]} == *"1 of 1 row refused; nothing was imported" ]] ||
    fail "the summary" "$CMD" "...: 1 of 1 row refused; nothing was imported" "${lines[1]}"
  [[ $(world) == "$WORLD" ]] ||
    fail "nothing changed (sha256 of every file, names of files)" "$CMD" "$WORLD" "$(world)"
  INPUTS=$((INPUTS + 1))
  TRIED[$CURRENT]=1
}

hostile_import() {
  local f
  for f in missing.csv a-directory image.png empty.db notes.txt /dev/null; do
    try 2 -- import "$f"
  done
  each CHOICES "--kind" -- import groups.csv --kind @@
  local header='loan,amount,date'
  printf '%s\n' "code,head,national_id,commune,village,group,status,status_from" \
    "HX-H9,$BAD_UTF8,054090001234,ML,Khu Lung Lao,ML-11-001,poor,2025-01-01" >hx-utf8.csv
  printf '%s\n' "$SQL_DROP" "1,2,3" >hx-header.csv
  printf '%s\n' "code,commune,village,organisation,leader" \
    "$SQL_DROP,ML,Khu Lung Lao,12,Le Thi Ba" >hx-code.csv
  printf '%s\n' "$header" "HX-4,99999999999999999999999999,2025-04-10" >hx-huge.csv
  printf '%s\n' "$header" "HX-4,-1.000,2025-04-10" >hx-negative.csv
  printf '%s\n' "$header" "HX-4,1000000,2025-02-30" >hx-date.csv
  printf '%s\n' "$header" "HX-4,1000000,9999-12-31" >hx-far.csv
  printf '%s\n' "$header" "NOPE-404,1000000,2025-04-10" >hx-unknown.csv
  printf '%s\n' "$header" "$SQL_OR,1000000,2025-04-10" >hx-sql.csv
  WORLD=$(world)
  try 2 "hx-utf8.csv" -- import hx-utf8.csv
  try 2 "hx-header.csv" -- import hx-header.csv
  import_refused hx-code.csv "column code"
  local k=(--kind disbursements)
  import_refused hx-huge.csv "column amount" "${k[@]}"
  import_refused hx-negative.csv "column amount" "${k[@]}"
  import_refused hx-date.csv "column date" "${k[@]}"
  import_refused hx-far.csv "column date" "${k[@]}"
  import_refused hx-unknown.csv "not found" "${k[@]}"
  import_refused hx-sql.csv "not found" "${k[@]}"
}

hostile_export() {
  each CHOICES "format" -- export @@
  each DATES "--as-of" -- export hledger --as-of @@
}

hostile_report_delinquency() {
  each DATES "--as-of" -- report delinquency --as-of @@
  each CHOICES "--by" -- report delinquency --as-of 2025-03-31 --by @@
  each CHOICES "--list" -- report delinquency --as-of 2025-03-31 --list @@
}

hostile_report_portfolio() {
  each MONTHS "--month" -- report portfolio --month @@
  each CHOICES "--by" -- report portfolio --month 2025-03 --by @@
}

hostile_report_ledger() {
  each IDS "not found" -- report ledger @@
  each DATES "--as-of" -- report ledger Assets:Cash:TP-ML --as-of @@
}

# ---------------------------------------------------------------------------------------
# Scenarios.

# matrix PART: the commands whose place in socai's --help order is PART modulo 3.
matrix() {
  local part=$1 i name commands=0
  new_demo_ledger
  check_classified matrix
  make_non_ledgers
  WORLD=$(world)
  for i in "${!LEAVES[@]}"; do
    [[ $((i % 3 + 1)) -eq $part ]] || continue
    name=${LEAVES[$i]}
    CURRENT=$name
    generic "$name"
    "hostile_$(slug "$name")"
    [[ -n ${TRIED[$name]-} ]] || fail "hostile inputs tried for '$name'" "" "some" "none"
    commands=$((commands + 1))
  done
  # The ledger is still whole.
  socai --db "$DB" --read-only verify
  expect_rc 0
  expect_stdout_matches '^ok: 141 entries verified'
  echo "hostile matrix: $INPUTS inputs across $commands commands, ledger unchanged"
}

scenario_matrix_1() { matrix 1; }
scenario_matrix_2() { matrix 2; }
scenario_matrix_3() { matrix 3; }

# Every write refused with --read-only (init and demo, which create a ledger, refuse the
# option as a usage error, exit 2; the others are refused by the ledger, exit 1), every read
# allowed, and each write's arguments shown valid on a copy.
scenario_read_only() {
  new_demo_ledger
  check_classified
  local name state writes=0 reads=0
  state=$(world)
  for name in "${LEAVES[@]}"; do
    valid_args "$name"
    CURRENT=$name
    case ${KIND[$name]} in
      new)
        WORLD=$state
        attempt "$FRESH" 2 "read-only" -- --read-only "${ARGS[@]}"
        writes=$((writes + 1))
        ;;
      write)
        WORLD=$state
        attempt "$DB" 1 "read-only" -- --read-only "${ARGS[@]}"
        writes=$((writes + 1))
        ;;
      read)
        socai --db "$DB" --read-only "${ARGS[@]}"
        expect_rc 0
        expect_stderr_empty
        [[ -s $OUT ]] || fail "stdout shows the answer" "$CMD" "some output" ""
        [[ $(world) == "$state" ]] || fail "a read changes nothing" "$CMD" "$state" "$(world)"
        reads=$((reads + 1))
        ;;
    esac
  done
  # The same arguments without --read-only: each write succeeds, on a copy of the ledger.
  for name in "${LEAVES[@]}"; do
    [[ ${KIND[$name]} == read ]] && continue
    valid_args "$name"
    if [[ ${KIND[$name]} == new ]]; then
      socai --db "$FRESH" "${ARGS[@]}"
      rm -f "$FRESH"
    else
      cp "$DB" copy.db
      socai --db copy.db "${ARGS[@]}"
      rm -f copy.db
    fi
    expect_rc 0
    expect_stderr_empty
  done
  echo "read-only: $writes writes refused, $reads reads allowed, ledger unchanged"
}

# ---------------------------------------------------------------------------------------

if [[ $(type -t "scenario_$SCENARIO") != function ]]; then
  echo "hostile_test: unknown scenario '$SCENARIO'; known:" \
    "$(declare -F | sed -n 's/^declare -f scenario_//p' | tr '\n' ' ')" >&2
  exit 2
fi
"scenario_$SCENARIO"
echo "ok [$SCENARIO]"
