#!/usr/bin/env bash
# Installs Debian's Chromium and its ChromeDriver for the console's browser tests (headless). Idempotent: skips
# what is there. The tests start the browser themselves.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "Chromium and ChromeDriver already installed: $(chromium --version 2>/dev/null | head -n 1)"
  exit 0
fi
echo "installing chromium and chromium-driver"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "installed: $(chromium --version 2>/dev/null | head -n 1); $(chromedriver --version 2>/dev/null | head -n 1)"
