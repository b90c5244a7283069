#!/usr/bin/env bash
# A CPU profile of the gateway (or the bare forwarder) under wrk: `perf record` on the process with the JIT's perf map
# (DOTNET_PerfMapEnabled=1), then the hottest symbols, self and children, and the gateway's own methods. One upstream,
# one target, all on 127.0.0.1, bounded by DURATION; stopped by PID. Needs perf (linux-tools).
#
#   load-tests/profile.sh                         # TARGET=gateway KIND=stream CONNS=32 DURATION=10s
#   TARGET=yarp KIND=chat load-tests/profile.sh
#   SKIP_BUILD=1 load-tests/profile.sh            # reuse the last build
#   FREQ=1999 DURATION=14s load-tests/profile.sh  # more samples (perf's rate, 499 Hz unless set; it slows the target)
#   KIND=anthropic-chat load-tests/profile.sh     # a translated stream: Anthropic upstream behind /v1/chat/completions
#   KIND=anthropic-responses load-tests/profile.sh  # ... or behind /v1/responses (CHUNKS text deltas, 100 unless set)
#   MODE=alloc load-tests/profile.sh              # bytes allocated per request instead (dotnet-counters, COUNTERS=path)
#   MODE=trace load-tests/profile.sh              # an allocation trace (dotnet-trace gc-verbose, TRACE=path) to read with
#                                                 # load-tests/AllocReport (allocation ticks by type and innermost Gateway method)
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
TARGET=${TARGET:-gateway}
KIND=${KIND:-stream}
CONNS=${CONNS:-32}
DURATION=${DURATION:-10s}
TOP=${TOP:-40}
ensure_tools wrk perf
write_scripts
[ -n "${SKIP_BUILD:-}" ] || build

UP=$(free_port); FRONT=$(free_port)
case "$KIND" in anthropic-*) CHUNKS=${CHUNKS:-100} ;; *) CHUNKS=${CHUNKS:-20} ;; esac
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks "$CHUNKS" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
if [ "$TARGET" = yarp ]; then
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 UPSTREAM="http://127.0.0.1:$UP" ASPNETCORE_URLS="http://127.0.0.1:$FRONT" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 &
  TPID=$!; PIDS+=($!)
  wait_for "http://127.0.0.1:$FRONT/v1/models"
elif [[ "$KIND" == anthropic-* ]]; then
  start_gateway "$FRONT" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 AI_ANTHROPIC_URL="http://127.0.0.1:$UP" AI_ANTHROPIC_KEY=fake AI_ANTHROPIC_SMART=fake-model
  TPID=$GW_PID
else
  start_gateway "$FRONT" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model
  TPID=$GW_PID
fi
URL="http://127.0.0.1:$FRONT/v1/chat/completions"
case "$KIND" in
  anthropic-chat) write_lua "$OUT/$KIND.lua" '{"model":"anthropic/smart","messages":[{"role":"user","content":"Say hello."}],"stream":true}' ;;
  anthropic-responses) URL="http://127.0.0.1:$FRONT/v1/responses"
    write_lua "$OUT/$KIND.lua" '{"model":"anthropic/smart","input":"Say hello.","stream":true,"store":false}' ;;
esac
measure "$URL" "$CONNS" "$OUT/$KIND.lua" >/dev/null # warm-up (tiered JIT)
measure "$URL" "$CONNS" "$OUT/$KIND.lua" >/dev/null
if [ "${MODE:-cpu}" = alloc ]; then
  # The runtime's allocated-bytes counter over one wrk run, divided by the requests it served.
  CSV="$OUT/alloc-$TARGET-$KIND.csv"; rm -f "$CSV"
  secs=${DURATION%s}
  "${COUNTERS:-dotnet-counters}" collect -p "$TPID" --counters "System.Runtime[dotnet.gc.heap.total_allocated]" --format csv -o "$CSV" \
    --duration "00:00:00:$(printf %02d $((secs + 3)))" >/dev/null 2>&1 & COLLECTOR=$!
  sleep 2
  read -r rps _ <<<"$(measure "$URL" "$CONNS" "$OUT/$KIND.lua")"
  wait "$COLLECTOR" || true
  awk -F, -v rps="$rps" -v s="$secs" '$3 ~ /total_allocated/ { v = $NF + 0; if (v > 0) { sum += v; if (v > max) max = v } }
    END { printf "%s %s: %.0f req/s; about %.0f bytes allocated per request (%.0f bytes over the run, idle intervals included)\n", "'"$TARGET"'", "'"$KIND"'", rps, sum / (rps * s), sum }' "$CSV"
  exit 0
fi
if [ "${MODE:-cpu}" = trace ]; then
  NETTRACE="$OUT/alloc-$TARGET-$KIND.nettrace"; rm -f "$NETTRACE"
  secs=${DURATION%s}
  "${TRACE:-dotnet-trace}" collect -p "$TPID" --profile gc-verbose -o "$NETTRACE" --duration "00:00:00:$(printf %02d $((secs + 1)))" >/dev/null 2>&1 & TRACER=$!
  sleep 1
  read -r rps _ <<<"$(measure "$URL" "$CONNS" "$OUT/$KIND.lua")"
  wait "$TRACER" || true
  requests=$(awk -v r="$rps" -v s="$secs" 'BEGIN { print r * s }')
  echo "$TARGET $KIND: $rps req/s for $secs s; trace in $NETTRACE"
  [ -f "$OUT/allocreport/AllocReport.dll" ] && [ -n "${SKIP_BUILD:-}" ] || dotnet build load-tests/AllocReport -c Release -o "$OUT/allocreport" --nologo -v q >/dev/null
  dotnet "$OUT/allocreport/AllocReport.dll" "$NETTRACE" "$requests" "${TOP}"
  exit 0
fi
DATA="$OUT/perf-$TARGET-$KIND.data"
measure "$URL" "$CONNS" "$OUT/$KIND.lua" > "$OUT/profile-wrk.txt" &
WRK=$!
sleep 1
secs=${DURATION%s}
perf record -F ${FREQ:-499} -g -p "$TPID" -o "$DATA" -- sleep $((secs - 2)) 2>/dev/null >/dev/null || true
wait "$WRK" || true
echo "wrk: $(cat "$OUT/profile-wrk.txt") (rps p50 p99 non2xx)"
REPORT="$OUT/profile-$TARGET-$KIND.txt"
perf report -i "$DATA" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -n "$TOP" > "$REPORT" || true
echo "== self, top $TOP"; cat "$REPORT"
echo "== children (inclusive), Gateway methods"
perf report -i "$DATA" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | grep -E 'Gateway\.' | head -n "$TOP" || true
echo "== by thread"
perf report -i "$DATA" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -10 || true
echo "== by library"
perf report -i "$DATA" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -10 || true
