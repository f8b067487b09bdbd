/**
 * Per-file wiring for integration tests: a real worker on its own task queue (the run's shared
 * Temporal server and PostgreSQL), the real Express app, and helpers to mint tokens and wait.
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp, type AppDeps } from '../../api/app';
import type { Role } from '../../api/auth/roles';
import { TokenService } from '../../api/auth/tokens';
import type { NotificationChannel } from '../../activities/shared/channels/channel';
import { LogChannel } from '../../activities/shared/channels/log-channel';
import { createPrismaClient, type PrismaClient } from '../../infra/db';
import { logger } from '../../infra/logger';
import { createWorker } from '../../worker/create-worker';
import { testArchiveKeys, testDataConverter, testKeyRing } from './test-keys';
import { bufferedWorkerLogger } from '../setup/log-buffer';

let runtimeInstalled = false;

export interface Harness {
  /** The migration owner: fixtures and checks of the tests. */
  prisma: PrismaClient;
  /** The runtime role (what the worker and the app use): no UPDATE or DELETE on append-only tables. */
  runtimePrisma: PrismaClient;
  client: Client;
  /** The codec-carrying data converter every client and worker of the tests uses (also for replay). */
  dataConverter: typeof testDataConverter;
  app: Express;
  taskQueue: string;
  tokens: TokenService;
  token(role: Role, unitCode?: string, subject?: string): Promise<string>;
  /** Another app on the same worker, database and Temporal client, with some settings changed. */
  appWith(overrides: Partial<AppDeps>): Express;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  timeScale?: number;
  /** Default 0 so tests are deterministic; re-check tests set 100. */
  recheckSamplePercent?: number;
  channel?: NotificationChannel;
  /** Another Temporal server than the run's shared one (a test that needs its own, e.g. on a database file). */
  temporalAddress?: string;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest (globalSetup starts the stack)`);
  return value;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  if (!runtimeInstalled) {
    // Held back and printed only for a failing test (expected activity failures log WARNs).
    Runtime.install({ logger: bufferedWorkerLogger(), shutdownSignals: [] });
    runtimeInstalled = true;
  }
  const address = opts.temporalAddress ?? requiredEnv('HUIYING_TEST_TEMPORAL_ADDRESS');
  const prisma = createPrismaClient(requiredEnv('HUIYING_TEST_DATABASE_URL'));
  const runtimePrisma = createPrismaClient(requiredEnv('HUIYING_TEST_RUNTIME_DATABASE_URL'));
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter });
  const workerConnection = await NativeConnection.connect({ address });
  const worker: Worker = await createWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    prisma: runtimePrisma,
    channel: opts.channel ?? new LogChannel(logger),
    dataConverter: testDataConverter,
    archiveKeys: testArchiveKeys,
    workflowBundle: { codePath: requiredEnv('HUIYING_TEST_BUNDLE') },
    // The compressed clock of these tests is the worker's, as in drills: no input carries it.
    clockScale: opts.timeScale ?? 1,
  });
  const running = worker.run();
  const tokens = new TokenService('test-secret-that-is-long-enough-for-hs256!');
  const appDeps: AppDeps = {
    prisma: runtimePrisma,
    temporal: client,
    tokens,
    logger,
    namespace: 'default',
    taskQueue,
    recheckSamplePercent: opts.recheckSamplePercent ?? 0,
    temporalUiUrl: 'http://127.0.0.1:8233',
    codecKeys: testKeyRing,
    archiveKeys: testArchiveKeys,
  };
  const app = createApp(appDeps);
  return {
    prisma,
    runtimePrisma,
    client,
    dataConverter: testDataConverter,
    app,
    taskQueue,
    tokens,
    token: (role, unitCode, subject) => tokens.mint({ subject: subject ?? `${role}-tester`, role, unitCode }),
    appWith: (overrides) => createApp({ ...appDeps, ...overrides }),
    async stop() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await prisma.$disconnect();
      await runtimePrisma.$disconnect();
    },
  };
}

export const sampleRequest = (overrides: Record<string, unknown> = {}) => ({
  categoryCode: 'NOISE',
  type: '投诉',
  urgency: 'GENERAL',
  channel: 'HOTLINE',
  description: '夜间施工噪音扰民',
  location: { unitCode: 'G-DFX-01', address: '多福巷12号' },
  citizen: { name: '张三', phone: '13800000000' },
  ...overrides,
});

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes (then fails the test). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function createViaApi(h: Harness, body: Record<string, unknown> = sampleRequest(), key?: string) {
  const req = request(h.app).post('/v1/requests').set('authorization', `Bearer ${await h.token('intake')}`);
  if (key) req.set('idempotency-key', key);
  return req.send(body);
}

export async function timelineTypes(h: Harness, id: string): Promise<string[]> {
  const events = await h.prisma.requestEvent.findMany({ where: { requestId: id }, orderBy: { seq: 'asc' } });
  return events.map((e) => e.type);
}
