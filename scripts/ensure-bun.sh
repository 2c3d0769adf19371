#!/usr/bin/env bash
# Installs the pinned Bun with npm when it is missing, then the workspace's dependencies.
set -euo pipefail
BUN_VERSION=1.4.5
cd "$(dirname "$0")/.."

if ! command -v bun >/dev/null 2>&1 || [ "$(bun --version)" != "$BUN_VERSION" ]; then
  echo "› installing bun@$BUN_VERSION"
  npm install -g "bun@$BUN_VERSION" --no-audit --no-fund --loglevel=error
fi

export TURBO_TELEMETRY_DISABLED=1
if [ "${CI:-}" = "true" ]; then
  bun install --frozen-lockfile
else
  bun install
fi
