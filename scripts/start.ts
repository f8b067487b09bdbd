/**
 * `npm start`: the whole system on embedded defaults — Temporal dev server with Web UI, embedded
 * PostgreSQL, the worker and the API — in one process tree that Ctrl-C or SIGTERM stops within
 * 15 s. The servers it launches are recorded in `<data folder>/run/`; a start after a kill -9 of
 * this process stops what the earlier one left running and says so.
 */
import path from 'node:path';
import { appOptionsFromConfig } from '../api/app-options';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createApp } from '../api/app';
import { TokenService } from '../api/auth/tokens';
import { dataConverterFromConfig } from '../infra/codec/from-config';
import { jwtSecret, loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { logger } from '../infra/logger';
import { ensureSearchAttributes } from '../infra/search-attributes';
import { startStack } from '../infra/stack';
import { PidFiles } from '../infra/supervision/pid-files';
import { claimMain, killRecorded, MAIN, reapLeftovers } from '../infra/supervision/reap';
import { installShutdown } from '../infra/supervision/shutdown';
import { channelFromConfig } from '../worker/channel-from-config';
import { createWorker } from '../worker/create-worker';
import { listen } from '../api/listen';
import { printBanner } from './banner';
import { devOpen311Key } from './dev-open311-key';
import { publicApiUrl } from './public-api-url';

/** Below the 15 s a caller may wait; at the deadline recorded children are killed. */
const SHUTDOWN_DEADLINE_MS = 13_000;

async function main() {
  const cfg = loadConfig();
  const say = (line: string) => process.stdout.write(`[huiying] ${line}\n`);
  // Signals are ours (infra/supervision/shutdown.ts): the SDK runtime's own handler would re-raise
  // SIGTERM once the worker is drained and kill this process before PostgreSQL and Temporal stop.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const pids = new PidFiles(path.join(cfg.HUIYING_DATA_DIR, 'run'));
  const shutdown = installShutdown({ deadlineMs: SHUTDOWN_DEADLINE_MS, log: say, onDeadline: () => killRecorded(pids) });
  claimMain(pids, '`npm start`');
  shutdown.add(async () => pids.forget(MAIN));
  const cleanedUp = await reapLeftovers(pids, say);

  try {
    const stack = await startStack({
      dataDir: cfg.HUIYING_DATA_DIR,
      databaseUrl: cfg.DATABASE_URL,
      pgPort: cfg.HUIYING_PG_PORT,
      temporalAddress: cfg.TEMPORAL_ADDRESS,
      temporalPort: cfg.TEMPORAL_PORT,
      temporalUiPort: cfg.TEMPORAL_UI_PORT,
      temporalUiCodecEndpoint: `${publicApiUrl(cfg.HUIYING_HOST, cfg.HUIYING_PORT)}/codec`,
      namespace: cfg.TEMPORAL_NAMESPACE,
      persistTemporal: true,
      retention: cfg.TEMPORAL_RETENTION,
      pids,
      log: say,
    });
    shutdown.add(stack.stop);
    if (shutdown.stopping) return;

    const prisma = createPrismaClient(stack.runtimeDatabaseUrl);
    shutdown.add(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: stack.temporalAddress });
    shutdown.add(() => connection.close());
    await ensureSearchAttributes(connection, cfg.TEMPORAL_NAMESPACE);
    const { ring: codecKeys, dataConverter } = await dataConverterFromConfig(cfg);
    const temporal = new Client({ connection, namespace: cfg.TEMPORAL_NAMESPACE, dataConverter });

    const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    const worker = await createWorker({
      connection: workerConnection,
      namespace: cfg.TEMPORAL_NAMESPACE,
      taskQueue: cfg.TEMPORAL_TASK_QUEUE,
      prisma,
      channel: channelFromConfig(cfg),
      dataConverter,
      clockScale: cfg.HUIYING_TIME_SCALE,
    });
    const workerRun = worker.run();
    shutdown.add(async () => {
      // The SDK runtime also drains workers on SIGINT/SIGTERM; only ask if it has not.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await workerConnection.close();
    });

    const tokens = new TokenService(jwtSecret(cfg));
    const options = appOptionsFromConfig(cfg);
    const open311Keys = options.open311ApiKeys ?? new Map<string, string>();
    const devKey = open311Keys.size ? undefined : devOpen311Key(cfg);
    if (devKey) open311Keys.set(devKey, 'dev');
    const uiUrl = stack.temporalUiUrl ?? cfg.TEMPORAL_UI_URL;
    const app = createApp({
      prisma,
      temporal,
      tokens,
      logger,
      codecKeys,
      ...options,
      open311ApiKeys: open311Keys,
      temporalUiUrl: uiUrl,
    });
    if (shutdown.stopping) return;
    const server = await listen(app, cfg.HUIYING_PORT, cfg.HUIYING_HOST);
    shutdown.add(server.close);

    printBanner(say, {
      topology: 'embedded (one process: API + worker; Temporal dev server on SQLite, 1 history shard)',
      api: `http://${cfg.HUIYING_HOST}:${server.port}`,
      temporalUi: uiUrl,
      temporalAddress: stack.temporalAddress,
      namespace: cfg.TEMPORAL_NAMESPACE,
      postgres: cfg.DATABASE_URL ? '(external DATABASE_URL)' : stack.databaseUrl,
      dataDir: cfg.HUIYING_DATA_DIR,
      open311DevKey: devKey,
      cleanedUp,
      timeScale: cfg.HUIYING_TIME_SCALE,
    });
  } catch (err) {
    say(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown.run('start failed', 1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
