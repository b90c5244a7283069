# Shared by the load scenarios: build, ports, process cleanup, wrk runs, medians, and the streaming TTFT runs and table. Source it from the repo root.
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
OUT=load-tests/.build
# LOAD_RESULTS: where results go (load-tests/smoke.sh sends its short runs' elsewhere, so the committed ones stay).
RESULTS=${LOAD_RESULTS:-load-tests/results}
mkdir -p "$OUT" "$RESULTS"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ensure_tools() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]/redis-cli/redis-tools}" >/dev/null
}

build() {
  [ -n "${LOAD_TESTS_BUILT:-}" ] && return # load-tests/smoke.sh built once for all its scripts
  echo "building Release..." >&2
  dotnet publish src/Gateway -c Release -o "$OUT/gateway" --nologo -v q >/dev/null
  dotnet publish tests/Gateway.FakeUpstream -c Release -o "$OUT/upstream" --nologo -v q >/dev/null
  dotnet publish load-tests/BareForwarder -c Release -o "$OUT/forwarder" --nologo -v q >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_for() { for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not answering: $1" >&2; return 1; }

# start_gateway PORT [VAR=VALUE ...]: the published gateway (GATEWAY_DLL, default this tree's) with only the given environment; sets GW_PID.
start_gateway() {
  local port=$1; shift
  # The per-request access log (Gateway.Requests, on by default) is off here, as the bare forwarder logs nothing.
  env -i PATH="$PATH" HOME="$HOME" Logging__LogLevel__Default=Warning Logging__LogLevel__Gateway.Requests=Warning "$@" \
    dotnet "${GATEWAY_DLL:-$OUT/gateway/Gateway.dll}" --urls "http://127.0.0.1:$port" >"$OUT/gateway-$port.log" 2>&1 &
  GW_PID=$!; PIDS+=("$GW_PID")
  wait_for "http://127.0.0.1:$port/healthz"
}

write_scripts() {
  for kind in chat stream; do
    local stream=false; [ "$kind" = stream ] && stream=true
    cat > "$OUT/$kind.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer client-key"
wrk.body = '{"model":"smart","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"temperature":0.2,"stream":$stream}'
LUA
  done
}

# measure URL CONNECTIONS SCRIPT: one bounded wrk run; prints "rps p50_ms p99_ms non2xx".
measure() {
  { wrk -t1 -c"$2" -d"$DURATION" --latency -s "$3" "$1" 2>&1 || true; } | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, bad }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pick FILE COLUMN [FIELD=VALUE ...]: the median of COLUMN over the rows of FILE matching every FIELD=VALUE (1-based fields).
pick() {
  local file=$1 column=$2; shift 2
  awk -v col="$column" -v conds="$*" 'BEGIN { n = split(conds, c, " ") }
    { ok = 1; for (i = 1; i <= n; i++) { split(c[i], kv, "="); if ($kv[1] != kv[2]) ok = 0 } if (ok) print $col }' "$file" | median
}

# The streaming TTFT scenarios (anthropic.sh, messages.sh) share what follows. Each defines N, and:
#   request PATH   one streaming request on PATH; prints curl's time to the first byte, in seconds
#   target PATH    prints "URL SCRIPT" for PATH's wrk runs

# start_both_protocols: N (300 unless set), the tools and the build; then one fake upstream (20-token streams) that
# speaks both protocols, and a gateway with an OpenAI-compatible provider "oai" and an Anthropic provider "anthropic"
# on it, each with the model smart; sets UP, GW.
start_both_protocols() {
  N=${N:-300}
  ensure_tools wrk curl
  build
  UP=$(free_port); GW=$(free_port)
  dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks 20 >/dev/null 2>&1 & PIDS+=($!)
  wait_for "http://127.0.0.1:$UP/v1/models"
  start_gateway "$GW" AI_OAI_URL="http://127.0.0.1:$UP/v1" AI_OAI_TYPE=custom AI_OAI_SMART=fake-model \
    AI_ANTHROPIC_URL="http://127.0.0.1:$UP" AI_ANTHROPIC_KEY=fake AI_ANTHROPIC_SMART=fake-model
}

# write_lua FILE BODY [HEADER VALUE ...]: a wrk script that POSTs the JSON BODY, with the extra headers given.
write_lua() {
  local file=$1 body=$2; shift 2
  {
    echo 'wrk.method = "POST"'
    echo 'wrk.headers["Content-Type"] = "application/json"'
    while [ $# -ge 2 ]; do echo "wrk.headers[\"$1\"] = \"$2\""; shift 2; done
    echo "wrk.body = '$body'"
  } > "$file"
}

# quantile Q: the Q-quantile (nearest rank) of the seconds on stdin, in milliseconds.
quantile() { sort -g | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR); if (i < 1) i = 1; print v[i] * 1000 }'; }

# ttft_ms FILE PATH Q: the Q-quantile in milliseconds of PATH's rows ("path seconds") in FILE.
ttft_ms() { awk -v p="$2" '$1==p { print $2 }' "$1" | quantile "$3"; }

# ttft_rounds FILE PATH...: N alternating rounds of one request per path (request PATH); rows "path seconds" in FILE.
ttft_rounds() {
  local file=$1 i p; shift
  : > "$file"
  for i in $(seq 1 "$N"); do
    for p in "$@"; do echo "$p $(request "$p")" >> "$file"; done
  done
}

# wrk_rounds FILE PATH...: ROUNDS alternating wrk runs at 32 connections per path (target PATH); rows "path rps p50 p99 non2xx".
wrk_rounds() {
  local file=$1 round p url script; shift
  : > "$file"
  for round in $(seq 1 "$ROUNDS"); do
    for p in "$@"; do
      read -r url script <<<"$(target "$p")"
      echo "$p $(measure "$url" 32 "$script")" | tee -a "$file" >&2
    done
  done
}

# ttft_report TITLE RAW WRK BASE TRANSLATED OVER PATH...: the Markdown table of TTFT quantiles and stream throughput per
# path, then what the TRANSLATED path adds to BASE's median TTFT (OVER follows "time to first token") and the non-2xx count.
ttft_report() {
  local title=$1 raw=$2 wrk=$3 base=$4 translated=$5 over=$6 p; shift 6
  echo "$title $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores; TTFT = curl time to first byte over $N alternating streaming requests per path; wrk -c32 ${ROUNDS} alternating rounds of ${DURATION}; 20-token streams."
  echo
  echo "| path | TTFT p50 ms | TTFT p90 ms | TTFT p99 ms | stream req/s (c=32) |"
  echo "|---|---|---|---|---|"
  for p in "$@"; do
    printf "| %s | %.3f | %.3f | %.3f | %.0f |\n" "$p" \
      "$(ttft_ms "$raw" "$p" 0.5)" "$(ttft_ms "$raw" "$p" 0.9)" "$(ttft_ms "$raw" "$p" 0.99)" "$(pick "$wrk" 2 1="$p")"
  done
  awk -v b="$(ttft_ms "$raw" "$base" 0.5)" -v t="$(ttft_ms "$raw" "$translated" 0.5)" -v over="$over" \
    'BEGIN { printf "\nTranslation adds %+.3f ms to the median time to first token%s (target: under 1 ms). Non-2xx: ", t - b, over }'
  awk '{ s += $5 } END { print s + 0 "." }' "$wrk"
}
