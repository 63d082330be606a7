#!/usr/bin/env bash
# The journal's rules and two-person control on PostgreSQL (schemas/postgresql/), enforced by
# the server itself:
# each write a client other than socai could send with psql is tried as a person's login role
# and refused with the rule's message (or by a missing GRANT), and what is allowed goes
# through. Runs against the cluster that tools/pg-cluster.sh started (STATE file).
#
#   tests/postgresql/rules_test.sh SCENARIO STATE_FILE
set -euo pipefail
[[ $# -eq 2 ]] || {
  echo "usage: rules_test.sh SCENARIO STATE_FILE" >&2
  exit 2
}
SCENARIO=$1
HOST=$(cat "$2")
SCHEMAS=$(cd "$(dirname "$0")/../../schemas/postgresql" && pwd)
DB=socai_test_${SCENARIO}
OUT=$(mktemp)
export PGOPTIONS='-c client_min_messages=warning'  # no NOTICE for what is already there
trap 'rm -f "$OUT"' EXIT

fail() {
  echo "FAIL [$SCENARIO] $1" >&2
  echo "  expected: $2" >&2
  echo "  actual:   $3" >&2
  exit 1
}

# as ROLE SQL: runs SQL in one session of ROLE (ON_ERROR_STOP), its output and errors in $OUT;
# returns psql's status.
as() {
  local status=0
  psql -h "$HOST" -U "$1" -d "$DB" -X -q -A -t -v ON_ERROR_STOP=1 -c "$2" >"$OUT" 2>&1 || status=$?
  return "$status"
}

# ok ROLE SQL: it succeeds.
ok() {
  as "$1" "$2" || fail "as $1: $2" "success" "$(cat "$OUT")"
}

# refused ROLE MESSAGE SQL: the server refuses it with an error naming MESSAGE.
refused() {
  local status=0
  as "$1" "$3" || status=$?
  [[ $status -ne 0 ]] || fail "as $1: $3" "refused: $2" "accepted"
  grep -qF -- "$2" "$OUT" || fail "as $1: $3" "an error naming '$2'" "$(cat "$OUT")"
}

# equal WHAT EXPECTED ROLE SQL: the query's one value.
equal() {
  ok "$3" "$4"
  [[ $(cat "$OUT") == "$2" ]] || fail "$1" "$2" "$(cat "$OUT")"
}

ZERO=$(printf '0%.0s' {1..64})
hash_of() { printf '%064d' "$1"; }  # a stand-in: the server checks the chain's links only

# entry ROLE ID PREV DATE ACTOR POSTINGS [REVERSES]: the SQL of one entry written as socai
# writes it, postings first (values of (seq, account, amount[, loan])), in one transaction.
entry_sql() {
  local id=$1 prev=$2 date=$3 actor=$4 postings=$5 reverses=${6:-NULL} rows="" p
  IFS=';' read -ra parts <<<"$postings"
  for p in "${parts[@]}"; do
    IFS=',' read -r seq account amount loan <<<"$p"
    rows+="${rows:+, }($id, $seq, $account, 'VND', $amount, ${loan:-NULL})"
  done
  printf '%s' "BEGIN;
INSERT INTO postings (entry_id, seq, account_id, currency, amount, loan_id) VALUES $rows;
INSERT INTO entries (id, date, recorded_at, actor, kind, memo, idempotency_key, request_digest,
  reverses_id, prev_hash, hash)
  VALUES ($id, '$date', '2026-12-07T08:00:00Z', '$actor', 'manual', 'test', 'K-$id',
          '$(hash_of 9)', $reverses, '$prev', '$(hash_of "$id")');
COMMIT;"
}

setup() {
  psql -h "$HOST" -U postgres -d postgres -X -q -c "DROP DATABASE IF EXISTS $DB" >/dev/null
  psql -h "$HOST" -U postgres -d postgres -X -q -c "CREATE DATABASE $DB" >/dev/null
  local f
  for f in "$SCHEMAS"/*.sql; do
    psql -h "$HOST" -U postgres -d "$DB" -X -q -v ON_ERROR_STOP=1 -f "$f" >"$OUT" 2>&1 ||
      fail "schema $f applies" "success" "$(cat "$OUT")"
  done
  # One login role per person, each a member of the socai role of their job.
  local person role
  for person in lan:socai_officer ha:socai_accountant binh:socai_approver kiem:socai_auditor; do
    role=${person#*:}
    person=${person%%:*}
    psql -h "$HOST" -U postgres -d "$DB" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$person') THEN
    CREATE ROLE $person LOGIN;
  END IF;
END \$\$;
GRANT $role TO $person;
SQL
  done
  ok postgres "INSERT INTO currencies VALUES ('VND', 0, '₫', 'Vietnamese dong');
    INSERT INTO accounts (id, name, code, type, control, created_at) VALUES
      (1, 'Assets:Cash:TP-TN', '111101', 'asset', false, 'now'),
      (2, 'Equity:Funds:Central', '411101', 'equity', false, 'now'),
      (3, 'Assets:Loans:InTerm:01', '211101', 'asset', true, 'now')"
}

scenario_entries() {
  setup
  ok lan "$(entry_sql 1 "$ZERO" 2025-01-10 lan '1,1,1000000;2,2,-1000000')"
  equal "entry 1's actor" lan kiem "SELECT actor FROM entries WHERE id = 1"

  refused lan "entry does not balance" "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 lan '1,1,500;2,2,-400')"
  refused lan "an entry needs at least two postings" "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 lan '1,1,500')"
  refused lan "the actor 'binh' is not the session's role 'lan'" \
    "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 binh '1,1,500;2,2,-500')"
  refused lan "entry ids are consecutive" "$(entry_sql 3 "$(hash_of 1)" 2025-01-11 lan '1,1,500;2,2,-500')"
  refused lan "prev_hash must be the previous entry's hash" \
    "$(entry_sql 2 "$(hash_of 7)" 2025-01-11 lan '1,1,500;2,2,-500')"
  refused lan "amount_check" "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 lan '1,1,1000000000000001;2,2,-1000000000000001')"
  refused lan "a posting on a loan control account needs a loan id" \
    "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 lan '1,3,500;2,2,-500')"
  # Postings whose entry never comes: refused at the commit.
  refused lan "postings_entry_id_fkey" "INSERT INTO postings VALUES (9, 1, 1, 'VND', 5, NULL)"
  # Postings added to a recorded entry.
  refused lan "postings cannot be added to a recorded entry" \
    "INSERT INTO postings VALUES (1, 3, 1, 'VND', 5, NULL)"
  equal "one entry, two postings" "1|2" kiem \
    "SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM postings)"

  # Nothing recorded changes: refused by GRANT for a person, by the triggers for the owner.
  refused lan "permission denied for table entries" "UPDATE entries SET memo = 'x'"
  refused lan "permission denied for table postings" "DELETE FROM postings"
  refused postgres "entries are append-only" "UPDATE entries SET memo = 'x' WHERE id = 1"
  refused postgres "entries are append-only" "DELETE FROM entries WHERE id = 1"
  refused postgres "entries are append-only" "TRUNCATE entries CASCADE"
  refused postgres "postings are append-only" "UPDATE postings SET amount = 2000000 WHERE seq = 1"
  refused postgres "postings are append-only" "TRUNCATE postings"
  refused postgres "accounts are never deleted" "DELETE FROM accounts WHERE id = 1"
  refused postgres "an account's name, code, type and control flag are fixed" \
    "UPDATE accounts SET control = false WHERE id = 3"
  refused postgres "a sub-account of a loan control account is a control account" \
    "INSERT INTO accounts (id, name, code, type, created_at) VALUES
       (4, 'Assets:Loans:InTerm:01:Sub', '211102', 'asset', 'now')"
  refused postgres "accounts_by_name" "INSERT INTO accounts (id, name, code, type, created_at)
       VALUES (5, 'assets:cash:tp-tn', '111199', 'asset', 'now')"
  # The auditor reads and writes nothing.
  refused kiem "permission denied for table postings" \
    "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 kiem '1,1,500;2,2,-500')"
  refused kiem "permission denied for table accounts" \
    "INSERT INTO accounts (id, name, code, type, created_at) VALUES (6, 'Assets:X', '1', 'asset', 'now')"
  equal "the journal is as it was" "1|2|1000000" kiem \
    "SELECT count(DISTINCT e.id), count(*), (sum(abs(p.amount)) / 2)::bigint
     FROM entries e JOIN postings p ON p.entry_id = e.id"
  echo "ok [$SCENARIO]"
}

scenario_periods_and_reversals() {
  setup
  ok lan "$(entry_sql 1 "$ZERO" 2025-01-10 lan '1,1,1000000;2,2,-1000000')"
  ok lan "$(entry_sql 2 "$(hash_of 1)" 2025-02-10 lan '1,1,300;2,2,-300')"
  # Only an approver closes a period, as themselves, forward only.
  refused lan "permission denied for table period_closes" \
    "INSERT INTO period_closes VALUES (1, '2025-01-31', 'lan', 'now')"
  refused binh "the actor 'lan' is not the session's role 'binh'" \
    "INSERT INTO period_closes VALUES (1, '2025-01-31', 'lan', 'now')"
  ok binh "INSERT INTO period_closes VALUES (1, '2025-01-31', 'binh', 'now')"
  refused binh "the period is already closed through that date or later" \
    "INSERT INTO period_closes VALUES (2, '2025-01-15', 'binh', 'now')"
  refused lan "the entry date is in a closed period" \
    "$(entry_sql 3 "$(hash_of 2)" 2025-01-31 lan '1,1,500;2,2,-500')"

  # A reversal negates every posting of its entry, is not dated before it, and is final.
  refused lan "a reversal negates every posting of the entry it reverses" \
    "$(entry_sql 3 "$(hash_of 2)" 2025-02-11 lan '1,1,-200;2,2,200' 2)"
  refused lan "a reversal is not dated before the entry it reverses" \
    "$(entry_sql 3 "$(hash_of 2)" 2025-02-09 lan '1,1,-300;2,2,300' 2)"
  ok lan "$(entry_sql 3 "$(hash_of 2)" 2025-02-11 lan '1,1,-300;2,2,300' 2)"
  refused lan "a reversal cannot be reversed" \
    "$(entry_sql 4 "$(hash_of 3)" 2025-02-12 lan '1,1,300;2,2,-300' 3)"
  refused lan "entries_reverses_id_key" \
    "$(entry_sql 4 "$(hash_of 3)" 2025-02-12 lan '1,1,-300;2,2,300' 2)"
  equal "three entries, the last reversing the second" "3|2" kiem \
    "SELECT count(*), max(reverses_id) FROM entries"
  echo "ok [$SCENARIO]"
}

# Two officers append at once, each with the next id: the second waits for the first's
# commit (on the postings of entry 2), then is refused (its client reads the new head and
# tries again); the chain never forks.
scenario_concurrent_append() {
  setup
  ok lan "$(entry_sql 1 "$ZERO" 2025-01-10 lan '1,1,1000000;2,2,-1000000')"
  local slow first=0
  slow="$(entry_sql 2 "$(hash_of 1)" 2025-01-11 lan '1,1,500;2,2,-500')"
  slow=${slow/COMMIT;/SELECT pg_sleep(1); COMMIT;}
  psql -h "$HOST" -U lan -d "$DB" -X -q -v ON_ERROR_STOP=1 -c "$slow" >"$OUT.first" 2>&1 &
  local pid=$!
  sleep 0.3
  refused ha 'duplicate key value violates unique constraint "postings_pkey"' \
    "$(entry_sql 2 "$(hash_of 1)" 2025-01-11 ha '1,1,700;2,2,-700')"
  wait "$pid" || first=$?
  [[ $first -eq 0 ]] || fail "the first writer commits" "exit 0" "exit $first: $(cat "$OUT.first")"
  rm -f "$OUT.first"
  ok ha "$(entry_sql 3 "$(hash_of 2)" 2025-01-11 ha '1,1,700;2,2,-700')"
  equal "three entries chained, each by its own writer" "1 lan|2 lan|3 ha" kiem \
    "SELECT string_agg(id || ' ' || actor, '|' ORDER BY id) FROM entries"
  echo "ok [$SCENARIO]"
}

# Two-person control: a request recorded as its requester's role, decided once by another
# role that may approve, its content fixed, never deleted.
scenario_approvals() {
  setup
  local request="INSERT INTO approval_requests (id, kind, operation, digest, requested_by,
    requested_at) VALUES"
  local freeze="'freeze', '{\"loan\": \"L-1\", \"years\": 3}', '$(hash_of 5)'"
  refused lan "the actor 'binh' is not the session's role 'lan'" \
    "$request (1, $freeze, 'binh', 'now')"
  refused lan "a request is recorded pending" \
    "INSERT INTO approval_requests (id, kind, operation, digest, requested_by, requested_at,
       status, decided_by, decided_at) VALUES (1, $freeze, 'lan', 'now', 'approved', 'binh', 'now')"
  refused lan "request ids are consecutive" "$request (2, $freeze, 'lan', 'now')"
  ok lan "$request (1, $freeze, 'lan', 'now')"
  ok binh "$request (2, $freeze, 'binh', 'now')"

  # Only an approver decides, as themselves, never their own request, once.
  refused lan "permission denied for table approval_requests" \
    "UPDATE approval_requests SET status = 'approved', decided_by = 'lan', decided_at = 'now'
     WHERE id = 1"
  refused binh "the actor 'ha' is not the session's role 'binh'" \
    "UPDATE approval_requests SET status = 'approved', decided_by = 'ha', decided_at = 'now'
     WHERE id = 1"
  refused binh "a request is decided by a second actor, not its requester" \
    "UPDATE approval_requests SET status = 'rejected', decided_by = 'binh', decided_at = 'now'
     WHERE id = 2"
  refused binh "permission denied for table approval_requests" \
    "UPDATE approval_requests SET operation = '{\"loan\": \"L-1\", \"years\": 5}' WHERE id = 1"
  ok binh "UPDATE approval_requests SET status = 'approved', decided_by = 'binh',
    decided_at = 'now', outcome = 'froze L-1' WHERE id = 1"
  refused binh "a request is decided once and its content never changes" \
    "UPDATE approval_requests SET status = 'rejected', outcome = 'no' WHERE id = 1"
  refused postgres "a request is decided once and its content never changes" \
    "UPDATE approval_requests SET operation = '{}' WHERE id = 2"
  refused postgres "approval requests are never deleted" "DELETE FROM approval_requests"
  refused postgres "approval requests are never deleted" "TRUNCATE approval_requests"
  refused kiem "permission denied for table approval_requests" \
    "$request (3, $freeze, 'kiem', 'now')"
  equal "one approved by binh, one pending" "1 approved binh|2 pending " kiem \
    "SELECT string_agg(id || ' ' || status || ' ' || coalesce(decided_by, ''), '|' ORDER BY id)
     FROM approval_requests"
  echo "ok [$SCENARIO]"
}

"scenario_$SCENARIO"
psql -h "$HOST" -U postgres -d postgres -X -q -c "DROP DATABASE $DB" >/dev/null
