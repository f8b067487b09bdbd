/**
 * Intake: `POST /v1/requests` at each concurrency, over loopback HTTP with a new connection per
 * call (so the cluster's API replicas share the load), as a client should call it: a 5xx or a
 * reset is retried with the same Idempotency-Key. The requests stay open for the later benchmarks.
 */
import { RequestsApi } from '../tests/topology/requests';
import { measurePool, type Measured } from './http-pool';

export interface IntakeFigures {
  byConcurrency: Map<number, Measured>;
  /** Worker CPU milliseconds per accepted request at each concurrency (embedded: API included). */
  workerCpuMs: Map<number, number>;
  retries: number;
}

export async function measureIntake(api: RequestsApi, plan: Map<number, number>, ids: string[], workerCpuS: () => number): Promise<IntakeFigures> {
  const deadline = () => Date.now() + 120_000;
  let retries = 0;
  const create = async (key: string) => {
    const accepted = await api.createUntilAccepted(key, ids.length, deadline());
    retries += accepted.retries;
    ids.push(accepted.id);
  };
  // Bundles, connection pools and the JIT warm up on the first calls; those are not measured.
  for (let i = 0; i < 10; i++) await create(`warmup-${i}`);
  const byConcurrency = new Map<number, Measured>();
  const workerCpuMs = new Map<number, number>();
  for (const [width, n] of plan) {
    const cpu0 = workerCpuS();
    byConcurrency.set(width, await measurePool(n, width, (i) => create(`intake-c${width}-${i}`)));
    workerCpuMs.set(width, ((workerCpuS() - cpu0) * 1000) / n);
  }
  return { byConcurrency, workerCpuMs, retries };
}

/** Creates requests `width` at a time until `ids` holds `total` (the storm's and the rest's population). */
export async function fillTo(api: RequestsApi, ids: string[], total: number, width: number): Promise<Measured> {
  const start = ids.length;
  return measurePool(Math.max(0, total - start), width, async (i) => {
    ids.push((await api.createUntilAccepted(`fill-${start + i}`, start + i, Date.now() + 120_000)).id);
  });
}
