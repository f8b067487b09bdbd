/**
 * Every benchmark on one topology, in the order that keeps them apart: the raw reference on the
 * fresh server, then intake, the open requests at rest (filled to the storm's N in steps), the
 * storm, and pg-boss's storm once Huiying is idle again.
 */
import { RequestsApi } from '../tests/topology/requests';
import type { BenchArgs } from './args';
import { describe, delta, historyShape, type HistoryShape } from './history';
import { throughput } from './http-pool';
import { fillTo, measureIntake, type IntakeFigures } from './intake';
import { maxRss, perRequest, sampleAtRest, totalRss, waitForIdle, type RestSample } from './at-rest';
import { runPgBossStorm, type PgBossFigures } from './pgboss-storm';
import { measureRaw, type RawFigures } from './raw/reference';
import { measureReplay, type ReplayCost } from './replay-cost';
import { runStorm, type StormFigures } from './storm';
import { seconds } from './stats';
import { describeCpu, summariseProfiles, type CpuWindow } from './cpu-profile';
import { cpuSeconds, startTopology, type TopologyName } from './topology';

export interface SuiteFigures {
  name: TopologyName;
  label: string;
  startedInS: number;
  workers: number;
  raw: RawFigures;
  intake: IntakeFigures;
  rest: RestSample[];
  storm: StormFigures;
  pgBoss?: PgBossFigures;
  steps: { intake: HistoryShape; override: HistoryShape; overdue: HistoryShape };
  replay: ReplayCost;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const kb = (b: number) => `${(b / 1000).toFixed(1)} kB`;

export async function runSuite(name: TopologyName, args: BenchArgs, say: (line: string) => void): Promise<SuiteFigures> {
  const top = await startTopology(name);
  let stormWindow: CpuWindow | undefined;
  let stormCount = 0;
  try {
    say(`${top.label}: ready in ${top.startedInS.toFixed(0)} s; workers pid ${top.workerPids().join(', ')}`);
    const raw = await measureRaw(top.temporal, args.intakePlan);
    for (const [c, m] of raw.updateWithStart) say(`  raw update-with-start c=${c}: ${throughput(m).toFixed(1)}/s; raw start ${throughput(raw.start.get(c)!).toFixed(1)}/s`);

    const api = await RequestsApi.create(top.api, top.jwtSecret);
    const rest: RestSample[] = [await sampleAtRest(top, 0)];
    const ids: string[] = [];
    const intake = await measureIntake(api, args.intakePlan, ids, () => top.workerPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0));
    for (const [c, m] of intake.byConcurrency) say(`  intake c=${c}: ${throughput(m).toFixed(1)}/s, worker CPU ${intake.workerCpuMs.get(c)!.toFixed(0)} ms/request`);
    const probe = ids[0]!;
    const afterIntake = await historyShape(top.temporal, probe);

    const checkpoints = [...new Set([ids.length, Math.round(args.storm / 2), args.storm])].filter((n) => n >= ids.length).sort((a, b) => a - b);
    for (const n of checkpoints) {
      await fillTo(api, ids, n, 32);
      const sample = await sampleAtRest(top, ids.length);
      rest.push(sample);
      say(`  at rest, ${sample.open} open: worker RSS ${sample.rss.map(mib).join(' + ')} (after GC ${sample.rssAfterGc.map(mib).join(' + ')}, heap used ${sample.heapUsed.map(mib).join(' + ')}), Temporal ${kb(perRequest(rest[0]!, sample, (s) => s.temporalBytes))}/request`);
    }

    const overrideRate = throughput(intake.byConcurrency.get(32) ?? [...intake.byConcurrency.values()].at(-1)!);
    let afterOverride: HistoryShape = afterIntake;
    const storm = await runStorm(top, api, ids.slice(0, args.storm), overrideRate, args.stormTimeoutMs, async () => {
      afterOverride = await historyShape(top.temporal, probe);
    });
    stormWindow = storm.window;
    stormCount = storm.recorded.n;
    say(`  storm of ${storm.n}: OVERDUE recorded p50 ${seconds(storm.recorded.p50)} p99 ${seconds(storm.recorded.p99)} max ${seconds(storm.recorded.max)} (${storm.recorded.n} recorded); worker CPU ${((storm.workerCpuS * 1000) / Math.max(1, storm.recorded.n)).toFixed(0)} ms per OVERDUE`);
    const afterOverdue = await historyShape(top.temporal, probe);
    const steps = { intake: afterIntake, override: delta(afterOverride, afterIntake), overdue: delta(afterOverdue, afterOverride) };
    say(`  intake step:   ${describe(steps.intake)}`);
    say(`  override step: ${describe(steps.override)}`);
    say(`  OVERDUE step:  ${describe(steps.overdue)}`);

    // A history that does not replay is a finding to print, not a reason to lose the run.
    const replay = await measureReplay(top.temporal, probe, await top.dataConverter()).catch(
      (err: unknown): ReplayCost => ({ events: 0, replays: 0, p50Ms: NaN, meanMs: NaN, error: String(err).split('\n')[0]!.slice(0, 300) }),
    );
    say(
      replay.error
        ? `  cache miss: replay FAILED: ${replay.error}`
        : `  cache miss: replay of a ${replay.events}-event history p50 ${replay.p50Ms.toFixed(1)} ms (mean ${replay.meanMs.toFixed(1)} ms, ${replay.replays} replays)`,
    );

    let pgBoss: PgBossFigures | undefined;
    if (args.pgBoss) {
      await waitForIdle(top, 120_000);
      pgBoss = await runPgBossStorm(top.huiyingDbUrl, storm.n, args.stormTimeoutMs);
      say(`  pg-boss storm of ${pgBoss.n}: p50 ${seconds(pgBoss.recorded.p50)} p99 ${seconds(pgBoss.recorded.p99)} max ${seconds(pgBoss.recorded.max)}`);
    }
    const last = rest.at(-1)!;
    say(`  peak worker RSS in the storm ${mib(storm.peakRss)}; at rest ${mib(totalRss(last))} (largest worker ${mib(maxRss(last))})`);
    return { name, label: top.label, startedInS: top.startedInS, workers: top.workerPids().length, raw, intake, rest, storm, pgBoss, steps, replay };
  } finally {
    await top.stop();
    // The processes write their profiles as they exit.
    if (top.cpuProfileDir && stormWindow) for (const line of describeCpu(summariseProfiles(top.cpuProfileDir, stormWindow), stormCount)) say(`  ${line}`);
  }
}
