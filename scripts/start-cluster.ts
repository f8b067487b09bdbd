/**
 * `npm run start:cluster`: the production topology on one machine. PostgreSQL (embedded, or
 * DATABASE_URL) with one database and role each for Huiying, Temporal and Temporal visibility;
 * the real Temporal server on it (schema by temporal-sql-tool, HUIYING_HISTORY_SHARDS shards, SQL
 * visibility with Huiying's search attributes, mTLS on its frontend with certificates from
 * `<data folder>/cluster/tls/`); the Temporal UI server (read-only); HUIYING_WORKER_PROCESSES
 * worker processes and HUIYING_API_PROCESSES API processes sharing one port through Node's
 * cluster module. This process supervises them all: a crashed one is restarted with backoff,
 * SIGTERM/SIGINT stops everything within 20 s, and a start after a kill -9 of this process stops
 * what the earlier one left running (pid files in `<data folder>/cluster/run/`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config';
import { createPrismaClient } from '../infra/db';
import { ensureNamespace, retentionHours } from '../infra/cluster/namespace';
import { startClusterPostgres } from '../infra/cluster/postgres';
import { waitForHttp, waitForPollers } from '../infra/cluster/readiness';
import { launchApi, launchWorker } from '../infra/cluster/replicas';
import { checkHistoryShards } from '../infra/cluster/history-shards';
import { clusterCodecKeys } from '../infra/cluster/codec-keys';
import { clusterTools, loadClusterSettings } from '../infra/cluster/settings';
import { ensureTemporalSchemas } from '../infra/cluster/temporal-schema';
import { clientTlsEnv, ensureClusterTls, serverTlsConfig, TEMPORAL_TLS_SERVER_NAME } from '../infra/cluster/tls';
import { temporalTls } from '../infra/temporal-tls';
import { launchTemporalServer, waitForFrontend, writeServerConfig } from '../infra/cluster/temporal-server';
import { launchUiServer, writeUiConfig } from '../infra/cluster/temporal-ui-server';
import { migrateDeploy } from '../infra/prisma-cli';
import { seedDemoData } from '../infra/seed';
import { PidFiles } from '../infra/supervision/pid-files';
import { claimMain, killRecorded, MAIN, reapLeftovers } from '../infra/supervision/reap';
import { installShutdown } from '../infra/supervision/shutdown';
import { watchParent } from '../infra/supervision/parent-watch';
import { SupervisedChild } from '../infra/supervision/supervised-child';
import { workflowsPath } from '../worker/create-worker';
import { printBanner } from './banner';
import { clusterBannerInfo } from './cluster-banner';
import { devOpen311Key } from './dev-open311-key';
import { publicApiUrl } from './public-api-url';
import { RUNTIME_ROLE, runtimeRoleGranted } from '../infra/runtime-role';

/** Below the 20 s a caller may wait; at the deadline recorded children are killed. */
const SHUTDOWN_DEADLINE_MS = 18_000;

async function main() {
  const cfg = loadConfig();
  const settings = loadClusterSettings();
  const say = (line: string) => process.stdout.write(`[huiying] ${line}\n`);
  // The SDK runtime would otherwise take SIGINT/SIGTERM itself and re-raise it once its (here:
  // no) workers are down, killing this process before it has stopped its children.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const clusterDir = path.join(cfg.HUIYING_DATA_DIR, 'cluster');
  fs.mkdirSync(clusterDir, { recursive: true });

  const pids = new PidFiles(path.join(clusterDir, 'run'));
  const shutdown = installShutdown({ deadlineMs: SHUTDOWN_DEADLINE_MS, log: say, onDeadline: () => killRecorded(pids) });
  claimMain(pids, '`npm run start:cluster`');
  shutdown.add(async () => pids.forget(MAIN));
  // Under npm, a kill -9 of npm must not leave this supervisor running: stop as on SIGTERM.
  watchParent(() => void shutdown.run('parent process gone'));
  const cleanedUp = await reapLeftovers(pids, say);
  const mayRestart = () => !shutdown.stopping;

  try {
    for (const tool of [clusterTools.server, clusterTools.sqlTool, clusterTools.uiServer, clusterTools.schemaDir]) {
      if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: run bash scripts/ensure-temporal-cluster-tools.sh (npm run start:cluster does)`);
    }
    const pg = await startClusterPostgres({ clusterDir, adminUrl: cfg.DATABASE_URL, port: cfg.HUIYING_PG_PORT, pids, log: say });
    shutdown.add(pg.stop);

    let started = Date.now();
    await migrateDeploy(pg.huiying);
    const prisma = createPrismaClient(pg.huiying);
    await seedDemoData(prisma).finally(() => prisma.$disconnect());
    say(`Huiying database migrated and seeded in ${Date.now() - started} ms`);
    // The replicas connect as the runtime role (no UPDATE/DELETE/TRUNCATE on the records); only
    // a database migrated before the role existed lacks its grants: then, loudly, as the owner.
    const runtimeGranted = await runtimeRoleGranted(pg.huiying);
    const replicaDatabaseUrl = runtimeGranted ? pg.huiyingRuntime : pg.huiying;
    const replicaRole = runtimeGranted
      ? `${RUNTIME_ROLE} (no UPDATE, DELETE or TRUNCATE on events, archive, points, logs)`
      : `the owner huiying: ${RUNTIME_ROLE} has no grants (the database was migrated before the role existed; run the grants of prisma/migrations/20261215090000_tamper_proof_records as the owner)`;
    if (!runtimeGranted) say(`runtime role ${RUNTIME_ROLE} has no grants: the API and worker replicas connect as the owner`);

    started = Date.now();
    checkHistoryShards(clusterDir, settings.HUIYING_HISTORY_SHARDS);
    const schemas = await ensureTemporalSchemas({ temporal: pg.temporal, visibility: pg.visibility });
    say(`Temporal schemas by temporal-sql-tool in ${Date.now() - started} ms: ${schemas.join(', ')}`);

    started = Date.now();
    // mTLS on the frontend: only holders of a certificate from this CA (the replicas, the UI
    // server, Temporal's system worker and this supervisor) may call Temporal at all.
    const tlsFiles = await ensureClusterTls(clusterDir);
    const adminTls = temporalTls(clientTlsEnv(tlsFiles, 'admin'));
    const temporalAddress = `127.0.0.1:${cfg.TEMPORAL_PORT}`;
    const serverFiles = await writeServerConfig({
      dir: path.join(clusterDir, 'temporal'),
      stores: { temporal: pg.temporal, visibility: pg.visibility },
      historyShards: settings.HUIYING_HISTORY_SHARDS,
      frontendPort: cfg.TEMPORAL_PORT,
      tls: serverTlsConfig(tlsFiles),
    });
    const server = new SupervisedChild({
      name: 'temporal-server',
      description: 'Temporal server',
      launch: () => launchTemporalServer(serverFiles),
      graceMs: 5_000,
      pids,
      log: say,
      mayRestart,
    });
    shutdown.add(() => server.stop());
    server.start();
    await waitForFrontend(temporalAddress, 120_000, serverFiles.logFile, adminTls);
    const namespace = await ensureNamespace(temporalAddress, cfg.TEMPORAL_NAMESPACE, retentionHours(cfg.TEMPORAL_RETENTION), adminTls);
    say(`Temporal server on ${temporalAddress} (mTLS) in ${Date.now() - started} ms (namespace ${cfg.TEMPORAL_NAMESPACE} ${namespace}, search attributes registered)`);

    const codecEndpoint = `${publicApiUrl(cfg.HUIYING_HOST, cfg.HUIYING_PORT)}/codec`;
    const uiRoot = writeUiConfig(path.join(clusterDir, 'ui'), temporalAddress, cfg.TEMPORAL_UI_PORT, cfg.TEMPORAL_NAMESPACE, codecEndpoint, {
      caFile: tlsFiles.ca,
      certFile: tlsFiles.clients.ui.cert,
      keyFile: tlsFiles.clients.ui.key,
      serverName: TEMPORAL_TLS_SERVER_NAME,
    });
    const ui = new SupervisedChild({ name: 'temporal-ui', description: 'Temporal UI server', launch: () => launchUiServer(uiRoot), graceMs: 3_000, pids, log: say, mayRestart });
    shutdown.add(() => ui.stop());
    ui.start();
    const uiUrl = `http://127.0.0.1:${cfg.TEMPORAL_UI_PORT}`;

    // One bundle for every worker process and every restart (bundling takes seconds of CPU).
    started = Date.now();
    const bundlePath = process.env.HUIYING_WORKFLOW_BUNDLE || path.join(clusterDir, 'workflow-bundle.js');
    if (!process.env.HUIYING_WORKFLOW_BUNDLE) {
      const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundleLogger });
      fs.writeFileSync(bundlePath, code);
      say(`workflow bundle built in ${Date.now() - started} ms`);
    }

    const devKey = devOpen311Key(cfg);
    const codecEnv = await clusterCodecKeys(clusterDir);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...codecEnv,
      DATABASE_URL: replicaDatabaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_URL: cfg.TEMPORAL_UI_URL ?? uiUrl,
      HUIYING_WORKFLOW_BUNDLE: bundlePath,
      ...(devKey ? { OPEN311_API_KEYS: `dev:${devKey}` } : {}),
    };
    const replicas: SupervisedChild[] = [];
    for (let i = 1; i <= settings.HUIYING_WORKER_PROCESSES; i++) {
      replicas.push(
        new SupervisedChild({
          name: `worker-${i}`,
          description: `worker process ${i}`,
          launch: () => launchWorker({ ...childEnv, ...clientTlsEnv(tlsFiles, 'worker'), HUIYING_INSTANCE: `worker-${i}` }),
          graceMs: 12_000,
          pids,
          log: say,
          mayRestart,
        }),
      );
    }
    for (let i = 1; i <= settings.HUIYING_API_PROCESSES; i++) {
      replicas.push(
        new SupervisedChild({
          name: `api-${i}`,
          description: `API process ${i}`,
          launch: () => launchApi({ ...childEnv, ...clientTlsEnv(tlsFiles, 'api'), HUIYING_INSTANCE: `api-${i}` }),
          graceMs: 8_000,
          pids,
          log: say,
          mayRestart,
        }),
      );
    }
    // Workers and APIs stop side by side: APIs finish their requests while workers drain.
    shutdown.add(() => Promise.all(replicas.map((r) => r.stop())).then(() => undefined));
    started = Date.now();
    for (const r of replicas) r.start();
    const api = `http://${cfg.HUIYING_HOST}:${cfg.HUIYING_PORT}`;
    await waitForHttp(`${api}/healthz`, 120_000);
    await waitForPollers(temporalAddress, cfg.TEMPORAL_NAMESPACE, cfg.TEMPORAL_TASK_QUEUE, settings.HUIYING_WORKER_PROCESSES, 120_000, adminTls);
    say(`${settings.HUIYING_WORKER_PROCESSES} worker and ${settings.HUIYING_API_PROCESSES} API processes up in ${Date.now() - started} ms`);
    if (shutdown.stopping) return;

    printBanner(
      say,
      clusterBannerInfo({
        api,
        temporalUi: uiUrl,
        temporalAddress,
        namespace: cfg.TEMPORAL_NAMESPACE,
        postgres: pg.description,
        dataDir: cfg.HUIYING_DATA_DIR,
        clusterDir,
        tlsDir: tlsFiles.dir,
        historyShards: settings.HUIYING_HISTORY_SHARDS,
        workerProcesses: settings.HUIYING_WORKER_PROCESSES,
        apiProcesses: settings.HUIYING_API_PROCESSES,
        replicaRole,
        open311DevKey: devKey,
        cleanedUp,
        timeScale: cfg.HUIYING_TIME_SCALE,
      }),
    );
  } catch (err) {
    say(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown.run('start failed', 1);
  }
}

const quietBundleLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
