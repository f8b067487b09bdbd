import { parseArgs } from 'node:util';
import type { TopologyName } from './topology';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** `npm run bench -- --storm 500 --concurrency 1,8 --topology embedded` (defaults: the full run). */
export function benchArgs(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      storm: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '1,8,32,64' },
      topology: { type: 'string', default: 'embedded,cluster' },
      'intake-calls': { type: 'string' },
      'storm-timeout': { type: 'string', default: '600' },
      'no-pgboss': { type: 'boolean', default: false },
    },
  });
  const topologies = list(values.topology).map((t) => {
    if (t !== 'embedded' && t !== 'cluster') throw new Error(`--topology: embedded or cluster, not ${t}`);
    return t as TopologyName;
  });
  const concurrencies = list(values.concurrency).map(Number);
  const calls = values['intake-calls'] ? Number(values['intake-calls']) : undefined;
  // Enough calls per level that the pool runs full most of the time, few enough to stay short.
  const intakePlan = new Map(concurrencies.map((c) => [c, calls ?? Math.max(60, 6 * c)] as const));
  return {
    storm: Number(values.storm),
    topologies,
    intakePlan,
    stormTimeoutMs: Number(values['storm-timeout']) * 1000,
    pgBoss: !values['no-pgboss'],
  };
}
export type BenchArgs = ReturnType<typeof benchArgs>;
