#!/usr/bin/env bash
# The image test: builds the gateway's image from the project's Dockerfile and runs it as users would, on a machine
# with no image registry (Debian's docker.io engine, images built from a Debian base made by debootstrap).
#
#   deploy/image-test.sh              # publishes src/Gateway and tests/Gateway.FakeUpstream (Release) first
#   deploy/image-test.sh --no-build   # publishes the Release builds already there (tests/run.sh, after dotnet test)
#
# 1. The engine (deploy/docker-engine.sh): installs docker.io, debootstrap and docker-compose when missing, starts
#    dockerd on 127.0.0.1 unless one runs, makes the Debian base image once (kept by the engine between runs).
# 2. Publishes on the host into artifacts/image/ (restoring inside a build container does not work on these
#    machines; the Dockerfile says so) and builds the Dockerfile's runtime and fake-upstream stages on a local
#    stand-in for the ASP.NET runtime image (tests/images/aspnet), plus Redis, PostgreSQL and Prometheus images.
# 3. On a bridge network of its own: FakeUpstream containers, and the gateway as its non-root user with a read-only
#    root filesystem, /tmp in memory and a data volume. Checks /healthz, /readyz (the store), the admin API writing
#    to the SQLite store (a 32-character admin key), a chat through FakeUpstream with the key it made, the store
#    after a restart, and SIGTERM during a stream (the stream ends with [DONE], the container exits 0).
# 4. deploy/docker-compose.yml with deploy/docker-compose.local.yml on top (local images), by Debian's
#    docker-compose: gateway, Redis, PostgreSQL, two FakeUpstreams, Prometheus. Checks a chat through it, the store
#    in PostgreSQL, and the Prometheus target of the gateway up.
#
# Prints one line per check and ends with "N passed, N failed" (.ci/run adds it to its totals); exits 0 only when
# every check held. Everything it started (containers, network, volumes, compose project, dockerd if it started
# it) is stopped on exit. Ports are published on 127.0.0.1 only.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=deploy/docker-engine.sh
source deploy/docker-engine.sh

BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0
RUN_ID="gwimg$$"
NET="$RUN_ID-net"
VOLUME="$RUN_ID-data"
GATEWAY="$RUN_ID-gateway"
WORK=$(mktemp -d)
ADMIN_KEY=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)
COMPOSE=(docker-compose -p "$RUN_ID" -f deploy/docker-compose.yml -f deploy/docker-compose.local.yml)
COMPOSE_UP=0
PASSED=0
FAILED=0
STARTED=$(date +%s)

# The report goes to file descriptor 3 (standard output), whatever a step's own output is redirected to.
exec 3>&1
pass() { PASSED=$((PASSED + 1)); echo "image-test: ok      $*" >&3; }
fail() { FAILED=$((FAILED + 1)); echo "image-test: FAILED  $*" >&3; }
# check NAME COMMAND...: one line, ok or FAILED, with what the command printed (it runs in this shell: it may set
# variables for the checks after it).
check() {
  local name=$1 out
  shift
  if "$@" >"$WORK/check.out" 2>&1; then
    out=$(tr '\n' ' ' <"$WORK/check.out" | head -c 300)
    pass "$name${out:+ ($out)}"
  else
    out=$(tr '\n' ' ' <"$WORK/check.out" | head -c 600)
    fail "$name: ${out:-no output}"
  fi
}
phase() { echo "image-test: $* ($(( $(date +%s) - STARTED )) s)" >&3; }

finish() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$COMPOSE_UP" -eq 1 ]; then "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true; fi
  docker rm -f -v $(docker ps -aq --filter "name=^$RUN_ID-") >/dev/null 2>&1 || true
  docker volume rm "$VOLUME" >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
  engine_down
  rm -rf "$WORK"
  [ "$status" -ne 0 ] && [ "$FAILED" -eq 0 ] && FAILED=1
  echo "image-test: took $(( $(date +%s) - STARTED )) s" >&3
  echo "$PASSED passed, $FAILED failed" >&3
  [ "$FAILED" -eq 0 ] && exit 0 || exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

# Stops the run with one FAILED line when a step that everything after it needs does not work.
need() {
  local name=$1
  shift
  if ! "$@"; then fail "$name"; exit 1; fi
}

# ---- 1. engine ----
need "Docker engine (deploy/docker-engine.sh)" engine_up
need "Debian base image ($ENGINE_BASE_IMAGE)" engine_base_image
phase "engine ready"

# ---- 2. publish on the host, build the images ----
# The Dockerfile's own `RUN dotnet publish PROJECT ... -o DIR` line, run here with the output moved to artifacts/image/.
publish() {
  local project=$1 dir=$2 out=$3 line args extra=()
  [ "$BUILD" -eq 0 ] && extra=(--no-build)
  line=$(grep -m 1 "^RUN dotnet publish $project " Dockerfile) || { echo "no 'RUN dotnet publish $project' line in the Dockerfile" >&2; return 1; }
  read -r -a args <<<"$(sed -e 's/^RUN dotnet publish //' -e 's/ --no-restore//' -e "s# -o $dir##" <<<"$line")"
  rm -rf "$out"
  dotnet publish "${args[@]}" -o "$out" "${extra[@]}" --nologo -v q >"$WORK/publish.log" 2>&1 ||
    { tail -n 20 "$WORK/publish.log" >&2; return 1; }
}
need "publish the gateway on the host (the Dockerfile's publish line)" publish src/Gateway/Gateway.csproj /app artifacts/image/app
need "publish FakeUpstream on the host (the Dockerfile's publish line)" publish tests/Gateway.FakeUpstream/Gateway.FakeUpstream.csproj /fake artifacts/image/fake

# The stand-in for mcr.microsoft.com/dotnet/aspnet:10.0: the host's .NET 10 runtimes (not its SDK) on the base.
aspnet_image() {
  local dotnet_root context version
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  context="$WORK/aspnet"
  mkdir -p "$context/dotnet/shared" "$context/dotnet/host"
  cp "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$context/dotnet/" 2>/dev/null
  cp -r "$dotnet_root/host/fxr" "$context/dotnet/host/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    version=$(ls "$dotnet_root/shared/$framework" | grep '^10\.' | sort -V | tail -n 1)
    [ -n "$version" ] || { echo "no .NET 10 $framework under $dotnet_root" >&2; return 1; }
    mkdir -p "$context/dotnet/shared/$framework"
    cp -r "$dotnet_root/shared/$framework/$version" "$context/dotnet/shared/$framework/"
  done
  engine_build gateway-test/aspnet:10.0 "$context" tests/images/aspnet/Dockerfile
}
need "runtime base image (tests/images/aspnet)" aspnet_image

# The project's Dockerfile, with BuildKit (it builds only the stages a target uses, so the SDK stages that need a
# registry are skipped): Debian's docker CLI has BuildKit built in, the newer CLI on PATH would need buildx.
dockerfile_build() {
  local target=$1 name=$2
  DOCKER_BUILDKIT=1 /usr/bin/docker build -q --target "$target" -t "$name" \
    --build-arg APP=published --build-arg FAKE_APP=published --build-arg RUNTIME_BASE=gateway-test/aspnet:10.0 . \
    >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; return 1; }
}
need "Dockerfile target runtime" dockerfile_build runtime gateway-test/gateway
need "Dockerfile target fake-upstream" dockerfile_build fake-upstream gateway-test/fake-upstream
need "Redis image (tests/images/redis)" engine_build gateway-test/redis tests/images/redis
need "PostgreSQL image (tests/images/postgres)" engine_build gateway-test/postgres tests/images/postgres
need "Prometheus image (tests/images/prometheus)" engine_build gateway-test/prometheus tests/images/prometheus
phase "images built"

# No certificate the build machine added to its own trust store (/usr/local/share/ca-certificates) is in an image:
# each one's first line of base64 is looked for in every image's CA files.
no_host_certificates() {
  local image found=0 lines
  lines=$(for f in /usr/local/share/ca-certificates/*.crt; do [ -f "$f" ] && sed -n '2p' "$f"; done)
  for image in gateway-test/gateway gateway-test/fake-upstream gateway-test/redis gateway-test/postgres gateway-test/prometheus; do
    docker run --rm --entrypoint sh "$image" -c 'cat /etc/ssl/certs/*.crt /etc/ssl/certs/*.pem /usr/local/share/ca-certificates/* 2>/dev/null' >"$WORK/certs.txt"
    if [ -n "$lines" ] && grep -qF -f <(echo "$lines") "$WORK/certs.txt"; then echo "$image carries one"; found=1; fi
  done
  echo "$(ls /usr/local/share/ca-certificates/*.crt 2>/dev/null | wc -l) host certificate(s) looked for in 5 images"
  [ "$found" -eq 0 ]
}
check "no certificate of the build machine in any image" no_host_certificates

# ---- 3. the image, run as users run it ----
need "network $NET" docker network create --driver bridge "$NET" >/dev/null
need "FakeUpstream container" docker run -d --name "$RUN_ID-fake" --network "$NET" --network-alias fake gateway-test/fake-upstream >/dev/null
# A slow one for the stream cut by SIGTERM: 40 chunks, 100 ms apart.
need "slow FakeUpstream container" docker run -d --name "$RUN_ID-slow" --network "$NET" --network-alias slow \
  --entrypoint dotnet gateway-test/fake-upstream Gateway.FakeUpstream.dll --host 0.0.0.0 --port 9001 --name slow --chunks 40 --chunk-delay-ms 100 >/dev/null

start_gateway() {
  docker run -d --name "$GATEWAY" --network "$NET" --read-only --tmpfs /tmp -v "$VOLUME:/data" -p 127.0.0.1::8080 \
    -e AI_FAKE_URL=http://fake:9001/v1 -e AI_FAKE_TYPE=custom -e AI_FAKE_SMART=fake-smart \
    -e AI_SLOW_URL=http://slow:9001/v1 -e AI_SLOW_TYPE=custom -e AI_SLOW_FAST=slow-fast \
    -e AI_ADMIN_KEY="$ADMIN_KEY" -e Gateway__Shutdown__DrainTimeoutSeconds=20 \
    gateway-test/gateway >/dev/null
}
need "gateway container" start_gateway

# Waits until URL answers 200 (at most SECONDS, default 30).
wait_ok() {
  local url=$1 limit=${2:-30}
  for _ in $(seq 1 $((limit * 5))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}
gateway_url() { echo "http://$(docker port "$GATEWAY" 8080/tcp | head -n 1)"; }
URL=$(gateway_url)

healthz() {
  local started=$(date +%s%N)
  wait_ok "$URL/healthz" 30 || { docker logs "$GATEWAY" 2>&1 | grep -v '^\s*at ' | tail -n 30; return 1; }
  echo "up in $(( ($(date +%s%N) - started) / 1000000 )) ms on ${URL#http://}"
}
check "/healthz answers 200 (published on 127.0.0.1 only)" healthz
non_root() {
  local user readonly
  user=$(docker exec "$GATEWAY" id -u) && readonly=$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$GATEWAY") || return 1
  echo "uid $user, read-only root $readonly"
  [ "$user" = 1654 ] && [ "$readonly" = true ] && ! docker exec "$GATEWAY" touch /app/written 2>/dev/null
}
check "runs as uid 1654 with a read-only root filesystem" non_root
readyz() {
  local body
  body=$(curl -s --max-time 5 -w '\n%{http_code}' "$URL/readyz") || return 1
  echo "$body" | tr '\n' ' ' | head -c 300
  [ "${body##*$'\n'}" = 200 ] && grep -qi 'store' <<<"$body" && ! grep -qi 'store_unavailable\|"unavailable"' <<<"$body"
}
check "/readyz is 200 and reports the store" readyz

KEY=""
admin_writes() {
  local body code
  body=$(curl -s --max-time 10 -w '\n%{http_code}' -X POST "$URL/admin/keys" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'content-type: application/json' -d '{"owner":"image-test","label":"ci"}') || return 1
  code=${body##*$'\n'}
  [ "$code" = 201 ] || { echo "POST /admin/keys: $code ${body%$'\n'*}"; return 1; }
  KEY=$(sed -n 's/.*"key":"\(gw-[^"]*\)".*/\1/p' <<<"$body")
  [ -n "$KEY" ] || { echo "no key in the answer"; return 1; }
  docker exec "$GATEWAY" sh -c 'ls -ln /data' | awk 'NR > 1 { printf "%s %s; ", $3, $NF }'
  # The database file is the image user's, in the volume.
  docker exec "$GATEWAY" sh -c 'find /data -type f -user 1654 | grep -q .'
}
check "admin API writes to the SQLite store in the data volume (201 from POST /admin/keys)" admin_writes
chat() {
  local url=$1 model=$2 key=$3 body
  body=$(curl -s --max-time 15 -w '\n%{http_code}' "$url/v1/chat/completions" ${key:+-H "Authorization: Bearer $key"} \
    -H 'content-type: application/json' -d "{\"model\":\"$model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}") || return 1
  [ "${body##*$'\n'}" = 200 ] && grep -q 'Hello from' <<<"$body" || { echo "${body//$'\n'/ }" | head -c 300; return 1; }
  sed -n 's/.*"content":"\([^"]*\)".*/\1/p' <<<"$body" | head -c 60
}
check "chat through FakeUpstream with the key the admin API made" chat "$URL" smart "$KEY"
unauthorized() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/v1/models")" = 401 ]; }
check "without a key /v1 answers 401 once a managed key exists" unauthorized

restart_keeps_store() {
  docker restart -t 30 "$GATEWAY" >/dev/null || return 1
  URL=$(gateway_url)
  wait_ok "$URL/healthz" 30 || return 1
  chat "$URL" smart "$KEY" >/dev/null && echo "the key still works"
}
check "the store survives a restart (volume)" restart_keeps_store

sigterm_stream() {
  local out="$WORK/stream.txt" curl_pid code
  : >"$out"
  curl -s -N --max-time 30 "$URL/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
    -d '{"model":"fast","stream":true,"messages":[{"role":"user","content":"Hi"}]}' >"$out" &
  curl_pid=$!
  for _ in $(seq 1 100); do grep -q '^data: ' "$out" && break; sleep 0.1; done
  grep -q '^data: ' "$out" || { kill "$curl_pid" 2>/dev/null; echo "the stream did not start"; return 1; }
  docker kill -s TERM "$GATEWAY" >/dev/null || return 1
  wait "$curl_pid"
  code=$(docker wait "$GATEWAY")
  echo "$(grep -c '^data: ' "$out") events, exit code $code"
  grep -q 'token39' "$out" && [ "$(grep '^data: ' "$out" | tail -n 1)" = "data: [DONE]" ] && [ "$code" = 0 ]
}
check "SIGTERM during a stream: the stream runs to data: [DONE], the container exits 0" sigterm_stream
docker rm -f -v "$RUN_ID-fake" "$RUN_ID-slow" "$GATEWAY" >/dev/null 2>&1
phase "image checks done"

# ---- 4. the compose file ----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export GATEWAY_PORT PROMETHEUS_PORT AI_ADMIN_KEY="$ADMIN_KEY"
GATEWAY_PORT=$(free_port)
PROMETHEUS_PORT=$(free_port)
COMPOSE_UP=1
compose_up() {
  "${COMPOSE[@]}" up -d --no-build gateway prometheus >"$WORK/compose.log" 2>&1 || { tail -n 20 "$WORK/compose.log"; return 1; }
}
# Every service started is still running (grafana is not started: no local image).
compose_running() {
  "${COMPOSE[@]}" ps >"$WORK/ps.txt" 2>&1 || { cat "$WORK/ps.txt"; return 1; }
  awk 'NR > 2 { print $1 ": " ($0 ~ / Up/ ? "up" : "NOT UP") }' "$WORK/ps.txt"
  ! awk 'NR > 2' "$WORK/ps.txt" | grep -qv ' Up'
}
check "docker-compose up (deploy/docker-compose.yml + docker-compose.local.yml)" compose_up
CURL="http://127.0.0.1:$GATEWAY_PORT"
compose_chat() {
  # Ready, not only alive: until PostgreSQL answers, the gateway fails closed (a request without a key is 401, /readyz 503).
  wait_ok "$CURL/readyz" 90 || { "${COMPOSE[@]}" logs --no-color gateway 2>&1 | grep -v '^[^|]*|\s*at ' | tail -n 30; return 1; }
  chat "$CURL" fast ""
}
check "compose: a chat through the gateway to FakeUpstream" compose_chat
compose_store() {
  local body code
  # PostgreSQL may still be creating its cluster when the gateway starts: the gateway retries, /readyz says when.
  for _ in $(seq 1 60); do
    body=$(curl -s --max-time 5 "$CURL/readyz")
    grep -q '"store":"postgresql","store_status":"available"' <<<"$body" && break
    sleep 1
  done
  grep -q '"store":"postgresql","store_status":"available"' <<<"$body" || { echo "/readyz: ${body:-no answer}"; return 1; }
  code=$(curl -s -o "$WORK/admin.json" -w '%{http_code}' --max-time 10 -X POST "$CURL/admin/keys" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'content-type: application/json' -d '{"owner":"compose","label":"ci"}')
  [ "$code" = 201 ] || { echo "POST /admin/keys: $code $(head -c 200 "$WORK/admin.json")"; return 1; }
  echo "/readyz: store postgresql available; POST /admin/keys 201"
}
check "compose: the store is PostgreSQL and takes an admin write" compose_store
prometheus_target() {
  local body
  for _ in $(seq 1 60); do
    body=$(curl -s --max-time 2 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/targets?state=active")
    grep -q '"job":"gateway"' <<<"$body" && grep -q '"health":"up"' <<<"$body" && { echo "job gateway up"; return 0; }
    sleep 1
  done
  echo "${body:-no answer}" | head -c 300
  return 1
}
check "compose: Prometheus scrapes the gateway (target up)" prometheus_target
check "compose: every service started is still up" compose_running
# The image's HEALTHCHECK (dotnet Gateway.dll healthcheck: there is no curl in the image) reports healthy.
healthy() {
  local id status=""
  id=$("${COMPOSE[@]}" ps -q gateway) || return 1
  for _ in $(seq 1 40); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$id") && [ "$status" = healthy ] && { echo "$status"; return 0; }
    sleep 1
  done
  echo "health: ${status:-none}"
  return 1
}
check "compose: the gateway's HEALTHCHECK reports healthy" healthy
phase "compose checks done"
