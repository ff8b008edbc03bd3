#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the differential tests against a real redis-server,
# the integration tests and the distribution launcher test (mvn verify).
#
# The differential tests need redis-server 7.0 (Debian package redis-server): when it or
# redis-cli is missing, .ci/install-deps.sh installs them first (as root, or through sudo).
# Extra arguments go to Maven, e.g. ./test.sh -pl kv-testkit -am -Dtest=DifferentialTest
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1 \
    || ! command -v mvn >/dev/null 2>&1; then
  echo "test.sh: installing redis-server, redis-tools (and a JDK/Maven if missing)"
  if [ "$(id -u)" -eq 0 ]; then
    bash .ci/install-deps.sh
  else
    sudo bash .ci/install-deps.sh
  fi
fi

exec mvn -B verify "$@"
