#!/usr/bin/env bash
# Chromium for the console's browser tests (Playwright drives /usr/bin/chromium; it cannot download its own
# browser on these machines). Idempotent: installs only when missing.
set -euo pipefail
cd /
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
fi
chromium --version
