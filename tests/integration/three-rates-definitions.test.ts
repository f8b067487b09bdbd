import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { DEFAULT_TIME_LIMITS } from '../../domain/catalogue-defaults';
import type { SlaClock } from '../../domain/requests/model';
import type { TimeLimit } from '../../domain/shared/sla';
import { COUNTING_CALLBACK, SCORE_DEFINITION, describeRate } from '../../domain/requests/three-rates';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

/**
 * The 三率 and 办结率 definitions of domain/requests/three-rates.ts, through the API on the real stack.
 * Each scenario has its own category, so `groupBy=category` isolates it from the other files.
 */
describe('三率 and 办结率 definitions', () => {
  let h: Harness;
  const run = Date.now() % 100000;
  const from = new Date(Date.now() - 60_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A category with the GENERAL defaults, some of them replaced. */
  async function category(prefix: string, over: Partial<Record<SlaClock, TimeLimit>> = {}): Promise<string> {
    const code = `${prefix}${run}`;
    await h.prisma.category.create({ data: { code, name: '三率定义测试' } });
    const limits = { ...DEFAULT_TIME_LIMITS.GENERAL, ...over };
    await h.prisma.timeLimit.createMany({
      data: Object.entries(limits).map(([clock, l]) => ({ categoryCode: code, urgency: 'GENERAL', clock, amount: l.amount, unit: l.unit })),
    });
    return code;
  }
  const act = async (id: string, path: string, role: Role, body: object, unit?: string) => {
    const res = await request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', `Bearer ${await h.token(role, unit)}`).send(body);
    expect(res.status).toBe(200);
    return res;
  };
  const handle = (id: string, path: string, body: object = {}) => act(id, path, 'handler', body, 'S-DHM');
  const create = async (categoryCode: string) => {
    const res = await createViaApi(h, sampleRequest({ categoryCode }));
    expect(res.status).toBe(201);
    return res.body as { id: string; deadlines: { respond?: string } };
  };
  const resolveAndReview = async (id: string) => {
    await handle(id, 'resolve', { statusNotes: '已处理' });
    await act(id, 'review', 'dispatcher', { decision: 'PASS' });
  };
  const toCallback = async (id: string) => {
    await handle(id, 'sign');
    await handle(id, 'respond');
    await resolveAndReview(id);
  };
  const answer = (id: string, resolved: boolean, satisfaction: string) =>
    act(id, 'callback', 'intake', { reached: true, resolved, satisfaction });

  const get = async (path: string) => request(h.app).get(path).set('authorization', `Bearer ${await h.token('auditor')}`);
  const groupOf = async (metric: 'three-rates' | 'closure-rate', code: string) => {
    const res = await get(`/v1/metrics/${metric}?from=${from}&to=${to}&groupBy=category`);
    expect(res.status).toBe(200);
    return res.body.groups.find((g: { key: string }) => g.key === code);
  };

  test('a 不满意 answer counts as unsatisfied and unresolved until the redo is rated', async () => {
    const code = await category('TRREDO');
    const happy = (await create(code)).id;
    await toCallback(happy);
    await answer(happy, true, '满意');
    // "Resolved" ticked but 不满意: the request goes to 重办 and the row's rating is cleared.
    const unhappy = (await create(code)).id;
    await toCallback(unhappy);
    await answer(unhappy, true, '不满意');

    // Before the fix the 不满意 dropped out: 1/1 and 满意率 100 %.
    expect(await groupOf('three-rates', code)).toMatchObject({
      resolve: { numerator: 1, denominator: 2, rate: 0.5 },
      satisfy: { numerator: 1, denominator: 2, rate: 0.5 },
    });

    // The redo reaches callback, but the citizen is not reached: the 不满意 still counts.
    await resolveAndReview(unhappy);
    await act(unhappy, 'callback', 'intake', { reached: false, note: '无人接听' });
    expect(await groupOf('three-rates', code)).toMatchObject({ satisfy: { numerator: 1, denominator: 2 } });

    // The redo is rated: that answer replaces the 不满意.
    await answer(unhappy, true, '满意');
    expect(await groupOf('three-rates', code)).toMatchObject({
      resolve: { numerator: 2, denominator: 2, rate: 1 },
      satisfy: { numerator: 2, denominator: 2, rate: 1 },
    });
  });

  test('撤回 before the 响应 deadline does not count against 响应率 (nor 办结率 before the 办结 deadline)', async () => {
    const code = await category('TRWD');
    const withdrawn = (await create(code)).id;
    await act(withdrawn, 'withdraw', 'intake', { reason: '问题已自行解决' });
    const responded = (await create(code)).id;
    await handle(responded, 'sign');
    await handle(responded, 'respond');

    const rates = await groupOf('three-rates', code);
    // Before the fix: 1/2, the withdrawn request counted as not responded.
    expect(rates).toMatchObject({ requests: 2, response: { numerator: 1, denominator: 1, rate: 1 } });
    expect(await groupOf('closure-rate', code)).toEqual({ key: code, numerator: 0, denominator: 1, rate: 0 });
  });

  test('撤回 after the 响应 deadline passed without a response still counts as not responded', async () => {
    // 响应 within 1.8 s, so the deadline passes while the test waits.
    const code = await category('TRLATE', { RESPOND: { amount: 0.0005, unit: 'hour' } });
    const late = await create(code);
    const deadline = Date.parse(late.deadlines.respond ?? '');
    expect(deadline).toBeGreaterThan(0);
    await eventually(async () => Date.now() > deadline + 200, 10_000, 'the 响应 deadline to pass');
    await act(late.id, 'withdraw', 'intake', { reason: '不再需要' });

    expect(await groupOf('three-rates', code)).toMatchObject({ response: { numerator: 0, denominator: 1, rate: 0 } });
    // Its 办结 deadline (7 days) had not passed: out of 办结率.
    expect(await groupOf('closure-rate', code)).toEqual({ key: code, numerator: 0, denominator: 0, rate: null });
  });

  test('scores are rounded to 2 decimals, in three-rates and in rankings', async () => {
    // 响应率 4/5, 解决率 1/1, 满意率 1/1: 100 × (0.3 × 0.8 + 0.35 + 0.35) is 94.00000000000001 unrounded.
    const code = await category('TRROUND');
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async () => (await create(code)).id));
    const [rated, ...rest] = ids as [string, ...string[]];
    await toCallback(rated);
    await answer(rated, true, '满意');
    for (const id of rest.slice(0, 3)) {
      await handle(id, 'sign');
      await handle(id, 'respond');
    }

    const mine = await groupOf('three-rates', code);
    expect(mine.response).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    expect(mine.score).toBe(94);

    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const rankings = await get(`/v1/metrics/rankings?month=${month}`);
    expect(rankings.status).toBe(200);
    const scores: number[] = rankings.body.groups.flatMap((g: { ranking: { score: number | null }[] }) =>
      g.ranking.map((r) => r.score).filter((s): s is number => s !== null),
    );
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.filter((s) => Math.round(s * 100) / 100 !== s)).toEqual([]);
  });

  test('the served OpenAPI document states the same definitions', async () => {
    const res = await request(h.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const group = res.body.components.schemas.ThreeRatesGroup.properties;
    // A described $ref is emitted as allOf: [{ $ref }, { description }].
    const text = (p: { description?: string; allOf?: { description?: string }[] }) =>
      p.description ?? p.allOf?.find((part) => part.description)?.description;
    expect(text(group.response)).toBe(describeRate('response'));
    expect(text(group.resolve)).toBe(describeRate('resolve'));
    expect(text(group.satisfy)).toBe(describeRate('satisfy'));
    expect(group.score.description).toBe(SCORE_DEFINITION);
    expect(res.body.paths['/v1/metrics/three-rates'].get.description).toContain(COUNTING_CALLBACK);
    expect(res.body.paths['/v1/metrics/closure-rate'].get.description).toContain(describeRate('closure'));
  });
});
