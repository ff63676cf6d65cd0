#!/usr/bin/env bash
# Installs Debian's Prometheus and Alertmanager (prometheus, promtool, prometheus-alertmanager, amtool) for the
# tests that run them with docs/integrations/. Idempotent: skips what is there. Installs only: the tests start
# the programs themselves, as child processes on free ports; nothing here starts a service.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 \
    && { command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1; } \
    && command -v amtool >/dev/null 2>&1; then
  echo "Prometheus and Alertmanager already installed"
  exit 0
fi
echo "installing prometheus and prometheus-alertmanager"
apt-get update -qq
# A policy-rc.d that answers 101 keeps the packages' postinst from starting them as services.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
echo "installed: $(prometheus --version 2>&1 | head -n 1); $(amtool --version 2>&1 | head -n 1)"
