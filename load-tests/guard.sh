#!/usr/bin/env bash
# What validating each event of a released stream costs (Forwarding/StreamEventGuard): one process, in memory, no
# sockets, the three ways a chat stream's events can be filtered run alternately round by round (so the machine's load
# hits each alike): the usage filter alone (every chat stream before the guard), plus the guard reading each event
# whole as JSON, plus the guard also noting the text for a continuation. A typical OpenAI stream of 404 events
# (role, 400 one-token chunks, finish, usage, [DONE]), fed one event per read and in 16 KB reads. Bounded by
# ROUNDS x STREAMS (defaults: 15 x 200, about a minute on a loaded 2-core machine). Prints Markdown tables and saves
# them to load-tests/results/guard-latest.md. Then each piece of the per-event work alone on one typical event.
#
#   load-tests/guard.sh
#   ROUNDS=30 STREAMS=500 load-tests/guard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-15}
STREAMS=${STREAMS:-200}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet build load-tests/EventGuardBench -c Release -o "$OUT/bench" --nologo -v q >/dev/null
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
RESULT=${LOAD_RESULTS:-load-tests/results}/guard-latest.md
{
  echo "Event guard benchmark $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores (load average $LOAD at the start: the machine is shared, so"
  echo "absolute times are inflated; the ratios, measured in the same run and alternating, are what to read)."
  ROUNDS=$ROUNDS STREAMS=$STREAMS timeout 600 dotnet "$OUT/bench/EventGuardBench.dll"
} | tee "$RESULT"
