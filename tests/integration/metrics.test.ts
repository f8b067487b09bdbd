import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { DEFAULT_TIME_LIMITS } from '../../domain/catalogue-defaults';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

/**
 * 三率 and 办结率 over a small scripted set of requests in their own category, checked against
 * numbers worked out by hand below.
 */
describe('metrics: 三率, 办结率, rankings, overdue and 通报 lists', () => {
  let h: Harness;
  const category = `MTEST${Date.now() % 100000}`;
  const window = { from: new Date(Date.now() - 60_000).toISOString(), to: '' };

  const act = async (id: string, path: string, role: Role, body: object, unit?: string) => {
    const res = await request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', `Bearer ${await h.token(role, unit)}`).send(body);
    expect(res.status).toBe(200);
    return res;
  };
  const handle = (id: string, path: string, body: object = {}) => act(id, path, 'handler', body, 'S-DHM');
  const create = async (over: Record<string, unknown> = {}) =>
    (await createViaApi(h, sampleRequest({ categoryCode: category, ...over }))).body.id as string;
  const toCallback = async (id: string) => {
    await handle(id, 'sign');
    await handle(id, 'respond');
    await handle(id, 'resolve', { statusNotes: '已处理' });
    await act(id, 'review', 'dispatcher', { decision: 'PASS' });
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.prisma.category.create({ data: { code: category, name: '指标测试' } });
    await h.prisma.timeLimit.createMany({
      data: Object.entries(DEFAULT_TIME_LIMITS.GENERAL).map(([clock, l]) => ({
        categoryCode: category,
        urgency: 'GENERAL',
        clock,
        amount: l.amount,
        unit: l.unit,
      })),
    });
    // R1: responded on time, rated resolved + 满意.
    const r1 = await create();
    await toCallback(r1);
    await act(r1, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '满意' });
    // R2: responded on time, rated 不满意 → reopened: counts as unresolved and unsatisfied until the redo is rated.
    const r2 = await create();
    await toCallback(r2);
    await act(r2, 'callback', 'intake', { reached: true, resolved: false, satisfaction: '不满意' });
    // R3: responded on time, rated resolved + 基本满意 (counts as satisfied).
    const r3 = await create();
    await toCallback(r3);
    await act(r3, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '基本满意' });
    // R4: dispatched, never responded.
    await create();
    // R5: upheld 不合理诉求 → excluded from every rate.
    const r5 = await create();
    await handle(r5, 'sign');
    await handle(r5, 'respond');
    await handle(r5, 'resolve', { statusNotes: 'x' });
    await act(r5, 'flag-unreasonable', 'dispatcher', { category: 'MALICIOUS_REPEAT', reason: 'x' });
    await act(r5, 'flag-unreasonable/decision', 'supervisor', { approve: true, reason: '恶意重复' });
    // R6: 咨询 answered directly: not dispatched, but 办结.
    const r6 = await create({ type: '咨询' });
    await act(r6, 'answer', 'intake', { answer: '见政策说明' });
    window.to = new Date(Date.now() + 60_000).toISOString();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const get = async (path: string, role: Role = 'auditor') =>
    request(h.app).get(path).set('authorization', `Bearer ${await h.token(role)}`);

  test('三率 by category match the hand count', async () => {
    const res = await get(`/v1/metrics/three-rates?from=${window.from}&to=${window.to}&groupBy=category`);
    expect(res.status).toBe(200);
    const mine = res.body.groups.find((g: { key: string }) => g.key === category);
    // 6 requests, 1 excluded (R5). Dispatched R1–R4 = 4, on time R1–R3 = 3 → 3/4.
    // Answered R1, R2, R3 = 3; resolved R1, R3 = 2/3; satisfied (满意 + 基本满意) R1, R3 = 2/3.
    expect(mine).toMatchObject({
      requests: 6,
      excluded: 1,
      response: { numerator: 3, denominator: 4, rate: 0.75 },
      resolve: { numerator: 2, denominator: 3 },
      satisfy: { numerator: 2, denominator: 3 },
    });
    // Weights 0.30 / 0.35 / 0.35: 100 × (0.3 × 0.75 + 0.7 × 2/3) = 69.1666… → 69.17
    expect(mine.score).toBe(69.17);
  });

  test('办结率 and the role rule', async () => {
    // Counted (not excluded) 5; reached 办结: R1, R2, R3 (RESOLVED) and R6 (answered) = 4 → 4/5.
    const res = await get(`/v1/metrics/closure-rate?from=${window.from}&to=${window.to}&groupBy=category`);
    expect(res.status).toBe(200);
    expect(res.body.groups.find((g: { key: string }) => g.key === category)).toEqual({
      key: category,
      numerator: 4,
      denominator: 5,
      rate: 0.8,
    });
    const handler = await get(`/v1/metrics/closure-rate?from=${window.from}&to=${window.to}`, 'handler');
    expect(handler.status).toBe(403);
    const bad = await get(`/v1/metrics/three-rates?from=${window.to}&to=${window.from}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('to');
  });

  test('monthly rankings group units by tier', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const res = await get(`/v1/metrics/rankings?month=${month}`);
    expect(res.status).toBe(200);
    const streets = res.body.groups.find((g: { tier: string }) => g.tier === 'STREET');
    expect(streets.ranking[0]).toMatchObject({ rank: 1 });
    expect((await get('/v1/metrics/rankings?month=2026-13')).status).toBe(400);
  });

  test('an overdue request appears in the overdue report', async () => {
    const id = await create();
    const soon = new Date(Date.now() + 1500).toISOString();
    const res = await request(h.app)
      .put(`/v1/requests/${id}/deadline`)
      .set('authorization', `Bearer ${await h.token('supervisor')}`)
      .send({ deadline: soon, reason: '测试超期' });
    expect(res.status).toBe(200);
    const listed = await eventually(async () => {
      const overdue = await get('/v1/reports/overdue');
      return overdue.body.items.find((r: { id: string }) => r.id === id);
    }, 30_000, 'overdue listing');
    expect(listed.overdue).toBe(true);
    expect((await get('/v1/reports/overdue', 'handler')).status).toBe(403);
  });
});
