import path from 'node:path';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { enableRuntimeRole, RUNTIME_ROLE } from '../runtime-role';
import type { PidFiles } from '../supervision/pid-files';
import { ensureRolesAndDatabases, storeUrl } from './postgres-roles';
import { rolePasswords } from './secrets';

export interface ClusterPostgres {
  /** The Huiying database as its owner: migrations and the seed. */
  huiying: string;
  /** The Huiying database as the runtime role huiying_app: what the API and worker replicas use. */
  huiyingRuntime: string;
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
 * The runtime role huiying_app is created here too, before the Huiying migrations run, because
 * the store's owner may not create roles: the migration then grants it as on the embedded stack
 * (SELECT and INSERT only on the append-only tables; see infra/runtime-role.ts).
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
  const huiying = storeUrl(adminUrl, 'huiying', passwords);
  let huiyingRuntime: string | undefined;
  try {
    await ensureRolesAndDatabases(adminUrl, passwords);
    huiyingRuntime = await enableRuntimeRole(adminUrl, huiying, { create: true });
  } catch (err) {
    await stop();
    throw err;
  }
  if (!huiyingRuntime) throw new Error(`runtime role ${RUNTIME_ROLE} could not be created`);
  return {
    huiying,
    huiyingRuntime,
    temporal: storeUrl(adminUrl, 'temporal', passwords),
    visibility: storeUrl(adminUrl, 'visibility', passwords),
    description: `${description}; databases huiying, temporal, temporal_visibility, one role each`,
    stop,
  };
}
