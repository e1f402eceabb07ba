#!/usr/bin/env bash
# Docker Engine (Debian docker.io) on a private socket for the runtime conformance suite (recipes §4).
# Idempotent: starts dockerd only when its socket does not answer; imports the busybox image only when missing.
set -euo pipefail
# Daemons inherit the working directory: start them from / so that removing a checkout never breaks them
# (conmon fails with "Failed to get working directory" once its cwd is gone).
cd /
export DEBIAN_FRONTEND=noninteractive
DK=/tmp/dk
SOCK=$DK/docker.sock
mkdir -p "$DK"

if ! dpkg -s docker.io >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io
fi

ping_ok() { curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }
if ! ping_ok; then
  rm -f "$SOCK"
  nohup dockerd --host "unix://$SOCK" --data-root "$DK/data" --exec-root "$DK/exec" \
    --pidfile "$DK/dockerd.pid" --storage-driver overlay2 --ip 127.0.0.1 > "$DK/dockerd.log" 2>&1 &
  echo $! > "$DK/dockerd.launch.pid"
  for _ in $(seq 300); do ping_ok && break; sleep 0.1; done
fi
ping_ok || { echo "dockerd did not answer on $SOCK"; tail -50 "$DK/dockerd.log"; exit 1; }

# The same offline busybox image as podman's (built by 10-podman.sh), so both engines run identical bits.
export DOCKER_HOST=unix://$SOCK
if ! docker image inspect localhost/busybox:ci >/dev/null 2>&1; then
  podman export "$(podman create localhost/busybox:ci true)" > "$DK/busybox.tar"
  podman rm -f "$(podman ps -aq --filter ancestor=localhost/busybox:ci --filter status=created)" >/dev/null 2>&1 || true
  docker import --change 'CMD ["/bin/sh"]' "$DK/busybox.tar" localhost/busybox:ci >/dev/null
  rm -f "$DK/busybox.tar"
fi
echo "docker ready on $SOCK"
