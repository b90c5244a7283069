#!/usr/bin/env bash
# The README's test command: installs what the tests need (see below), runs every test project in the solution,
# then the npm client tests (tests/npm-clients.sh). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real servers and tools the integration tests start: redis-server (shared health), prometheus and promtool
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

status=0
dotnet test Gateway.sln -c Release --logger "console;verbosity=normal" "$@" || status=$?

# Then the npm client libraries apps use (openai, @anthropic-ai/sdk, the AI SDK, LangChain, the Agents SDK) against
# two real gateway replicas, on the Release builds just made; it installs Node.js and npm from Debian when missing
# and ends with its own "N passed, N failed" line.
bash tests/npm-clients.sh --no-build || status=$?
exit "$status"
