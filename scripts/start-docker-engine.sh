#!/usr/bin/env bash
# Installs (Debian docker.io) and starts a Docker engine on a machine that has none, with the flags this
# sandbox needs: no iptables, no bridge (containers use --network host), vfs storage. Idempotent.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  echo "Docker engine already running"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v busybox >/dev/null 2>&1; then
  echo "installing docker.io and busybox-static"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null
fi
nohup dockerd --iptables=false --ip-masq=false --bridge=none --storage-driver=vfs >/tmp/dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "Docker engine started ($(docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}'))"
    exit 0
  fi
  sleep 1
done
echo "Docker engine did not start; last lines of /tmp/dockerd.log:" >&2
tail -n 30 /tmp/dockerd.log >&2
exit 1
