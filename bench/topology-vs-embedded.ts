/**
 * `npm run bench:topology`: request throughput of the production topology (`npm run
 * start:cluster`: Temporal server on PostgreSQL, 2 workers, 2 APIs) against the embedded one
 * (`npm start`: dev server on SQLite, API and worker in one process), both started here as a user
 * starts them, one after the other, on free ports and throw-away data folders, and driven by the
 * same HTTP client (a new connection per call, so the cluster's API replicas share the load).
 * Prints figures and the ratio topology / embedded measured in this same run; asserts nothing.
 *
 *   BENCH_CREATES=100 BENCH_CONCURRENCY=8 npm run bench:topology
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterRun, freeClusterPorts } from '../tests/topology/cluster-run';
import { RequestsApi } from '../tests/topology/requests';
import { measurePool, quantile, throughput, type Measured } from './http-pool';

const N = Number(process.env.BENCH_CREATES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 10;

interface Figures {
  startS: number;
  create: Measured;
  sign: Measured;
}

async function measure(script: 'start' | 'start:cluster'): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-bench-topology-'));
  const jwtSecret = randomBytes(24).toString('hex');
  const t0 = performance.now();
  const run = new ClusterRun({
    script,
    dataDir,
    ports: await freeClusterPorts(),
    jwtSecret,
    logFile: path.join(dataDir, 'start.log'),
    // Development for both: `npm start` then keeps its own codec key in the data folder.
    extraEnv: { NODE_ENV: 'development' },
  });
  try {
    await run.ready(600_000);
    const startS = (performance.now() - t0) / 1000;
    const api = await RequestsApi.create(run.api, jwtSecret);
    const deadline = () => Date.now() + 120_000;
    for (let i = 0; i < WARMUP; i++) await api.createUntilAccepted(`warmup-${i}`, i, deadline());
    const ids: string[] = [];
    const create = await measurePool(N, CONCURRENCY, async (i) => {
      ids.push((await api.createUntilAccepted(`bench-${i}`, i, deadline())).id);
    });
    const sign = await measurePool(ids.length, CONCURRENCY, async (i) => {
      const reply = await api.sign(ids[i]!);
      if (reply.status !== 200) throw new Error(`sign ${ids[i]}: ${reply.status} ${JSON.stringify(reply.body)}`);
    });
    return { startS, create, sign };
  } finally {
    if (!run.hasExited && run.npm.pid) process.kill(run.npm.pid, 'SIGTERM');
    await run.exit(30_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function row(label: string, m: Measured): string {
  return `${label.padEnd(44)} p50=${quantile(m, 0.5).toFixed(0).padStart(5)} ms  p95=${quantile(m, 0.95).toFixed(0).padStart(5)} ms  ${throughput(m).toFixed(1).padStart(6)}/s`;
}

async function main() {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${N} creates and signs, ${CONCURRENCY} concurrent`);
  const embedded = await measure('start');
  console.log(`embedded (npm start) ready in ${embedded.startS.toFixed(1)} s`);
  console.log(row('  POST /v1/requests', embedded.create));
  console.log(row('  POST …/sign (workflow Update)', embedded.sign));
  const topology = await measure('start:cluster');
  console.log(`topology (npm run start:cluster) ready in ${topology.startS.toFixed(1)} s`);
  console.log(row('  POST /v1/requests', topology.create));
  console.log(row('  POST …/sign (workflow Update)', topology.sign));
  const ratio = (a: Measured, b: Measured) => (throughput(a) / throughput(b)).toFixed(2);
  console.log(`ratio topology / embedded (same run): creates ${ratio(topology.create, embedded.create)}×, signs ${ratio(topology.sign, embedded.sign)}×`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
