#!/usr/bin/env bash
# CPU per event of a translated stream, this tree against a baseline build (main unless BASE is set), in the same run:
# one fake upstream (Anthropic's stream of CHUNKS text deltas, plus its framing events), two gateways on it (baseline
# and this tree, each with the Anthropic provider "anthropic"), and the same streaming request on two paths, Anthropic
# behind /v1/chat/completions and behind /v1/responses. For ROUNDS rounds, each path runs DURATION of wrk at C
# connections against each gateway in turn (the order alternating between rounds), and the gateway's own CPU time
# (utime + stime from /proc) over that run is divided by the upstream events it translated (streams completed x
# events per stream). The same for an OpenAI-compatible provider behind /v1/chat/completions (nothing translated): the
# floor, what every stream costs. Each gateway and path gets WARMUP seconds of load first (not counted: the JIT's
# tiers settle). Prints a Markdown table of medians. All on 127.0.0.1; bounded in count and time.
#   load-tests/translated.sh                  # ROUNDS=3 DURATION=5s (lib.sh) WARMUP=4 C=4 CHUNKS=100 BASE=main
#   BASE=<commit> load-tests/translated.sh    # another baseline
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
WARMUP=${WARMUP:-4}; C=${C:-4}; CHUNKS=${CHUNKS:-100}; BASE=${BASE:-main}
ensure_tools wrk curl

echo "building this tree and $BASE (Release)..." >&2
dotnet publish src/Gateway -c Release -o "$OUT/gateway" --nologo -v q >/dev/null
dotnet publish tests/Gateway.FakeUpstream -c Release -o "$OUT/upstream" --nologo -v q >/dev/null
BASE_COMMIT=$(git rev-parse --short "$BASE"); THIS_COMMIT=$(git rev-parse --short HEAD)
# The baseline is built once per commit (kept in $OUT/baseline with its commit beside it).
if [ "$(cat "$OUT/baseline/.commit" 2>/dev/null)" != "$BASE_COMMIT" ]; then
  BASE_SRC="$OUT/baseline-src"; rm -rf "$BASE_SRC" "$OUT/baseline"; mkdir -p "$BASE_SRC"
  git archive "$BASE" | tar -x -C "$BASE_SRC"
  dotnet publish "$BASE_SRC/src/Gateway" -c Release -o "$OUT/baseline" --nologo -v q >/dev/null
  echo "$BASE_COMMIT" > "$OUT/baseline/.commit"
fi

UP=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks "$CHUNKS" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
declare -A GWPORT GWPID
for g in baseline new; do
  GWPORT[$g]=$(free_port)
  dll="$OUT/gateway/Gateway.dll"; [ "$g" = baseline ] && dll="$OUT/baseline/Gateway.dll"
  GATEWAY_DLL=$dll start_gateway "${GWPORT[$g]}" AI_ANTHROPIC_URL="http://127.0.0.1:$UP" AI_ANTHROPIC_KEY=fake AI_ANTHROPIC_SMART=fake-model \
    AI_OAI_URL="http://127.0.0.1:$UP/v1" AI_OAI_TYPE=custom AI_OAI_SMART=fake-model
  GWPID[$g]=$GW_PID
done

PATHS="passthrough chat responses"
declare -A PATHURL=([passthrough]=/v1/chat/completions [chat]=/v1/chat/completions [responses]=/v1/responses)
declare -A PATHNAME=([passthrough]="OpenAI-compatible behind /v1/chat/completions (floor)" [chat]="Anthropic behind /v1/chat/completions" [responses]="Anthropic behind /v1/responses")
write_lua "$OUT/translated-passthrough.lua" '{"model":"oai/smart","messages":[{"role":"user","content":"Say hello."}],"stream":true}'
write_lua "$OUT/translated-chat.lua" '{"model":"anthropic/smart","messages":[{"role":"user","content":"Say hello."}],"stream":true}'
write_lua "$OUT/translated-responses.lua" '{"model":"anthropic/smart","input":"Say hello.","stream":true,"store":false}'

# Upstream events per stream, counted on the upstream's own answers.
ANTHROPIC_EVENTS=$(curl -s -H 'content-type: application/json' -H 'x-api-key: fake' -H 'anthropic-version: 2023-06-01' \
  -d '{"model":"fake-model","max_tokens":64,"messages":[{"role":"user","content":"Say hello."}],"stream":true}' \
  "http://127.0.0.1:$UP/v1/messages" | grep -c '^data:')
CHAT_EVENTS=$(curl -s -H 'content-type: application/json' \
  -d '{"model":"fake-model","messages":[{"role":"user","content":"Say hello."}],"stream":true}' \
  "http://127.0.0.1:$UP/v1/chat/completions" | grep -c '^data:')
declare -A EVENTS=([passthrough]=$CHAT_EVENTS [chat]=$ANTHROPIC_EVENTS [responses]=$ANTHROPIC_EVENTS)

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
RAW="$OUT/translated-raw.txt"; : > "$RAW"
for g in baseline new; do for p in $PATHS; do
  wrk -t1 -c"$C" -d"${WARMUP}s" -s "$OUT/translated-$p.lua" "http://127.0.0.1:${GWPORT[$g]}${PATHURL[$p]}" >/dev/null 2>&1 || true
done; done
for round in $(seq 1 "$ROUNDS"); do
  order="baseline new"; [ $((round % 2)) -eq 0 ] && order="new baseline"
  for p in $PATHS; do
    for g in $order; do
      before=$(ticks "${GWPID[$g]}")
      out=$(wrk -t1 -c"$C" -d"$DURATION" -s "$OUT/translated-$p.lua" "http://127.0.0.1:${GWPORT[$g]}${PATHURL[$p]}" 2>&1 || true)
      after=$(ticks "${GWPID[$g]}")
      requests=$(awk '/requests in/ { print $1 }' <<<"$out"); bad=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
      # microseconds of gateway CPU per upstream event
      us=$(awk -v t=$((after - before)) -v hz="$HZ" -v r="$requests" -v e="${EVENTS[$p]}" 'BEGIN { printf "%.2f", t / hz * 1e6 / (r * e) }')
      echo "$p $g $us $requests ${bad:-0}" | tee -a "$RAW" >&2
    done
  done
done

{
  echo "Translated stream CPU per event $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores shared with other work; this tree $THIS_COMMIT against $BASE $BASE_COMMIT;"
  echo "one fake upstream: $ANTHROPIC_EVENTS Anthropic events or $CHAT_EVENTS chat events per stream; wrk -t1 -c$C, ${WARMUP}s warm-up, then $ROUNDS alternating rounds of $DURATION per path and gateway;"
  echo "gateway process CPU (utime+stime) over each run / (streams x events). Medians; short runs on a shared machine."
  echo
  echo "| path | baseline µs/event | this tree µs/event | ratio | streams/s baseline | streams/s this tree |"
  echo "|---|---|---|---|---|---|"
  secs=${DURATION%s}
  for p in $PATHS; do
    b=$(pick "$RAW" 3 1="$p" 2=baseline); n=$(pick "$RAW" 3 1="$p" 2=new)
    printf "| %s | %.2f | %.2f | %.2f | %.0f | %.0f |\n" "${PATHNAME[$p]}" "$b" "$n" "$(awk -v b="$b" -v n="$n" 'BEGIN { print n / b }')" \
      "$(awk -v r="$(pick "$RAW" 4 1="$p" 2=baseline)" -v s="$secs" 'BEGIN { print r / s }')" "$(awk -v r="$(pick "$RAW" 4 1="$p" 2=new)" -v s="$secs" 'BEGIN { print r / s }')"
  done
  echo
  echo "Non-2xx: $(awk '{ s += $5 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/translated-latest.md"
