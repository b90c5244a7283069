#!/usr/bin/env bash
# The response cache: a cache hit against a direct call, in one run, alternating. One gateway with the cache on
# (memory store, replay with no delay) in front of FakeUpstream; the same request (temperature 0) sent as a hit (the
# first request keeps it) and as a forwarded call (x-gateway-cache: off, so the same gateway forwards it), plus the
# upstream alone for reference. Non-streaming and streaming (20 content chunks) at 1 connection (latency) and 32
# (throughput), then streams from a slow upstream (20 chunks 2 ms apart, about 40 ms a stream) at 1 connection,
# where a hit saves the provider's time. All on 127.0.0.1; bounded runs.
#   load-tests/cache.sh        # ROUNDS=3 DURATION=3s
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-3s}
source load-tests/lib.sh
ensure_tools wrk curl
build

UP=$(free_port); SLOW=$(free_port); GW=$(free_port); GWS=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$SLOW" --chunks 20 --chunk-delay-ms 2 >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
wait_for "http://127.0.0.1:$SLOW/v1/models"
start_gateway "$GW" AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_SMART=fake-model Gateway__Cache__Enabled=true
start_gateway "$GWS" AI_FAKE_URL="http://127.0.0.1:$SLOW/v1" AI_FAKE_SMART=fake-model Gateway__Cache__Enabled=true

for kind in chat stream; do
  stream=false; [ "$kind" = stream ] && stream=true
  body="{\"model\":\"smart\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello in five words.\"}],\"temperature\":0,\"stream\":$stream}"
  for target in hit direct; do
    header=""; [ "$target" = direct ] && header='wrk.headers["x-gateway-cache"] = "off"'
    cat > "$OUT/cache-$kind-$target.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
$header
wrk.body = '$body'
LUA
  done
  # The first request of each gateway keeps the answer; every later one of the hit script is a hit.
  for port in "$GW" "$GWS"; do
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/chat/completions"
    seen=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v1/chat/completions" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-gateway-cache" { print $2 }')
    [ "$seen" = hit ] || { echo "expected a hit from port $port, got '$seen'" >&2; exit 1; }
  done
done

RAW="$OUT/cache-raw.txt"; : > "$RAW"
run() { # run LABEL CONNS URL SCRIPT
  echo "$1 $2 $(measure "$3" "$2" "$4")" | tee -a "$RAW" >&2
}
for kind in chat stream; do
  for conns in 1 32; do
    measure "http://127.0.0.1:$GW/v1/chat/completions" "$conns" "$OUT/cache-$kind-hit.lua" >/dev/null # warm-up
    for round in $(seq 1 "$ROUNDS"); do
      run "$kind-upstream" "$conns" "http://127.0.0.1:$UP/v1/chat/completions" "$OUT/cache-$kind-direct.lua"
      run "$kind-direct" "$conns" "http://127.0.0.1:$GW/v1/chat/completions" "$OUT/cache-$kind-direct.lua"
      run "$kind-hit" "$conns" "http://127.0.0.1:$GW/v1/chat/completions" "$OUT/cache-$kind-hit.lua"
    done
  done
done
for round in $(seq 1 "$ROUNDS"); do
  run "slow-stream-upstream" 1 "http://127.0.0.1:$SLOW/v1/chat/completions" "$OUT/cache-stream-direct.lua"
  run "slow-stream-direct" 1 "http://127.0.0.1:$GWS/v1/chat/completions" "$OUT/cache-stream-direct.lua"
  run "slow-stream-hit" 1 "http://127.0.0.1:$GWS/v1/chat/completions" "$OUT/cache-stream-hit.lua"
done

{
  echo "Response cache $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores (shared with other work: read the ratios), wrk -t1, ${ROUNDS} alternating rounds of ${DURATION}, medians."
  echo "direct: the gateway forwards (x-gateway-cache: off); hit: the same request answered from the memory cache; upstream: FakeUpstream alone."
  echo
  echo "| body | conns | target | req/s | p50 ms | p99 ms | non-2xx | req/s vs direct | p50 vs direct |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for row in "chat 1" "chat 32" "stream 1" "stream 32" "slow-stream 1"; do
    set -- $row
    kind=$1 conns=$2
    rps_direct=$(pick "$RAW" 3 1=$kind-direct 2=$conns); p50_direct=$(pick "$RAW" 4 1=$kind-direct 2=$conns)
    for target in upstream direct hit; do
      r=$(pick "$RAW" 3 1=$kind-$target 2=$conns); a=$(pick "$RAW" 4 1=$kind-$target 2=$conns)
      b=$(pick "$RAW" 5 1=$kind-$target 2=$conns); n=$(pick "$RAW" 6 1=$kind-$target 2=$conns)
      awk -v k=$kind -v c=$conns -v t=$target -v r=$r -v a=$a -v b=$b -v n=$n -v rd=$rps_direct -v pd=$p50_direct \
        'BEGIN { printf "| %s | %s | %s | %.0f | %.3f | %.3f | %d | %.2f | %.3f |\n", k, c, t, r, a, b, n, r / rd, a / pd }'
    done
  done
} | tee "$RESULTS/cache-latest.md"
