import request from 'supertest';
import { SA } from '../../workflows/requests/definitions';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';

describe('foundation: intake through the API onto a real Temporal server and PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('GET /healthz reports both dependencies', async () => {
    const res = await request(h.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok', down: [] });
  });

  test('catalogue and org tree are seeded', async () => {
    const categories = await request(h.app).get('/v1/categories');
    expect(categories.status).toBe(200);
    const noise = categories.body.items.find((c: { code: string }) => c.code === 'NOISE');
    expect(noise.timeLimits).toContainEqual({ urgency: 'GENERAL', clock: 'RESOLVE', amount: 7, unit: 'day' });
    const units = await request(h.app).get('/v1/units');
    expect(units.body.items).toContainEqual({ code: 'G-DFX-01', name: '多福巷第一网格', tier: 'GRID', parentCode: 'C-DFX' });
  });

  test('POST /v1/requests dispatches to the street of the location, with deadlines', async () => {
    const res = await createViaApi(h);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^REQ-\d{8}-[0-9A-F]{8}$/);
    expect(res.body.status).toBe('DISPATCHED');
    expect(res.body.unit).toEqual({ code: 'S-DHM', name: '东华门街道分中心', tier: 'STREET', parentCode: 'D-DC' });
    expect(Date.parse(res.body.deadlines.resolve)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect(res.body.deadlines.calendarVersion).toMatch(/^chinese-days@/);

    // The workflow id is the request id; auditors can filter on its search attributes.
    const description = await h.client.workflow.getHandle(res.body.id).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(SA.unit)).toBe('S-DHM');
    expect(description.typedSearchAttributes.get(SA.category)).toBe('NOISE');
    expect(await description.staticSummary()).toBe('噪音扰民 · 投诉 · GENERAL');

    // Auditors read what each delivery was for in the UI: activity summaries.
    const history = await eventually(async () => {
      const hist = await h.client.workflow.getHandle(res.body.id).fetchHistory();
      return hist.events?.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify') ? hist : undefined;
    }, 20_000, 'the dispatch notification');
    const summaries = (history.events ?? [])
      .map((e) => e.userMetadata?.summary?.data)
      .filter((d): d is Uint8Array => !!d)
      .map((d) => JSON.parse(Buffer.from(d).toString('utf8')) as string);
    expect(summaries).toContain('DISPATCHED → S-DHM');

    const row = await h.prisma.request.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.status).toBe('DISPATCHED');
    expect(row.currentUnitCode).toBe('S-DHM');
    expect(await timelineTypes(h, res.body.id)).toEqual(['RECEIVED', 'TRIAGED', 'DISPATCHED']);

    const detail = await request(h.app)
      .get(`/v1/requests/${res.body.id}`)
      .set('authorization', `Bearer ${await h.token('auditor')}`);
    expect(detail.status).toBe(200);
    expect(detail.body.live.status).toBe('DISPATCHED');
    // Auditors audit the process: the citizen's name and phone masked (docs/pipl.md).
    expect(detail.body.citizen).toEqual({ name: '张*', phone: '138****0000' });
    expect(detail.body.temporalUiUrl).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId="${res.body.id}"`)}`,
    );
  });

  test('personal data never enters workflow history', async () => {
    const res = await createViaApi(h, sampleRequest({ citizen: { name: '李四独特名', phone: '13912345678' } }));
    const history = await h.client.workflow.getHandle(res.body.id).fetchHistory();
    const text = JSON.stringify(history);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain(Buffer.from('13912345678').toString('base64'));
    expect(text).not.toContain(Buffer.from('"李四独特名"').toString('base64'));
  });

  test('the same Idempotency-Key returns the same request, even under concurrent posts', async () => {
    const key = `dup-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => createViaApi(h, sampleRequest(), key)));
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    const [id] = [...ids];
    expect(await h.prisma.request.count({ where: { idempotencyKey: `client:intake-tester:${key}` } })).toBe(1);
    const runs = [];
    for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(wf);
    expect(runs).toHaveLength(1);

    const conflicting = await createViaApi(h, sampleRequest({ description: '另一件事' }), key);
    expect(conflicting.status).toBe(422);
    expect(conflicting.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('bad input is a 400 naming each field; unknown references a 422; unknown ids a 404', async () => {
    const bad = await createViaApi(h, { categoryCode: 'NOISE', type: '抱怨', location: { unitCode: 'G-DFX-01' }, citizen: { name: '', phone: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    const fields = bad.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['citizen.name', 'citizen.phone', 'description', 'location.address', 'type']);

    const unknown = await createViaApi(h, sampleRequest({ categoryCode: 'NOPE', location: { unitCode: 'X-1', address: 'a' } }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(['categoryCode', 'location.unitCode']);

    const missing = await request(h.app)
      .get('/v1/requests/REQ-20990101-DEADBEEF')
      .set('authorization', `Bearer ${await h.token('auditor')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');

    const anonymous = await request(h.app).post('/v1/requests').send(sampleRequest());
    expect(anonymous.status).toBe(401);

    const notJson = await request(h.app)
      .post('/v1/requests')
      .set('authorization', `Bearer ${await h.token('intake')}`)
      .set('content-type', 'application/json')
      .send('{"categoryCode":');
    expect(notJson.status).toBe(400);
  });
});

describe('foundation: the deadline timer fires on the real server and escalates one tier', () => {
  let h: Harness;
  beforeAll(async () => {
    // 1 real second = 200,000 business seconds: a 7-day limit lasts a few seconds.
    h = await startHarness({ timeScale: 200_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('50 % reminder, 75 % 催办, breach → 督办单 + escalation to the district, then 通报', async () => {
    const res = await createViaApi(h);
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    const types = await eventually(async () => {
      const t = await timelineTypes(h, id);
      return t.includes('PUBLIC_NOTICE') ? t : undefined;
    }, 90_000, 'the 通报 event');
    expect(types).toEqual(
      expect.arrayContaining(['REMINDER_50', 'URGE_75', 'OVERDUE', 'ESCALATED', 'PUBLIC_NOTICE']),
    );
    // Order of the supervision ladder.
    const idx = (t: string) => types.indexOf(t);
    expect(idx('REMINDER_50')).toBeLessThan(idx('URGE_75'));
    expect(idx('URGE_75')).toBeLessThan(idx('OVERDUE'));
    expect(idx('OVERDUE')).toBeLessThan(idx('ESCALATED'));

    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ currentUnitCode: 'D-DC', tier: 'DISTRICT', overdue: true, escalationLevel: 1, supervisionLevel: 4 });

    // The 通报 is delivered right after it is recorded: wait for the delivery too.
    const kinds = await eventually(async () => {
      const k = (await h.prisma.notification.findMany({ where: { requestId: id } })).map((n) => n.kind).sort();
      return k.includes('PUBLIC_NOTICE') ? k : undefined;
    }, 30_000, 'the 通报 delivery');
    // Nobody signs in this test, so each of the two dispatches also gets its 签收-overdue reminder.
    expect(kinds).toEqual([
      'DISPATCHED', 'DISPATCHED', 'ESCALATED', 'PUBLIC_NOTICE', 'REMINDER_50',
      'SIGN_OVERDUE', 'SIGN_OVERDUE', 'SUPERVISION_ORDER', 'URGE_75',
    ]);

    const notices = await request(h.app).get('/v1/notices').set('authorization', `Bearer ${await h.token('auditor')}`);
    expect(notices.body.items.find((n: { requestId: string }) => n.requestId === id)).toMatchObject({ unitCode: 'D-DC' });

    const description = await h.client.workflow.getHandle(id).describe();
    expect(description.typedSearchAttributes.get(SA.overdue)).toBe(true);
    expect(description.typedSearchAttributes.get(SA.tier)).toBe('DISTRICT');
  });
});
