/**
 * One topology under measurement, started as a user starts it (`npm start` or `npm run
 * start:cluster`) on free ports and a throw-away data folder, with what the benchmarks need to
 * look inside it: the API, the Temporal frontend (and a worker's client certificate on the
 * cluster), the PostgreSQL URLs, the worker processes' PIDs and where Temporal keeps its data.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { clusterCodecKeys } from '../infra/cluster/codec-keys';
import { keySourceFromEnv } from '../infra/codec/config-key-source';
import { loadDataConverter } from '../infra/codec/data-converter';
import { storeUrl } from '../infra/cluster/postgres-roles';
import { rolePasswords } from '../infra/cluster/secrets';
import { clientTlsEnv, clusterTlsFiles } from '../infra/cluster/tls';
import { temporalTls } from '../infra/temporal-tls';
import { ClusterRun, freeClusterPorts } from '../tests/topology/cluster-run';

export type TopologyName = 'embedded' | 'cluster';

export interface Topology {
  name: TopologyName;
  /** What the tables call it. */
  label: string;
  api: string;
  jwtSecret: string;
  temporal: { address: string; tls?: TLSConfig };
  /** A superuser / owner URL of the PostgreSQL server Huiying uses, on its `huiying` database. */
  huiyingDbUrl: string;
  /** The PostgreSQL database Temporal keeps its state in (cluster only; embedded: SQLite). */
  temporalDbUrl?: string;
  temporalVisibilityDbUrl?: string;
  /** The dev server's SQLite file (embedded only). */
  temporalSqlite?: string;
  /** Where the processes write V8 CPU profiles (BENCH_CPU_PROF=1), read once they have exited. */
  cpuProfileDir?: string;
  /** Where the processes answer a memory probe (bench/probe-preload.mjs). */
  probeDir: string;
  /** Processes that run the Huiying worker (embedded: the one `npm start` process, API included). */
  workerPids(): number[];
  /** The data converter with this topology's codec keys (to replay its encrypted histories). */
  dataConverter(): Promise<DataConverter>;
  startedInS: number;
  stop(): Promise<void>;
}

/** HUIYING_WORKER_* settings of the bench's own environment reach the topology's workers. */
function workerSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('HUIYING_WORKER_')));
}

export async function startTopology(name: TopologyName): Promise<Topology> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `huiying-bench-${name}-`));
  const jwtSecret = randomBytes(24).toString('hex');
  const ports = await freeClusterPorts();
  const cpuProfileDir = process.env.BENCH_CPU_PROF ? fs.mkdtempSync(path.join(os.tmpdir(), `huiying-bench-cpu-${name}-`)) : undefined;
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), `huiying-bench-probe-${name}-`));
  const preload = pathToFileURL(path.join(__dirname, 'probe-preload.mjs')).href;
  const probing: NodeJS.ProcessEnv = {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(),
    BENCH_PROBE_DIR: probeDir,
    ...(cpuProfileDir ? { BENCH_CPU_PROF_DIR: cpuProfileDir } : {}),
  };
  const t0 = performance.now();
  const run = new ClusterRun({
    script: name === 'embedded' ? 'start' : 'start:cluster',
    dataDir,
    ports,
    jwtSecret,
    logFile: path.join(dataDir, 'start.log'),
    // Development for both: `npm start` then keeps its own codec key in the data folder.
    extraEnv: { NODE_ENV: 'development', ...workerSettings(), ...probing },
  });
  const stop = async () => {
    if (!run.hasExited && run.npm.pid) process.kill(run.npm.pid, 'SIGTERM');
    await run.exit(30_000);
    if (!process.env.BENCH_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(probeDir, { recursive: true, force: true });
  };
  try {
    await run.ready(600_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const startedInS = (performance.now() - t0) / 1000;
  const livePid = (record: string) => run.record(record)?.pid;
  if (name === 'embedded') {
    return {
      name,
      label: 'embedded (npm start)',
      cpuProfileDir,
      probeDir,
      api: run.api,
      jwtSecret,
      temporal: { address: run.temporalAddress },
      huiyingDbUrl: `postgresql://huiying:huiying@127.0.0.1:${ports.postgres}/huiying`,
      temporalSqlite: path.join(dataDir, 'temporal', 'temporal.db'),
      workerPids: () => [livePid('main')].filter((p): p is number => p !== undefined),
      dataConverter: async () => (await loadDataConverter(keySourceFromEnv({ env: {}, production: false, dataDir }))).dataConverter,
      startedInS,
      stop,
    };
  }
  const clusterDir = path.join(dataDir, 'cluster');
  const passwords = rolePasswords(clusterDir);
  const adminUrl = `postgresql://postgres:${encodeURIComponent(passwords.superuser)}@127.0.0.1:${ports.postgres}/postgres`;
  const workers = Number(process.env.HUIYING_WORKER_PROCESSES ?? 2);
  return {
    name,
    label: `production topology (npm run start:cluster, ${workers} workers)`,
    cpuProfileDir,
    probeDir,
    api: run.api,
    jwtSecret,
    temporal: { address: run.temporalAddress, tls: temporalTls(clientTlsEnv(clusterTlsFiles(clusterDir), 'worker')) },
    huiyingDbUrl: adminUrl.replace(/\/postgres$/, '/huiying'),
    temporalDbUrl: storeUrl(adminUrl, 'temporal', passwords),
    temporalVisibilityDbUrl: storeUrl(adminUrl, 'visibility', passwords),
    workerPids: () =>
      Array.from({ length: workers }, (_, i) => livePid(`worker-${i + 1}`)).filter((p): p is number => p !== undefined),
    dataConverter: async () =>
      (await loadDataConverter(keySourceFromEnv({ env: await clusterCodecKeys(clusterDir, {}), production: true, dataDir }))).dataConverter,
    startedInS,
    stop,
  };
}

/** Resident set size of a process in bytes (Linux /proc), 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export interface HeldMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Memory a process holds after a full collection of its main thread's heap (see probe-preload.mjs). */
export async function heldMemory(probeDir: string, pid: number, timeoutMs = 20_000): Promise<HeldMemory | undefined> {
  const file = path.join(probeDir, `${pid}.json`);
  const asked = Date.now();
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  while (Date.now() - asked < timeoutMs) {
    try {
      const probe = JSON.parse(fs.readFileSync(file, 'utf8')) as HeldMemory & { at: number };
      if (probe.at >= asked) return probe;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
