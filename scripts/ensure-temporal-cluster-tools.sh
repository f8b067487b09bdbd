#!/usr/bin/env bash
# Makes the binaries of the production topology (`npm run start:cluster`) available under
# .tools/, building each once from the Go module proxy (offline-safe: no other download):
#   .tools/bin/temporal-server      Temporal server v1.29.1 (all services in one process)
#   .tools/bin/temporal-sql-tool    its SQL schema tool (setup-schema / update-schema)
#   .tools/bin/temporal-ui-server   the standalone Temporal Web UI server v2.42.1
#   .tools/temporal-schema/         the PostgreSQL schema folders shipped inside the server module
# v1.29.1 and v2.42.1 are the versions the Temporal CLI v1.5.1 bundles, so their modules are
# already in Go's cache after the CLI build. `go install pkg@version` is refused for these
# modules, so each is built with `go build` inside a small local module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
server_version="1.29.1"
ui_version="2.42.1"
tools="$root/.tools"
bin="$tools/bin"
stamp="$bin/.cluster-tools-$server_version-$ui_version"
say() { echo "[provision] $*" >&2; }

if [ -f "$stamp" ] && [ -x "$bin/temporal-server" ] && [ -x "$bin/temporal-sql-tool" ] \
  && [ -x "$bin/temporal-ui-server" ] && [ -d "$tools/temporal-schema/postgresql" ]; then
  exit 0
fi

gobin="$(command -v go || true)"
[ -n "$gobin" ] || { [ -x /usr/local/go/bin/go ] && gobin=/usr/local/go/bin/go; }
[ -n "$gobin" ] || { say "the cluster topology needs Go >= 1.25 to build the Temporal server once"; exit 1; }
export CGO_ENABLED=0 GOFLAGS=-trimpath
mkdir -p "$bin"
started=$(date +%s)

say "building Temporal server v$server_version and temporal-sql-tool (first time only: a few minutes)..."
mkdir -p "$tools/temporal-server"
cd "$tools/temporal-server"
cat > go.mod <<MOD
module local/temporalserver

go 1.25.0

require go.temporal.io/server v$server_version
MOD
printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "go.temporal.io/server/cmd/server"\n\t_ "go.temporal.io/server/cmd/tools/sql"\n)\n' > tools.go
"$gobin" mod tidy >&2
"$gobin" build -o "$bin/temporal-server" go.temporal.io/server/cmd/server >&2
"$gobin" build -o "$bin/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql >&2

# Copy the schema out of the module cache: start:cluster must not depend on Go's cache later.
moddir="$("$gobin" list -m -f '{{.Dir}}' go.temporal.io/server)"
rm -rf "$tools/temporal-schema"
mkdir -p "$tools/temporal-schema"
cp -r "$moddir/schema/postgresql" "$tools/temporal-schema/postgresql"
chmod -R u+w "$tools/temporal-schema"

say "building Temporal UI server v$ui_version..."
mkdir -p "$tools/temporal-ui-server"
cd "$tools/temporal-ui-server"
cat > go.mod <<MOD
module local/temporaluiserver

go 1.25.0

require github.com/temporalio/ui-server/v2 v$ui_version
MOD
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/temporalio/ui-server/v2/cmd/server"\n' > tools.go
"$gobin" mod tidy >&2
"$gobin" build -o "$bin/temporal-ui-server" github.com/temporalio/ui-server/v2/cmd/server >&2

touch "$stamp"
say "cluster tools built in $(( $(date +%s) - started )) s"
