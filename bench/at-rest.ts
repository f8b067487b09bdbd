/**
 * Open requests at rest: once the workers are idle, their resident memory and the bytes Temporal
 * and Huiying keep, sampled at several numbers of open requests so the growth per request (and
 * whether it flattens) shows. Temporal's bytes: the dev server's SQLite file on the embedded
 * stack; on the cluster, pg_total_relation_size of every table of the temporal and visibility
 * databases (tables, TOAST and indexes).
 */
import fs from 'node:fs';
import pg from 'pg';
import { cpuSeconds, heldMemory, rssBytes, type Topology } from './topology';

export interface RestSample {
  open: number;
  rss: number[];
  /** After a full collection of each worker's main heap: RSS and the JS heap still in use. */
  rssAfterGc: number[];
  heapUsed: number[];
  temporalBytes: number;
  visibilityBytes: number;
  huiyingBytes: number;
}

async function databaseBytes(url: string | undefined): Promise<number> {
  if (!url) return NaN;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string | null }>(
      `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}

const fileBytes = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

/** Waits until the workers have used under 5 % of a core for 2 s (at most `timeoutMs`). */
export async function waitForIdle(top: Topology, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pids = top.workerPids();
    const before = pids.reduce((s, p) => s + cpuSeconds(p), 0);
    await new Promise((r) => setTimeout(r, 2_000));
    const used = pids.reduce((s, p) => s + cpuSeconds(p), 0) - before;
    if (used / 2 < 0.05 * pids.length) return;
  }
}

export async function sampleAtRest(top: Topology, open: number): Promise<RestSample> {
  await waitForIdle(top);
  const temporalBytes = top.temporalSqlite
    ? fileBytes(top.temporalSqlite) + fileBytes(`${top.temporalSqlite}-wal`)
    : await databaseBytes(top.temporalDbUrl);
  const rss = top.workerPids().map(rssBytes);
  const held = await Promise.all(top.workerPids().map((pid) => heldMemory(top.probeDir, pid)));
  return {
    open,
    rss,
    rssAfterGc: held.map((h) => h?.rss ?? NaN),
    heapUsed: held.map((h) => h?.heapUsed ?? NaN),
    temporalBytes,
    visibilityBytes: await databaseBytes(top.temporalVisibilityDbUrl),
    huiyingBytes: await databaseBytes(top.huiyingDbUrl),
  };
}

/** Growth per open request between two samples, in bytes. */
export function perRequest(a: RestSample, b: RestSample, pick: (s: RestSample) => number): number {
  return (pick(b) - pick(a)) / Math.max(1, b.open - a.open);
}

export const totalRss = (s: RestSample) => s.rss.reduce((x, y) => x + y, 0);
export const maxRss = (s: RestSample) => Math.max(0, ...s.rss);
