#!/usr/bin/env bash
# Podman as a Docker-API engine for the runtime conformance suite (recipes §1).
# Idempotent: installs only what is missing, rebuilds nothing that exists, starts the service only when its
# socket does not answer.
set -euo pipefail
# Daemons inherit the working directory: start them from / so that removing a checkout never breaks them
# (conmon fails with "Failed to get working directory" once its cwd is gone).
cd /
export DEBIAN_FRONTEND=noninteractive
RT=/tmp/ci-rt
SOCK=$RT/podman.sock
mkdir -p "$RT"

pkgs=(podman runc conmon netavark aardvark-dns catatonit iptables iproute2 busybox-static curl skopeo)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  # --no-install-recommends keeps crun and CNI out: crun fails on this cgroup v1 hybrid machine.
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# runc instead of crun; both ulimits lowered because root lacks CAP_SYS_RESOURCE here (recipes §0).
conf_changed=0
want_conf='[containers]
default_ulimits = [ "nofile=1024:1024", "nproc=4096:4096" ]
[engine]
runtime = "runc"'
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$want_conf" ]; then
  printf '%s\n' "$want_conf" > /etc/containers/containers.conf
  conf_changed=1
fi
mkdir -p /etc/containers/registries.conf.d
want_reg='[[registry]]
location = "127.0.0.1:5000"
insecure = true

[[registry]]
location = "127.0.0.1:5001"
insecure = true'
if [ "$(cat /etc/containers/registries.conf.d/50-local-insecure.conf 2>/dev/null)" != "$want_reg" ]; then
  printf '%s\n' "$want_reg" > /etc/containers/registries.conf.d/50-local-insecure.conf
  conf_changed=1
fi

# Subordinate ids for `caisson serve --user-namespaces auto` (podman's userns=auto takes ranges from the
# "containers" entries).
for f in /etc/subuid /etc/subgid; do
  if ! grep -q '^containers:' "$f" 2>/dev/null; then
    echo "containers:2147483647:2147483648" >> "$f"
    conf_changed=1
  fi
done

# busybox image built offline; relative symlinks (busybox --install -s would write absolute host paths).
if ! podman image exists localhost/busybox:ci; then
  B=$(mktemp -d /tmp/bbroot.XXXXXX)
  mkdir -p "$B/bin" "$B/tmp" "$B/etc" "$B/root"
  cp /bin/busybox "$B/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$B/bin/$a"; done
  chmod 1777 "$B/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$B/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$B/etc/group"
  tar -C "$B" -c . | podman import --change 'CMD ["/bin/sh"]' - localhost/busybox:ci >/dev/null
  rm -rf "$B"
fi

ping_ok() { curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }

# registries.conf is read once per service process: restart the service when it changed.
if [ "$conf_changed" = 1 ] && [ -f "$RT/podman-service.pid" ]; then
  kill "$(cat "$RT/podman-service.pid")" 2>/dev/null || true
  for _ in $(seq 50); do ping_ok || break; sleep 0.1; done
fi
if ! ping_ok; then
  rm -f "$SOCK"
  nohup podman system service --time=0 "unix://$SOCK" > "$RT/podman-service.log" 2>&1 &
  echo $! > "$RT/podman-service.pid"
  for _ in $(seq 100); do ping_ok && break; sleep 0.1; done
fi
ping_ok || { echo "podman service did not answer on $SOCK"; cat "$RT/podman-service.log"; exit 1; }
echo "podman ready on $SOCK"
