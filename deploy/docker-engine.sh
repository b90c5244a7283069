# A Docker engine for the tests and the image test, on a machine with no service manager and no image registry.
# Sourced (not run) by tests/run.sh and deploy/image-test.sh:
#
#   source deploy/docker-engine.sh
#   engine_up                      # installs docker.io, debootstrap, docker-compose when missing; starts dockerd
#   engine_base_image              # the Debian base image, made once with debootstrap and kept by the engine
#   engine_build NAME DIR [FILE]   # docker build -t NAME DIR (quiet, fails with the build's log)
#   engine_prune_test_containers   # removes stopped containers Testcontainers left behind
#   engine_down                    # stops dockerd if engine_up started it (by PID), else leaves it alone
#
# dockerd binds published ports to 127.0.0.1 only (--ip). When an engine already answers (another script of this
# run started it, or the machine has one), it is used as it is and left running. Functions return non-zero with
# one "docker-engine: ..." line on standard error saying what failed; callers decide whether that is fatal.

ENGINE_BASE_IMAGE=${ENGINE_BASE_IMAGE:-gateway-test/debian:bookworm}
ENGINE_SUITE=${ENGINE_SUITE:-bookworm}
# Testcontainers for .NET: Debian's engine speaks API 1.41; the reaper (Ryuk) image would come from a registry these
# machines cannot reach, so the fixtures remove their own containers; mapped ports are read on 127.0.0.1.
export DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
ENGINE_PID=""
ENGINE_DIR=""

engine_log() { echo "docker-engine: $*" >&2; }

engine_install() {
  local missing=()
  [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  [ ${#missing[@]} -eq 0 ] && return 0
  engine_log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { engine_log "apt-get install ${missing[*]} failed"; return 1; }
}

engine_up() {
  local started
  started=$(date +%s)
  engine_install || return 1
  if docker info >/dev/null 2>&1; then
    engine_log "using the engine that already runs"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    engine_log "no engine answers and starting dockerd needs root"
    return 1
  fi
  ENGINE_DIR=$(mktemp -d /tmp/gateway-dockerd.XXXXXX)
  # setsid: its own session, so a Ctrl-C in the caller's terminal reaches the caller's trap, not dockerd directly.
  setsid nohup /usr/sbin/dockerd --ip=127.0.0.1 >"$ENGINE_DIR/dockerd.log" 2>&1 </dev/null &
  ENGINE_PID=$!
  for _ in $(seq 1 150); do
    if docker info >/dev/null 2>&1; then
      engine_log "dockerd (pid $ENGINE_PID) up in $(( $(date +%s) - started )) s"
      return 0
    fi
    kill -0 "$ENGINE_PID" 2>/dev/null || break
    sleep 0.2
  done
  engine_log "dockerd did not answer within 30 s; its log:"
  tail -n 20 "$ENGINE_DIR/dockerd.log" >&2
  engine_down
  return 1
}

# Containers Testcontainers left stopped (a test process that died before its fixtures ran; there is no reaper
# here): removed with their volumes. Running ones, and any other container, are left alone.
engine_prune_test_containers() {
  local stale
  stale=$(docker ps -aq --filter label=org.testcontainers --filter status=exited --filter status=created)
  [ -n "$stale" ] || return 0
  docker rm -v $stale >/dev/null 2>&1 && engine_log "removed $(wc -w <<<"$stale") stopped test container(s)"
  return 0
}

engine_down() {
  [ -n "$ENGINE_PID" ] || return 0
  kill "$ENGINE_PID" 2>/dev/null || true
  # dockerd stops its containers and its containerd before it exits.
  for _ in $(seq 1 150); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$ENGINE_PID" 2>/dev/null || true
  wait "$ENGINE_PID" 2>/dev/null || true
  engine_log "dockerd (pid $ENGINE_PID) stopped"
  ENGINE_PID=""
  [ -n "$ENGINE_DIR" ] && rm -rf "$ENGINE_DIR"
  ENGINE_DIR=""
}

# The Debian mirror apt uses here (deb822 .sources or one-line .list files), else Debian's own.
engine_mirror() {
  local mirror
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }')
  [ -n "$mirror" ] || mirror=$(cat /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null |
    awk '/^deb / && $2 ~ /debian\/?$/ { print $2; exit }')
  echo "${mirror:-http://deb.debian.org/debian}"
}

# A minimal Debian made by debootstrap from the mirror, imported as $ENGINE_BASE_IMAGE. Skipped when the engine has
# it already (the engine keeps images in /var/lib/docker between runs). Nothing of this machine goes in: the
# rootfs's resolv.conf and hostname (copied from the host by debootstrap) are emptied, apt's caches dropped, and no
# certificate is added.
engine_base_image() {
  if docker image inspect "$ENGINE_BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  local started rootfs mirror
  started=$(date +%s)
  mirror=$(engine_mirror)
  rootfs=$(mktemp -d /tmp/gateway-rootfs.XXXXXX)
  engine_log "debootstrap --variant=minbase $ENGINE_SUITE from $mirror"
  if ! debootstrap --variant=minbase "$ENGINE_SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1; then
    engine_log "debootstrap failed; its log:"
    tail -n 20 "$rootfs.log" >&2
    engine_unmount_rootfs "$rootfs" && rm -rf --one-file-system "$rootfs"
    rm -f "$rootfs.log"
    return 1
  fi
  # debootstrap mounts /proc (and, in a container, may bind /dev and /sys) inside the new root and has been seen to
  # leave /proc mounted: nothing under the rootfs may stay mounted before it is archived or deleted.
  engine_unmount_rootfs "$rootfs" || return 1
  rm -rf --one-file-system "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/tmp/*
  : >"$rootfs/etc/resolv.conf"
  : >"$rootfs/etc/hostname"
  # As in Debian's own images: packages installed in a build do not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  tar -C "$rootfs" --one-file-system -c . | docker import -c 'CMD ["/bin/bash"]' - "$ENGINE_BASE_IMAGE" >/dev/null
  local status=$?
  rm -rf --one-file-system "$rootfs"
  rm -f "$rootfs.log"
  [ $status -eq 0 ] || { engine_log "docker import failed"; return 1; }
  engine_log "base image $ENGINE_BASE_IMAGE made in $(( $(date +%s) - started )) s"
}

# Unmounts every file system mounted under ROOTFS, deepest first; fails (and says so) if one stays mounted.
engine_unmount_rootfs() {
  local rootfs=$1 target targets
  for _ in 1 2 3; do
    targets=$(awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r)
    [ -n "$targets" ] || return 0
    for target in $targets; do umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true; done
  done
  engine_log "still mounted under $rootfs: $targets (not archived, not deleted)"
  return 1
}

# engine_build NAME DIR [DOCKERFILE [more docker build arguments]]: builds with the legacy builder (no buildx here),
# on the base image; prints the build's log only when it fails.
engine_build() {
  local name=$1 dir=$2 file=${3:-$2/Dockerfile} log
  shift 3 2>/dev/null || shift $#
  log=$(mktemp)
  if ! DOCKER_BUILDKIT=0 docker build -t "$name" -f "$file" --build-arg "BASE=$ENGINE_BASE_IMAGE" "$@" "$dir" >"$log" 2>&1; then
    engine_log "docker build $name failed; its log:"
    tail -n 30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
