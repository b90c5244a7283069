#!/usr/bin/env bash
# What hedged first tokens cost when they do not fire: two gateways on the same fake upstream, each with two
# providers on it (a first, b second: a hedge always has a candidate), one with hedging off and one with
# Gateway:Retry:Hedge:Enabled=true and a 5 s delay (the upstream answers at once, so no hedge starts: only the Polly
# hedging pipeline, its lanes and the claim are paid). Alternating off/on for ROUNDS rounds of DURATION, at 1 and
# 32 connections, plain and streaming (20 chunks). Everything on 127.0.0.1, stopped by PID. Prints a Markdown table
# (medians, on/off ratios) and saves it to load-tests/results/hedging-latest.md. Besides req/s and latency (both at the
# mercy of whatever else runs on the machine), each gateway's CPU time per request (utime + stime from /proc/PID/stat
# over each run, divided by the requests served) is the steadier measure of what hedging adds.
#
#   load-tests/hedging.sh                 # ROUNDS=3 DURATION=4s
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-4s}
source load-tests/lib.sh
ensure_tools wrk curl
build
write_scripts

UP=$(free_port); OFF=$(free_port); ON=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
providers=(AI_ROTATION=failover AI_A_URL="http://127.0.0.1:$UP/v1" AI_A_TYPE=custom AI_A_SMART=fake-model AI_A_PRIORITY=1
  AI_B_URL="http://127.0.0.1:$UP/v1" AI_B_TYPE=custom AI_B_SMART=fake-model AI_B_PRIORITY=2)
start_gateway "$OFF" "${providers[@]}"; OFF_PID=$GW_PID
start_gateway "$ON" "${providers[@]}" Gateway__Retry__Hedge__Enabled=true Gateway__Retry__Hedge__DelaySeconds=5; ON_PID=$GW_PID

declare -A PID_OF=([off]=$OFF_PID [on]=$ON_PID)
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
SECONDS_PER_RUN=${DURATION%s}
declare -A URL=([off]="http://127.0.0.1:$OFF/v1/chat/completions" [on]="http://127.0.0.1:$ON/v1/chat/completions")
RAW="$OUT/hedging-raw.txt"; : > "$RAW"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
for kind in chat stream; do
  for conns in 1 32; do
    for target in off on; do measure "${URL[$target]}" "$conns" "$OUT/$kind.lua" >/dev/null; done # warm-up
    for round in $(seq 1 "$ROUNDS"); do
      for target in off on; do
        before=$(cpu_ticks "${PID_OF[$target]}")
        result=$(measure "${URL[$target]}" "$conns" "$OUT/$kind.lua")
        after=$(cpu_ticks "${PID_OF[$target]}")
        # CPU microseconds per request: ticks over the run / (req/s x seconds)
        cpu=$(awk -v b="$before" -v a="$after" -v t="$TICK" -v r="${result%% *}" -v d="$SECONDS_PER_RUN" 'BEGIN { printf "%.1f", (a - b) / t * 1e6 / (r * d) }')
        echo "$kind $conns $target $result $cpu" | tee -a "$RAW" >&2
      done
    done
  done
done

hedges=$(curl -fs "http://127.0.0.1:$ON/metrics" | awk '/^gateway_hedges_total/ { s += $NF } END { print s + 0 }')
{
  echo "Hedging benchmark $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores (shared with other work: load average $LOAD at the start), wrk -t1,"
  echo "${ROUNDS} alternating rounds of ${DURATION} per gateway, medians shown; stream = 20 content chunks. Hedging on with a 5 s delay"
  echo "against an upstream that answers at once: hedges started during the run: $hedges."
  echo
  echo "| body | conns | hedging | req/s | p50 ms | p99 ms | gateway CPU µs/request | req/s on/off | p50 +ms on-off | p99 +ms on-off | CPU on/off |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for kind in chat stream; do
    for conns in 1 32; do
      o_cpu=$(pick "$RAW" 8 1=$kind 2=$conns 3=off); o_rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=off); o_p50=$(pick "$RAW" 5 1=$kind 2=$conns 3=off); o_p99=$(pick "$RAW" 6 1=$kind 2=$conns 3=off)
      for target in off on; do
        rps=$(pick "$RAW" 4 1=$kind 2=$conns 3=$target); p50=$(pick "$RAW" 5 1=$kind 2=$conns 3=$target); p99=$(pick "$RAW" 6 1=$kind 2=$conns 3=$target)
        cpu=$(pick "$RAW" 8 1=$kind 2=$conns 3=$target)
        awk -v k=$kind -v c=$conns -v t=$target -v r=$rps -v p5=$p50 -v p9=$p99 -v u=$cpu -v or=$o_rps -v o5=$o_p50 -v o9=$o_p99 -v ou=$o_cpu 'BEGIN {
          printf "| %s | %d | %s | %.0f | %.3f | %.3f | %.1f | %.3f | %+.3f | %+.3f | %.3f |\n", k, c, t, r, p5, p9, u, r / or, p5 - o5, p9 - o9, u / ou }'
      done
    done
  done
  echo
  echo "Peak RSS (VmHWM): off $(( $(awk '/VmHWM/ { print $2 }' "/proc/$OFF_PID/status") / 1024 )) MB, on $(( $(awk '/VmHWM/ { print $2 }' "/proc/$ON_PID/status") / 1024 )) MB. Non-2xx responses: $(awk '{ s += $7 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/hedging-latest.md"
