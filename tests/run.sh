#!/usr/bin/env bash
# The README's test command: installs what the tests need (redis-server for the shared-state tests),
# then runs every test project in the solution. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "tests/run.sh: installing redis-server" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

dotnet test Gateway.sln -c Release --logger "console;verbosity=normal" "$@"
