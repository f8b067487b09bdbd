/**
 * Production worker entry point (`npm run worker`, or `node dist/worker/main.js` in the image):
 * runs every Huiying workflow and activity against an external Temporal server and PostgreSQL.
 *
 * Required: TEMPORAL_ADDRESS, DATABASE_URL. mTLS to Temporal: TEMPORAL_TLS_* as for the API
 * (infra/temporal-tls.ts). Optional: HUIYING_WORKFLOW_BUNDLE, the path of a
 * prebuilt workflow bundle (`npm run build` writes dist/workflow-bundle.js); without it the
 * workflows are bundled from source at start, which needs the TypeScript sources and takes seconds.
 *
 * Registers any missing custom search attribute on start (idempotent), so a fresh Temporal
 * cluster needs no manual setup. SIGINT/SIGTERM drain the worker: no new tasks are polled and
 * running activities get the shutdown grace time (worker/create-worker.ts) to finish.
 */
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { dataConverterFromConfig } from '../infra/codec/from-config';
import { loadConfig } from '../infra/config';
import { temporalTls } from '../infra/temporal-tls';
import { createPrismaClient } from '../infra/db';
import { logger } from '../infra/logger';
import { ensureSearchAttributes } from '../infra/search-attributes';
import { channelFromConfig } from './channel-from-config';
import { createWorker } from './create-worker';

const log = logger.child({ component: 'worker' });

async function main() {
  const cfg = loadConfig();
  const missing = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const).filter((name) => !cfg[name]);
  if (missing.length > 0) {
    throw new Error(`${missing.join(' and ')} must be set: the worker runs only against an external Temporal server and PostgreSQL`);
  }
  const temporalAddress = cfg.TEMPORAL_ADDRESS!;
  const databaseUrl = cfg.DATABASE_URL!;
  const workflowBundlePath = process.env.HUIYING_WORKFLOW_BUNDLE || undefined;
  if (workflowBundlePath && !fs.existsSync(workflowBundlePath)) {
    throw new Error(`HUIYING_WORKFLOW_BUNDLE=${workflowBundlePath} does not exist (build it with \`npm run build\`)`);
  }

  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => log.error({ err }, 'shutdown step failed'));
  };

  let worker: Worker | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting without waiting for the drain');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down: draining the worker');
    // The SDK runtime also drains workers on SIGINT/SIGTERM; only ask if it has not.
    if (worker?.getState() === 'RUNNING') worker.shutdown();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Forked by `npm run start:cluster`, it has an IPC channel: when the supervisor dies, even by
  // kill -9, the channel closes; drain and exit instead of living on as an orphan.
  // The open channel would also keep this process alive after the drain (until the
  // supervisor's SIGKILL): let only the worker itself hold the event loop.
  if (process.send) {
    process.once('disconnect', () => onSignal('SIGTERM'));
    process.channel?.unref();
  }

  try {
    const prisma = createPrismaClient(databaseUrl);
    cleanups.push(() => prisma.$disconnect());

    const tls = temporalTls(cfg);
    // Search attributes go through the operator service, which the client connection exposes.
    const connection = await Connection.connect({ address: temporalAddress, tls });
    cleanups.push(() => connection.close());
    await ensureSearchAttributes(connection, cfg.TEMPORAL_NAMESPACE);

    const { dataConverter } = await dataConverterFromConfig(cfg);
    const workerConnection = await NativeConnection.connect({ address: temporalAddress, tls });
    cleanups.push(() => workerConnection.close());
    worker = await createWorker({
      connection: workerConnection,
      namespace: cfg.TEMPORAL_NAMESPACE,
      taskQueue: cfg.TEMPORAL_TASK_QUEUE,
      prisma,
      channel: channelFromConfig(cfg),
      dataConverter,
      workflowBundlePath,
      clockScale: cfg.HUIYING_TIME_SCALE,
    });
    if (signals > 0) {
      // A signal arrived while connecting: do not start polling at all.
      log.info('stopped before the worker started');
      return;
    }
    log.info(
      {
        temporalAddress,
        namespace: cfg.TEMPORAL_NAMESPACE,
        taskQueue: cfg.TEMPORAL_TASK_QUEUE,
        workflows: workflowBundlePath ? `bundle ${workflowBundlePath}` : 'bundled at start',
      },
      'worker running',
    );
    await worker.run();
    log.info('worker stopped');
  } finally {
    await cleanUp();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
