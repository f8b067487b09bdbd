#!/usr/bin/env bash
# Installs what Huiying needs on a fresh machine; every step is skipped when already done.
#   1. npm dependencies (npm install when node_modules is missing or older than package-lock.json)
#   2. the Temporal CLI (scripts/ensure-temporal-cli.sh)
#   3. the Prisma client (regenerated when prisma/schema.prisma changed)
#   4. Temporal's Java time-skipping test server for the workflow tests (scripts/ensure-temporal-test-server.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
say() { echo "[provision] $*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  say "Node.js >= 20.19 is required (found $(node --version))"; exit 1
fi

stamp=node_modules/.huiying-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm dependencies..."
  # `npm ci` rejects this lock file under npm 11 (it wants optional platform packages listed that
  # npm itself omits); `npm install` honours the locked versions just the same. `--include=dev`:
  # under NODE_ENV=production (the production topology) npm would otherwise remove the test and
  # build tools from this checkout; a deployment image prunes them itself (Dockerfile).
  npm install --include=dev --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

cli="$(bash scripts/ensure-temporal-cli.sh)"
export TEMPORAL_CLI_PATH="$cli"

# Prisma 6 on its WebAssembly engines: point the native-engine variables at an existing file so
# the CLI does not try to download engines (they are never executed on this path).
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$root/node_modules/prisma/package.json}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$root/node_modules/prisma/package.json}"
schema_hash=$(sha256sum prisma/schema.prisma | cut -c1-16)
gen_stamp=node_modules/.prisma/client/.huiying-schema-$schema_hash
if [ ! -f "$gen_stamp" ]; then
  say "generating the Prisma client..."
  DATABASE_URL="${DATABASE_URL:-postgresql://unused@127.0.0.1/unused}" npx --no-install prisma generate >/dev/null
  touch "$gen_stamp"
fi
# Only the workflow tests need it (and Java with Maven): the app itself starts without it.
bash scripts/ensure-temporal-test-server.sh >/dev/null || say "Temporal's test server is not provisioned: the workflow tests (tests/workflow) will not run"
say "ready (Temporal CLI: $cli)"
