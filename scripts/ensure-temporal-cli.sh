#!/usr/bin/env bash
# Makes a Temporal CLI (dev server + Web UI) available, in this order:
#   $TEMPORAL_CLI_PATH, `temporal` on PATH, the cached .tools/bin/temporal, a build from the Go
#   module proxy (v1.5.1, the newest tag `go install` accepts). Prints the path it settled on.
# With none of these, the SDK's own download remains as a fallback on machines with internet.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.5.1"
cached="$root/.tools/bin/temporal"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$cached" ] && "$cached" --version 2>/dev/null | grep -q "$version"; then echo "$cached"; exit 0; fi

gobin="$(command -v go || true)"
[ -n "$gobin" ] || { [ -x /usr/local/go/bin/go ] && gobin=/usr/local/go/bin/go; }
if [ -z "$gobin" ]; then
  echo "No Temporal CLI and no Go toolchain: install Go >= 1.25, or put 'temporal' on PATH, or set TEMPORAL_CLI_PATH." >&2
  exit 1
fi
echo "Building the Temporal CLI v$version with $("$gobin" version | cut -d' ' -f3) (first time only: a few minutes)..." >&2
mkdir -p "$root/.tools/bin"
started=$(date +%s)
CGO_ENABLED=0 GOFLAGS=-trimpath GOBIN="$root/.tools/bin" \
  "$gobin" install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$version" \
  "github.com/temporalio/cli/cmd/temporal@v$version" >&2
echo "Temporal CLI built in $(( $(date +%s) - started )) s: $("$cached" --version)" >&2
echo "$cached"
