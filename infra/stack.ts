import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from './db';
import { freePort, startEmbeddedPostgres } from './embedded-postgres';
import { migrateDeploy } from './prisma-cli';
import { enableRuntimeRole, RUNTIME_ROLE } from './runtime-role';
import { seedDemoData } from './seed';
import type { PidFiles } from './supervision/pid-files';
import { findTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

export interface StackOptions {
  dataDir: string;
  /** External PostgreSQL; when absent an embedded one is started under dataDir. */
  databaseUrl?: string;
  pgPort: number;
  /** External Temporal; when absent a dev server is started. */
  temporalAddress?: string;
  temporalPort: number;
  /** Omit for a headless server. */
  temporalUiPort?: number;
  /** The codec endpoint the dev server's UI decodes through (the API's /codec). */
  temporalUiCodecEndpoint?: string;
  namespace: string;
  /** Persist Temporal state in SQLite under dataDir (false: in-memory, for tests). */
  persistTemporal: boolean;
  retention?: string;
  ephemeralPostgres?: boolean;
  /** Where to record the servers it launches, so a start after a kill -9 can stop them. */
  pids?: PidFiles;
  log: (line: string) => void;
}

export interface Stack {
  /** The migration owner's URL (migrations, seeding, operator tools). */
  databaseUrl: string;
  /**
   * What the API and the worker connect as: the runtime role (infra/runtime-role.ts), which may
   * not UPDATE, DELETE or TRUNCATE the append-only tables. The owner's URL when the role could not
   * be enabled (an external database whose owner may not alter roles): logged.
   */
  runtimeDatabaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Brings up the infrastructure Huiying needs: PostgreSQL (migrated and seeded) and a Temporal
 * server, each embedded unless an external one is configured. Used by `npm start` and the tests.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => opts.log(`stop failed: ${String(e)}`));
  };
  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      const started = Date.now();
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(opts.dataDir, 'postgres'),
        port: opts.pgPort,
        database: 'huiying',
        ephemeral: opts.ephemeralPostgres,
      });
      stops.push(async () => {
        await pg.stop();
        opts.pids?.forget('postgres');
      });
      if (pg.pid) opts.pids?.record('postgres', pg.pid, 'PostgreSQL (embedded)', 'SIGINT');
      databaseUrl = pg.url;
      opts.log(`PostgreSQL (embedded) on 127.0.0.1:${opts.pgPort} in ${Date.now() - started} ms`);
    }
    await migrateDeploy(databaseUrl);
    const prisma = createPrismaClient(databaseUrl);
    try {
      await seedDemoData(prisma);
    } finally {
      await prisma.$disconnect();
    }
    const runtimeDatabaseUrl = await enableRuntimeRole(databaseUrl).catch((err: unknown) => {
      opts.log(`runtime role ${RUNTIME_ROLE} not enabled (${err instanceof Error ? err.message : String(err)})`);
      return undefined;
    });
    if (!runtimeDatabaseUrl) opts.log(`runtime role ${RUNTIME_ROLE} unavailable: the API and the worker connect as the migration owner`);

    let temporalAddress = opts.temporalAddress;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      const cliPath = findTemporalCli();
      if (!cliPath) throw new Error('no Temporal CLI found: run `npm run provision` (it builds one) or set TEMPORAL_CLI_PATH');
      const started = Date.now();
      const logDir = path.join(opts.dataDir, 'logs');
      fs.mkdirSync(logDir, { recursive: true });
      const server = await startTemporalDevServer({
        cliPath,
        port: opts.temporalPort,
        uiPort: opts.temporalUiPort,
        uiCodecEndpoint: opts.temporalUiCodecEndpoint,
        dbFile: opts.persistTemporal ? path.join(opts.dataDir, 'temporal', 'temporal.db') : undefined,
        namespace: opts.namespace,
        retention: opts.retention,
        logFile: path.join(logDir, 'temporal.log'),
      });
      stops.push(async () => {
        await server.stop();
        opts.pids?.forget('temporal');
      });
      if (server.pid) opts.pids?.record('temporal', server.pid, 'Temporal dev server');
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      opts.log(`Temporal dev server on ${server.address} in ${Date.now() - started} ms`);
    }
    return { databaseUrl, runtimeDatabaseUrl: runtimeDatabaseUrl ?? databaseUrl, temporalAddress, temporalUiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A throw-away stack for tests and benchmarks: a temporary folder, free ports, in-memory Temporal,
 * a PostgreSQL cluster deleted on stop. `stop()` also removes the folder.
 */
export async function startEphemeralStack(prefix: string, log: (line: string) => void): Promise<Stack & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const stack = await startStack({
    dataDir: dir,
    pgPort: await freePort(),
    temporalPort: await freePort(),
    namespace: 'default',
    persistTemporal: false,
    ephemeralPostgres: true,
    log,
  });
  return {
    ...stack,
    dir,
    stop: async () => {
      await stack.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
