#!/usr/bin/env bash
# What each open stream holds on the managed heap: N slow streams (load-tests/StreamClient against a fake upstream that
# sends CHUNKS chunks CHUNK_DELAY_MS apart) through the gateway and/or the bare forwarder, a GC heap dump
# (dotnet-gcdump) of that process once they are all open, and its types by the bytes all their live objects hold,
# divided by N. With both targets, also the difference by type: what the gateway holds per stream that the forwarder
# does not. All on 127.0.0.1, bounded by the client's deadline, stopped by PID. Needs dotnet-gcdump (GCDUMP=path,
# default on PATH). Fixed start-up state (the metric points OpenTelemetry allocates per instrument, about 4.9 MB)
# shows up divided by N as well: read it as fixed, not per stream.
#
#   load-tests/heap.sh                           # TARGETS=gateway N=2000
#   TARGETS="gateway yarp" N=4000 load-tests/heap.sh
#   SKIP_BUILD=1 load-tests/heap.sh              # reuse the last build
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
TARGETS=${TARGETS:-${TARGET:-gateway}}
N=${N:-2000}
CHUNKS=${CHUNKS:-20}
CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-1000}
GCDUMP=${GCDUMP:-dotnet-gcdump}
TOP=${TOP:-30}
for t in $TARGETS; do case $t in gateway|yarp) ;; *) echo "unknown target '$t' (gateway, yarp)" >&2; exit 2;; esac; done
ulimit -n 20000 2>/dev/null || true
if [ -z "${SKIP_BUILD:-}" ]; then
  build
  dotnet publish load-tests/StreamClient -c Release -o "$OUT/client" --nologo -v q >/dev/null
fi

# dump TARGET: a fresh upstream and target process, N streams opened, one heap dump half-way through them, the
# report's rows as "bytes count type" (the report gives each type's average object size and its count) in
# $OUT/heap-TARGET.rows; both processes stopped by PID.
dump() {
  local target=$1 up front tpid upid client
  up=$(free_port); front=$(free_port)
  dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$up" --chunks "$CHUNKS" --chunk-delay-ms "$CHUNK_DELAY_MS" >/dev/null 2>&1 &
  upid=$!; PIDS+=("$upid")
  wait_for "http://127.0.0.1:$up/v1/models"
  if [ "$target" = yarp ]; then
    UPSTREAM="http://127.0.0.1:$up" ASPNETCORE_URLS="http://127.0.0.1:$front" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 &
    tpid=$!; PIDS+=("$tpid")
    wait_for "http://127.0.0.1:$front/v1/models"
  else
    start_gateway "$front" AI_FAKE_URL="http://127.0.0.1:$up/v1" AI_FAKE_TYPE=custom AI_FAKE_SMART=fake-model AI_FAKE_FAST=fake-model \
      Gateway__Limits__MaxConcurrentConnections=$((N + 1000))
    tpid=$GW_PID
  fi
  local url="http://127.0.0.1:$front/v1/chat/completions"
  dotnet "$OUT/client/StreamClient.dll" --url "$url" --streams 20 --stream false --deadline-s 10 >/dev/null 2>&1 || true
  dotnet "$OUT/client/StreamClient.dll" --url "$url" --streams "$N" --deadline-s 40 --open-concurrency 256 > "$OUT/heap-client.txt" 2>&1 &
  client=$!; PIDS+=("$client")
  # Dump once every stream is open (about half-way through a stream's chunks).
  sleep $(( CHUNKS * CHUNK_DELAY_MS / 2000 ))
  local file="$OUT/heap-$target.gcdump"; rm -f "$file"
  "$GCDUMP" collect -p "$tpid" -o "$file" >/dev/null 2>&1
  wait "$client" || true
  echo "$target client: $(tail -1 "$OUT/heap-client.txt")"
  kill "$tpid" "$upid" 2>/dev/null || true; wait "$tpid" "$upid" 2>/dev/null || true
  "$GCDUMP" report "$file" 2>/dev/null | python3 -c '
import re, sys
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+)\s+([\d,]+)\s+(.*?)\s*(\(Bytes > [^)]*\))?\s*\[[^\]]+\]\s*$", line)
    if m:
        print(int(m.group(1).replace(",", "")) * int(m.group(2).replace(",", "")), m.group(2).replace(",", ""), m.group(3).strip(), sep="\t")
' > "$OUT/heap-$target.rows"
}

for t in $TARGETS; do dump "$t"; done

python3 - "$N" "$TOP" "$OUT" $TARGETS <<'PY'
import collections, sys
n, top, out, targets = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
heaps = {}
for t in targets:
    bytes_, counts = collections.Counter(), collections.Counter()
    for line in open(f"{out}/heap-{t}.rows"):
        b, c, name = line.rstrip("\n").split("\t")
        bytes_[name] += int(b); counts[name] += int(c)
    heaps[t] = (bytes_, counts)
    total = sum(bytes_.values())
    print(f"\n{t}: {total / 1e6:.1f} MB live, {total / n:,.0f} B per open stream ({n} streams); largest types:")
    print("| B per stream | objects per stream | type |\n|---|---|---|")
    for name, b in bytes_.most_common(top):
        print(f"| {b / n:,.1f} | {counts[name] / n:.2f} | `{name[:140]}` |")
if len(targets) == 2:
    (a, (ab, ac)), (z, (zb, _)) = list(heaps.items())
    diff = sorted(((ab[k] - zb.get(k, 0), k) for k in set(ab) | set(zb)), reverse=True)
    print(f"\n{a} minus {z}: {(sum(ab.values()) - sum(zb.values())) / n:,.0f} B per open stream; the largest differences:")
    print(f"| B per stream | {a} | {z} | type |\n|---|---|---|---|")
    for d, k in diff[:top]:
        print(f"| {d / n:,.1f} | {ab.get(k, 0) / n:,.1f} | {zb.get(k, 0) / n:,.1f} | `{k[:140]}` |")
PY
