#!/usr/bin/env bash
# Bounded load benchmark: the same wrk runs against the fake upstream directly (A), through a bare YARP
# forwarder (B, the floor of this stack) and through the gateway (C), alternating A/B/C for ROUNDS rounds,
# at 1 connection (latency) and 32 connections (throughput), non-streaming and streaming.
# Everything listens on 127.0.0.1 and is stopped by PID at the end. Prints a Markdown table and saves it
# to load-tests/results/latest.md.
#
#   load-tests/run.sh                 # defaults: ROUNDS=3 DURATION=5s
#   ROUNDS=5 DURATION=10s load-tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
STREAM_CHUNKS=${STREAM_CHUNKS:-20}
ensure_tools wrk
build
write_scripts

UP=$(free_port); BARE=$(free_port); GW=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks "$STREAM_CHUNKS" >/dev/null 2>&1 & PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UP" ASPNETCORE_URLS="http://127.0.0.1:$BARE" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
wait_for "http://127.0.0.1:$BARE/v1/models"
start_gateway "$GW" AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model

declare -A URL=([direct]="http://127.0.0.1:$UP/v1/chat/completions" [yarp]="http://127.0.0.1:$BARE/v1/chat/completions" [gateway]="http://127.0.0.1:$GW/v1/chat/completions")
RAW="$OUT/raw.txt"; : > "$RAW"
for kind in chat stream; do
  for conns in 1 32; do
    for target in direct yarp gateway; do measure "${URL[$target]}" "$conns" "$OUT/$kind.lua" >/dev/null; done # warm-up
    for round in $(seq 1 "$ROUNDS"); do
      for target in direct yarp gateway; do
        echo "$kind $conns $target $(measure "${URL[$target]}" "$conns" "$OUT/$kind.lua")" | tee -a "$RAW" >&2
      done
    done
  done
done

{
  echo "Load test $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, wrk -t1, ${ROUNDS} alternating rounds of ${DURATION} per target, medians shown; stream = ${STREAM_CHUNKS} content chunks."
  echo
  echo "| body | conns | target | req/s | p50 ms | p99 ms | req/s vs direct | req/s vs YARP | p50 +ms vs direct | p99 +ms vs direct |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for kind in chat stream; do
    for conns in 1 32; do
      d_rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=direct); d_p50=$(pick "$RAW" 5 1=$kind 2=$conns 3=direct)
      d_p99=$(pick "$RAW" 6 1=$kind 2=$conns 3=direct); y_rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=yarp)
      for target in direct yarp gateway; do
        rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=$target); p50=$(pick "$RAW" 5 1=$kind 2=$conns 3=$target); p99=$(pick "$RAW" 6 1=$kind 2=$conns 3=$target)
        awk -v k=$kind -v c=$conns -v t=$target -v r=$rps -v p5=$p50 -v p9=$p99 -v dr=$d_rps -v d5=$d_p50 -v d9=$d_p99 -v yr=$y_rps 'BEGIN {
          printf "| %s | %d | %s | %.0f | %.3f | %.3f | %.2f | %.2f | %+.3f | %+.3f |\n", k, c, t, r, p5, p9, r / dr, r / yr, p5 - d5, p9 - d9 }'
      done
    done
  done
  echo
  echo "Gateway peak RSS (VmHWM) after the run: $(( $(awk '/VmHWM/ { print $2 }' "/proc/$GW_PID/status") / 1024 )) MB. Non-2xx responses: $(awk '{ s += $7 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/latest.md"
