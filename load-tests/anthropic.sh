#!/usr/bin/env bash
# The Anthropic translation path against the OpenAI-compatible fast path, in the same run: one gateway, one fake
# upstream that speaks both protocols, the same streaming request pinned to each provider. Time to first token is
# curl's time to the first response byte (the gateway holds a stream back until its first token), measured N times,
# alternating; plus a bounded wrk run per path. All on 127.0.0.1.
#   load-tests/anthropic.sh      # N=300 ROUNDS=3 DURATION=5s
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

body() { printf '{"model":"%s/smart","messages":[{"role":"user","content":"Say hello in five words."}],"stream":true}' "$1"; }
for p in oai anthropic; do
  cat > "$OUT/$p.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(body $p)'
LUA
done

RAW="$OUT/anthropic-ttft.txt"; : > "$RAW"
for i in $(seq 1 "$N"); do
  for p in oai anthropic; do
    t=$(curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' -d "$(body $p)" "http://127.0.0.1:$GW/v1/chat/completions")
    echo "$p $t" >> "$RAW"
  done
done

quantile() { sort -g | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR); if (i < 1) i = 1; print v[i] * 1000 }'; }
WRK="$OUT/anthropic-wrk.txt"; : > "$WRK"
for round in $(seq 1 "$ROUNDS"); do
  for p in oai anthropic; do echo "$p $(measure "http://127.0.0.1:$GW/v1/chat/completions" 32 "$OUT/$p.lua")" | tee -a "$WRK" >&2; done
done

{
  echo "Anthropic path $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores; TTFT = curl time to first byte over $N alternating streaming requests per path; wrk -c32 ${ROUNDS} alternating rounds of ${DURATION}; 20-token streams."
  echo
  echo "| path | TTFT p50 ms | TTFT p90 ms | TTFT p99 ms | stream req/s (c=32) |"
  echo "|---|---|---|---|---|"
  for p in oai anthropic; do
    printf "| %s | %.3f | %.3f | %.3f | %.0f |\n" "$p" \
      "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.5)" "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.9)" \
      "$(awk -v p=$p '$1==p { print $2 }' "$RAW" | quantile 0.99)" "$(pick "$WRK" 2 1=$p)"
  done
  o=$(awk '$1=="oai" { print $2 }' "$RAW" | quantile 0.5); a=$(awk '$1=="anthropic" { print $2 }' "$RAW" | quantile 0.5)
  awk -v o=$o -v a=$a 'BEGIN { printf "\nTranslation adds %+.3f ms to the median time to first token (target: under 1 ms). Non-2xx: ", a - o }'
  awk '{ s += $5 } END { print s + 0 "." }' "$WRK"
} | tee "$RESULTS/anthropic-latest.md"
