#!/usr/bin/env bash
# Google's Gemini surface in one run: the same streaming request as OpenAI chat completions to an OpenAI-compatible
# provider (the baseline: bytes pass through), as Gemini's streamGenerateContent (?alt=sse) to the same provider
# (Gemini -> chat -> Gemini), and as Gemini's to an Anthropic provider (Gemini -> chat -> Anthropic and back). One fake
# upstream speaks both protocols. Time to first token is curl's time to the first response byte (the gateway holds a
# stream back until its first token), measured N times per path, alternating; then bounded wrk rounds per path for
# throughput. All on 127.0.0.1.
#   load-tests/gemini.sh      # N=300 ROUNDS=3 DURATION=5s
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
start_both_protocols

chat_body='{"model":"oai/smart","messages":[{"role":"user","content":"Say hello in five words."}],"stream":true}'
gemini_body='{"contents":[{"role":"user","parts":[{"text":"Say hello in five words."}]}],"generationConfig":{"maxOutputTokens":64}}'
declare -A URL=([chat]="http://127.0.0.1:$GW/v1/chat/completions"
  [gemini-oai]="http://127.0.0.1:$GW/v1beta/models/oai/smart:streamGenerateContent?alt=sse"
  [gemini-anthropic]="http://127.0.0.1:$GW/v1beta/models/anthropic/smart:streamGenerateContent?alt=sse")
declare -A BODY=([chat]="$chat_body" [gemini-oai]="$gemini_body" [gemini-anthropic]="$gemini_body")
PATHS="chat gemini-oai gemini-anthropic"
for p in $PATHS; do write_lua "$OUT/gemini-$p.lua" "${BODY[$p]}"; done
request() { curl -s -o /dev/null -w '%{time_starttransfer}' -H 'content-type: application/json' -d "${BODY[$1]}" "${URL[$1]}"; }
target() { echo "${URL[$1]} $OUT/gemini-$1.lua"; }

RAW="$OUT/gemini-ttft.txt"; WRK="$OUT/gemini-wrk.txt"
ttft_rounds "$RAW" $PATHS
wrk_rounds "$WRK" $PATHS
ttft_report "Gemini streamGenerateContent" "$RAW" "$WRK" chat gemini-oai " over chat passed through" $PATHS | tee "$RESULTS/gemini-latest.md"
