/**
 * The production topology as `npm run start:cluster` starts it: the real Temporal server on
 * PostgreSQL (4 history shards, SQL visibility), the UI server, 2 worker and 2 API processes
 * behind one port, all supervised by one process; mTLS on Temporal's frontend and a read-only UI. Started as a user does (npm is the top PID);
 * processes are checked by PID and /proc start time, never by name.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import pg from 'pg';
import { waitForPollers } from '../../infra/cluster/readiness';
import { DEFAULT_HISTORY_SHARDS } from '../../infra/cluster/settings';
import { clusterTlsFiles, ensureClusterTls, TEMPORAL_TLS_SERVER_NAME } from '../../infra/cluster/tls';
import { portInUse } from '../../infra/embedded-postgres';
import { ClusterRun, freeClusterPorts, type ClusterPorts } from './cluster-run';
import { startLoad } from './load';
import { processTree, survivors, waitUntilGone, type TreeProcess } from './process-tree';
import { RequestsApi, type Accepted } from './requests';
import { listWorkflowIds, pollerPids, timerHolders } from './temporal-inspect';

const READY_MS = 300_000;
/** What issue 10 allows a SIGTERM to take; the supervisor's own deadline is 18 s. */
const STOP_MS = 20_000;
const TASK_QUEUE = 'huiying';

jest.setTimeout(600_000);

let dataDir: string;
let ports: ClusterPorts;
let run: ClusterRun;
let api: RequestsApi;
const jwtSecret = randomBytes(24).toString('hex');
/** Every run started here, so afterAll can stop whatever a failed test left. */
const runs: ClusterRun[] = [];
const trees: TreeProcess[] = [];

function start(name: string, extraEnv?: NodeJS.ProcessEnv): ClusterRun {
  const started = new ClusterRun({ dataDir, ports, jwtSecret, logFile: path.join(dataDir, `${name}.log`), extraEnv });
  runs.push(started);
  return started;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-topology-'));
  ports = await freeClusterPorts();
  const t0 = Date.now();
  run = start('start-1');
  await run.ready(READY_MS);
  console.log(`topology: first start (fresh data folder) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  api = await RequestsApi.create(run.api, jwtSecret);
}, READY_MS + 30_000);

afterAll(async () => {
  for (const r of runs) {
    if (!r.hasExited && r.npm.pid) {
      trees.push(...processTree(r.npm.pid));
      process.kill(r.npm.pid, 'SIGTERM');
      await r.exit(STOP_MS);
    }
  }
  // Only processes this file started, by PID and start time: what a failed test left behind.
  for (const p of survivors(trees)) process.kill(p.pid, 'SIGKILL');
  for (const r of runs) for (const rec of r.pids.live()) if (rec.name !== 'main') process.kill(rec.pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

test('the cluster is the configured topology: PostgreSQL persistence and SQL visibility, 4 shards, 2 workers, 2 APIs', async () => {
  const connection = await Connection.connect(run.temporal);
  try {
    const info = await connection.workflowService.getClusterInfo({});
    expect(info.historyShardCount).toBe(DEFAULT_HISTORY_SHARDS);
    expect(info.persistenceStore).toBe('postgres12');
    expect(info.visibilityStore).toBe('postgres12');
  } finally {
    await connection.close();
  }
  await waitForPollers(run.temporalAddress, 'default', TASK_QUEUE, 2, 30_000, run.temporal.tls);
  for (const name of ['main', 'postgres', 'temporal-server', 'temporal-ui', 'worker-1', 'worker-2', 'api-1', 'api-2']) {
    expect(run.record(name)).toBeDefined();
  }
});

/** DATABASE_URL as a running replica got it (its environment in /proc), by the pid file's PID. */
function replicaDatabaseUrl(name: string): string {
  const pid = run.record(name)?.pid;
  expect({ name, pid: typeof pid }).toEqual({ name, pid: 'number' });
  const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const url = env.find((v) => v.startsWith('DATABASE_URL='))?.slice('DATABASE_URL='.length);
  expect({ name, url: typeof url }).toEqual({ name, url: 'string' });
  return url!;
}

test('the API and worker replicas connect as huiying_app, which may not delete or rewrite an event row', async () => {
  for (const name of ['api-1', 'worker-1']) {
    const client = new pg.Client({ connectionString: replicaDatabaseUrl(name) });
    await client.connect();
    try {
      const who = await client.query<{ user: string }>('SELECT current_user AS user');
      expect({ name, user: who.rows[0]?.user }).toEqual({ name, user: 'huiying_app' });
      expect((await client.query('SELECT count(*) FROM "Request"')).rowCount).toBe(1); // the read model is readable
      for (const sql of ['DELETE FROM "RequestEvent"', 'UPDATE "ConsultationEvent" SET "type" = "type"', 'TRUNCATE "AccessLog"']) {
        const refused = await client.query(sql).then(() => 'allowed', (err: { code?: string }) => err.code);
        expect({ name, sql, refused }).toEqual({ name, sql, refused: '42501' }); // insufficient_privilege, not the trigger
      }
    } finally {
      await client.end();
    }
  }
});

test('only holders of a certificate from the topology CA reach Temporal: without TLS, with only the CA, or with a foreign certificate a client is refused', async () => {
  const tls = clusterTlsFiles(path.join(dataDir, 'cluster'));
  // Provisioned in the cluster data folder, readable by this user only.
  for (const file of fs.readdirSync(tls.dir)) expect((fs.statSync(path.join(tls.dir, file)).mode & 0o777).toString(8)).toBe('600');
  const ca = fs.readFileSync(tls.ca);
  // A CA and certificates of its own: a client certificate that looks right but is not the topology's.
  const foreign = await ensureClusterTls(path.join(dataDir, 'foreign'));
  const refused = {
    'no TLS': undefined,
    'TLS with the CA only': { serverNameOverride: TEMPORAL_TLS_SERVER_NAME, serverRootCACertificate: ca },
    'a certificate of another CA': {
      serverNameOverride: TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: ca,
      clientCertPair: { crt: fs.readFileSync(foreign.clients.api.cert), key: fs.readFileSync(foreign.clients.api.key) },
    },
  };
  const outcomes: Record<string, string> = {};
  for (const [name, option] of Object.entries(refused)) outcomes[name] = await listWorkflows(run.temporalAddress, option);
  expect(outcomes).toEqual({ 'no TLS': 'refused', 'TLS with the CA only': 'refused', 'a certificate of another CA': 'refused' });
  // The API replicas' certificate lists workflows (and the replicas themselves serve with it).
  expect(await listWorkflows(run.temporalAddress, run.temporal.tls)).toBe('listed');
  expect((await api.health()).status).toBe(200);
});

test('Temporal UI is read-only: its settings report every write action disabled and a write is refused; it reads through its own certificate', async () => {
  const ui = `http://127.0.0.1:${ports.temporalUi}`;
  await waitFor(async () => (await fetch(`${ui}/api/v1/settings`)).ok, 60_000, 'the UI server answering');
  const res = await fetch(`${ui}/api/v1/settings`);
  const settings = (await res.json()) as Record<string, unknown>;
  expect(settings).toMatchObject({
    DisableWriteActions: true,
    WorkflowTerminateDisabled: true,
    WorkflowCancelDisabled: true,
    WorkflowSignalDisabled: true,
    WorkflowUpdateDisabled: true,
    WorkflowResetDisabled: true,
    BatchActionsDisabled: true,
    StartWorkflowDisabled: true,
  });
  // A terminate as the UI's own page would send it (with its CSRF cookie and header): refused.
  const csrf = /_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(csrf).toBeDefined();
  const created = await api.createUntilAccepted('ui-read-only', 0, Date.now() + 60_000);
  const terminate = await fetch(`${ui}/api/v1/namespaces/default/workflows/${encodeURIComponent(created.id)}/terminate`, {
    method: 'POST',
    headers: { cookie: `_csrf=${csrf}`, 'x-csrf-token': csrf!, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'from the UI' }),
  });
  expect(terminate.status).toBe(405);
  // Reading works: the UI server reaches the mTLS frontend with its client certificate.
  const query = encodeURIComponent(`WorkflowId = "${created.id}"`);
  await waitFor(
    async () => JSON.stringify(await (await fetch(`${ui}/api/v1/namespaces/default/workflows?query=${query}`)).json()).includes(created.id),
    30_000,
    'the UI listing the new workflow',
  );
  expect((await api.get(created.id)).status).toBe(200);
});

test('a request created through one API replica is signed through the other', async () => {
  const created: Accepted[] = [];
  for (let n = 0; n < 6; n++) created.push(await api.createUntilAccepted(`pair-${n}`, n, Date.now() + 60_000));
  expect(new Set(created.map((c) => c.instance))).toEqual(new Set(['api-1', 'api-2']));
  const crossed: string[] = [];
  for (const c of created) {
    // The cluster module hands connections out in turn: right after an answer from the replica
    // that created the request, the next connection goes to the other one.
    await waitFor(async () => (await api.health()).instance === c.instance, 10_000, `an answer from ${c.instance}`);
    const signed = await api.sign(c.id);
    expect(signed.status).toBe(200);
    if (signed.instance && signed.instance !== c.instance) crossed.push(`${c.id}: created on ${c.instance}, signed on ${signed.instance}`);
  }
  expect(crossed.length).toBeGreaterThan(0);
});

test('kill -9 of a worker and an API replica under load: nothing accepted is lost, both restart, pending timers fire once', async () => {
  const load = startLoad(api, 'load', 4);
  const deadline = Date.now() + 60_000;
  while (load.count < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  // Timers pending on the worker about to die: deadlines 8 s ahead on fresh requests, then the
  // worker that ran their last workflow task (the one their next task sticks to) is killed.
  const timed: Accepted[] = [];
  for (let n = 0; n < 6; n++) timed.push(await api.createUntilAccepted(`timer-${n}`, n, Date.now() + 60_000));
  const fireAt = new Date(Date.now() + 8_000);
  for (const t of timed) expect((await api.overrideDeadline(t.id, fireAt)).status).toBe(200);
  const holders = await timerHolders(run.temporal, timed.map((t) => t.id));
  const workers = ['worker-1', 'worker-2'].map((name) => run.record(name)!);
  const victim = workers.reduce((a, b) => (holders.filter((h) => h === b.pid).length > holders.filter((h) => h === a.pid).length ? b : a));
  const apiVictim = run.record('api-1')!;

  process.kill(victim.pid, 'SIGKILL');
  process.kill(apiVictim.pid, 'SIGKILL');
  const killedAt = Date.now();
  const worker = await run.restarted(victim.name, victim.pid, 60_000);
  const apiReplica = await run.restarted('api-1', apiVictim.pid, 60_000);
  // Back in service: the new worker polls, the new API replica answers on the shared port.
  await waitFor(async () => (await pollerPids(run.temporal, TASK_QUEUE)).includes(worker.pid), 60_000, 'restarted worker polling');
  await waitFor(async () => (await api.get(timed[0]!.id)).instance === 'api-1', 60_000, 'restarted API replica answering');
  const restartedAfterMs = Date.now() - killedAt;
  const before = load.count;
  while (load.count < before + 8) await new Promise((r) => setTimeout(r, 200));
  const accepted = await load.stop();

  // Each create is one request: no key lost, none accepted twice under two ids.
  expect(new Set(accepted.map((a) => a.key)).size).toBe(accepted.length);
  expect(new Set(accepted.map((a) => a.id)).size).toBe(accepted.length);
  // Every accepted request is there and its workflow still takes actions (served by a worker).
  for (const a of accepted) {
    expect((await api.get(a.id)).status).toBe(200);
    expect((await api.signUntilDone(a.id, Date.now() + 60_000)).status).toBe(200);
  }
  // Each pending timer fired once, including those of the killed worker.
  expect(holders.filter((h) => h === victim.pid).length).toBeGreaterThan(0);
  for (const t of timed) {
    await waitFor(async () => (await api.eventTypes(t.id)).includes('OVERDUE'), 90_000, `OVERDUE of ${t.id}`);
  }
  await new Promise((r) => setTimeout(r, 2_000));
  for (const t of timed) expect((await api.eventTypes(t.id)).filter((e) => e === 'OVERDUE')).toHaveLength(1);
  // The overdue flag is a search attribute: SQL visibility answers the query.
  await waitFor(
    async () => {
      const overdue = await listWorkflowIds(run.temporal, 'HuiyingOverdue = true');
      return timed.every((t) => overdue.includes(t.id));
    },
    30_000,
    'HuiyingOverdue = true listing the overdue requests',
  );

  expect(run.log()).toContain(`(pid ${victim.pid}) exited with SIGKILL; restarting`);
  expect(run.log()).toContain(`(pid ${apiVictim.pid}) exited with SIGKILL; restarting`);
  const retried = accepted.filter((a) => a.retries > 0).length;
  console.log(
    `topology: ${accepted.length} requests accepted under load (${retried} after a retry with the same Idempotency-Key), ` +
      `all found and signed; ${victim.name} and api-1 killed with SIGKILL, restarted and serving after ${(restartedAfterMs / 1000).toFixed(1)} s; ` +
      `${timed.length} timers fired once (${holders.filter((h) => h === victim.pid).length} held by the killed worker)`,
  );
  expect(apiReplica.pid).not.toBe(apiVictim.pid);
});

test('a restart of the Temporal server alone loses nothing', async () => {
  const before = await api.createUntilAccepted('before-restart', 0, Date.now() + 60_000);
  const server = run.record('temporal-server')!;
  process.kill(server.pid, 'SIGKILL');
  await run.restarted('temporal-server', server.pid, 60_000);
  // Accepted once the server serves again (the client retries with its Idempotency-Key).
  const after = await api.createUntilAccepted('after-restart', 1, Date.now() + 180_000);
  const workers = ['worker-1', 'worker-2'].map((name) => run.record(name)!.pid);
  await waitFor(async () => {
    const polling = await pollerPids(run.temporal, TASK_QUEUE);
    return workers.every((pid) => polling.includes(pid));
  }, 120_000, 'both workers polling the restarted server');
  for (const id of [before.id, after.id]) {
    expect((await api.get(id)).status).toBe(200);
    expect((await api.sign(id)).status).toBe(200);
  }
  expect(run.log()).toContain(`Temporal server (pid ${server.pid}) exited with SIGKILL; restarting`);
});

test('SIGTERM to the top process (npm) stops the whole tree', async () => {
  await expectTreeStopsOnSigterm(run);
});

test('after kill -9 of the supervisor its servers die with it, the next start cleans up what is left; kill -9 of npm stops the tree', async () => {
  const bundle = { HUIYING_WORKFLOW_BUNDLE: path.join(dataDir, 'cluster', 'workflow-bundle.js') };
  const killed = start('start-2', bundle);
  await killed.ready(READY_MS);
  const main = killed.record('main')!;
  const tree = processTree(killed.npm.pid!);
  trees.push(...tree);
  const postgres = killed.record('postgres')!;
  const postgresTree = new Set(processTree(postgres.pid).map((p) => p.pid));
  process.kill(main.pid, 'SIGKILL');

  // Temporal and its UI get the parent-death signal; workers and APIs lose their IPC channel.
  // PostgreSQL has neither (embedded-postgres spawns it) and is left for the next start.
  const left = await waitUntilGone(tree, STOP_MS);
  expect(left.filter((p) => !postgresTree.has(p.pid))).toEqual([]);
  expect(await killed.exit(5_000)).toBe(true);

  const next = start('start-3', bundle);
  await next.ready(READY_MS);
  expect(next.log()).toContain(`stopped PostgreSQL (embedded) (pid ${postgres.pid}) left running by an earlier start`);
  expect(survivors(left)).toEqual([]);

  // kill -9 of the top process itself: the supervisor sees npm gone and stops everything.
  const top = processTree(next.npm.pid!);
  trees.push(...top);
  process.kill(next.npm.pid!, 'SIGKILL');
  expect(await waitUntilGone(top, STOP_MS + 2_000)).toEqual([]);
  for (const port of Object.values(ports)) expect(await portInUse(port)).toBe(false);
});

test("Ctrl-C (SIGINT to the whole process group) stops the tree in order: no process, no pid file left", async () => {
  const next = start('start-4', { HUIYING_WORKFLOW_BUNDLE: path.join(dataDir, 'cluster', 'workflow-bundle.js') });
  await next.ready(READY_MS);
  const tree = processTree(next.npm.pid!);
  trees.push(...tree);
  // The group a terminal signals: npm leads it (it was started detached). PostgreSQL and the
  // servers get the SIGINT directly, as well as through the supervisor.
  process.kill(-next.npm.pid!, 'SIGINT');
  expect(await next.exit(STOP_MS)).toBe(true);
  expect(await waitUntilGone(tree, 2_000)).toEqual([]);
  // Every step ran, down to forgetting its own record (none of them hung on a child already gone).
  expect(next.pids.list()).toEqual([]);
});

async function expectTreeStopsOnSigterm(target: ClusterRun): Promise<void> {
  const tree = processTree(target.npm.pid!);
  trees.push(...tree);
  // npm, the supervisor, PostgreSQL (and its own processes), Temporal, UI, 2 workers, 2 APIs.
  expect(tree.length).toBeGreaterThan(8);
  const t0 = Date.now();
  process.kill(target.npm.pid!, 'SIGTERM');
  const exited = await target.exit(STOP_MS);
  const left = await waitUntilGone(tree, Math.max(0, STOP_MS - (Date.now() - t0)));
  const took = Date.now() - t0;
  expect({ exited, left }).toEqual({ exited: true, left: [] });
  for (const port of Object.values(ports)) expect(await portInUse(port)).toBe(false);
  console.log(`topology: SIGTERM to npm (pid ${target.npm.pid}) stopped all ${tree.length} processes in ${(took / 1000).toFixed(1)} s`);
}

/** 'listed' when a client with this `tls` option lists workflows, 'refused' when it cannot. */
async function listWorkflows(address: string, tls: TLSConfig | undefined): Promise<'listed' | 'refused'> {
  try {
    const connection = await Connection.connect({ address, tls, connectTimeout: 5_000 });
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: 1 });
      return 'listed';
    } finally {
      await connection.close();
    }
  } catch {
    return 'refused';
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet: a replica may still be starting
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
