#!/usr/bin/env bash
# The gateway against the bare YARP forwarder (and, with BASE_REF, against the gateway built from that ref), same run,
# alternating which target goes first each round, at 1 and 32 connections, non-streaming and streaming. Besides req/s it
# reports the CPU each process spent per request (utime + stime from /proc during the run, in microseconds), which a
# shared machine disturbs less than throughput. All on 127.0.0.1, stopped by PID; every run bounded by DURATION.
#
#   load-tests/perf.sh                            # ROUNDS=3 DURATION=3s, this tree vs the forwarder
#   BASE_REF=main load-tests/perf.sh              # adds the gateway built from main ("base")
#   SKIP_BUILD=1 [WITH_BASE=1] load-tests/perf.sh # reuse the last builds (and the last base)
#   LEAN=1 load-tests/perf.sh                     # adds this build with its optional features off ("lean": LEAN_ENV), so
#                                                 # the same run shows what those features cost against the forwarder
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-3s}
source load-tests/lib.sh
ensure_tools wrk
KINDS=${KINDS:-chat stream}
CONNS=${CONNS:-1 32}
write_scripts
if [ -z "${SKIP_BUILD:-}" ]; then
  build
  if [ -n "${BASE_REF:-}" ]; then
    rm -rf "$OUT/base-src" "$OUT/base-gateway"; mkdir -p "$OUT/base-src"
    git archive "$BASE_REF" | tar -x -C "$OUT/base-src"
    git rev-parse --short "$BASE_REF" > "$OUT/base-rev"
    echo "building $BASE_REF..." >&2
    dotnet publish "$OUT/base-src/src/Gateway" -c Release -o "$OUT/base-gateway" --nologo -v q >/dev/null
  fi
fi

UP=$(free_port); BARE=$(free_port); GW=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UP" ASPNETCORE_URLS="http://127.0.0.1:$BARE" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 & BARE_PID=$!; PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
wait_for "http://127.0.0.1:$BARE/v1/models"
PROVIDER=(AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model)
start_gateway "$GW" "${PROVIDER[@]}"; NEW_PID=$GW_PID
declare -A PORT=([yarp]=$BARE [gateway]=$GW) PID=([yarp]=$BARE_PID [gateway]=$NEW_PID)
TARGETS=(yarp gateway)
if [ -n "${LEAN:-}" ]; then
  # Metrics (OpenTelemetry's instruments and the console's counters), mid-stream continuation (each chat chunk's
  # facts noted for a possible failover), the recent routing decisions: what a deployment may turn off.
  LEAN_ENV=${LEAN_ENV:-Gateway__Metrics__Enabled=false Gateway__Streams__Continuation=false Gateway__Selection__RecentDecisions=0}
  LEANPORT=$(free_port)
  # shellcheck disable=SC2086 # LEAN_ENV is a list of NAME=value words
  start_gateway "$LEANPORT" "${PROVIDER[@]}" $LEAN_ENV
  PORT[lean]=$LEANPORT; PID[lean]=$GW_PID; TARGETS+=(lean)
fi
if [ -n "${BASE_REF:-}${WITH_BASE:-}" ] && [ -f "$OUT/base-gateway/Gateway.dll" ]; then
  OLD=$(free_port)
  GATEWAY_DLL="$OUT/base-gateway/Gateway.dll" start_gateway "$OLD" "${PROVIDER[@]}"
  PORT[base]=$OLD; PID[base]=$GW_PID; TARGETS+=(base)
fi

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
RAW="$OUT/perf-raw.txt"; : > "$RAW"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
for kind in $KINDS; do
  for conns in $CONNS; do
    for t in "${TARGETS[@]}"; do measure "http://127.0.0.1:${PORT[$t]}/v1/chat/completions" "$conns" "$OUT/$kind.lua" >/dev/null; done # warm-up
    for round in $(seq 1 "$ROUNDS"); do
      n=${#TARGETS[@]}; order=()
      for i in $(seq 0 $((n - 1))); do order+=("${TARGETS[$(( (i + round) % n ))]}"); done
      for t in "${order[@]}"; do
        before=$(cpu_ticks "${PID[$t]}")
        read -r rps p50 p99 bad <<<"$(measure "http://127.0.0.1:${PORT[$t]}/v1/chat/completions" "$conns" "$OUT/$kind.lua")"
        after=$(cpu_ticks "${PID[$t]}")
        secs=${DURATION%s}
        us=$(awk -v d=$((after - before)) -v tk="$TICK" -v r="$rps" -v s="$secs" 'BEGIN { print (r > 0) ? d / tk * 1e6 / (r * s) : 0 }')
        echo "$kind $conns $t $rps $p50 $p99 $bad $us" | tee -a "$RAW" >&2
      done
    done
  done
done

{
  echo "Perf comparison $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores shared with other work (load average $LOAD at the start: read the ratios, not the absolute numbers); wrk -t1, ${ROUNDS} alternating rounds of ${DURATION} per target, medians; stream = 20 content chunks; base = $(cat "$OUT/base-rev" 2>/dev/null || echo none)$([ -n "${LEAN:-}" ] && echo "; lean = this build with $LEAN_ENV")."
  echo
  echo "| body | conns | target | req/s | p50 ms | p99 ms | CPU us/req | req/s vs YARP | CPU/req vs YARP |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for kind in $KINDS; do
    for conns in $CONNS; do
      y_rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=yarp); y_cpu=$(pick "$RAW" 8 1=$kind 2=$conns 3=yarp)
      for t in "${TARGETS[@]}"; do
        awk -v k=$kind -v c=$conns -v t=$t -v r=$(pick "$RAW" 4 1=$kind 2=$conns 3=$t) -v a=$(pick "$RAW" 5 1=$kind 2=$conns 3=$t) \
          -v b=$(pick "$RAW" 6 1=$kind 2=$conns 3=$t) -v u=$(pick "$RAW" 8 1=$kind 2=$conns 3=$t) -v yr=$y_rps -v yu=$y_cpu \
          'BEGIN { printf "| %s | %d | %s | %.0f | %.3f | %.3f | %.1f | %.2f | %.2f |\n", k, c, t, r, a, b, u, r / yr, u / yu }'
      done
    done
  done
  echo
  echo "Non-2xx: $(awk '{ s += $7 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/perf-latest.md"
