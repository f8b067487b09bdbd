import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded-postgres';
import type { PidFiles } from '../supervision/pid-files';
import { ensureRolesAndDatabases, storeUrl } from './postgres-roles';
import { rolePasswords } from './secrets';

export interface ClusterPostgres {
  huiying: string;
  temporal: string;
  visibility: string;
  /** What the banner shows. */
  description: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL for the topology: an embedded server under the cluster's data folder (superuser
 * `postgres`, password generated), or the server of `adminUrl` (DATABASE_URL), whose role must be
 * allowed to create roles and databases. Either way each store gets its own role and database.
 */
export async function startClusterPostgres(opts: {
  clusterDir: string;
  adminUrl?: string;
  port: number;
  pids: PidFiles;
  log: (line: string) => void;
}): Promise<ClusterPostgres> {
  const passwords = rolePasswords(opts.clusterDir);
  let adminUrl = opts.adminUrl;
  let stop = async () => undefined;
  let description = 'external (DATABASE_URL)';
  if (!adminUrl) {
    const started = Date.now();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(opts.clusterDir, 'postgres'),
      port: opts.port,
      database: 'postgres',
      user: 'postgres',
      password: passwords.superuser,
    });
    if (pg.pid) opts.pids.record('postgres', pg.pid, 'PostgreSQL (embedded)', 'SIGINT');
    stop = async () => {
      await pg.stop();
      opts.pids.forget('postgres');
    };
    adminUrl = pg.url;
    description = `embedded on 127.0.0.1:${opts.port}`;
    opts.log(`PostgreSQL (embedded) on 127.0.0.1:${opts.port} in ${Date.now() - started} ms`);
  }
  try {
    await ensureRolesAndDatabases(adminUrl, passwords);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    huiying: storeUrl(adminUrl, 'huiying', passwords),
    temporal: storeUrl(adminUrl, 'temporal', passwords),
    visibility: storeUrl(adminUrl, 'visibility', passwords),
    description: `${description}; databases huiying, temporal, temporal_visibility, one role each`,
    stop,
  };
}
