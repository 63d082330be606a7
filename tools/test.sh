#!/usr/bin/env bash
# Builds socai warning-free (-Wall -Wextra -Wpedantic -Werror) with clang 14 and g++ 12; runs
# every test under AddressSanitizer and UndefinedBehaviorSanitizer (clang), then each fuzz
# target for a short while (tools/fuzz.sh), and last every test on the g++ build, so that
# CTest's summary ends the output. Tests labelled `long` are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${SOCAI_FUZZ_SECONDS:-20}

stage_start=$SECONDS
stage_done() {
  echo "== $1: $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}

echo "== clang: build (warnings are errors)"
cmake -S . -B build-clang -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Debug -DSOCAI_WERROR=ON >/dev/null
cmake --build build-clang -j "$jobs"
stage_done "clang build"

echo "== g++: build (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCAI_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
stage_done "g++ build"

echo "== clang with ASan and UBSan: build and test"
./tools/fuzz.sh --build-all
stage_done "sanitizer build"
UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-fuzz -LE long --output-on-failure \
  -j "$jobs"
stage_done "sanitizer tests"

echo "== fuzzing: ${fuzz_seconds} s per target"
./tools/fuzz.sh "$fuzz_seconds"
stage_done "fuzzing"

echo "== g++: test"
ctest --test-dir build -LE long --output-on-failure -j "$jobs"
