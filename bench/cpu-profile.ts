/**
 * Where the workers' CPU goes in a time window (the storm): self time of the V8 CPU profiles the
 * topology's processes wrote (bench/probe-preload.mjs, when BENCH_CPU_PROF=1), by category and by
 * function. Sample times are CLOCK_MONOTONIC microseconds, the clock of process.hrtime, so the
 * window the benchmark recorded selects the same instants in every process's profile.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuWindow {
  fromUs: number;
  toUs: number;
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const CATEGORIES: [string, RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$/],
  ['native (SDK core calls, I/O)', /^\(program\)$/],
  ['Prisma', /@prisma|\/prisma\/|query_engine|\.wasm/],
  ['pg driver', /node_modules\/pg(-[a-z]+)?\//],
  ['Temporal SDK', /@temporalio/],
  ['protobuf', /protobufjs|@temporalio\/proto/],
  ['workflow code', /\/workflows\/|workflow-bundle|workflow-sandbox/],
  ['activities', /\/activities\//],
  ['payload codec', /\/infra\/codec\//],
  ['API (Express, zod, pino)', /\/api\/|express|zod|pino|router/],
  ['webpack / tsx / esbuild', /webpack|tsx|esbuild/],
  ['Node internals', /^node:|^internal\//],
];

function category(frame: ProfileNode['callFrame']): string {
  const key = frame.url || `(${frame.functionName.replace(/[()]/g, '')})`;
  for (const [name, re] of CATEGORIES) if (re.test(key) || re.test(frame.functionName)) return name;
  return frame.url ? 'other JavaScript' : 'other';
}

const shortUrl = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(api|activities|workflows|infra|worker|domain)\//, '$1/');

export interface CpuSummary {
  files: number;
  totalMs: number;
  byCategory: [string, number][];
  byFunction: [string, number][];
}

export function summariseProfiles(dir: string, window: CpuWindow): CpuSummary {
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n] as const));
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0;
      const next = profile.timeDeltas[i + 1] ?? 0;
      if (t < window.fromUs || t > window.toUs) continue;
      const frame = nodes.get(profile.samples[i]!)!.callFrame;
      const ms = next / 1000;
      const cat = category(frame);
      byCategory.set(cat, (byCategory.get(cat) ?? 0) + ms);
      if (cat !== 'idle') {
        const fn = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
        byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
        totalMs += ms;
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { files: files.length, totalMs, byCategory: sorted(byCategory), byFunction: sorted(byFunction).slice(0, 25) };
}

export function describeCpu(s: CpuSummary, perItems: number): string[] {
  const pct = (ms: number) => `${((100 * ms) / Math.max(1, s.totalMs)).toFixed(1)} %`;
  return [
    `CPU profile of the storm window (${s.files} profiles): ${(s.totalMs / 1000).toFixed(1)} s busy, ${(s.totalMs / Math.max(1, perItems)).toFixed(1)} ms per OVERDUE`,
    ...s.byCategory.map(([c, ms]) => `    ${c.padEnd(32)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${c === 'idle' ? '' : pct(ms)}`),
    '  top functions (self time):',
    ...s.byFunction.map(([f, ms]) => `    ${(ms / 1000).toFixed(2).padStart(6)} s  ${pct(ms).padStart(6)}  ${f}`),
  ];
}
