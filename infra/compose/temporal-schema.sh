#!/usr/bin/env sh
# One-shot schema job (temporalio/admin-tools image): sets up and upgrades Temporal's two schemas
# with temporal-sql-tool, as `npm run start:cluster` does (infra/cluster/temporal-schema.ts).
# Idempotent: `setup-schema -v 0.0` only creates the version tables when missing, and
# `update-schema` applies only the versions above the recorded one.
set -eu
schema=/etc/temporal/schema/postgresql/v12
run() { temporal-sql-tool --plugin postgres12 --ep postgresql --port 5432 "$@"; }
SQL_PASSWORD="$TEMPORAL_DB_PASSWORD" run --user temporal --db temporal setup-schema -v 0.0
SQL_PASSWORD="$TEMPORAL_DB_PASSWORD" run --user temporal --db temporal update-schema -d "$schema/temporal/versioned"
SQL_PASSWORD="$TEMPORAL_VISIBILITY_DB_PASSWORD" run --user temporal_visibility --db temporal_visibility setup-schema -v 0.0
SQL_PASSWORD="$TEMPORAL_VISIBILITY_DB_PASSWORD" run --user temporal_visibility --db temporal_visibility update-schema -d "$schema/visibility/versioned"
