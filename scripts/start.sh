#!/usr/bin/env bash
# Starts a LakeSync gateway on its embedded default store (./.lakesync at the repository root),
# installing Bun and the dependencies first when needed. Environment: docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/ensure-bun.sh >/dev/null
npx turbo run build --filter='@lakesync/gateway-server^...' --output-logs=errors-only >/dev/null
export LAKESYNC_DATA_DIR="${LAKESYNC_DATA_DIR:-$PWD/.lakesync}"
exec bun run --cwd packages/gateway-server start "$@"
