/**
 * `npm start`: the whole system on embedded defaults — Temporal dev server with Web UI, embedded
 * PostgreSQL, the worker and the API — in one process tree that Ctrl-C stops cleanly.
 */
import { createHash } from 'node:crypto';
import { appOptionsFromConfig } from '../api/app-options';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createApp } from '../api/app';
import { TokenService } from '../api/auth/tokens';
import { jwtSecret, loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { logger } from '../infra/logger';
import { ensureSearchAttributes } from '../infra/search-attributes';
import { startStack } from '../infra/stack';
import { channelFromConfig } from '../worker/channel-from-config';
import { createWorker } from '../worker/create-worker';
import { listen } from '../api/listen';

async function main() {
  const cfg = loadConfig();
  const say = (line: string) => process.stdout.write(`[huiying] ${line}\n`);
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const stack = await startStack({
    dataDir: cfg.HUIYING_DATA_DIR,
    databaseUrl: cfg.DATABASE_URL,
    pgPort: cfg.HUIYING_PG_PORT,
    temporalAddress: cfg.TEMPORAL_ADDRESS,
    temporalPort: cfg.TEMPORAL_PORT,
    temporalUiPort: cfg.TEMPORAL_UI_PORT,
    namespace: cfg.TEMPORAL_NAMESPACE,
    persistTemporal: true,
    retention: cfg.TEMPORAL_RETENTION,
    log: say,
  });
  const cleanups: (() => Promise<void>)[] = [stack.stop];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    for (const c of cleanups.reverse()) await c().catch((e) => say(`shutdown step failed: ${String(e)}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const prisma = createPrismaClient(stack.databaseUrl);
    cleanups.push(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: stack.temporalAddress });
    cleanups.push(() => connection.close());
    await ensureSearchAttributes(connection, cfg.TEMPORAL_NAMESPACE);
    const temporal = new Client({ connection, namespace: cfg.TEMPORAL_NAMESPACE });

    const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    const worker = await createWorker({
      connection: workerConnection,
      namespace: cfg.TEMPORAL_NAMESPACE,
      taskQueue: cfg.TEMPORAL_TASK_QUEUE,
      prisma,
      channel: channelFromConfig(cfg),
    });
    const workerRun = worker.run();
    cleanups.push(async () => {
      // The SDK runtime also drains workers on SIGINT/SIGTERM; only ask if it has not.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await workerConnection.close();
    });

    const tokens = new TokenService(jwtSecret(cfg));
    const options = appOptionsFromConfig(cfg);
    // Open311 POSTs need an api_key: outside production a private dev key is derived from the
    // data folder's secret (never a well-known default) and printed below.
    const open311Keys = options.open311ApiKeys ?? new Map<string, string>();
    if (!open311Keys.size && cfg.NODE_ENV !== 'production') {
      open311Keys.set(createHash('sha256').update(`open311:${jwtSecret(cfg)}`).digest('hex').slice(0, 32), 'dev');
    }
    const uiUrl = stack.temporalUiUrl ?? cfg.TEMPORAL_UI_URL;
    const app = createApp({
      prisma,
      temporal,
      tokens,
      logger,
      ...options,
      open311ApiKeys: open311Keys,
      temporalUiUrl: uiUrl,
    });
    const server = await listen(app, cfg.HUIYING_PORT, cfg.HUIYING_HOST);
    cleanups.push(server.close);

    const api = `http://${cfg.HUIYING_HOST}:${server.port}`;
    say('ready');
    say(`  API            ${api}   (health: ${api}/healthz)`);
    say(`  Temporal UI    ${uiUrl ?? '(external server: set TEMPORAL_UI_URL)'}`);
    say(`  Temporal gRPC  ${stack.temporalAddress}  namespace ${cfg.TEMPORAL_NAMESPACE}`);
    say(`  PostgreSQL     ${cfg.DATABASE_URL ? '(external DATABASE_URL)' : stack.databaseUrl.replace(/:[^:@]*@/, ':***@')}`);
    say(`  data           ${cfg.HUIYING_DATA_DIR}`);
    const devKey = [...open311Keys].find(([, name]) => name === 'dev')?.[0];
    if (devKey) say(`  Open311        ${api}/open311/v2/services.json   (dev api_key ${devKey})`);
    say(`  token          npm run token -- --role intake   (roles: intake dispatcher handler supervisor auditor admin)`);
    say('Ctrl-C stops everything.');
  } catch (err) {
    say(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown('error');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
