import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The role the API and the worker connect as (issue 12, docs/decisions.md "Records the
 * application cannot rewrite"). The migration creates it NOLOGIN and grants it the read model,
 * but only SELECT and INSERT on the append-only tables. The stack's owner gives it LOGIN and a
 * password generated at each start, after migrating.
 */
export const RUNTIME_ROLE = 'huiying_app';

/**
 * Enables the runtime role with a fresh password and returns the URL that logs in as it. `adminUrl`
 * must be a role that may alter it (a superuser, or CREATEROLE with admin option); `ownerUrl`
 * names the database. Undefined when the role is absent (the migration could not create it).
 */
export async function enableRuntimeRole(adminUrl: string, ownerUrl = adminUrl, opts: { create?: boolean } = {}): Promise<string | undefined> {
  const password = randomBytes(24).toString('hex');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [RUNTIME_ROLE]);
    if (!rowCount && !opts.create) return undefined;
    // The role name is our constant and the password hex: safe to inline (ALTER ROLE takes no parameters).
    await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${RUNTIME_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = RUNTIME_ROLE;
  url.password = password;
  return url.toString();
}

/**
 * Whether the migrations granted the runtime role its privileges: they do only when the role
 * existed (or could be created) while they ran, so a database migrated before that has a role
 * with no grants, which would fail every query of the API and the worker.
 */
export async function runtimeRoleGranted(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ granted: boolean }>(
      `SELECT has_table_privilege($1, '"Request"', 'SELECT') AND has_table_privilege($1, '"RequestEvent"', 'INSERT') AS granted`,
      [RUNTIME_ROLE],
    );
    return rows[0]?.granted === true;
  } finally {
    await client.end();
  }
}
