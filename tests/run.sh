#!/usr/bin/env bash
# The README's test command: installs what the tests need (see below), runs every test project in the solution,
# then the npm client tests (tests/npm-clients.sh), the image test (deploy/image-test.sh) and every benchmark in
# load-tests/ run briefly (load-tests/smoke.sh). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real servers and tools the integration tests start: redis-server (Redis Cluster nodes and the npm client tests;
# single-node Redis runs in containers, below), prometheus and promtool
# (scrape and config checks), yamllint (deploy/ files), postgresql (the control-data store's PostgreSQL tests;
# each test class runs its own throwaway server as the postgres user, no system service), chromium (the console's browser
# tests drive Debian's Chromium through Playwright; never `playwright install`). Installed from Debian when missing.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Docker engine (deploy/docker-engine.sh): installs docker.io, debootstrap and docker-compose when missing, starts
# dockerd bound to 127.0.0.1 unless one already answers (no service manager here), makes the Debian base image with
# debootstrap once (the engine keeps it), and builds the Redis image the integration tests start through
# Testcontainers (Infrastructure/RedisServer). It also exports what Testcontainers needs against Debian's engine.
# Whatever it started is stopped on exit, by PID.
# shellcheck source=deploy/docker-engine.sh
source deploy/docker-engine.sh
trap engine_down EXIT
engine_started=$(date +%s)
if ! engine_up || ! engine_base_image || ! engine_build gateway-test/redis tests/images/redis || ! engine_prune_test_containers; then
  echo "tests/run.sh: the Docker engine could not be prepared (see the docker-engine lines above); the Redis tests need it" >&2
  exit 1
fi
echo "tests/run.sh: Docker engine and test images ready in $(( $(date +%s) - engine_started )) s"

status=0
dotnet test Gateway.sln -c Release --logger "console;verbosity=normal" "$@" || status=$?

# Then the npm client libraries apps use (openai, @anthropic-ai/sdk, the AI SDK, LangChain, the Agents SDK) against
# two real gateway replicas, on the Release builds just made; it installs Node.js and npm from Debian when missing
# and ends with its own "N passed, N failed" line.
bash tests/npm-clients.sh --no-build || status=$?

# Then the image and the compose file, run as users run them, on the engine started above; it ends with its own
# "N passed, N failed" line.
bash deploy/image-test.sh --no-build || status=$?

# Then every benchmark, end to end at its smallest (its numbers are not kept), so that none rots unnoticed; it ends
# with its own "N passed, N failed" line.
bash load-tests/smoke.sh || status=$?
exit "$status"
