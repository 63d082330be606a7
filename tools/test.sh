#!/usr/bin/env bash
# Builds socai warning-free (-Wall -Wextra -Wpedantic -Werror) with g++ 12 and with clang 14;
# the clang build carries AddressSanitizer and UndefinedBehaviorSanitizer (and libFuzzer's
# instrumentation), runs every test under them, then each fuzz target for a short while
# (tools/fuzz.sh); last, every test on the g++ build, so that CTest's summary ends the
# output. Tests labelled `long` (the crash loop's 2,000 cycles) are left out of both runs:
# `ctest --test-dir build -L long` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${SOCAI_FUZZ_SECONDS:-15}

stage_start=$SECONDS
stage_done() {
  echo "== $1: $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}

echo "== g++: build (warnings are errors)"
# -O2 as RelWithDebInfo, with the debug information of -g1 (functions and line tables, as the
# clang build's -gline-tables-only: enough for a backtrace): g++'s full -g takes about a third
# of its compile time and the tests do not need it.
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DSOCAI_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
stage_done "g++ build"

echo "== clang with ASan and UBSan (warnings are errors): build and test"
./tools/fuzz.sh --build-all
stage_done "clang sanitizer build"
# The simulation runs 20,000 of its 100,000 operations here (the g++ run below does all).
SOCAI_SIM_OPS=20000 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-fuzz -LE long --output-on-failure -j "$jobs"
stage_done "sanitizer tests"

echo "== fuzzing: ${fuzz_seconds} s per target, ${jobs} at a time"
./tools/fuzz.sh "$fuzz_seconds"
stage_done "fuzzing"

echo "== g++: test"
ctest --test-dir build -LE long --output-on-failure -j "$jobs"
