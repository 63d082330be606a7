#!/usr/bin/env bash
# Builds socai warning-free (-Wall -Wextra -Wpedantic -Werror) with clang 14 and g++ 12,
# then runs every test with CTest on the g++ build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== clang: build (warnings are errors)"
cmake -S . -B build-clang -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Debug -DSOCAI_WERROR=ON >/dev/null
cmake --build build-clang -j "$jobs"

echo "== g++: build (warnings are errors) and test"
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCAI_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
