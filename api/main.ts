/**
 * Production API entry point (`npm run api`, or `node dist/api/main.js` in the image): the HTTP API
 * against an external Temporal server and PostgreSQL.
 *
 * Required: TEMPORAL_ADDRESS, DATABASE_URL (and HUIYING_JWT_SECRET when NODE_ENV=production).
 * mTLS to Temporal: TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE, TEMPORAL_TLS_KEY_FILE, TEMPORAL_TLS_SERVER_NAME.
 * Listens on HUIYING_HOST:HUIYING_PORT (default 127.0.0.1:3000; use 0.0.0.0 in a container).
 *
 * HUIYING_MIGRATE_ON_START=1: before listening, apply every committed Prisma migration
 * (`prisma migrate deploy`, which takes a PostgreSQL advisory lock, so concurrent replicas are
 * safe) and load the demo org tree and catalogue (infra/seed.ts; idempotent: existing rows and
 * admin-changed time limits are kept). Leave it unset when migrations run as a separate release
 * step; the process then expects an already migrated database.
 *
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (at most
 * SHUTDOWN_DEADLINE_MS), then close PostgreSQL and the Temporal connection.
 */
import { appOptionsFromConfig } from './app-options';
import { Client, Connection } from '@temporalio/client';
import { createApp } from './app';
import { TokenService } from './auth/tokens';
import { listen } from './listen';
import { dataConverterFromConfig } from '../infra/codec/from-config';
import { jwtSecret, loadConfig } from '../infra/config';
import { temporalTls } from '../infra/temporal-tls';
import { createPrismaClient } from '../infra/db';
import { logger } from '../infra/logger';
import { migrateDeploy } from '../infra/prisma-cli';
import { ensureSearchAttributes } from '../infra/search-attributes';
import { seedDemoData } from '../infra/seed';

/** Past this, a shutdown that is still waiting on requests exits anyway (keep below the orchestrator's kill timeout). */
const SHUTDOWN_DEADLINE_MS = 20_000;

const log = logger.child({ component: 'api' });

async function main() {
  const cfg = loadConfig();
  const missing = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const).filter((name) => !cfg[name]);
  if (missing.length > 0) {
    throw new Error(`${missing.join(' and ')} must be set: the API runs only against an external Temporal server and PostgreSQL`);
  }
  const temporalAddress = cfg.TEMPORAL_ADDRESS!;
  const databaseUrl = cfg.DATABASE_URL!;

  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown deadline passed: exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const c of cleanups.reverse()) await c().catch((err) => log.error({ err }, 'shutdown step failed'));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    if (process.env.HUIYING_MIGRATE_ON_START === '1') {
      const started = Date.now();
      await migrateDeploy(databaseUrl);
      log.info({ ms: Date.now() - started }, 'database migrated');
    }
    const prisma = createPrismaClient(databaseUrl);
    cleanups.push(() => prisma.$disconnect());
    if (process.env.HUIYING_MIGRATE_ON_START === '1') {
      const seeded = await seedDemoData(prisma);
      log.info(seeded, 'demo org tree and catalogue present');
    }

    const connection = await Connection.connect({ address: temporalAddress, tls: temporalTls(cfg) });
    cleanups.push(() => connection.close());
    // Idempotent; lets list queries work even before the first worker has started.
    await ensureSearchAttributes(connection, cfg.TEMPORAL_NAMESPACE);
    const { ring: codecKeys, dataConverter } = await dataConverterFromConfig(cfg);
    const temporal = new Client({ connection, namespace: cfg.TEMPORAL_NAMESPACE, dataConverter });

    const app = createApp({
      prisma,
      temporal,
      tokens: new TokenService(jwtSecret(cfg)),
      logger,
      codecKeys,
      ...appOptionsFromConfig(cfg),
    });
    if (stopping) return;
    // server.close stops accepting connections and resolves once in-flight requests are done.
    const server = await listen(app, cfg.HUIYING_PORT, cfg.HUIYING_HOST, process.env.HUIYING_INSTANCE);
    cleanups.push(server.close);
    log.info(
      { url: `http://${cfg.HUIYING_HOST}:${server.port}`, temporalAddress, namespace: cfg.TEMPORAL_NAMESPACE },
      'API listening',
    );
  } catch (err) {
    log.error({ err }, 'start failed');
    await shutdown('start failed', 1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
