# Shared by the load scenarios: build, ports, process cleanup, wrk runs and medians. Source it from the repo root.
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
OUT=load-tests/.build
RESULTS=load-tests/results
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
  echo "building Release..." >&2
  dotnet publish src/Gateway -c Release -o "$OUT/gateway" --nologo -v q >/dev/null
  dotnet publish tests/Gateway.FakeUpstream -c Release -o "$OUT/upstream" --nologo -v q >/dev/null
  dotnet publish load-tests/BareForwarder -c Release -o "$OUT/forwarder" --nologo -v q >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_for() { for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not answering: $1" >&2; return 1; }

# start_gateway PORT [VAR=VALUE ...]: the published gateway with only the given environment; sets GW_PID.
start_gateway() {
  local port=$1; shift
  # The per-request access log (Gateway.Requests, on by default) is off here, as the bare forwarder logs nothing.
  env -i PATH="$PATH" HOME="$HOME" Logging__LogLevel__Default=Warning Logging__LogLevel__Gateway.Requests=Warning "$@" \
    dotnet "$OUT/gateway/Gateway.dll" --urls "http://127.0.0.1:$port" >"$OUT/gateway-$port.log" 2>&1 &
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
