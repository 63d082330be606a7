#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: made in a new temporary directory, owned by a
# user who is not root (the `postgres` account of Debian's package when run as root, else the
# caller), listening on a Unix socket in that directory only (no TCP port), trusting local
# connections; stopped and removed with `stop`.
#
#   tools/pg-cluster.sh start STATE   # STATE: a file that receives the cluster's directory
#   psql -h "$(cat STATE)" -U postgres postgres
#   tools/pg-cluster.sh stop STATE
#
# Needs Debian's postgresql package (tools/setup-debian.sh installs it).
set -euo pipefail
usage() {
  echo "usage: tools/pg-cluster.sh start|stop STATE_FILE" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
state=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z $bin ]]; then
  echo "pg-cluster.sh: PostgreSQL is not installed (tools/setup-debian.sh)" >&2
  exit 1
fi
# as_owner COMMAND...: runs COMMAND as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $action in
  start)
    if [[ -s $state && -d $(cat "$state") ]]; then
      # A cluster left by an interrupted run: stopped and removed first.
      "$0" stop "$state"
    fi
    dir=$(mktemp -d /tmp/socai-pg.XXXXXX)
    chmod 0755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    # Small and quick: no TCP, the socket here, fsync kept (the crash tests need it).
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=64" \
      start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    echo "$dir" >"$state"
    echo "pg-cluster.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $dir"
    ;;
  stop)
    [[ -s $state ]] || exit 0
    dir=$(cat "$state")
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf -- "$dir"
    rm -f -- "$state"
    ;;
  *)
    usage
    ;;
esac
