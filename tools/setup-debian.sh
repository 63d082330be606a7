#!/usr/bin/env bash
# Installs what socai needs to build and test on Debian 12, from Debian's archive only.
# Run as root. Safe to run again.
set -euo pipefail
packages=(
  cmake ninja-build g++ clang          # toolchains: g++ 12 builds, clang 14 must compile too
  libclang-rt-14-dev                   # clang's sanitizer and libFuzzer runtimes (tools/fuzz.sh)
  libboost-dev                         # Boost.Multiprecision: exact arithmetic
  libsqlitecpp-dev libsqlite3-dev      # SQLiteCpp over SQLite
  sqlite3                              # the sqlite3 shell, used by the tamper tests
  openssl                              # Ed25519 keys for the signed checkpoints' tests
  libhowardhinnant-date-dev            # Howard Hinnant's date
  catch2                               # Catch2 v2 tests
  libfmt-dev libcli11-dev nlohmann-json3-dev libssl-dev libcsv-dev
  libicu-dev                           # ICU: NFC normalisation and case folding of names
  hledger ledger                       # auditors' cross-check tools: socai export's tests
  libbenchmark-dev time                # tools/bench.sh: Google Benchmark, /usr/bin/time -v
  postgresql                           # the PostgreSQL backend's tests (tools/pg-cluster.sh)
)
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-debian.sh: run as root (apt-get install)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "setup-debian.sh: ${#packages[@]} packages present"
