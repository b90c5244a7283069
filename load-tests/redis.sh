#!/usr/bin/env bash
# Throughput with the in-memory health store versus the Redis-shared one, in the same run, alternating, and how
# many commands Redis receives while the Redis-backed gateway is under load (redis-cli info commandstats
# before and after). Two providers point at one fake upstream; all on 127.0.0.1; bounded runs.
#   load-tests/redis.sh          # ROUNDS=3 DURATION=5s CONNS=32
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
CONNS=${CONNS:-32}
FLUSH_MS=250
PROVIDERS=2
ensure_tools wrk redis-server redis-cli
build
write_scripts

UP=$(free_port); REDIS=$(free_port); MEM=$(free_port); SHARED=$(free_port)
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & PIDS+=($!)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
PROVIDER_ENV=(AI_P1_URL="http://127.0.0.1:$UP/v1" AI_P1_SMART=fake-model AI_P2_URL="http://127.0.0.1:$UP/v1" AI_P2_SMART=fake-model)
start_gateway "$MEM" "${PROVIDER_ENV[@]}"
start_gateway "$SHARED" "${PROVIDER_ENV[@]}" AI_REDIS_URL="redis://127.0.0.1:$REDIS"
REDIS_GW=$GW_PID

# "total sent": commands that arrived over the network; calls made inside the Lua scripts (HMGET, HSET,
# PEXPIRE, PUBLISH) are counted by Redis too, so "total executed" includes them.
commands() { redis-cli -p "$REDIS" info commandstats | awk -F'[=,:]' '/^cmdstat_/ { s += $3; if ($1 !~ /_(hmget|hset|pexpire|publish)$/) n += $3 } END { print s + 0, n + 0 }'; }
RAW="$OUT/redis-raw.txt"; : > "$RAW"
URL_MEM="http://127.0.0.1:$MEM/v1/chat/completions"; URL_SHARED="http://127.0.0.1:$SHARED/v1/chat/completions"
measure "$URL_MEM" "$CONNS" "$OUT/chat.lua" >/dev/null; measure "$URL_SHARED" "$CONNS" "$OUT/chat.lua" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "memory $(measure "$URL_MEM" "$CONNS" "$OUT/chat.lua") 0 0 0" | tee -a "$RAW" >&2
  read -r before sent_before < <(commands); start=$(date +%s.%N)
  result=$(measure "$URL_SHARED" "$CONNS" "$OUT/chat.lua")
  read -r after sent_after < <(commands); elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  echo "redis $result $((after - before)) $elapsed $((sent_after - sent_before))" | tee -a "$RAW" >&2
done

{
  echo "Redis load test $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, wrk -t1 -c$CONNS, ${ROUNDS} alternating rounds of ${DURATION}, medians; $PROVIDERS providers, flush every ${FLUSH_MS} ms."
  echo
  echo "| health store | req/s | p50 ms | p99 ms | req/s vs in-memory |"
  echo "|---|---|---|---|---|"
  mem=$(pick "$RAW" 2 1=memory)
  for store in memory redis; do
    rps=$(pick "$RAW" 2 1=$store); p50=$(pick "$RAW" 3 1=$store); p99=$(pick "$RAW" 4 1=$store)
    awk -v s=$store -v r=$rps -v a=$p50 -v b=$p99 -v m=$mem 'BEGIN { printf "| %s | %.0f | %.3f | %.3f | %.3f |\n", s, r, a, b, r / m }'
  done
  cmds=$(pick "$RAW" 6 1=redis); secs=$(pick "$RAW" 7 1=redis); sent=$(pick "$RAW" 8 1=redis)
  echo
  awk -v c=$cmds -v n=$sent -v s=$secs -v r=$(pick "$RAW" 2 1=redis) -v f=$FLUSH_MS -v p=$PROVIDERS 'BEGIN {
    intervals = s * 1000 / f
    printf "Redis during one %.1f s Redis-backed run (medians) for %.0f requests: %d commands sent (%.2f per flush interval, %.5f per request) and %d executed counting the calls inside the merge script (%.2f per interval, %.2f per interval per provider).\n", s, r * s, n, n / intervals, n / (r * s), c, c / intervals, c / intervals / p }'
  echo
  echo "Gateway (Redis) peak RSS: $(( $(awk '/VmHWM/ { print $2 }' "/proc/$REDIS_GW/status") / 1024 )) MB. Non-2xx: $(awk '{ s += $5 } END { print s + 0 }' "$RAW")."
} | tee "$RESULTS/redis-latest.md"
