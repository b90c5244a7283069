#!/usr/bin/env bash
# The Anthropic-compatible /v1/messages surface in one run: the same streaming Messages request sent to the upstream
# directly (the floor), through the gateway passed through to an Anthropic provider, and through the gateway
# translated for an OpenAI-compatible provider (Messages -> chat -> Messages). One fake upstream speaks both protocols.
# Time to first token is curl's time to the first response byte (the gateway holds a stream back until its first
# token), measured N times per path, alternating; then bounded wrk rounds per path for throughput. All on 127.0.0.1.
#   load-tests/messages.sh      # N=300 ROUNDS=3 DURATION=5s
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
N=${N:-300}
ensure_tools wrk curl
build

UP=$(free_port); GW=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
start_gateway "$GW" AI_OAI_URL="http://127.0.0.1:$UP/v1" AI_OAI_TYPE=custom AI_OAI_SMART=fake-model \
  AI_ANTHROPIC_URL="http://127.0.0.1:$UP" AI_ANTHROPIC_KEY=fake AI_ANTHROPIC_SMART=fake-model

body() { printf '{"model":"%s","max_tokens":64,"messages":[{"role":"user","content":"Say hello in five words."}],"stream":true}' "$1"; }
declare -A URL=([direct]="http://127.0.0.1:$UP/v1/messages" [passthrough]="http://127.0.0.1:$GW/v1/messages" [translated]="http://127.0.0.1:$GW/v1/messages")
declare -A MODEL=([direct]="fake-model" [passthrough]="anthropic/smart" [translated]="oai/smart")
PATHS="direct passthrough translated"
for p in $PATHS; do
  cat > "$OUT/messages-$p.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.body = '$(body "${MODEL[$p]}")'
LUA
done

RAW="$OUT/messages-ttft.txt"; : > "$RAW"
for i in $(seq 1 "$N"); do
  for p in $PATHS; do
    t=$(curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -d "$(body "${MODEL[$p]}")" "${URL[$p]}")
    echo "$p $t" >> "$RAW"
  done
done

quantile() { sort -g | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR); if (i < 1) i = 1; print v[i] * 1000 }'; }
WRK="$OUT/messages-wrk.txt"; : > "$WRK"
for round in $(seq 1 "$ROUNDS"); do
  for p in $PATHS; do echo "$p $(measure "${URL[$p]}" 32 "$OUT/messages-$p.lua")" | tee -a "$WRK" >&2; done
done

{
  echo "/v1/messages $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores; TTFT = curl time to first byte over $N alternating streaming requests per path; wrk -c32 ${ROUNDS} alternating rounds of ${DURATION}; 20-token streams."
  echo
  echo "| path | TTFT p50 ms | TTFT p90 ms | TTFT p99 ms | stream req/s (c=32) |"
  echo "|---|---|---|---|---|"
  for p in $PATHS; do
    printf "| %s | %.3f | %.3f | %.3f | %.0f |\n" "$p" \
      "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.5)" "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.9)" \
      "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.99)" "$(pick "$WRK" 2 1=$p)"
  done
  pt=$(awk '$1=="passthrough" { print $2 }' "$RAW" | quantile 0.5); tr=$(awk '$1=="translated" { print $2 }' "$RAW" | quantile 0.5)
  awk -v p=$pt -v t=$tr 'BEGIN { printf "\nTranslation adds %+.3f ms to the median time to first token over pass-through (target: under 1 ms). Non-2xx: ", t - p }'
  awk '{ s += $5 } END { print s + 0 "." }' "$WRK"
} | tee "$RESULTS/messages-latest.md"
