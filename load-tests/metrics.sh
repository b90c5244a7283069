#!/usr/bin/env bash
# The cost of metrics: the same wrk load (32 connections, non-streaming and streaming) against a gateway with
# metrics on (the default) and one with Gateway:Metrics:Enabled=false, alternating, in one run. /metrics is
# scraped once a second during the "on" runs, as Prometheus would. All on 127.0.0.1; bounded runs.
#   load-tests/metrics.sh        # ROUNDS=3 DURATION=5s
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
ensure_tools wrk
build
write_scripts

UP=$(free_port); ON=$(free_port); OFF=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
PROVIDER=(AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_SMART=fake-model)
start_gateway "$ON" "${PROVIDER[@]}"
start_gateway "$OFF" "${PROVIDER[@]}" Gateway__Metrics__Enabled=false

scrape_while() { # scrape_while SECONDS: one /metrics scrape a second, bounded
  for _ in $(seq 1 "$1"); do curl -fs "http://127.0.0.1:$ON/metrics" >/dev/null || true; sleep 1; done
}
RAW="$OUT/metrics-raw.txt"; : > "$RAW"
secs=${DURATION%s}
for kind in chat stream; do
  measure "http://127.0.0.1:$ON/v1/chat/completions" 32 "$OUT/$kind.lua" >/dev/null
  measure "http://127.0.0.1:$OFF/v1/chat/completions" 32 "$OUT/$kind.lua" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    scrape_while "$secs" & scraper=$!
    echo "$kind on $(measure "http://127.0.0.1:$ON/v1/chat/completions" 32 "$OUT/$kind.lua")" | tee -a "$RAW" >&2
    wait "$scraper" || true
    echo "$kind off $(measure "http://127.0.0.1:$OFF/v1/chat/completions" 32 "$OUT/$kind.lua")" | tee -a "$RAW" >&2
  done
done

{
  echo "Metrics cost $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, wrk -t1 -c32, ${ROUNDS} alternating rounds of ${DURATION}, medians; /metrics scraped every second during the 'on' runs."
  echo
  echo "| body | metrics | req/s | p50 ms | p99 ms | req/s on / off |"
  echo "|---|---|---|---|---|---|"
  for kind in chat stream; do
    off=$(pick "$RAW" 3 1=$kind 2=off)
    for mode in on off; do
      awk -v k=$kind -v m=$mode -v r=$(pick "$RAW" 3 1=$kind 2=$mode) -v a=$(pick "$RAW" 4 1=$kind 2=$mode) -v b=$(pick "$RAW" 5 1=$kind 2=$mode) -v o=$off \
        'BEGIN { printf "| %s | %s | %.0f | %.3f | %.3f | %.3f |\n", k, m, r, a, b, r / o }'
    done
  done
} | tee "$RESULTS/metrics-latest.md"
