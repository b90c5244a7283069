#!/usr/bin/env bash
# What each open stream holds on the managed heap: N slow streams (load-tests/StreamClient against a fake upstream that
# sends CHUNKS chunks CHUNK_DELAY_MS apart) through the gateway or the bare forwarder, a GC heap dump (dotnet-gcdump)
# of that process once they are all open, and its largest types by retained size, divided by N. All on 127.0.0.1,
# bounded by the client's deadline, stopped by PID. Needs dotnet-gcdump (GCDUMP=path, default on PATH).
#
#   load-tests/heap.sh                  # TARGET=gateway N=2000
#   TARGET=yarp load-tests/heap.sh
#   SKIP_BUILD=1 load-tests/heap.sh     # reuse the last build
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
TARGET=${TARGET:-gateway}
N=${N:-2000}
CHUNKS=${CHUNKS:-20}
CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-1000}
GCDUMP=${GCDUMP:-dotnet-gcdump}
TOP=${TOP:-30}
ulimit -n 20000 2>/dev/null || true
if [ -z "${SKIP_BUILD:-}" ]; then
  build
  dotnet publish load-tests/StreamClient -c Release -o "$OUT/client" --nologo -v q >/dev/null
fi

UP=$(free_port); FRONT=$(free_port)
dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$UP" --chunks "$CHUNKS" --chunk-delay-ms "$CHUNK_DELAY_MS" >/dev/null 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UP/v1/models"
if [ "$TARGET" = yarp ]; then
  UPSTREAM="http://127.0.0.1:$UP" ASPNETCORE_URLS="http://127.0.0.1:$FRONT" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 &
  TPID=$!; PIDS+=($!)
  wait_for "http://127.0.0.1:$FRONT/v1/models"
else
  start_gateway "$FRONT" AI_FAKE_URL="http://127.0.0.1:$UP/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model \
    Gateway__Limits__MaxConcurrentConnections=$((N + 1000))
  TPID=$GW_PID
fi
URL="http://127.0.0.1:$FRONT/v1/chat/completions"
dotnet "$OUT/client/StreamClient.dll" --url "$URL" --streams 20 --stream false --deadline-s 10 >/dev/null 2>&1 || true
dotnet "$OUT/client/StreamClient.dll" --url "$URL" --streams "$N" --deadline-s 40 --open-concurrency 256 > "$OUT/heap-client.txt" 2>&1 &
CLIENT=$!; PIDS+=($!)
# Dump once every stream is open (about half-way through a stream's chunks).
sleep $(( CHUNKS * CHUNK_DELAY_MS / 2000 ))
DUMP="$OUT/heap-$TARGET.gcdump"; rm -f "$DUMP"
"$GCDUMP" collect -p "$TPID" -o "$DUMP" >/dev/null 2>&1
wait "$CLIENT" || true
echo "client: $(tail -1 "$OUT/heap-client.txt")"
"$GCDUMP" report "$DUMP" 2>/dev/null | awk -v n="$N" -v top="$TOP" '
  NR <= 3 { print; next }
  $1 ~ /^[0-9,]+$/ && c < top { b = $1; gsub(",", "", b); printf "%8.1f B/stream  %s\n", b / n, $0; c++ }'
