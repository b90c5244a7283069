#!/usr/bin/env bash
# Limits on against limits off, in the same run, alternating: one gateway in memory and one on Redis, each serving two
# keys of the same fake upstream, "free" (no limits: no counter touched) and "limited" (its owner has every limit set,
# high enough never to refuse). Prints throughput, p50/p99 and, on Redis, the commands Redis received per limited
# request (redis-cli info cmdstat_eval*: one script call to reserve, plus a share of a batched settle: settles queue and
# go every 50 ms, one call per owner). All on 127.0.0.1; bounded runs. Also prints the machine's load average.
#   load-tests/limits.sh        # ROUNDS=3 DURATION=5s CONNS=32
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
CONNS=${CONNS:-32}
ensure_tools wrk redis-server redis-cli curl
build

UP=$(free_port); REDIS=$(free_port); MEM=$(free_port); SHARED=$(free_port)
DATA=$(mktemp -d)
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & PIDS+=($!)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
COMMON=(AI_P1_URL="http://127.0.0.1:$UP/v1" AI_P1_SMART=fake-model AI_ADMIN_KEY=admin-key-0123456789-0123456789
  AI_CLIENT_KEYS="owner:free:free-key,owner:limited:limited-key" GATEWAY_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=)
start_gateway "$MEM" "${COMMON[@]}" Gateway__Store__DataDirectory="$DATA/mem"
start_gateway "$SHARED" "${COMMON[@]}" Gateway__Store__DataDirectory="$DATA/redis" AI_REDIS_URL="redis://127.0.0.1:$REDIS"
for port in "$MEM" "$SHARED"; do
  curl -fs -X PUT -H 'authorization: Bearer admin-key-0123456789-0123456789' -H 'content-type: application/json' \
    -d '{"requestsPerMinute":100000000,"tokensPerMinute":100000000000,"usdPerDay":1000000,"usdPerMonth":10000000,"tokensPerDay":100000000000,"tokensPerMonth":1000000000000}' \
    "http://127.0.0.1:$port/admin/owners/limited/limits" >/dev/null
done

for key in free limited; do
  cat > "$OUT/limits-$key.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key-key"
wrk.body = '{"model":"smart","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"max_tokens":50}'
LUA
done

evals() { redis-cli -p "$REDIS" info commandstats | awk -F'[=,:]' '/^cmdstat_eval/ { n += $3 } END { print n + 0 }'; }
evalusec() { redis-cli -p "$REDIS" info commandstats | awk -F'[=,:]' '/^cmdstat_eval/ { n += $5 } END { print n + 0 }'; }
RAW="$OUT/limits-raw.txt"; : > "$RAW"
for port in "$MEM" "$SHARED"; do for key in free limited; do measure "http://127.0.0.1:$port/v1/chat/completions" "$CONNS" "$OUT/limits-$key.lua" >/dev/null; done; done
for round in $(seq 1 "$ROUNDS"); do
  for store in memory redis; do
    port=$MEM; [ "$store" = redis ] && port=$SHARED
    for key in free limited; do
      before=$(evals); usec=$(evalusec); start=$(date +%s.%N)
      result=$(measure "http://127.0.0.1:$port/v1/chat/completions" "$CONNS" "$OUT/limits-$key.lua")
      elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
      echo "$store $key $result $(( $(evals) - before )) $elapsed $(( $(evalusec) - usec ))" | tee -a "$RAW" >&2
    done
  done
done

{
  echo "Limits load test $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t1 -c$CONNS, ${ROUNDS} alternating rounds of ${DURATION}, medians."
  for store in memory redis; do
    free=$(pick "$RAW" 3 1="$store" 2=free); limited=$(pick "$RAW" 3 1="$store" 2=limited)
    ratio=$(awk -v a="$limited" -v b="$free" 'BEGIN { printf "%.2f", a / b }')
    echo "$store: free $free rps (p50 $(pick "$RAW" 4 1="$store" 2=free) ms, p99 $(pick "$RAW" 5 1="$store" 2=free) ms); limited $limited rps (p50 $(pick "$RAW" 4 1="$store" 2=limited) ms, p99 $(pick "$RAW" 5 1="$store" 2=limited) ms); ratio $ratio"
  done
  awk '$1 == "redis" && $2 == "limited" { n += $7; u += $9; r += $3 * $8 } END { if (r > 0) printf "Redis script calls per limited request: %.2f (%.1f us of Redis script time each)\n", n / r, u / r }' "$RAW"
} | tee "$RESULTS/limits.txt"
