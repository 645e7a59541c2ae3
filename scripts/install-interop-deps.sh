#!/usr/bin/env bash
# Installs what the ali-ons interop tests (tests/interop, docs/interop.md)
# need: node and npm from Debian when they are missing, then the npm packages
# pinned by tests/interop/package-lock.json with `npm ci`. Does nothing, and
# needs no network, when node_modules already matches the lock file.
set -euo pipefail

interop_dir="$(cd "$(dirname "$0")/../tests/interop" && pwd)"
stamp="$interop_dir/node_modules/.apogee-lock.sha256"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-interop-deps: installing nodejs npm"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
fi

want="$(sha256sum "$interop_dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

echo "install-interop-deps: npm ci in tests/interop"
(cd "$interop_dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
