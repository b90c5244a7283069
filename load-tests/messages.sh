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
start_both_protocols

body() { printf '{"model":"%s","max_tokens":64,"messages":[{"role":"user","content":"Say hello in five words."}],"stream":true}' "$1"; }
declare -A URL=([direct]="http://127.0.0.1:$UP/v1/messages" [passthrough]="http://127.0.0.1:$GW/v1/messages" [translated]="http://127.0.0.1:$GW/v1/messages")
declare -A MODEL=([direct]="fake-model" [passthrough]="anthropic/smart" [translated]="oai/smart")
PATHS="direct passthrough translated"
for p in $PATHS; do write_lua "$OUT/messages-$p.lua" "$(body "${MODEL[$p]}")" anthropic-version 2023-06-01; done
request() { curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -d "$(body "${MODEL[$1]}")" "${URL[$1]}"; }
target() { echo "${URL[$1]} $OUT/messages-$1.lua"; }

RAW="$OUT/messages-ttft.txt"; WRK="$OUT/messages-wrk.txt"
ttft_rounds "$RAW" $PATHS
wrk_rounds "$WRK" $PATHS
ttft_report "/v1/messages" "$RAW" "$WRK" passthrough translated " over pass-through" $PATHS | tee "$RESULTS/messages-latest.md"
