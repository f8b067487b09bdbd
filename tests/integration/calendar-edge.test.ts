import request from 'supertest';
import { consultationSteps } from './consultation-steps';
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

/**
 * The same for a consultation item: its 办 checkpoints past the calendar data are provisional,
 * and loading the missing years recounts them at once, whatever the time scale (the old gap wait
 * retried on a 24-hour real-time timer and left items stuck).
 */
describe('consultation deadlines past the calendar data are provisional, then recounted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 100_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const steps = consultationSteps(() => h);

  test('an item assigned with a far 办 deadline is provisional until the years are loaded', async () => {
    const c = steps.cast();
    const { id } = await steps.create(c);
    await steps.screenAndFix(c, id);
    await steps.scheduleAndWait(id);
    expect((await steps.convener(id, 'meeting/record', steps.consensusVote(c))).body.status).toBe('DELIBERATED');
    expect((await steps.convener(id, 'publish', {})).body.status).toBe('PUBLICIZING');
    await eventually(async () => (await steps.view(id)).status === 'PUBLICIZED', 60_000, 'end of publicity');

    // A deadline whose item time (100 000×) lies two years past the loaded data: its checkpoints
    // (the 通报 one is the deadline + 5 working days) need years nobody has loaded yet.
    const status = await request(h.app).get('/v1/calendar/status').set('authorization', `Bearer ${await h.token('admin')}`);
    const yearsAhead = Number(String(status.body.coveredUntil).slice(0, 4)) + 2 - new Date().getUTCFullYear();
    const spanMs = (yearsAhead * 365.25 * 24 * 3600_000) / 100_000;
    const assignedAt = Date.now();
    const deadline = new Date(assignedAt + spanMs).toISOString();
    const assigned = await steps.convener(id, 'assign', { owner: { label: '多福物业' }, deadline });
    expect(assigned.status).toBe(200);
    const item = await eventually(async () => {
      const v = await steps.view(id);
      return v.deadlines.provisional ? v : null;
    }, 20_000, 'provisional deadlines on the item');
    const coveredUntil = item.deadlines.calendarCoveredUntil!;
    expect(await steps.types(id)).toContain('DEADLINES_PROVISIONAL');
    const noticeBefore = item.implementation!.schedule.notice;

    const itemYear = new Date(assignedAt + spanMs * 100_000 + 8 * 3600_000).getUTCFullYear();
    const days = [];
    for (let y = Number(coveredUntil.slice(0, 4)) + 1; y <= itemYear + 1; y++) days.push({ date: `${y}-01-01`, work: false, name: '元旦' });
    const loaded = await request(h.app).put('/v1/calendar/days').set('authorization', `Bearer ${await h.token('admin')}`).send({ source: 'test notice', days });
    expect(loaded.status).toBe(200);
    expect(loaded.body.nudgedItems).toBeGreaterThanOrEqual(1);

    const recounted = await eventually(async () => {
      const v = await steps.view(id);
      return v.deadlines.provisional === false ? v : null;
    }, 30_000, 'the recount');
    expect(recounted.status).toBe('IMPLEMENTING');
    const events = await h.prisma.consultationEvent.findMany({ where: { itemId: id, type: 'DEADLINES_RECOUNTED' } });
    expect(events).toHaveLength(1);
    expect(recounted.implementation!.schedule.notice).not.toBeNull();
    expect(noticeBefore).not.toBeNull();
    const row = await h.prisma.consultationItem.findUniqueOrThrow({ where: { id } });
    expect(row.deadlinesProvisional).toBe(false);
  });
});
