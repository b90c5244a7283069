#!/usr/bin/env bash
# Every benchmark in load-tests/ run end to end, briefly, so that one that rots (a key the gateway no longer takes, a
# renamed option or endpoint) fails the test run instead of the next person who measures with it: each script with
# the smallest rounds, durations and counts it takes, one after another, each bounded by `timeout`. A script passes
# when it exits 0 and prints its result; its numbers mean nothing at these sizes and go to a temporary directory, not
# load-tests/results. One Release build serves them all. Left out: packages.sh (builds package variants), profile.sh
# and heap.sh (need perf and dotnet-gcdump). Ends with one "N passed, N failed" line.
#   load-tests/smoke.sh          # all of them
#   load-tests/smoke.sh run.sh limits.sh
set -uo pipefail
cd "$(dirname "$0")/.."
LOAD_RESULTS=$(mktemp -d)
export LOAD_RESULTS
source load-tests/lib.sh
trap 'cleanup; rm -rf "$LOAD_RESULTS"' EXIT
build || { echo "load-tests/smoke.sh: the Release build failed"; echo "0 passed, 1 failed"; exit 1; }
export LOAD_TESTS_BUILT=1

# script and the environment that makes it short
declare -A SHORT=(
  [run.sh]="ROUNDS=1 DURATION=1s"
  [perf.sh]="ROUNDS=1 DURATION=1s"
  [limits.sh]="ROUNDS=1 DURATION=1s"
  [redis.sh]="ROUNDS=1 DURATION=1s"
  [cache.sh]="ROUNDS=1 DURATION=1s"
  [hedging.sh]="ROUNDS=1 DURATION=1s"
  [strategies.sh]="ROUNDS=1 DURATION=1s"
  [metrics.sh]="ROUNDS=1 DURATION=1s"
  [anthropic.sh]="N=5 ROUNDS=1 DURATION=1s"
  [messages.sh]="N=5 ROUNDS=1 DURATION=1s"
  [gemini.sh]="N=5 ROUNDS=1 DURATION=1s"
  [translated.sh]="BASE=HEAD ROUNDS=1 DURATION=1s WARMUP=1 CHUNKS=10"
  [streams.sh]="N=40 CHUNKS=2 CHUNK_DELAY_MS=100 CAP=40 WARMUP=2 TARGETS=gateway"
  [settle.sh]="SETTLE_ROUNDS=4"
  [guard.sh]="ROUNDS=1 STREAMS=2"
)
ORDER=(run.sh perf.sh limits.sh redis.sh cache.sh hedging.sh strategies.sh metrics.sh anthropic.sh messages.sh gemini.sh
  translated.sh streams.sh settle.sh guard.sh)
[ $# -gt 0 ] && ORDER=("$@")

passed=0; failed=0
for script in "${ORDER[@]}"; do
  [ -n "${SHORT[$script]+set}" ] || { echo "load-tests/smoke.sh: no short form for $script" >&2; failed=$((failed + 1)); continue; }
  began=$SECONDS
  log=$(mktemp)
  # shellcheck disable=SC2086 # the short form is a list of VAR=VALUE words
  env ${SHORT[$script]} timeout -k 10 300 bash "load-tests/$script" >"$log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && [ -n "$(grep -v '^building' "$log")" ]; then
    passed=$((passed + 1)); echo "load-tests/smoke.sh: $script passed in $((SECONDS - began)) s"
  else
    failed=$((failed + 1)); echo "load-tests/smoke.sh: $script FAILED (exit $rc) in $((SECONDS - began)) s; its last lines:"
    tail -n 15 "$log" | sed 's/^/    /'
  fi
  rm -f "$log"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
