/** The closing markdown table: every Huiying figure beside its same-run reference and the ratio. */
import { latency, throughput } from './http-pool';
import { perRequest, totalRss } from './at-rest';
import { describe } from './history';
import { ratio, seconds } from './stats';
import type { SuiteFigures } from './suite';

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const kb = (b: number) => (Number.isFinite(b) ? `${(b / 1000).toFixed(1)} kB` : '–');
const ms = (x: number) => `${x.toFixed(0)} ms`;

export function markdownTable(suites: SuiteFigures[]): string {
  const rows: string[] = ['| topology | benchmark | Huiying | reference, same run | ratio |', '| --- | --- | --- | --- | --- |'];
  for (const s of suites) {
    const t = s.name === 'embedded' ? 'embedded' : `production (${s.workers} workers)`;
    const st = s.storm.recorded;
    const pb = s.pgBoss?.recorded;
    rows.push(
      `| ${t} | storm: ${s.storm.n} 办结 deadlines at one instant, OVERDUE recorded (${st.n} of ${s.storm.n - s.storm.refused}) | p50 ${seconds(st.p50)}, p99 ${seconds(st.p99)}, max ${seconds(st.max)}; worker CPU ${ms((s.storm.workerCpuS * 1000) / Math.max(1, st.n))}/OVERDUE | ` +
        (pb ? `pg-boss \`startAfter\`: p50 ${seconds(pb.p50)}, p99 ${seconds(pb.p99)}, max ${seconds(pb.max)} | ${ratio(st.p99, pb.p99)}× at p99 |` : '– | – |'),
    );
    for (const [c, m] of s.intake.byConcurrency) {
      const uws = s.raw.updateWithStart.get(c)!;
      const start = s.raw.start.get(c)!;
      rows.push(
        `| ${t} | intake \`POST /v1/requests\`, concurrency ${c} | ${throughput(m).toFixed(1)}/s, p50 ${ms(latency(m, 0.5))}, p99 ${ms(latency(m, 0.99))}; worker CPU ${ms(s.intake.workerCpuMs.get(c)!)}/request | ` +
          `raw update-with-start ${throughput(uws).toFixed(1)}/s (p50 ${ms(latency(uws, 0.5))}); raw start ${throughput(start).toFixed(1)}/s | ${ratio(throughput(m), throughput(uws))} of update-with-start |`,
      );
    }
    const base = s.rest[0]!;
    // Memory per request from the first sample after intake: the first calls also warm the JIT,
    // bundles and pools up, which is not growth per request.
    const first = s.rest[1] ?? base;
    for (const r of s.rest.slice(1)) {
      rows.push(
        `| ${t} | ${r.open} open requests at rest | worker RSS ${r.rss.map(mib).join(' + ')}, after a full GC ${r.rssAfterGc.map(mib).join(' + ')} (main heap in use ${r.heapUsed.map(mib).join(' + ')}) (${r === first ? 'first sample' : `+${kb(perRequest(first, r, totalRss))}/request since ${first.open}`}); Temporal ${kb(perRequest(base, r, (x) => x.temporalBytes))}/request` +
          `${Number.isFinite(r.visibilityBytes) ? ` + visibility ${kb(perRequest(base, r, (x) => x.visibilityBytes))}` : ''}; Huiying PostgreSQL ${kb(perRequest(base, r, (x) => x.huiyingBytes))}/request | ` +
          `before intake: RSS ${base.rss.map(mib).join(' + ')} | – |`,
      );
    }
    rows.push(
      s.replay.error
        ? `| ${t} | sticky-cache miss: replay of one request's history | replay failed: ${s.replay.error.replace(/\|/g, '/')} | – | – |`
        : `| ${t} | sticky-cache miss: replay of one request's ${s.replay.events}-event history | p50 ${s.replay.p50Ms.toFixed(1)} ms, mean ${s.replay.meanMs.toFixed(1)} ms | – | – |`,
    );
    rows.push(`| ${t} | one request's workflow: intake / override / OVERDUE | ${describe(s.steps.intake)} / ${describe(s.steps.override)} / ${describe(s.steps.overdue)} | – | – |`);
  }
  return rows.join('\n');
}
