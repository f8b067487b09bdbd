/** Order statistics of a sample, in the sample's unit. NaN for an empty sample. */
export function quantile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export const max = (sample: readonly number[]) => (sample.length ? Math.max(...sample) : NaN);

export interface Lateness {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export const lateness = (ms: readonly number[]): Lateness => ({ n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: max(ms) });

/** `a / b` with two decimals; "–" when either side is missing. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? (a / b).toFixed(2) : '–';
}

export const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');
