#!/usr/bin/env bash
# The Anthropic translation path against the OpenAI-compatible fast path, in the same run: one gateway, one fake
# upstream that speaks both protocols, the same streaming request pinned to each provider. Time to first token is
# curl's time to the first response byte (the gateway holds a stream back until its first token), measured N times,
# alternating; plus a bounded wrk run per path. All on 127.0.0.1.
#   load-tests/anthropic.sh      # N=300 ROUNDS=3 DURATION=5s
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
start_both_protocols

body() { printf '{"model":"%s/smart","messages":[{"role":"user","content":"Say hello in five words."}],"stream":true}' "$1"; }
for p in oai anthropic; do write_lua "$OUT/$p.lua" "$(body $p)"; done
request() { curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' -d "$(body "$1")" "http://127.0.0.1:$GW/v1/chat/completions"; }
target() { echo "http://127.0.0.1:$GW/v1/chat/completions $OUT/$1.lua"; }

RAW="$OUT/anthropic-ttft.txt"; WRK="$OUT/anthropic-wrk.txt"
ttft_rounds "$RAW" oai anthropic
wrk_rounds "$WRK" oai anthropic
ttft_report "Anthropic path" "$RAW" "$WRK" oai anthropic "" oai anthropic | tee "$RESULTS/anthropic-latest.md"
