import pg from 'pg';
import type { RolePasswords } from './secrets';
import { DATABASES, ROLES } from './settings';

/**
 * Creates (or finds) one login role and one database per store — Huiying, Temporal, Temporal
 * visibility — each database owned by its role, so no store can touch another's tables. The
 * passwords are set on every start: the data folder's secrets file is the source of truth.
 * `adminUrl` must name a role that may create roles and databases.
 */
export async function ensureRolesAndDatabases(adminUrl: string, passwords: RolePasswords): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const key of Object.keys(ROLES) as (keyof typeof ROLES)[]) {
      const role = ROLES[key];
      const database = DATABASES[key];
      const { rowCount: hasRole } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      // Identifiers and passwords are our own constants and hex strings: safe to inline.
      await client.query(`${hasRole ? 'ALTER' : 'CREATE'} ROLE "${role}" LOGIN PASSWORD '${passwords[key]}'`);
      const { rowCount: hasDb } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!hasDb) await client.query(`CREATE DATABASE "${database}" OWNER "${role}"`);
    }
  } finally {
    await client.end();
  }
}

/** The URL of one store's database, logged in as its own role, on the admin URL's server. */
export function storeUrl(adminUrl: string, key: keyof typeof ROLES, passwords: RolePasswords): string {
  const url = new URL(adminUrl);
  url.username = ROLES[key];
  url.password = passwords[key];
  url.pathname = `/${DATABASES[key]}`;
  return url.toString();
}
