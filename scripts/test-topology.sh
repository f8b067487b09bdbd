#!/usr/bin/env bash
# `npm run test:topology` (also the last step of `npm test`): the topology tier. Builds the
# cluster binaries once (scripts/ensure-temporal-cluster-tools.sh: a few minutes on a fresh
# machine, cached under .tools/), then starts the production topology with
# `npm run start:cluster` on free ports and a throw-away data folder, kills parts of it, and
# stops it (tests/topology/). Extra arguments go to jest (e.g. -t 'SIGTERM').
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/provision.sh
bash scripts/ensure-temporal-cluster-tools.sh
exec npx --no-install jest -c jest.topology.config.js --runInBand --forceExit "$@"
