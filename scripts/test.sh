#!/usr/bin/env bash
# The one command that sets up a fresh machine and runs every check:
# installs Bun and the dependencies, starts PostgreSQL, MariaDB and MySQL on loopback, installs
# chromium when missing (the console's browser test), then runs biome, tsc for every package,
# the builds (apps/console's included: the browser test serves its dist) and all tests, and
# stops the services.
# Ends with the line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/ensure-bun.sh || exit 1

bash scripts/services.sh start || exit 1
trap 'bash scripts/services.sh stop' EXIT
set -a
# shellcheck disable=SC1091
. "${LAKESYNC_SERVICES_DIR:-/tmp/lakesync-services}/env"
set +a

status=0
step() { # runs a step, remembers a failure, goes on so every problem is reported at once
  echo "› $*"
  "$@" || { echo "✗ failed: $*"; status=1; }
}

# The console's browser test drives Debian's chromium (`npx playwright install` cannot
# download a browser here); in CI it must run, so install it when it is missing.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" != 0 ]; then echo "need root to apt-get install chromium" >&2; return 1; fi
  echo "› installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
step ensure_chromium

step npx biome check .
step npx turbo run typecheck build --output-logs=errors-only
step npx tsc --noEmit -p tsconfig.json

mkdir -p test-output
rm -f test-output/vitest.json
step npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json "$@"

if [ -f test-output/vitest.json ]; then
  node -e '
    const r = require("./test-output/vitest.json");
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A file that fails before its tests run (a throwing beforeAll) fails no test: count it.
    const broken = (r.testResults ?? []).filter(
      (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
    ).length;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests + broken} failed, ${skipped} skipped`);
  '
else
  echo "0 passed, 1 failed, 0 skipped"
  status=1
fi
exit $status
