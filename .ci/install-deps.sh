#!/usr/bin/env bash
# Installs what the build and the tests need on a Debian machine (run as root):
#   - redis-server and redis-tools: the reference redis-server 7.0 the differential tests compare
#     against, and redis-cli / redis-benchmark used by the distribution checks and bench/;
#   - a JDK 17 and Maven, only when missing.
# The packaged redis-server service is kept from starting (and stopped if it runs), so it does
# not occupy port 6379: tests start their own redis-server processes on free ports.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (try: sudo $0)" >&2
  exit 1
fi

# python3-redis: the search family's redis-py test (skipped without it)
packages=(redis-server redis-tools python3-redis)
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)

# A policy-rc.d that answers 101 keeps maintainer scripts from starting services during the
# install (the usual way on containers). Only put ours there when there is none, and remove it after.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() { [ "$own_policy" = 1 ] && rm -f "$policy"; return 0; }
trap cleanup EXIT

apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# If the packaged service was started anyway (a systemd machine, or an earlier install), stop it
# and keep it from starting at boot.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now redis-server >/dev/null 2>&1 || true
else
  if command -v service >/dev/null 2>&1; then
    service redis-server stop >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/redis-server ]; then
    /etc/init.d/redis-server stop >/dev/null 2>&1 || true
  fi
  command -v update-rc.d >/dev/null 2>&1 && update-rc.d redis-server disable >/dev/null 2>&1 || true
fi

echo "install-deps: $(redis-server --version | cut -d' ' -f1-3), $(javac -version 2>&1), $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"
