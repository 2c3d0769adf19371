#!/usr/bin/env bash
# Starts a LakeSync gateway on its embedded default store (./.lakesync), installing Bun and the
# dependencies first when needed. Environment: see docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-bun.sh >/dev/null
if [ ! -d packages/gateway-server ]; then
  echo "The gateway server package (packages/gateway-server) is not in this checkout yet." >&2
  exit 1
fi
npx turbo run build --filter=@lakesync/gateway-server... --output-logs=errors-only
exec bun run --cwd packages/gateway-server start "$@"
