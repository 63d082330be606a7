# What the command-line test scripts share: the arguments, a fresh temporary directory, running
# socai with its output captured, and the assertions. Sourced by cli_test.sh and loans_test.sh.
# shellcheck shell=bash
NAME=$(basename "$0" .sh)

if [[ $# -ne 2 ]]; then
  echo "usage: bash $NAME.sh SCENARIO /path/to/socai" >&2
  exit 2
fi
SCENARIO=$1
SOCAI=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
[[ -x $SOCAI ]] || { echo "$NAME: $SOCAI is not an executable" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "$NAME: the sqlite3 shell is needed" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/socai-$NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 2

# A predictable environment: no ledger from the caller, a fixed actor, English labels.
unset SOCAI_DB LC_ALL LANGUAGE
export LANG=C SOCAI_ACTOR=cli-test

DB=ledger.db
# What a training ledger's reports say first, and its verify line last (in parentheses).
TRAINING_NOTICE="TRAINING LEDGER: its actors are declared names, not authenticated"
TRAINING_NOTICE_VI="SỔ TẬP HUẤN: người thực hiện là tên tự khai, không được xác thực"
OUT=$WORK/.stdout
ERR=$WORK/.stderr
CMD=""
RC=0

# ---------------------------------------------------------------------------------------
# Running commands and checking what they did.

# run ARGS...: runs one command, keeping its stdout, stderr and exit code.
run() {
  CMD=$(printf '%q ' "$@")
  CMD=${CMD% }
  RC=0
  "$@" >"$OUT" 2>"$ERR" || RC=$?
}

# socai ARGS...: runs socai (with the arguments as given; --db is passed explicitly).
socai() { run "$SOCAI" "$@"; }

# sql DB STATEMENT: runs the sqlite3 shell without any user configuration.
sql() { run sqlite3 -batch -init /dev/null "$@"; }

# sql_value DB QUERY: prints the result of a query that must succeed.
sql_value() {
  local db=$1 query=$2 value rc=0
  value=$(sqlite3 -batch -init /dev/null "$db" "$query" 2>&1) || rc=$?
  if [[ $rc -ne 0 ]]; then
    fail "sqlite3 query failed" "sqlite3 $db \"$query\"" "exit 0" "exit $rc: $value"
  fi
  printf '%s' "$value"
}

# visible TEXT: the text with line ends shown as $ and control bytes as ^X (cat -A), so
# that missing or extra newlines and carriage returns show; continuation lines indented.
visible() { printf '%s' "$1" | cat -A | sed -e '1!s/^/            /'; }

# fail WHAT COMMAND EXPECTED ACTUAL: reports a failed check, with what the last command
# printed, and ends the scenario.
fail() {
  {
    echo "FAIL [$SCENARIO] $1"
    echo "  command:  $2"
    echo "  expected: $(visible "$3")"
    echo "  actual:   $(visible "$4")"
    echo "  last command: $CMD (exit code $RC)"
    echo "  stdout:   $(cat -A "$OUT" 2>/dev/null | sed -e '1!s/^/            /')"
    echo "  stderr:   $(cat -A "$ERR" 2>/dev/null | sed -e '1!s/^/            /')"
  } >&2
  exit 1
}

expect_rc() {
  [[ $RC -eq $1 ]] || fail "exit code" "$CMD" "$1" "$RC"
}

# expect_stdout TEXT: stdout is exactly TEXT followed by a newline (or empty for '').
expect_stdout() {
  local expected=$1
  [[ -n $expected ]] && expected+=$'\n'
  if ! cmp -s "$OUT" <(printf '%s' "$expected"); then
    local actual
    actual=$(cat "$OUT"; printf x)  # keeps trailing newlines
    fail "stdout" "$CMD" "$expected" "${actual%x}"
  fi
}

expect_stdout_empty() {
  [[ ! -s $OUT ]] || fail "stdout must be empty" "$CMD" "" "$(cat "$OUT")"
}

expect_stderr_empty() {
  [[ ! -s $ERR ]] || fail "stderr must be empty" "$CMD" "" "$(cat "$ERR")"
}

expect_stdout_contains() {
  grep -qF -- "$1" "$OUT" || fail "stdout mentions '$1'" "$CMD" "...$1..." "$(cat "$OUT")"
}

expect_stdout_matches() {
  grep -qE -- "$1" "$OUT" || fail "stdout matches /$1/" "$CMD" "/$1/" "$(cat "$OUT")"
}

expect_stderr_contains() {
  grep -qF -- "$1" "$ERR" || fail "stderr mentions '$1'" "$CMD" "...$1..." "$(cat "$ERR")"
}

# expect_one_error SUBSTRING...: stderr is exactly one line, "socai: error: ...", naming each
# SUBSTRING.
expect_one_error() {
  local lines
  lines=$(wc -l <"$ERR")
  if [[ $lines -ne 1 || $(tail -c 1 "$ERR" | od -An -c | tr -d ' ') != '\n' ]]; then
    fail "stderr is exactly one line" "$CMD" "one line ending in a newline" \
      "$lines newline(s): $(cat "$ERR")"
  fi
  [[ $(head -c 14 "$ERR") == "socai: error: " ]] ||
    fail "stderr starts with 'socai: error: '" "$CMD" "socai: error: ..." "$(cat "$ERR")"
  local s
  for s in "$@"; do expect_stderr_contains "$s"; done
}

# refused RC SUBSTRING... -- ARGS...: socai ARGS exits RC with nothing on stdout and one
# error line naming each SUBSTRING.
refused() {
  local rc=$1 subs=()
  shift
  while [[ $1 != -- ]]; do subs+=("$1"); shift; done
  shift
  socai "$@"
  expect_rc "$rc"
  expect_stdout_empty
  expect_one_error "${subs[@]}"
}

hash_of() { sha256sum "$1" | cut -d' ' -f1; }

# ledger_hash: the sha256 of the ledger $DB with its write-ahead log, if one holds anything.
ledger_hash() {
  {
    cat "$DB"
    if [[ -s $DB-wal ]]; then cat "$DB-wal"; fi
  } | sha256sum | cut -d' ' -f1
}

# expect_hash FILE HASH: FILE is byte-identical to when HASH was taken.
expect_hash() {
  local now
  now=$(hash_of "$1")
  [[ $now == "$2" ]] || fail "$1 must be byte-identical (sha256)" "$CMD" "$2" "$now"
}

expect_equal() {  # expect_equal WHAT EXPECTED ACTUAL
  [[ $2 == "$3" ]] || fail "$1" "$CMD" "$2" "$3"
}

expect_no_file() {
  [[ ! -e $1 ]] || fail "no file $1 may be created" "$CMD" "no $1" "$(ls -la "$1")"
}

# tb: prints the CSV trial balance, which must succeed quietly.
tb() {
  socai --db "$DB" trial-balance --format csv
  expect_rc 0
  expect_stderr_empty
  cat "$OUT"
}

# expect_tb EXPECTED [ARGS...]: the CSV trial balance is exactly EXPECTED.
expect_tb() {
  local expected=$1
  shift
  socai --db "$DB" trial-balance --format csv "$@"
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$expected"
}

# expect_entries N: the ledger holds exactly N entries.
expect_entries() {
  sql "$DB" "SELECT count(*) FROM entries"
  expect_rc 0
  expect_stdout "$1"
}

# ---------------------------------------------------------------------------------------
# Common set-up.

# A training ledger: the scenarios' actors are declared names (--actor maker, checker).
# later_clock: the training ledgers of this scenario live in 2030 (SOCAI_CLOCK), so that its
# operations dated to 2029 are not after the business date.
later_clock() {
  export SOCAI_CLOCK=2030-01-02T08:00:00Z
}

new_ledger() {
  socai --db "$DB" init --training
  expect_rc 0
  expect_stderr_empty
  local n
  n=$(sql_value "$DB" "SELECT count(*) FROM accounts")
  [[ $n -gt 0 ]] || fail "the chart of accounts is seeded" "$CMD" "> 0 accounts" "$n"
  expect_stdout "created training ledger $DB with $n accounts"
}

# approved_ok EXPECTED_STDOUT ARGS...: socai --db $DB ARGS (a freeze, write-off, reversal or
# period close) is recorded as a request by 'maker', which 'checker' approves: the approval
# prints exactly EXPECTED_STDOUT, and the request is marked approved by checker.
approved_ok() {
  local expected=$1 id
  shift
  socai --db "$DB" --actor maker "$@"
  expect_rc 0
  expect_stderr_empty
  id=$(sql_value "$DB" "SELECT max(id) FROM approval_requests WHERE status = 'pending'")
  expect_stdout_contains "request $id recorded"
  socai --db "$DB" --actor checker approve "$id"
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$expected"
  expect_equal "request $id is approved by checker" "approved checker maker" \
    "$(sql_value "$DB" "SELECT status, decided_by, requested_by FROM approval_requests \
      WHERE id = $id" | tr '|' ' ')"
}

# lift_cash_floor COMMUNE: for a scenario that follows loans rather than cash, whose
# transaction point disburses from nothing: the point's cash floor is lifted, a setting change
# that 'checker' approves.
lift_cash_floor() {
  approved_ok "cash-floor.Assets:Cash:TP-$1 = none" setting set "cash-floor.Assets:Cash:TP-$1" none
}

# write_ok EXPECTED_STDOUT ARGS...: socai --db $DB ARGS succeeds quietly, printing exactly that.
write_ok() {
  local expected=$1
  shift
  socai --db "$DB" "$@"
  expect_rc 0
  expect_stderr_empty
  expect_stdout "$expected"
}
