#!/usr/bin/env bash
# Fuzzing with libFuzzer (clang 14), everything built with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz (-DSOCAI_FUZZ=ON).
#
#   tools/fuzz.sh [SECONDS]      build the fuzz targets and run each for SECONDS (default 30)
#                                against a copy of its seed corpus, tests/fuzz/corpus/<name>/,
#                                one target per core at a time
#   tools/fuzz.sh --build-all    configure build-fuzz and build every target in it (the tests
#                                too, for a run of the whole suite under the sanitizers)
#
# Prints the executions of each target and fails on any crash, leak, undefined behaviour,
# timeout or broken property. The input that found it is kept as
# build-fuzz/fuzz-run/<name>/findings/crash-<sha1> (or leak-, timeout-, ...): reproduce with
# build-fuzz/tests/fuzz/fuzz_<name> FILE, then add it to the corpus with a regression test.
# A target with a dictionary (tests/fuzz/<name>.dict: its words, e.g. the commands) gets it.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
build=build-fuzz
targets=(amount date rate entry_input import command_line)

configure() {
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" \
    "-DCMAKE_C_FLAGS_DEBUG=-O1 -gline-tables-only" -DSOCAI_WERROR=ON -DSOCAI_FUZZ=ON >/dev/null
}

if [ "${1:-}" = "--build-all" ]; then
  configure
  cmake --build "$build" -j "$jobs"
  exit 0
fi

seconds=${1:-30}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: tools/fuzz.sh [SECONDS] | --build-all" >&2
  exit 2
fi
configure
cmake --build "$build" -j "$jobs" --target fuzzers

export UBSAN_OPTIONS=print_stacktrace=1
# fuzz NAME: one target for SECONDS against a copy of its seed corpus; its exit code, in
# $run/status, is read once every target has run.
fuzz() {
  local name=$1 run=$build/fuzz-run/$1 status=0
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/findings"
  cp tests/fuzz/corpus/"$name"/* "$run/corpus/"
  local options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=60 -rss_limit_mb=2048
    -artifact_prefix="$run/findings/")
  [ -f "tests/fuzz/$name.dict" ] && options+=(-dict="tests/fuzz/$name.dict")
  "$build/tests/fuzz/fuzz_$name" "${options[@]}" "$run/corpus" >"$run/log" 2>&1 || status=$?
  echo "$status" >"$run/status"
}

# The targets run side by side, as many at a time as there are cores (each one process for
# SECONDS, as when they ran one after another); their results are printed in order after.
running=0
for name in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    # fuzz() records a target's exit code in its status file and returns 0; a non-zero wait
    # here is the script's own failure (a corpus that cannot be copied), and stops it.
    wait -n
    running=$((running - 1))
  fi
  fuzz "$name" &
  running=$((running + 1))
done
wait

failed=()
for name in "${targets[@]}"; do
  run=$build/fuzz-run/$name
  status=$(cat "$run/status" 2>/dev/null || echo "?")
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -n 1)
  new_units=$(sed -n 's/^stat::new_units_added: *//p' "$run/log" | tail -n 1)
  if [ "$status" = 0 ]; then
    printf '%-13s %9s executions in %ss, %s new inputs\n' "$name" "${executions:-?}" \
      "$seconds" "${new_units:-?}"
  else
    failed+=("$name")
    echo "$name: FAILED (exit $status); its log, $run/log, ends:"
    tail -n 40 "$run/log"
    for finding in "$run"/findings/*; do
      [ -e "$finding" ] && echo "  reproduce: $build/tests/fuzz/fuzz_$name $finding"
    done
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, nothing found"
