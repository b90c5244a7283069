#!/usr/bin/env bash
# Before/after a change of the project's packages: the gateway built from BASE_REF (default main, taken with
# `git archive`) against this tree's, on one fake upstream, with the same wrk load (32 connections, non-streaming and
# streaming), alternating in one run. Metrics on in both (the default). All on 127.0.0.1; bounded runs.
#   BASE_REF=main load-tests/packages.sh        # ROUNDS=3 DURATION=5s; SKIP_BUILD=1 to reuse the last builds
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
ensure_tools wrk
BASE_REF=${BASE_REF:-main}
write_scripts
BASE_SRC="$OUT/base-src"
# SKIP_BUILD=1 reruns on the builds of the previous run.
if [ -z "${SKIP_BUILD:-}" ]; then
  build
  rm -rf "$BASE_SRC" "$OUT/base-gateway"; mkdir -p "$BASE_SRC"
  git archive "$BASE_REF" | tar -x -C "$BASE_SRC"
  git rev-parse --short "$BASE_REF" > "$OUT/base-rev"
  echo "building $BASE_REF..." >&2
  dotnet publish "$BASE_SRC/src/Gateway" -c Release -o "$OUT/base-gateway" --nologo -v q >/dev/null
fi

UP=$(free_port); NEW=$(free_port); OLD=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
PROVIDER=(AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_SMART=fake-model)
start_gateway "$NEW" "${PROVIDER[@]}"
GATEWAY_DLL="$OUT/base-gateway/Gateway.dll" start_gateway "$OLD" "${PROVIDER[@]}"

RAW="$OUT/packages-raw.txt"; : > "$RAW"
for kind in chat stream; do
  measure "http://127.0.0.1:$NEW/v1/chat/completions" 32 "$OUT/$kind.lua" >/dev/null
  measure "http://127.0.0.1:$OLD/v1/chat/completions" 32 "$OUT/$kind.lua" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    # Alternate which one goes first, so neither always runs on a warmer machine.
    order=(new old); [ $((round % 2)) -eq 0 ] && order=(old new)
    for which in "${order[@]}"; do
      port=$NEW; [ "$which" = old ] && port=$OLD
      echo "$kind $which $(measure "http://127.0.0.1:$port/v1/chat/completions" 32 "$OUT/$kind.lua")" | tee -a "$RAW" >&2
    done
  done
done

{
  echo "Packages before/after $(date -u +%Y-%m-%dT%H:%MZ): $BASE_REF ($(cat "$OUT/base-rev" 2>/dev/null || echo "?")) as old, this tree as new; $(nproc) cores (shared with other work: read the ratio, not the absolute numbers), wrk -t1 -c32, ${ROUNDS} alternating rounds of ${DURATION}, medians."
  echo
  echo "| body | build | req/s | p50 ms | p99 ms | req/s new / old |"
  echo "|---|---|---|---|---|---|"
  for kind in chat stream; do
    old=$(pick "$RAW" 3 1=$kind 2=old)
    for which in new old; do
      awk -v k=$kind -v m=$which -v r=$(pick "$RAW" 3 1=$kind 2=$which) -v a=$(pick "$RAW" 4 1=$kind 2=$which) -v b=$(pick "$RAW" 5 1=$kind 2=$which) -v o=$old \
        'BEGIN { printf "| %s | %s | %.0f | %.3f | %.3f | %.3f |\n", k, m, r, a, b, r / o }'
    done
  done
} | tee "$RESULTS/packages-latest.md"
