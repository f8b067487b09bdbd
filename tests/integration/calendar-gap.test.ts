import request from 'supertest';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';

/**
 * A deadline beyond the statutory calendar's data: the request is accepted, the gap is recorded
 * and alerted, and the deadlines are computed as soon as an admin loads the missing year (the
 * calendar upload nudges the waiting requests).
 */
describe('a deadline beyond the calendar data waits for it, loudly', () => {
  let h: Harness;
  const cat = `GAP${Date.now() % 100000}`;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('recorded, alerted, then resolved by loading the year', async () => {
    const admin = `Bearer ${await h.token('admin')}`;
    // 3 000 days (≈ 8 years) lands beyond every year the calendar knows.
    const created = await request(h.app)
      .put(`/v1/categories/${cat}`)
      .set('authorization', admin)
      .send({ name: '长期事项', timeLimits: [{ urgency: 'GENERAL', clock: 'RESOLVE', amount: 3000, unit: 'day' }] });
    expect(created.status).toBe(201);

    const res = await createViaApi(h, sampleRequest({ categoryCode: cat }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('TRIAGED');
    expect(res.body.lastError).toMatch(/covers dates up to \d{4}-12-31/);
    const id = res.body.id as string;
    expect(await timelineTypes(h, id)).toContain('CALENDAR_GAP');
    await eventually(
      async () => (await h.prisma.notification.count({ where: { requestId: id, kind: 'CALENDAR_GAP', status: 'DELIVERED' } })) === 1,
      20_000,
      'the calendar-gap alert',
    );

    // The operator loads the missing years (here: New Year's Day of each), then nudges.
    const year = Number(res.body.lastError.match(/(\d{4})-\d{2}-\d{2} is beyond/)![1]);
    const days = Array.from({ length: 4 }, (_, i) => ({ date: `${year + i}-01-01`, work: false, name: '元旦' }));
    const loaded = await request(h.app).put('/v1/calendar/days').set('authorization', admin).send({ source: 'test', days });
    expect(loaded.status).toBe(200);
    // Loading the notice nudges every request waiting on the calendar (no manual signal).
    expect(loaded.body.nudged).toBeGreaterThanOrEqual(1);

    await eventually(async () => (await timelineTypes(h, id)).includes('DISPATCHED'), 30_000, 'dispatch after the gap');
    const types = await timelineTypes(h, id);
    expect(types.indexOf('CALENDAR_GAP')).toBeLessThan(types.indexOf('CALENDAR_GAP_CLOSED'));
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row.resolveDeadline!.getUTCFullYear()).toBeGreaterThanOrEqual(year);
  });
});
