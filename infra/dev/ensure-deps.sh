#!/usr/bin/env bash
# Installs what the project needs before it runs: npm dependencies (which bring Node 24) and
# redis-server from the OS packages. Safe to run every time; it does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm install, not npm ci: it keeps the locked versions but tolerates platform packages
  # (other OSes' optional binaries) that a registry mirror does not carry.
  echo "vantage: installing npm dependencies…"
  npm install --no-audit --no-fund --loglevel=error
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "vantage: installing redis-server (apt-get)…"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "vantage: redis-server is not installed; install it with 'sudo apt-get install redis-server' and run again" >&2
    exit 1
  fi
fi

# With --browser (the test command): the browser tests drive Debian's chromium through playwright-core (no downloaded browser).
if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "vantage: installing chromium for the browser tests (apt-get)…"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "vantage: chromium is not installed; the browser tests need it ('sudo apt-get install chromium')" >&2
  fi
fi
