#!/usr/bin/env bash
# First start of the PostgreSQL container (docker-entrypoint-initdb.d): one login role and one
# database per store, each database owned by its role, as `npm run start:cluster` does
# (infra/cluster/postgres-roles.ts): huiying, temporal, temporal_visibility.
set -euo pipefail
for pair in "huiying:$HUIYING_DB_PASSWORD" "temporal:$TEMPORAL_DB_PASSWORD" "temporal_visibility:$TEMPORAL_VISIBILITY_DB_PASSWORD"; do
  name="${pair%%:*}"
  password="${pair#*:}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
SQL
done
