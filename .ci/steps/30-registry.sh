#!/usr/bin/env bash
# Two local registries (recipes §3): 127.0.0.1:5000 open, 127.0.0.1:5001 with basic auth (ciuser/cipass).
# The test image is pushed to both as 127.0.0.1:500x/caisson/busybox:ci. Idempotent.
set -euo pipefail
# Daemons inherit the working directory: start them from / so that removing a checkout never breaks them
# (conmon fails with "Failed to get working directory" once its cwd is gone).
cd /
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in docker-registry apache2-utils skopeo curl; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

start_registry() { # dir port [auth]
  local dir=$1 port=$2 auth=${3:-}
  if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/v2/"; then return 0; fi
  mkdir -p "$dir/data"
  {
    echo "version: 0.1"
    echo "storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$port, secret: caisson-ci-$port}"
    if [ -n "$auth" ]; then echo "auth: {htpasswd: {realm: basic-realm, path: $dir/htpasswd}}"; fi
  } > "$dir/config.yml"
  if [ -n "$auth" ]; then htpasswd -Bbc "$dir/htpasswd" ciuser cipass 2>/dev/null; fi
  nohup docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  echo $! > "$dir/registry.pid"
  for _ in $(seq 100); do curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/v2/" && return 0; sleep 0.1; done
  echo "registry on :$port did not start"; cat "$dir/registry.log"; exit 1
}
start_registry /tmp/reg 5000
start_registry /tmp/reg-auth 5001 auth

push() { # port [creds]
  local port=$1 creds=${2:-}
  local args=(--dest-tls-verify=false)
  [ -n "$creds" ] && args+=(--dest-creds "$creds")
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' ${creds:+-u "$creds"} "http://127.0.0.1:$port/v2/caisson/busybox/manifests/ci")
  [ "$code" = 200 ] && return 0
  skopeo copy -q "${args[@]}" containers-storage:localhost/busybox:ci "docker://127.0.0.1:$port/caisson/busybox:ci"
}
push 5000
push 5001 ciuser:cipass
echo "registries ready on 127.0.0.1:5000 and 127.0.0.1:5001"
