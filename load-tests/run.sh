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
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
STREAM_CHUNKS=${STREAM_CHUNKS:-20}
OUT=load-tests/.build
RESULTS=load-tests/results
mkdir -p "$OUT" "$RESULTS"

if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

echo "building Release..." >&2
dotnet publish src/Gateway -c Release -o "$OUT/gateway" --nologo -v q >/dev/null
dotnet publish tests/Gateway.FakeUpstream -c Release -o "$OUT/upstream" --nologo -v q >/dev/null
dotnet publish load-tests/BareForwarder -c Release -o "$OUT/forwarder" --nologo -v q >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
UP=$(free_port); BARE=$(free_port); GW=$(free_port)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks "$STREAM_CHUNKS" >/dev/null 2>&1 & PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UP" ASPNETCORE_URLS="http://127.0.0.1:$BARE" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 & PIDS+=($!)
env -i PATH="$PATH" HOME="$HOME" DOTNET_ROOT="${DOTNET_ROOT:-}" \
  AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model \
  Logging__LogLevel__Default=Warning \
  dotnet "$OUT/gateway/Gateway.dll" --urls "http://127.0.0.1:$GW" >"$OUT/gateway.log" 2>&1 & GW_PID=$!; PIDS+=($GW_PID)

for port in "$UP" "$BARE" "$GW"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1 && break; sleep 0.1; done
done

for kind in chat stream; do
  stream=false; [ "$kind" = stream ] && stream=true
  cat > "$OUT/$kind.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer client-key"
wrk.body = '{"model":"smart","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"temperature":0.2,"stream":$stream}'
LUA
done

# One wrk run; prints "rps p50_ms p99_ms".
measure() {
  local url=$1 conns=$2 script=$3
  { wrk -t1 -c"$conns" -d"$DURATION" --latency -s "$script" "$url" 2>&1 || true; } | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, bad }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

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

RSS_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$GW_PID/status")
{
  echo "Load test $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, wrk -t1, ${ROUNDS} alternating rounds of ${DURATION} per target, medians shown; stream = ${STREAM_CHUNKS} content chunks."
  echo
  echo "| body | conns | target | req/s | p50 ms | p99 ms | req/s vs direct | req/s vs YARP | p50 +ms vs direct | p99 +ms vs direct |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for kind in chat stream; do
    for conns in 1 32; do
      d_rps=$(awk -v k=$kind -v c=$conns '$1==k && $2==c && $3=="direct" { print $4 }' "$RAW" | median)
      d_p50=$(awk -v k=$kind -v c=$conns '$1==k && $2==c && $3=="direct" { print $5 }' "$RAW" | median)
      d_p99=$(awk -v k=$kind -v c=$conns '$1==k && $2==c && $3=="direct" { print $6 }' "$RAW" | median)
      y_rps=$(awk -v k=$kind -v c=$conns '$1==k && $2==c && $3=="yarp" { print $4 }' "$RAW" | median)
      for target in direct yarp gateway; do
        rps=$(awk -v k=$kind -v c=$conns -v t=$target '$1==k && $2==c && $3==t { print $4 }' "$RAW" | median)
        p50=$(awk -v k=$kind -v c=$conns -v t=$target '$1==k && $2==c && $3==t { print $5 }' "$RAW" | median)
        p99=$(awk -v k=$kind -v c=$conns -v t=$target '$1==k && $2==c && $3==t { print $6 }' "$RAW" | median)
        awk -v k=$kind -v c=$conns -v t=$target -v r=$rps -v p5=$p50 -v p9=$p99 -v dr=$d_rps -v d5=$d_p50 -v d9=$d_p99 -v yr=$y_rps 'BEGIN {
          printf "| %s | %d | %s | %.0f | %.3f | %.3f | %.2f | %.2f | %+.3f | %+.3f |\n", k, c, t, r, p5, p9, r / dr, r / yr, p5 - d5, p9 - d9 }'
      done
    done
  done
  echo
  echo "Gateway peak RSS (VmHWM) after the run: $((RSS_KB / 1024)) MB. Non-2xx responses: $(awk '{ s += $7 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/latest.md"
