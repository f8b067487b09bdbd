/**
 * `npm run bench`: figures for intake and actions on this machine, on the real embedded stack
 * (Temporal dev server + embedded PostgreSQL + one worker + the API over loopback HTTP).
 * Bounded: N_CREATE creates (sequential, then CONCURRENCY at a time), then one sign per request,
 * then the lag between a breached deadline and its recorded escalation. Prints, never asserts.
 *
 *   BENCH_CREATES=200 BENCH_CONCURRENCY=8 npm run bench
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { TokenService } from '../api/auth/tokens';
import { listen } from '../api/listen';
import { LogChannel } from '../activities/channels/log-channel';
import { huiyingDataConverter } from '../infra/codec/data-converter';
import { createPrismaClient } from '../infra/db';
import { logger } from '../infra/logger';
import { startEphemeralStack } from '../infra/stack';
import { createWorker } from '../worker/create-worker';

const N = Number(process.env.BENCH_CREATES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LAG_SAMPLES = Number(process.env.BENCH_LAG_SAMPLES ?? 10);

const body = (i: number) =>
  JSON.stringify({
    categoryCode: 'NOISE',
    type: '投诉',
    description: `bench ${i}`,
    location: { unitCode: 'G-DFX-01', address: '多福巷12号' },
    citizen: { name: '压测', phone: '13800000000' },
  });

function summary(label: string, ms: number[], wallMs: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  console.log(
    `${label.padEnd(34)} n=${String(ms.length).padStart(4)}  p50=${q(0.5).padStart(7)} ms  p95=${q(0.95).padStart(7)} ms  ` +
      `p99=${q(0.99).padStart(7)} ms  throughput=${((ms.length * 1000) / wallMs).toFixed(1)}/s`,
  );
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  logger.level = 'error';
  const started = performance.now();
  const stack = await startEphemeralStack('huiying-bench-', () => undefined);
  try {
    await measure(stack.databaseUrl, stack.temporalAddress, started);
  } finally {
    await stack.stop();
  }
}

async function measure(databaseUrl: string, temporalAddress: string, started: number) {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`stack up (PostgreSQL + Temporal dev server, migrated, seeded) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const prisma = createPrismaClient(databaseUrl);
  const connection = await Connection.connect({ address: temporalAddress });
  // Measured with payload encryption on, as in production.
  const dataConverter = huiyingDataConverter({ activeKeyId: 'bench', keys: new Map([['bench', randomBytes(32)]]) });
  const client = new Client({ connection, dataConverter });
  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  const taskQueue = 'bench';
  const [worker, bundleMs] = await timed(() =>
    createWorker({ connection: workerConnection, namespace: 'default', taskQueue, prisma, channel: new LogChannel(logger), dataConverter }),
  );
  console.log(`worker ready (workflow bundle built) in ${(bundleMs / 1000).toFixed(1)} s`);
  const running = worker.run();
  const tokens = new TokenService('bench-secret-bench-secret-bench-secret!');
  const app = createApp({ prisma, temporal: client, tokens, logger, namespace: 'default', taskQueue, timeScale: 1 });
  const server = await listen(app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  const intake = `Bearer ${await tokens.mint({ subject: 'bench', role: 'intake' })}`;
  const handler = `Bearer ${await tokens.mint({ subject: 'bench', role: 'handler', unitCode: 'S-DHM' })}`;

  const create = async (i: number) => {
    const res = await fetch(`${base}/v1/requests`, {
      method: 'POST',
      headers: { authorization: intake, 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
      body: body(i),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };

  const ids: string[] = [];
  const seqLat: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const [id, ms] = await timed(() => create(i));
    ids.push(id);
    seqLat.push(ms);
  }
  summary('POST /v1/requests, sequential', seqLat, performance.now() - t0);

  const conLat: number[] = [];
  t0 = performance.now();
  await pool(
    Array.from({ length: N }, (_, i) => N + i),
    CONCURRENCY,
    async (i) => {
      const [id, ms] = await timed(() => create(i));
      ids.push(id);
      conLat.push(ms);
    },
  );
  summary(`POST /v1/requests, ${CONCURRENCY} concurrent`, conLat, performance.now() - t0);

  const replayLat: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < Math.min(N, 50); i++) replayLat.push((await timed(() => create(i)))[1]);
  summary('POST, repeated Idempotency-Key', replayLat, performance.now() - t0);

  const signLat: number[] = [];
  t0 = performance.now();
  await pool(ids, CONCURRENCY, async (id) => {
    const [res, ms] = await timed(() =>
      fetch(`${base}/v1/requests/${id}/sign`, { method: 'POST', headers: { authorization: handler, 'content-type': 'application/json' }, body: '{}' }),
    );
    if (res.status !== 200) throw new Error(`sign ${id}: ${res.status}`);
    signLat.push(ms);
  });
  summary(`POST …/sign (update), ${CONCURRENCY} concurrent`, signLat, performance.now() - t0);

  // Timer lag: a supervisor moves the deadline 2 s ahead; measure until OVERDUE is recorded.
  const supervisor = `Bearer ${await tokens.mint({ subject: 'bench', role: 'supervisor' })}`;
  const lags: number[] = [];
  t0 = performance.now();
  await pool(ids.slice(0, LAG_SAMPLES), LAG_SAMPLES, async (id) => {
    const deadline = new Date(Date.now() + 2000);
    const res = await fetch(`${base}/v1/requests/${id}/deadline`, {
      method: 'PUT',
      headers: { authorization: supervisor, 'content-type': 'application/json' },
      body: JSON.stringify({ deadline: deadline.toISOString(), reason: 'bench' }),
    });
    if (res.status !== 200) throw new Error(`override ${id}: ${res.status}`);
    for (let tries = 0; tries < 300; tries++) {
      const ev = await prisma.requestEvent.findFirst({ where: { requestId: id, type: 'OVERDUE' } });
      if (ev) {
        lags.push(ev.at.getTime() - deadline.getTime());
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no OVERDUE for ${id}`);
  });
  summary('deadline → OVERDUE recorded (lag)', lags, performance.now() - t0);

  await server.close();
  worker.shutdown();
  await running;
  await workerConnection.close();
  await connection.close();
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
