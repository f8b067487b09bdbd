/**
 * The embedded default (`npm start`: API and worker in one process, Temporal dev server, embedded
 * PostgreSQL), started as a user does with npm as the top PID: SIGTERM to that PID stops the whole
 * tree and frees every port; after kill -9 of the main Node process the next start on the same
 * data folder recovers by itself and says what it cleaned up. Processes are checked by PID and
 * /proc start time, never by name.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portInUse } from '../../infra/embedded-postgres';
import { ClusterRun, freeClusterPorts, type ClusterPorts } from './cluster-run';
import { processTree, survivors, waitUntilGone, type TreeProcess } from './process-tree';

const READY_MS = 180_000;
/** What issue 9 allows a SIGTERM to take. */
const STOP_MS = 15_000;

let dataDir: string;
let ports: ClusterPorts;
const runs: ClusterRun[] = [];
const trees: TreeProcess[] = [];
const jwtSecret = randomBytes(24).toString('hex');

function start(name: string): ClusterRun {
  // Development mode: the data folder's own codec key ring and token secret, as on a laptop.
  const run = new ClusterRun({ script: 'start', dataDir, ports, jwtSecret, logFile: path.join(dataDir, `${name}.log`), extraEnv: { NODE_ENV: 'development' } });
  runs.push(run);
  return run;
}

async function portsFree(): Promise<boolean> {
  for (const port of Object.values(ports)) if (await portInUse(port)) return false;
  return true;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-embedded-'));
  ports = await freeClusterPorts();
});

afterAll(async () => {
  for (const r of runs) {
    if (!r.hasExited && r.npm.pid) {
      trees.push(...processTree(r.npm.pid));
      process.kill(r.npm.pid, 'SIGTERM');
      await r.exit(STOP_MS);
    }
  }
  for (const p of await waitUntilGone(trees, 5_000)) process.kill(p.pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('SIGTERM to the PID of npm start stops API, worker, PostgreSQL and Temporal, and frees every port', async () => {
  const run = start('start-1');
  await run.ready(READY_MS);
  const tree = processTree(run.npm.pid!);
  trees.push(...tree);
  // npm, the Node main process, PostgreSQL (with its own processes) and the Temporal dev server.
  expect(tree.length).toBeGreaterThanOrEqual(4);
  process.kill(run.npm.pid!, 'SIGTERM');
  expect(await run.exit(STOP_MS)).toBe(true);
  expect(await waitUntilGone(tree, 2_000)).toEqual([]);
  expect(await portsFree()).toBe(true);
});

test('after kill -9 of the main process, the next start on the same data folder cleans up and comes up', async () => {
  const killed = start('start-2');
  await killed.ready(READY_MS);
  const tree = processTree(killed.npm.pid!);
  trees.push(...tree);
  const main = killed.record('main');
  expect(main).toBeDefined();
  process.kill(main!.pid, 'SIGKILL');
  expect(await killed.exit(STOP_MS)).toBe(true);
  // PostgreSQL is spawned by a library and gets no parent-death signal: it outlives the kill.
  const orphans = survivors(tree);
  console.log(`embedded: ${orphans.length} process(es) outlived kill -9 of the main process`);

  const next = start('start-3');
  await next.ready(READY_MS);
  // Whatever the killed start left (PostgreSQL has no parent-death signal) was stopped by pid
  // file, and the banner says so; nothing of the killed tree is left.
  const left = await waitUntilGone(tree, 2_000);
  expect(left).toEqual([]);
  if (orphans.length) expect(next.log()).toMatch(/left running by an earlier start/);
  const res = await fetch(`${next.api}/healthz`);
  expect(res.status).toBe(200);

  const nextTree = processTree(next.npm.pid!);
  trees.push(...nextTree);
  process.kill(next.npm.pid!, 'SIGTERM');
  expect(await next.exit(STOP_MS)).toBe(true);
  expect(await waitUntilGone(nextTree, 2_000)).toEqual([]);
  expect(await portsFree()).toBe(true);
});
