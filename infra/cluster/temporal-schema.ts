import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { clusterTools } from './settings';

const run = promisify(execFile);

/** Connection URLs of Temporal's two stores, each with its own role. */
export interface TemporalStores {
  temporal: string;
  visibility: string;
}

/**
 * Sets up and upgrades Temporal's two schemas with Temporal's own `temporal-sql-tool`, the
 * supported path (auto-setup images are for development). Both steps are idempotent:
 * `setup-schema -v 0.0` only creates the version tables when missing, and `update-schema` applies
 * only the versions above the recorded one, so every start runs them. Returns what it found, e.g.
 * `temporal 1.18 (was 1.18)`.
 */
export async function ensureTemporalSchemas(stores: TemporalStores): Promise<string[]> {
  const report: string[] = [];
  for (const key of ['temporal', 'visibility'] as const) {
    const url = new URL(stores[key]);
    const database = url.pathname.slice(1);
    const before = await schemaVersion(stores[key]);
    const base = ['--plugin', 'postgres12', '--ep', url.hostname, '--port', url.port || '5432', '--user', decodeURIComponent(url.username), '--db', database];
    // The password goes through the environment, not the command line other users can read.
    const env = { ...process.env, SQL_PASSWORD: decodeURIComponent(url.password) };
    await sqlTool([...base, 'setup-schema', '-v', '0.0'], env);
    await sqlTool([...base, 'update-schema', '-d', path.join(clusterTools.schemaDir, key, 'versioned')], env);
    report.push(`${database} ${await schemaVersion(stores[key])} (${before ? `was ${before}` : 'new'})`);
  }
  return report;
}

async function sqlTool(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(clusterTools.sqlTool, args, { env, timeout: 180_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`temporal-sql-tool ${args.slice(10).join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/** The version recorded by the schema tool, or undefined on a database it has not set up. */
async function schemaVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Two queries: a statement naming a missing table fails even in a branch never taken.
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
    if (!exists.rows[0]?.t) return undefined;
    const { rows } = await client.query<{ v: string }>('SELECT curr_version AS v FROM schema_version LIMIT 1');
    return rows[0]?.v;
  } finally {
    await client.end();
  }
}
