#!/usr/bin/env bash
# nginx, the load balancer the replicas chaos test puts in front of three `caisson serve` replicas. The test
# writes its own nginx.conf in a temporary directory and runs nginx as its own child process on a free port, so
# nothing is configured or started here. Idempotent: installs only if missing, and stops the service Debian
# starts on install (port 80 is not the test's).
set -euo pipefail
cd /
export DEBIAN_FRONTEND=noninteractive
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx
  (systemctl stop nginx 2>/dev/null || service nginx stop 2>/dev/null || nginx -s stop 2>/dev/null) || true
fi
echo "nginx ready: $(/usr/sbin/nginx -v 2>&1)"
