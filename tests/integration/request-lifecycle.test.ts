import request from 'supertest';
import { CalendarSource } from '../../activities/shared/calendar-source';
import type { Role } from '../../api/auth/roles';
import { workdaysAfter } from '../../domain/shared/sla';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';

/** Lifecycle actions over real HTTP, onto the real workflow. Real time (scale 1) unless stated. */
describe('request lifecycle at real time scale', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const act = async (id: string, path: string, role: Role, body: unknown, unit?: string, method: 'post' | 'put' = 'post') =>
    request(h.app)
      [method](`/v1/requests/${id}/${path}`)
      .set('authorization', `Bearer ${await h.token(role, unit)}`)
      .send(body as object);
  const handler = (id: string, path: string, body: unknown = {}) => act(id, path, 'handler', body, 'S-DHM');
  const newRequest = async (overrides: Record<string, unknown> = {}) => {
    const res = await createViaApi(h, sampleRequest(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; deadlines: { resolve: string; sign: string } };
  };

  test('main path: 签收 → 响应 → 办理 → 办结 → 审核 → 回访 scheduled', async () => {
    const { id } = await newRequest();
    expect((await handler(id, 'sign', { note: '已签收' })).body.status).toBe('SIGNED');
    expect((await handler(id, 'respond', {})).body.status).toBe('RESPONDED');
    expect((await handler(id, 'progress', { note: '已联系施工方' })).body.status).toBe('IN_PROGRESS');
    const resolved = await handler(id, 'resolve', { statusNotes: '已责令夜间停工' });
    expect(resolved.body.status).toBe('RESOLVED');
    const reviewed = await act(id, 'review', 'dispatcher', { decision: 'PASS' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('CALLBACK');
    expect(await timelineTypes(h, id)).toEqual([
      'RECEIVED', 'TRIAGED', 'DISPATCHED', 'SIGNED', 'RESPONDED', 'PROGRESS', 'RESOLVED', 'REVIEWED', 'CALLBACK_SCHEDULED',
    ]);
    const signed = await h.prisma.requestEvent.findFirstOrThrow({ where: { requestId: id, type: 'SIGNED' } });
    expect(signed.actor).toBe('handler:handler-tester@S-DHM');
    expect(signed.data).toEqual({ onTime: true });
  });

  test('an action in the wrong state is a 409 naming the state and what is allowed now', async () => {
    const { id } = await newRequest();
    const res = await handler(id, 'resolve', { statusNotes: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
    expect(res.body.error.details).toEqual({
      status: 'DISPATCHED',
      // What this handler could do instead (issue 9 §3), not every action of the state.
      allowedActions: ['sign', 'return', 'escalate'],
    });
  });

  test('roles and units: a supervisor cannot sign; another street cannot act or see', async () => {
    const { id } = await newRequest();
    const wrongRole = await act(id, 'sign', 'supervisor', {});
    expect(wrongRole.status).toBe(403);
    const otherStreet = await act(id, 'sign', 'handler', {}, 'S-JS');
    expect(otherStreet.status).toBe(403);
    const read = await request(h.app).get(`/v1/requests/${id}`).set('authorization', `Bearer ${await h.token('handler', 'S-JS')}`);
    expect(read.status).toBe(403);
    const district = await request(h.app).get(`/v1/requests/${id}`).set('authorization', `Bearer ${await h.token('handler', 'D-DC')}`);
    expect(district.status).toBe(200);
  });

  test('invalid action payload is a 400 naming the field', async () => {
    const { id } = await newRequest();
    const res = await handler(id, 'return', { reason: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['basis', 'reason']);
  });

  test('退单 approved: re-dispatched, the citizen deadline is not restarted, the return is counted', async () => {
    const { id, deadlines } = await newRequest();
    const returned = await handler(id, 'return', { reason: '不属于本街道', basis: '属地在景山街道' });
    expect(returned.body.status).toBe('RETURN_REQUESTED');
    const missingTarget = await act(id, 'return/decision', 'dispatcher', { approve: true, reason: '同意' });
    expect(missingTarget.status).toBe(422);
    const decided = await act(id, 'return/decision', 'dispatcher', { approve: true, reason: '同意', redispatchTo: 'S-JS' });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('DISPATCHED');
    expect(decided.body.unit.code).toBe('S-JS');
    expect(decided.body.deadlines.resolve).toBe(deadlines.resolve);
    expect(decided.body.returnsByUnit).toEqual({ 'S-DHM': 1 });
  });

  test('退单 rejected: back to the previous state with the original deadline', async () => {
    const { id, deadlines } = await newRequest();
    await handler(id, 'sign');
    await handler(id, 'return', { reason: '不属于本街道', basis: '无' });
    const decided = await act(id, 'return/decision', 'dispatcher', { approve: false, reason: '属地管理，应由本街道办理' });
    expect(decided.body.status).toBe('SIGNED');
    expect(decided.body.unit.code).toBe('S-DHM');
    expect(decided.body.deadlines.resolve).toBe(deadlines.resolve);
  });

  test('延期: requested before the deadline, approved once by a supervisor, capped', async () => {
    const { id, deadlines } = await newRequest();
    await handler(id, 'sign');
    const tooLong = await handler(id, 'extension', { amount: 9, unit: 'workday', reason: '需协调' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details).toEqual({ rule: 'extensionCap' });
    expect((await handler(id, 'extension', { amount: 3, unit: 'workday', reason: '需协调多部门' })).status).toBe(200);
    const again = await handler(id, 'extension', { amount: 1, unit: 'workday', reason: 'x' });
    expect(again.status).toBe(422);
    const byHandler = await act(id, 'extension/decision', 'handler', { approve: true, reason: 'x' }, 'S-DHM');
    expect(byHandler.status).toBe(403);
    const approved = await act(id, 'extension/decision', 'supervisor', { approve: true, reason: '同意延期' });
    expect(approved.status).toBe(200);
    // 24:00 of the 3rd working day after the old deadline's day, whatever the hour of approval.
    const calendar = await new CalendarSource(h.prisma).current();
    expect(approved.body.deadlines.resolve).toBe(workdaysAfter(new Date(deadlines.resolve), 3, calendar).toISOString());
    expect(approved.body.extensionsApproved).toBe(1);
    const second = await handler(id, 'extension', { amount: 1, unit: 'workday', reason: '再延' });
    expect(second.status).toBe(422);
    expect(second.body.error.details).toEqual({ rule: 'extensionLimit' });
  });

  test('an extension asked for after the deadline is refused', async () => {
    const { id } = await newRequest();
    await handler(id, 'sign');
    const soon = new Date(Date.now() + 1000).toISOString();
    expect((await act(id, 'deadline', 'supervisor', { deadline: soon, reason: '限时' }, undefined, 'put')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    // The breach escalated the request to the district, which signs and then asks.
    await eventually(async () => (await timelineTypes(h, id)).includes('ESCALATED'), 20_000, 'escalation');
    expect((await act(id, 'sign', 'handler', {}, 'D-DC')).status).toBe(200);
    const late = await act(id, 'extension', 'handler', { amount: 1, unit: 'workday', reason: '来不及' }, 'D-DC');
    expect(late.status).toBe(422);
    expect(late.body.error.details).toEqual({ rule: 'extensionAfterDeadline' });
  });

  test('extensions are refused for emergencies', async () => {
    const { id } = await newRequest({ urgency: 'EMERGENCY' });
    await handler(id, 'sign');
    const res = await handler(id, 'extension', { amount: 1, unit: 'hour', reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ rule: 'extensionNotAllowed' });
  });

  test('supervisor override moves the deadline; a refused override is still recorded for auditors', async () => {
    const { id } = await newRequest();
    const target = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const ok = await act(id, 'deadline', 'supervisor', { deadline: target, reason: '领导批示限期' }, undefined, 'put');
    expect(ok.status).toBe(200);
    expect(ok.body.deadlines.resolve).toBe(target);
    const past = await act(id, 'deadline', 'supervisor', { deadline: '2020-01-01T00:00:00+08:00', reason: '误操作' }, undefined, 'put');
    expect(past.status).toBe(422);
    const types = await timelineTypes(h, id);
    expect(types).toContain('DEADLINE_OVERRIDDEN');
    expect(types).toContain('DEADLINE_OVERRIDE_REJECTED');
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row.resolveDeadline?.toISOString()).toBe(target);
  });

  test('pause needs approval and stops the business clock', async () => {
    const { id, deadlines } = await newRequest({ urgency: 'URGENT' }); // 24 h wall-clock limit
    await handler(id, 'sign');
    await handler(id, 'respond');
    const asked = await handler(id, 'pause', { reason: '等待诉求人提供材料' });
    expect(asked.body.status).toBe('RESPONDED');
    expect(asked.body.pendingPause).toEqual({ reason: '等待诉求人提供材料' });
    const approved = await act(id, 'pause/decision', 'supervisor', { approve: true, reason: '同意' });
    expect(approved.body.status).toBe('SUSPENDED');
    await new Promise((r) => setTimeout(r, 1500));
    const resumed = await handler(id, 'resume', { note: '材料已到' });
    expect(resumed.body.status).toBe('RESPONDED');
    const shift = Date.parse(resumed.body.deadlines.resolve) - Date.parse(deadlines.resolve);
    const paused = Date.parse(resumed.body.pauses[0].to) - Date.parse(resumed.body.pauses[0].from);
    expect(paused).toBeGreaterThanOrEqual(1000);
    expect(shift).toBe(paused);
  });

  test('撤回 by the citizen closes the request', async () => {
    const { id } = await newRequest();
    const res = await act(id, 'withdraw', 'intake', { reason: '问题已自行解决' });
    expect(res.body.status).toBe('WITHDRAWN');
    const closed = await eventually(async () => {
      const d = await h.client.workflow.getHandle(id).describe();
      return d.status.name === 'COMPLETED' ? d : undefined;
    }, 20_000, 'workflow completion');
    expect(closed.status.name).toBe('COMPLETED');
    const after = await handler(id, 'sign');
    expect(after.status).toBe(409);
    expect(after.body.error.details).toEqual({ status: 'WITHDRAWN', allowedActions: [] });
  });

  test('吹哨: a street escalates manually to the district; the district cannot go higher', async () => {
    const { id } = await newRequest();
    const up = await handler(id, 'escalate', { reason: '需区级协调多部门' });
    expect(up.status).toBe(200);
    expect(up.body.unit.code).toBe('D-DC');
    expect(up.body.escalationLevel).toBe(1);
    const top = await act(id, 'escalate', 'handler', { reason: 'x' }, 'D-DC');
    expect(top.status).toBe(422);
    expect(top.body.error.details).toEqual({ rule: 'topOfLadder' });
  });
});

/** Callback, rating and 重办 need the callback timer (next working day): time is compressed. */
describe('回访, 评价 and 重办 (compressed time)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 50_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const act = async (id: string, path: string, role: Role, body: unknown, unit?: string) =>
    request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', `Bearer ${await h.token(role, unit)}`).send(body as object);

  async function resolvedAndReviewed(): Promise<string> {
    const res = await createViaApi(h);
    const id = res.body.id as string;
    for (const [path, body] of [['sign', {}], ['respond', {}], ['resolve', { statusNotes: '已处理' }]] as const) {
      const r = await act(id, path, 'handler', body, 'S-DHM');
      expect(r.status).toBe(200);
    }
    expect((await act(id, 'review', 'dispatcher', { decision: 'PASS' })).body.status).toBe('CALLBACK');
    return id;
  }

  test('satisfied callback: rated and archived', async () => {
    const id = await resolvedAndReviewed();
    await eventually(async () => (await timelineTypes(h, id)).includes('CALLBACK_TASK'), 30_000, 'callback task');
    const rated = await act(id, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '满意' });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('ARCHIVED');
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'ARCHIVED', resolved: true, satisfaction: '满意' });
  });

  test('three unreached attempts: recorded as not evaluated', async () => {
    const id = await resolvedAndReviewed();
    for (let i = 0; i < 2; i++) {
      expect((await act(id, 'callback', 'intake', { reached: false })).body.status).toBe('CALLBACK');
    }
    const third = await act(id, 'callback', 'intake', { reached: false });
    expect(third.body.status).toBe('ARCHIVED');
    expect(await timelineTypes(h, id)).toEqual(expect.arrayContaining(['CALLBACK_UNREACHED', 'NOT_EVALUATED', 'ARCHIVED']));
  });

  test('no answer within the callback window: three prompted attempts, then not evaluated', async () => {
    const id = await resolvedAndReviewed();
    await eventually(async () => (await timelineTypes(h, id)).includes('NOT_EVALUATED'), 60_000, 'window close');
    expect((await h.prisma.request.findUniqueOrThrow({ where: { id } })).status).toBe('ARCHIVED');
    const tasks = await h.prisma.requestEvent.findMany({ where: { requestId: id, type: 'CALLBACK_TASK' }, orderBy: { seq: 'asc' } });
    expect(tasks.map((t) => (t.data as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(await h.prisma.notification.count({ where: { requestId: id, kind: 'CALLBACK_TASK' } })).toBe(3);
  });

  test('重办: unsatisfied twice reopens twice, the third time goes to 专班', async () => {
    const id = await resolvedAndReviewed();
    for (let cycle = 1; cycle <= 2; cycle++) {
      const r = await act(id, 'callback', 'intake', { reached: true, resolved: false, satisfaction: '不满意' });
      expect(r.body.status).toBe('IN_PROGRESS');
      expect(r.body.cycle).toBe(cycle);
      await act(id, 'resolve', 'handler', { statusNotes: `第${cycle + 1}次办理` }, 'S-DHM');
      expect((await act(id, 'review', 'dispatcher', { decision: 'PASS' })).body.status).toBe('CALLBACK');
    }
    const last = await act(id, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '不满意' });
    // Disputed to the end: 专班, and a 4-week re-check (督回访) before archiving.
    expect(last.body.status).toBe('RECHECK');
    expect(last.body.flaggedForTaskForce).toBe(true);
    const types = await timelineTypes(h, id);
    expect(types.filter((t) => t === 'REOPENED')).toHaveLength(2);
    expect(types).toContain('TASK_FORCE_FLAGGED');
  });
});
