/**
 * Replay: every committed history in tests/replay/histories must replay without a determinism
 * error against the current workflow code. A change to in-flight workflow logic must be guarded
 * with patched() or this test fails (docs/decisions.md, "Workflow versioning"). Set
 * RECORD_HISTORIES=1 to record new fixtures from scripted runs on the real server: files are
 * named <scenario>-<date>.json and existing ones are never overwritten, so histories recorded by
 * older code stay in the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { testDataConverter } from './test-keys';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';
import { consultationSteps } from './consultation-steps';

const dir = path.resolve(__dirname, '../replay/histories');
const bundle = () => ({ codePath: process.env.HUIYING_TEST_BUNDLE! });
// The codec decodes what it encrypted and passes the plaintext payloads of older fixtures through.
const replayOptions = () => ({ workflowBundle: bundle(), dataConverter: testDataConverter });

describe('replay of recorded request histories', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 200_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const act = async (id: string, p: string, role: 'handler' | 'dispatcher' | 'intake' | 'supervisor', body: object) =>
    request(h.app).post(`/v1/requests/${id}/${p}`).set('authorization', `Bearer ${await h.token(role, role === 'handler' ? 'S-DHM' : undefined)}`).send(body);

  /** A run that touches most branches: extension, breach, escalation, callback, archive. */
  async function scriptedRun(): Promise<string> {
    const id = (await createViaApi(h)).body.id as string;
    await act(id, 'sign', 'handler', {});
    await act(id, 'respond', 'handler', {});
    await act(id, 'extension', 'handler', { amount: 1, unit: 'workday', reason: '协调' });
    await act(id, 'extension/decision', 'supervisor', { approve: true, reason: '同意' });
    await eventually(async () => (await timelineTypes(h, id)).includes('ESCALATED'), 60_000, 'escalation');
    const district = async (p: string, body: object) =>
      request(h.app).post(`/v1/requests/${id}/${p}`).set('authorization', `Bearer ${await h.token('handler', 'D-DC')}`).send(body);
    await district('sign', {});
    await district('respond', {});
    await district('resolve', { statusNotes: '区级协调已解决' });
    await act(id, 'review', 'dispatcher', { decision: 'PASS' });
    await act(id, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '基本满意' });
    await eventually(async () => (await h.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000, 'completion');
    return id;
  }

  /** 吹哨报到 with a child workflow, an approved pause, 咨询 answered directly. */
  async function branchesRun(): Promise<string[]> {
    const id = (await createViaApi(h)).body.id as string;
    await act(id, 'sign', 'handler', {});
    await act(id, 'respond', 'handler', {});
    await act(id, 'whistle', 'handler', { departments: ['DEP-WATER'], reason: '需水务到场' });
    await request(h.app)
      .post(`/v1/requests/${id}/reports`)
      .set('authorization', `Bearer ${await h.token('handler', 'DEP-WATER')}`)
      .send({ department: 'DEP-WATER', note: '已到场' });
    await act(id, 'pause', 'handler', { reason: '等待材料' });
    await act(id, 'pause/decision', 'supervisor', { approve: true, reason: '同意' });
    await act(id, 'resume', 'handler', {});
    await act(id, 'withdraw', 'intake', { reason: '已解决' });
    const consult = (await createViaApi(h, sampleRequest({ type: '咨询' }))).body.id as string;
    await act(consult, 'answer', 'intake', { answer: '见政策' });
    for (const wid of [id, consult]) {
      await eventually(async () => (await h.client.workflow.getHandle(wid).describe()).status.name === 'COMPLETED', 60_000, 'completion');
    }
    return [id, consult];
  }

  /** 集 → 备 of one consultation item: meeting, publicity, implementation, evaluation, archive. */
  async function consultationRun(): Promise<string> {
    const w = consultationSteps(() => h);
    const c = w.cast();
    const id = await w.toImplementing(c);
    expect((await w.convener(id, 'progress', { percent: 100, note: '完工' })).body.status).toBe('EVALUATING');
    const rated = await w.call('post', `/v1/consultations/${id}/evaluations`, 'intake', undefined, {
      raterId: c.ids.a,
      raterKind: 'PARTICIPANT',
      satisfaction: '满意',
    });
    expect(rated.status).toBe(200);
    await eventually(async () => (await h.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000, 'archive');
    return id;
  }

  const record = (scenario: string, history: Parameters<typeof historyToJSON>[0]) => {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const file = path.join(dir, `${scenario}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.json`);
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, historyToJSON(history));
  };

  test('fresh scripted runs replay deterministically', async () => {
    const id = await scriptedRun();
    const history = await h.client.workflow.getHandle(id).fetchHistory();
    await expect(Worker.runReplayHistory(replayOptions(), history, id)).resolves.toBeUndefined();
    record('full-lifecycle', history);
    const [whistled, consult] = await branchesRun();
    for (const [scenario, wid] of [['whistle-pause-withdraw', whistled], ['consult-answered', consult]] as const) {
      const hist = await h.client.workflow.getHandle(wid!).fetchHistory();
      await expect(Worker.runReplayHistory(replayOptions(), hist, wid!)).resolves.toBeUndefined();
      record(scenario, hist);
    }
    const item = await consultationRun();
    const itemHistory = await h.client.workflow.getHandle(item).fetchHistory();
    await expect(Worker.runReplayHistory(replayOptions(), itemHistory, item)).resolves.toBeUndefined();
    record('consultation-full-cycle', itemHistory);
  });

  test('an update racing the steps it makes due replays (handlers and steps take turns)', async () => {
    // A supervisor moves the deadline close: the 50 % and 75 % marks are due at once, so the main
    // loop's steps and the override's own writes meet in one workflow task. Before StepLock their
    // local activities interleaved and replay failed (TMPRL1100) on every such run tried; each of
    // these histories must replay.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = (await createViaApi(h)).body.id as string;
      await act(id, 'sign', 'handler', {});
      // A second into the cycle, a deadline a second away: the 50 % mark is already behind.
      await new Promise((r) => setTimeout(r, 1000));
      // Near enough that the 50 % and 75 % marks are due at once, far enough to be in the future
      // when a loaded machine delivers the update.
      const soon = new Date(Date.now() + 3000).toISOString();
      const overridden = await request(h.app)
        .put(`/v1/requests/${id}/deadline`)
        .set('authorization', `Bearer ${await h.token('supervisor')}`)
        .send({ deadline: soon, reason: '限时办结' });
      expect(overridden.status).toBe(200);
      ids.push(id);
    }
    for (const id of ids) {
      await eventually(async () => (await timelineTypes(h, id)).includes('OVERDUE'), 30_000, 'the steps after the override');
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      await expect(Worker.runReplayHistory(replayOptions(), history, id)).resolves.toBeUndefined();
    }
  });

  const fixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  test('committed fixtures exist for both workflows, recorded through the payload codec', () => {
    const started = fixtures.map((f) => {
      const json = fs.readFileSync(path.join(dir, f), 'utf8');
      const first = historyFromJSON(JSON.parse(json)).events?.[0]?.workflowExecutionStartedEventAttributes;
      return { type: first?.workflowType?.name, encrypted: json.includes(Buffer.from('binary/encrypted').toString('base64')) };
    });
    expect(started.map((s) => s.type)).toEqual(expect.arrayContaining(['requestWorkflow', 'consultationWorkflow']));
    expect(started.every((s) => s.encrypted)).toBe(true);
  });
  test.each(fixtures)('fixture %s replays against the current code', async (file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? 'fixture';
    await expect(Worker.runReplayHistory(replayOptions(), history, workflowId)).resolves.toBeUndefined();
  });
});
