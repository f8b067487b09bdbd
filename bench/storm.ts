/**
 * The deadline storm: a supervisor moves the 办结 deadline of N open requests to one instant T
 * (the `overrideDeadline` action, PUT /v1/requests/{id}/deadline), then the benchmark watches
 * Huiying's database until N OVERDUE events are recorded. Lateness of the k-th OVERDUE = the
 * first poll (every 100 ms) that counts at least k, minus T: when the escalation is visible in
 * PostgreSQL, not merely when Temporal fired the timer.
 *
 * Why the override and not HUIYING_TIME_SCALE: at 24:00 real deadlines are absolute instants on
 * the wall clock; the override sets exactly that on real timers, while a compressed clock divides
 * every limit (sign deadlines, 75 % warnings, 督办 ladder) and fires those in the same minutes.
 */
import pg from 'pg';
import type { RequestsApi } from '../tests/topology/requests';
import { measurePool } from './http-pool';
import { monotonicUs, type CpuWindow } from './cpu-profile';
import { lateness, type Lateness } from './stats';
import { cpuSeconds, rssBytes, type Topology } from './topology';

export interface StormFigures {
  n: number;
  /** Overrides the API did not accept with 200 (their requests keep their old deadline). */
  refused: number;
  overrideMs: number;
  /** Overrides still running at T (their deadline was then in the past). */
  lateOverrides: number;
  recorded: Lateness;
  /** The OVERDUE events' own `at` (the workflow's clock when it recorded them) minus T. */
  workflowClock: Lateness;
  /** Worker CPU seconds between T and the last OVERDUE, and the peak worker RSS in that window. */
  workerCpuS: number;
  peakRss: number;
  /** From T to the last OVERDUE, on the profiles' clock. */
  window: CpuWindow;
}

export async function runStorm(
  top: Topology,
  api: RequestsApi,
  ids: string[],
  overridesPerSecond: number,
  timeoutMs: number,
  afterOverrides: () => Promise<void> = async () => undefined,
): Promise<StormFigures> {
  const n = ids.length;
  const leadMs = 15_000 + (1.5 * n * 1000) / Math.max(1, overridesPerSecond);
  const at = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
  let refused = 0;
  let lateOverrides = 0;
  const overrides = await measurePool(n, 32, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const reply = await api.overrideDeadline(ids[i]!, at);
      if (Date.now() >= at.getTime()) lateOverrides += 1;
      if (reply.status === 200) return;
      // A 503 (the API's bound on a Temporal call ran out on a busy worker): retry as a client would.
      if (reply.status !== 503 || attempt >= 10) {
        refused += 1;
        if (refused <= 3) console.error(`  override ${ids[i]}: ${reply.status} ${JSON.stringify(reply.body)}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });
  const expected = n - refused;
  await afterOverrides();
  const db = new pg.Client({ connectionString: top.huiyingDbUrl });
  await db.connect();
  try {
    const since = new Date(at.getTime() - 60_000);
    const count = async () =>
      Number((await db.query<{ c: string }>(`SELECT count(*)::text AS c FROM "RequestEvent" WHERE type = 'OVERDUE' AND at >= $1`, [since])).rows[0]!.c);
    const seen: number[] = [];
    const pids = top.workerPids();
    let cpuAtT = NaN;
    let fromUs = NaN;
    let peakRss = 0;
    const giveUp = at.getTime() + timeoutMs;
    while (seen.length < expected && Date.now() < giveUp) {
      const now = Date.now();
      if (now >= at.getTime()) {
        if (Number.isNaN(cpuAtT)) {
          cpuAtT = pids.reduce((s, p) => s + cpuSeconds(p), 0);
          fromUs = monotonicUs();
        }
        const c = await count();
        const polledAt = Date.now();
        while (seen.length < c) seen.push(polledAt - at.getTime());
        peakRss = Math.max(peakRss, pids.reduce((s, p) => s + rssBytes(p), 0));
      }
      await new Promise((r) => setTimeout(r, now < at.getTime() - 1_000 ? 500 : 100));
    }
    const workerCpuS = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpuAtT;
    const window = { fromUs, toUs: monotonicUs() };
    const { rows } = await db.query<{ at: Date }>(`SELECT at FROM "RequestEvent" WHERE type = 'OVERDUE' AND at >= $1`, [since]);
    return {
      n,
      refused,
      overrideMs: overrides.wallMs,
      lateOverrides,
      recorded: lateness(seen),
      workflowClock: lateness(rows.map((r) => r.at.getTime() - at.getTime())),
      workerCpuS,
      peakRss,
      window,
    };
  } finally {
    await db.end();
  }
}
