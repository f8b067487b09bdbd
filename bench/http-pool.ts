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
    Array.from({ length: width }, async () => {
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

export function quantile(m: Measured, p: number): number {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
