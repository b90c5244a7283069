#!/usr/bin/env bash
# Memory per open stream: N concurrent slow streams (default 4000 streams of 20 chunks one second apart, ~20 s each)
# through the gateway, held open at once by load-tests/StreamClient (one HttpClient, N tasks, each reading its SSE
# to the end). For each process: RSS at start-up; idle before the load (VmRSS after a few non-streaming warm-up
# requests), the baseline; peak during the load (VmHWM from /proc/PID/status, and the highest VmRSS sampled every
# 0.5 s); KB per stream = (VmHWM - idle) / N; streams that ended with [DONE]; errors. The fake upstream is measured
# alongside; TARGETS="gateway yarp" adds the bare YARP forwarder (the floor of this stack), "direct" the upstream alone.
# Each target gets fresh processes and a hard cap of CAP seconds; everything listens on 127.0.0.1 and is stopped
# by PID. Prints a Markdown table and saves it to load-tests/results/streams-latest.md.
# STREAM_WARMUP=M also opens M streams (of the same CHUNKS, to the end) before the idle baseline: the streaming path
# is then compiled (tiered JIT) and its pools grown before the load, so the figure is a warm process's cost per stream
# rather than that plus the path's one-time start-up, which the default (cold) figure spreads over the N streams.
#
#   load-tests/streams.sh                         # N=4000 CHUNKS=20 CHUNK_DELAY_MS=1000 CAP=90 TARGETS=gateway
#   N=2000 TARGETS="gateway yarp direct" load-tests/streams.sh
#   STREAM_WARMUP=400 CAP=150 TARGETS="gateway yarp" load-tests/streams.sh   # warm (each target ~CHUNKS s longer)
#   ALLOC=1 TARGETS="gateway yarp" load-tests/streams.sh   # also the bytes each process allocated per stream during the
#                                                          # load (dotnet-counters, COUNTERS=path): on a machine where no
#                                                          # collection runs while the streams open, most of KB per stream
#                                                          # is what was allocated (kept or not)
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
N=${N:-4000}
CHUNKS=${CHUNKS:-20}
CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-1000}
CAP=${CAP:-90}
TARGETS=${TARGETS:-gateway}
ALLOC=${ALLOC:-}
COUNTERS=${COUNTERS:-dotnet-counters}
WARMUP=${WARMUP:-20}
STREAM_WARMUP=${STREAM_WARMUP:-0}
OPEN_CONCURRENCY=${OPEN_CONCURRENCY:-256}
for t in $TARGETS; do case $t in gateway|yarp|direct) ;; *) echo "unknown target '$t' (gateway, yarp, direct)" >&2; exit 2;; esac; done

# The gateway holds two sockets per stream, the client and the upstream one each; every process has its own limit.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * N + 1000)) ]; then
  echo "open-file limit $(ulimit -n) is too low for N=$N (needs about $((2 * N + 1000))); lower N or raise ulimit -n" >&2; exit 2
fi
ensure_tools curl python3
if [ -z "${SKIP_BUILD:-}" ]; then # SKIP_BUILD=1 reuses the last build
  build
  dotnet publish load-tests/StreamClient -c Release -o "$OUT/client" --nologo -v q >/dev/null
fi

status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; } # status_kb PID VmRSS|VmHWM

# sample_rss FILE SECONDS PID...: the highest VmRSS (kB) of each PID every 0.5 s, rewritten to FILE as "pid kb" lines;
# bounded by count (SECONDS * 2 samples); run it in the background and stop it by PID.
sample_rss() {
  local file=$1 samples=$(($2 * 2)); shift 2
  local -A max=()
  local pid key value _ line
  for pid in "$@"; do max[$pid]=0; done
  for _ in $(seq 1 "$samples"); do
    line=""
    for pid in "$@"; do
      while read -r key value _; do
        if [ "$key" = VmRSS: ]; then [ "$value" -gt "${max[$pid]}" ] && max[$pid]=$value; break; fi
      done < "/proc/$pid/status" 2>/dev/null || true
      line+="$pid ${max[$pid]}"$'\n'
    done
    printf '%s' "$line" > "$file.tmp" && mv "$file.tmp" "$file"
    sleep 0.5
  done
}

# stop PID: SIGTERM, up to 10 s to exit, then SIGKILL; and forget it, so that cleanup never signals a reused PID.
stop() {
  local pid=$1 keep=() p
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
  PIDS=("${keep[@]}")
}

RAW="$OUT/streams-raw.txt"; : > "$RAW"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
run_target() {
  local target=$1 began=$SECONDS
  local up front="" front_pid="" url name=""
  up=$(free_port)
  dotnet "$OUT/upstream/Gateway.FakeUpstream.dll" --port "$up" --chunks "$CHUNKS" --chunk-delay-ms "$CHUNK_DELAY_MS" >/dev/null 2>&1 &
  local up_pid=$!; PIDS+=("$up_pid")
  wait_for "http://127.0.0.1:$up/v1/models"
  case $target in
    gateway)
      front=$(free_port); name=gateway
      start_gateway "$front" AI_FAKE_URL="http://127.0.0.1:$up/v1" AI_FAKE_TYPE=custom AI_FAKE_FAST=fake-model AI_FAKE_SMART=fake-model \
        Gateway__Limits__MaxConcurrentConnections=$((N + 1000 > 10000 ? N + 1000 : 10000))
      front_pid=$GW_PID;;
    yarp)
      front=$(free_port); name="bare forwarder"
      UPSTREAM="http://127.0.0.1:$up" ASPNETCORE_URLS="http://127.0.0.1:$front" dotnet "$OUT/forwarder/BareForwarder.dll" >/dev/null 2>&1 &
      front_pid=$!; PIDS+=("$front_pid")
      wait_for "http://127.0.0.1:$front/v1/models";;
    direct) front=$up;;
  esac
  url="http://127.0.0.1:$front/v1/chat/completions"

  # RSS at start-up; warm-up (JIT, connection pools) with non-streaming requests, which the fake upstream answers
  # at once; then idle, the baseline of the load.
  local procs=("$up_pid") start=() idle=() p
  [ -n "$front_pid" ] && procs=("$front_pid" "$up_pid")
  sleep 1
  for p in "${procs[@]}"; do start+=("$(status_kb "$p" VmRSS)"); done
  dotnet "$OUT/client/StreamClient.dll" --url "$url" --streams "$WARMUP" --stream false --deadline-s 10 >/dev/null 2>&1 || true
  if [ "$STREAM_WARMUP" -gt 0 ]; then
    dotnet "$OUT/client/StreamClient.dll" --url "$url" --streams "$STREAM_WARMUP" --deadline-s $((CHUNKS * CHUNK_DELAY_MS / 1000 + 30)) >/dev/null 2>&1 || true
  fi
  sleep 2
  for p in "${procs[@]}"; do idle+=("$(status_kb "$p" VmRSS)"); done

  local budget=$((CAP - (SECONDS - began) - 10))
  [ "$budget" -ge 10 ] || { echo "$target: no time left under CAP=$CAP s for the load" >&2; return 1; }
  sample_rss "$OUT/streams-sampled.txt" "$budget" "${procs[@]}" & local sampler=$!; PIDS+=("$sampler")
  local counters="" csv="$OUT/streams-alloc-$target.csv"
  if [ -n "$ALLOC" ] && [ -n "$front_pid" ]; then
    # The runtime's allocated-bytes counter each second; it ends when the process is stopped below.
    rm -f "$csv"
    "$COUNTERS" collect -p "$front_pid" --counters "System.Runtime[dotnet.gc.heap.total_allocated]" --refresh-interval 1 --format csv -o "$csv" >/dev/null 2>&1 &
    counters=$!; PIDS+=("$counters")
    sleep 2
  fi
  echo "$target: $N streams of $CHUNKS chunks ${CHUNK_DELAY_MS} ms apart, deadline ${budget} s..." >&2
  local result
  result=$(timeout -k 5 $((budget + 5)) dotnet "$OUT/client/StreamClient.dll" --url "$url" --streams "$N" \
    --deadline-s "$budget" --open-concurrency "$OPEN_CONCURRENCY" 2> >(sed "s/^/  $target client: /" >&2) || true)
  echo "  $target client: ${result:-no result (killed at the cap)}" >&2
  local hwm=()
  for p in "${procs[@]}"; do hwm+=("$(status_kb "$p" VmHWM)"); done
  stop "$sampler"
  [ -n "$front_pid" ] && stop "$front_pid"
  stop "$up_pid"
  local alloc=""
  if [ -n "$counters" ]; then
    stop "$counters"
    alloc=$(awk -F, -v n="$N" '$3 ~ /total_allocated/ { v = $NF + 0; if (v > 0) sum += v } END { if (sum > 0) printf "%.1f", sum / n / 1024 }' "$csv" 2>/dev/null || true)
  fi

  local field done=0 errors=$N open_peak=0 all_open=-1 seconds=-1
  for field in $result; do
    case $field in done=*) done=${field#*=};; errors=*) errors=${field#*=};; open_peak=*) open_peak=${field#*=};;
      all_open_s=*) all_open=${field#*=};; seconds=*) seconds=${field#*=};; esac
  done
  local i label sampled
  for i in "${!procs[@]}"; do
    label=$name; [ "${procs[$i]}" = "$up_pid" ] && label="fake upstream"
    sampled=$(awk -v p="${procs[$i]}" '$1 == p { print $2 }' "$OUT/streams-sampled.txt" 2>/dev/null || true)
    local allocated="-"; [ "${procs[$i]}" = "$front_pid" ] && [ -n "$alloc" ] && allocated=$alloc
    echo "$target|$label|${start[$i]}|${idle[$i]}|${hwm[$i]}|${sampled:-0}|$done|$errors|$open_peak|$all_open|$seconds|$allocated" >> "$RAW"
  done
}

for target in $TARGETS; do run_target "$target"; done

{
  echo "Streams load test $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores (load average $LOAD at the start); $N concurrent streams of $CHUNKS chunks ${CHUNK_DELAY_MS} ms apart (one client, at most $OPEN_CONCURRENCY waiting for headers at once); start-up = VmRSS 1 s after the process answers; idle = VmRSS after $WARMUP non-streaming requests$([ "$STREAM_WARMUP" -gt 0 ] && echo " and $STREAM_WARMUP streams (warm)"), the baseline; peak = VmHWM, and the highest VmRSS sampled every 0.5 s; KB per stream = (VmHWM - idle) / $N."
  echo
  echo "| target | process | start-up MB | idle MB | peak MB (VmHWM) | peak MB (sampled) | KB per stream | KB allocated per stream | completed [DONE] | errors | open at once | all open after s | duration s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  while IFS='|' read -r target label start idle hwm sampled done errors open_peak all_open seconds allocated; do
    awk -v t="$target" -v l="$label" -v u="$start" -v i="$idle" -v h="$hwm" -v s="$sampled" -v n="$N" -v d="$done" -v e="$errors" -v o="$open_peak" -v a="$all_open" -v sec="$seconds" -v al="$allocated" \
      'BEGIN { printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f | %s | %d | %d | %d | %s | %s |\n", t, l, u / 1024, i / 1024, h / 1024, s / 1024, (h - i) / n, al, d, e, o, a, sec }'
  done < "$RAW"
  awk -F'|' -v n="$N" '$1 != seen && $9 + 0 < n { seen = $1; short = short sprintf("%s%s (%d)", short ? ", " : "", $1, $9) }
    END { if (short) printf "\nNot all %d streams were open at once in: %s; the first streams ended before the last had opened, so that peak understates the memory of %d open streams.\n", n, short, n }' "$RAW"
} | tee "$RESULTS/streams-latest.md"
