/**
 * `npm run bench`: in one run, for the embedded stack (`npm start`) and the production topology
 * (`npm run start:cluster`), each started as a user starts it on throw-away data:
 *   - the deadline storm (N 办结 deadlines at one instant) beside pg-boss's delayed jobs;
 *   - intake at each concurrency beside raw update-with-start and raw start on the same server;
 *   - open requests at rest (worker RSS, Temporal and Huiying bytes per request) at several N;
 *   - the history of one request per step (intake, override, OVERDUE).
 * Prints as it goes and closes with a markdown table. Figures only, never assertions.
 *
 *   npm run bench                                   # the full run: storm 5,000, c = 1/8/32/64
 *   npm run bench -- --storm 500 --concurrency 1,8 --topology embedded
 *   HUIYING_WORKER_MAX_CACHED_WORKFLOWS=500 npm run bench -- --storm 500   # worker settings (worker/tuning.ts)
 */
import os from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { benchArgs } from './args';
import { markdownTable } from './report';
import { runSuite, type SuiteFigures } from './suite';

async function main() {
  const args = benchArgs();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const workerEnv = Object.entries(process.env).filter(([k]) => k.startsWith('HUIYING_WORKER_')).map(([k, v]) => `${k}=${v}`);
  say(`# Huiying benchmark, ${new Date().toISOString()}`);
  say(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}`);
  say(`storm N=${args.storm}; intake ${[...args.intakePlan].map(([c, n]) => `${n} calls at c=${c}`).join(', ')}; worker settings: ${workerEnv.join(' ') || 'defaults'}`);
  const suites: SuiteFigures[] = [];
  for (const name of args.topologies) suites.push(await runSuite(name, args, say));
  say('');
  say(`load average at the end ${os.loadavg()[0]!.toFixed(1)} (2 cores: anything above ~0.5 before the run means other work shared the machine)`);
  say('');
  say(markdownTable(suites));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
