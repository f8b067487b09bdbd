import { quantile } from './stats';

/** Latencies of `n` calls of `fn`, `width` at a time, and the wall time they took together. */
export interface Measured {
  latencies: number[];
  wallMs: number;
}

export async function measurePool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        const started = performance.now();
        await fn(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

export const throughput = (m: Measured) => (m.latencies.length * 1000) / m.wallMs;

export const latency = (m: Measured, p: number) => quantile(m.latencies, p);
