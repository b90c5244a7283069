#!/usr/bin/env bash
# The strategies' cost per request against round-robin, in one run, alternating: one gateway with three providers of
# the same tier on three fake upstreams, priced and paced apart (cheap: $0.50/$1.50 per million tokens, 30 ms to the
# headers; mid: $3/$15, 10 ms; dear: $15/$75, 2 ms), and the same wrk load (non-streaming chat, CONNS connections) sent
# with x-gateway-strategy: round-robin, random, weighted, failover (priority: dear first, then mid, then cheap), cost,
# latency. Cost per request = the rise of gateway_cost_usd_total over the rise of 200 answers (/metrics) in each run;
# also each provider's share of the attempts, throughput and p50/p99. All on 127.0.0.1; bounded runs (ROUNDS x
# strategies x DURATION). Also prints the machine's load average: the machine is shared, read the ratios.
#   load-tests/strategies.sh        # ROUNDS=2 DURATION=3s CONNS=4 (NO_BUILD=1 reuses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-3s}
source load-tests/lib.sh
CONNS=${CONNS:-4}
STRATEGIES=(round-robin random weighted failover cost latency)
ensure_tools wrk curl
[ -n "${NO_BUILD:-}" ] || build # NO_BUILD=1: the last build in load-tests/.build

declare -A DELAY=([cheap]=30 [mid]=10 [dear]=2) PRIORITY=([cheap]=3 [mid]=2 [dear]=1)
ENV=(AI_ROTATION=round-robin)
for name in cheap mid dear; do
  port=$(free_port)
  dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$port" --name "$name" --headers-delay-ms "${DELAY[$name]}" >/dev/null 2>&1 & PIDS+=($!)
  wait_for "http://127.0.0.1:$port/v1/models"
  upper=${name^^}
  ENV+=("AI_${upper}_URL=http://127.0.0.1:$port/v1" "AI_${upper}_TYPE=custom" "AI_${upper}_KEY=key-$name" "AI_${upper}_SMART=$name-smart"
    "AI_${upper}_PRIORITY=${PRIORITY[$name]}")
done
ENV+=(Gateway__Prices__cheap-smart__Input=0.5 Gateway__Prices__cheap-smart__Output=1.5
  Gateway__Prices__mid-smart__Input=3 Gateway__Prices__mid-smart__Output=15
  Gateway__Prices__dear-smart__Input=15 Gateway__Prices__dear-smart__Output=75)
GW=$(free_port)
start_gateway "$GW" "${ENV[@]}"

for strategy in "${STRATEGIES[@]}"; do
  cat > "$OUT/strategy-$strategy.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-gateway-strategy"] = "$strategy"
wrk.body = '{"model":"smart","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"max_tokens":50}'
LUA
done

# scrape: "cost ok cheap mid dear" from /metrics (sums over labels; attempts by provider).
scrape() {
  curl -fs "http://127.0.0.1:$GW/metrics" | awk '
    /^gateway_cost_usd_total/ { cost += $NF }
    /^gateway_requests_total/ && /status="200"/ { ok += $NF }
    /^gateway_upstream_attempts_total/ { if ($0 ~ /provider="cheap"/) c += $NF; if ($0 ~ /provider="mid"/) m += $NF; if ($0 ~ /provider="dear"/) d += $NF }
    END { printf "%.9f %d %d %d %d\n", cost, ok, c, m, d }'
}

RAW="$OUT/strategies-raw.txt"; : > "$RAW"
for strategy in "${STRATEGIES[@]}"; do measure "http://127.0.0.1:$GW/v1/chat/completions" "$CONNS" "$OUT/strategy-$strategy.lua" >/dev/null; done # warm-up (latency measures everyone)
for round in $(seq 1 "$ROUNDS"); do
  for strategy in "${STRATEGIES[@]}"; do
    read -r c0 ok0 a0 b0 d0 < <(scrape)
    result=$(measure "http://127.0.0.1:$GW/v1/chat/completions" "$CONNS" "$OUT/strategy-$strategy.lua")
    read -r c1 ok1 a1 b1 d1 < <(scrape)
    echo "$strategy $result $(awk -v a="$c0" -v b="$c1" -v n=$((ok1 - ok0)) 'BEGIN { printf "%.9f", (n > 0 ? (b - a) / n : 0) }') $((a1 - a0)) $((b1 - b0)) $((d1 - d0))" | tee -a "$RAW" >&2
  done
done

{
  echo "Strategies: cost per request against round-robin, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores (shared), load average $(cut -d' ' -f1-3 /proc/loadavg),"
  echo "wrk -t1 -c$CONNS, ${ROUNDS} alternating rounds of ${DURATION} per strategy, medians. Providers: cheap \$0.50/\$1.50 per 1M tokens, 30 ms;"
  echo "mid \$3/\$15, 10 ms; dear \$15/\$75, 2 ms (FakeUpstream's usage: the same tokens for every answer)."
  echo
  echo "| strategy | USD per 1k requests | cost vs round-robin | cheap / mid / dear share of attempts | req/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|---|"
  base=$(pick "$RAW" 6 1=round-robin)
  for strategy in "${STRATEGIES[@]}"; do
    cost=$(pick "$RAW" 6 1="$strategy")
    share=$(awk -v s="$strategy" '$1 == s { c += $7; m += $8; d += $9 } END { t = c + m + d; if (t == 0) t = 1; printf "%.0f%% / %.0f%% / %.0f%%", 100 * c / t, 100 * m / t, 100 * d / t }' "$RAW")
    awk -v s="$strategy" -v c="$cost" -v b="$base" -v sh="$share" -v r="$(pick "$RAW" 2 1="$strategy")" -v p50="$(pick "$RAW" 3 1="$strategy")" -v p99="$(pick "$RAW" 4 1="$strategy")" \
      'BEGIN { printf "| %s | %.4f | %.2f | %s | %d | %.1f | %.1f |\n", s, c * 1000, (b > 0 ? c / b : 0), sh, r, p50, p99 }'
  done
} | tee "$RESULTS/strategies-latest.md"
