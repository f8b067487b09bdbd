import request from 'supertest';
import { createViaApi, sampleRequest, startHarness, type Harness } from './harness';

describe('admin: catalogue time limits, org tree, calendar data', () => {
  let h: Harness;
  const cat = `ADM${Date.now() % 100000}`;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  const as = async (role: 'admin' | 'intake' | 'auditor') => `Bearer ${await h.token(role)}`;

  test('a category is created and changed by an admin only; running requests keep their snapshot', async () => {
    const body = {
      name: '测试事项',
      timeLimits: [{ urgency: 'GENERAL', clock: 'RESOLVE', amount: 7, unit: 'day' }],
    };
    expect((await request(h.app).put(`/v1/categories/${cat}`).set('authorization', await as('intake')).send(body)).status).toBe(403);
    expect((await request(h.app).put(`/v1/categories/${cat}`).send(body)).status).toBe(401);
    const created = await request(h.app).put(`/v1/categories/${cat}`).set('authorization', await as('admin')).send(body);
    expect(created.status).toBe(201);
    const bad = await request(h.app)
      .put(`/v1/categories/${cat}`)
      .set('authorization', await as('admin'))
      .send({ name: 'x', timeLimits: [{ urgency: 'GENERAL', clock: 'RESOLVE', amount: 1.5, unit: 'day' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('timeLimits');

    const before = await createViaApi(h, sampleRequest({ categoryCode: cat }));
    expect(before.status).toBe(201);
    const changed = await request(h.app)
      .put(`/v1/categories/${cat}`)
      .set('authorization', await as('admin'))
      .send({ ...body, timeLimits: [{ urgency: 'GENERAL', clock: 'RESOLVE', amount: 2, unit: 'hour' }] });
    expect(changed.status).toBe(200);
    expect(changed.body.timeLimits).toContainEqual({ urgency: 'GENERAL', clock: 'RESOLVE', amount: 2, unit: 'hour' });

    const after = await createViaApi(h, sampleRequest({ categoryCode: cat }));
    const receivedAfter = (await h.prisma.request.findUniqueOrThrow({ where: { id: after.body.id } })).receivedAt;
    expect(Date.parse(after.body.deadlines.resolve)).toBe(receivedAfter.getTime() + 2 * 3600_000);
    // The earlier request still runs on the 7-day limit it was accepted with.
    const live = await h.client.workflow.getHandle(before.body.id).query<{ deadlines: { resolve: string } }>('state');
    expect(live.deadlines.resolve).toBe(before.body.deadlines.resolve);
    expect(Date.parse(live.deadlines.resolve)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
  });

  test('units: created under a parent; unknown parents and cycles are refused', async () => {
    const code = `G-ADM-${Date.now() % 100000}`;
    const created = await request(h.app)
      .put(`/v1/units/${code}`)
      .set('authorization', await as('admin'))
      .send({ name: '新网格', tier: 'GRID', parentCode: 'C-DFX' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ code, name: '新网格', tier: 'GRID', parentCode: 'C-DFX' });
    const unknown = await request(h.app).put(`/v1/units/${code}`).set('authorization', await as('admin')).send({ name: 'x', tier: 'GRID', parentCode: 'NOPE' });
    expect(unknown.status).toBe(422);
    const cycle = await request(h.app).put('/v1/units/C-DFX').set('authorization', await as('admin')).send({ name: '多福巷社区工作站', tier: 'COMMUNITY', parentCode: code });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.details).toEqual({ rule: 'unitCycle' });
    // A request located in the new grid goes to its street.
    const res = await createViaApi(h, sampleRequest({ location: { unitCode: code, address: '新网格1号' } }));
    expect(res.body.unit.code).toBe('S-DHM');
  });

  test('calendar days (a State Council notice) are loaded and listed', async () => {
    const year = new Date().getUTCFullYear() + 5;
    const res = await request(h.app)
      .put('/v1/calendar/days')
      .set('authorization', await as('admin'))
      .send({ source: `国务院办公厅关于${year}年部分节假日安排的通知`, days: [{ date: `${year}-01-01`, work: false, name: '元旦' }] });
    expect(res.status).toBe(200);
    expect(res.body.loaded).toBe(1);
    const list = await request(h.app).get('/v1/calendar/days').set('authorization', await as('admin'));
    expect(list.body.items).toContainEqual({ date: `${year}-01-01`, work: false, name: '元旦' });
    const bad = await request(h.app).put('/v1/calendar/days').set('authorization', await as('admin')).send({ source: 'x', days: [{ date: '2027-02-30', work: true }] });
    expect(bad.status).toBe(400);
    expect((await request(h.app).get('/v1/calendar/days').set('authorization', await as('auditor'))).status).toBe(403);
  });
});
