import request from 'supertest';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';

/**
 * A deadline past the statutory calendar's data (at real time, scale 1): the request is
 * dispatched at once with a provisional deadline (Monday–Friday rule), marked as such in the
 * view, the timeline, Temporal's search attributes and details, and operators are alerted once per
 * missing year; loading that year's days has it recounted at once (timers move, one event).
 */
describe('deadlines past the calendar data are provisional, then recounted', () => {
  let h: Harness;
  const cat = `EDGE${Date.now() % 100000}`;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const admin = async () => `Bearer ${await h.token('admin')}`;
  const auditor = async () => `Bearer ${await h.token('auditor')}`;
  const beijingYear = (iso: string) => Number(new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 4));

  test('dispatched at once, provisional, alerted, recounted when the year is loaded', async () => {
    // 2 600 working days (about ten years) lands past every year the calendar knows in this run.
    const created = await request(h.app)
      .put(`/v1/categories/${cat}`)
      .set('authorization', await admin())
      .send({ name: '长期整治', timeLimits: [{ urgency: 'GENERAL', clock: 'RESOLVE', amount: 2600, unit: 'workday' }] });
    expect(created.status).toBe(201);

    const res = await createViaApi(h, sampleRequest({ categoryCode: cat }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('DISPATCHED');
    expect(res.body.lastError).toBeNull();
    expect(res.body.deadlines.provisional).toBe(true);
    expect(res.body.deadlines.calendarVersion).toMatch(/^chinese-days@/);
    const coveredUntil: string = res.body.deadlines.calendarCoveredUntil;
    expect(coveredUntil).toMatch(/^\d{4}-12-31$/);
    const id: string = res.body.id;
    const before: string = res.body.deadlines.resolve;
    expect(before > `${coveredUntil}T16:00:00.000Z`).toBe(true);

    expect(await timelineTypes(h, id)).toContain('DEADLINES_PROVISIONAL');
    const firstMissingYear = Number(coveredUntil.slice(0, 4)) + 1;
    await eventually(
      async () =>
        (await h.prisma.notification.count({
          where: { idempotencyKey: `calendar-provisional:${beijingYear(before)}`, kind: 'CALENDAR_PROVISIONAL', status: 'DELIVERED' },
        })) === 1,
      20_000,
      'one operator alert for the missing year',
    );
    const detail = await request(h.app).get(`/v1/requests/${id}`).set('authorization', await auditor());
    expect(detail.body.deadlines.provisional).toBe(true);
    const status = await request(h.app).get('/v1/calendar/status').set('authorization', await admin());
    expect(status.status).toBe(200);
    expect(status.body.coveredUntil).toBe(coveredUntil);
    expect(status.body.openRequestsWithProvisionalDeadlines).toBeGreaterThanOrEqual(1);

    // Operators find them in Temporal by search attribute, and the UI's details say so.
    const handle = h.client.workflow.getHandle(id);
    await eventually(async () => {
      for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${id}' AND HuiyingProvisionalDeadline = true` })) {
        return wf.workflowId === id;
      }
      return false;
    }, 30_000, 'the provisional search attribute in visibility');
    const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(meta.currentDetails).toContain('临时时限');

    // The operator loads the missing years (1 January of each, a weekday in most years).
    const lastYear = beijingYear(before) + 1;
    const days = [];
    for (let y = firstMissingYear; y <= lastYear; y++) days.push({ date: `${y}-01-01`, work: false, name: '元旦' });
    const loaded = await request(h.app).put('/v1/calendar/days').set('authorization', await admin()).send({ source: 'test notice', days });
    expect(loaded.status).toBe(200);
    expect(loaded.body.nudgedRequests).toBeGreaterThanOrEqual(1);

    const recounted = await eventually(async () => {
      const r = await request(h.app).get(`/v1/requests/${id}`).set('authorization', await auditor());
      return r.body.deadlines.provisional === false ? r.body : null;
    }, 30_000, 'the recount');
    const weekdayNewYears = days.filter((d) => ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay())).length;
    expect(weekdayNewYears).toBeGreaterThan(0);
    // Each weekday holiday before the deadline pushes it one working day later.
    expect(recounted.deadlines.resolve > before).toBe(true);

    const events = await h.prisma.requestEvent.findMany({ where: { requestId: id, type: 'DEADLINES_RECOUNTED' } });
    expect(events).toHaveLength(1);
    const changes = (events[0]!.data as { changes: { from: string; to: string }[] }).changes;
    expect(changes).toContainEqual({ from: before, to: recounted.deadlines.resolve });
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row.deadlinesProvisional).toBe(false);
    expect(row.resolveDeadline!.toISOString()).toBe(recounted.deadlines.resolve);
    await eventually(async () => {
      for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${id}' AND HuiyingProvisionalDeadline = false` })) {
        return wf.workflowId === id;
      }
      return false;
    }, 30_000, 'the search attribute cleared');
  });
});
