#!/usr/bin/env bash
# Runs the Prisma CLI offline (WebAssembly engines): `npm run prisma -- migrate dev --name x`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$root/node_modules/prisma/package.json}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$root/node_modules/prisma/package.json}"
exec "$root/node_modules/.bin/prisma" "$@"
