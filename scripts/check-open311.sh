#!/usr/bin/env bash
# Drives the Open311 GeoReport v2 endpoint with a real client library: `georeport` (PyPI) reads
# services, a service definition, and requests in JSON and in XML (the spec's default format);
# the create is a plain form POST, as the spec writes it (that library has no POST). Starts
# `npm start` on free ports in a throw-away data folder unless HUIYING_API_URL names a server
# (then set OPEN311_API_KEY to one of its keys).
#   bash scripts/check-open311.sh
# Prints each check and exits non-zero when one fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/python-venv.sh
source scripts/lib/temp-stack.sh

ensure_python_venv 'georeport==0.3.1' 'requests>=2,<3'
start_api
key="${OPEN311_API_KEY:-$(sed -n 's/.*dev api_key \([0-9a-f]*\)).*/\1/p' "${STACK_LOG:-/dev/null}" | head -1)}"
[ -n "$key" ] || { echo "no Open311 api_key: set OPEN311_API_KEY" >&2; exit 1; }
"$PY_VENV/bin/python" scripts/check_open311.py "$API_URL/open311/v2" "$key"
