import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { reportStateQuery, reportWorkflowId } from '../../workflows/requests/definitions';
import { createViaApi, eventually, sampleRequest, startHarness, timelineTypes, type Harness } from './harness';

const actWith = (h: Harness) => async (id: string, path: string, role: Role, body: object, unit?: string) =>
  request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', `Bearer ${await h.token(role, unit)}`).send(body);

describe('吹哨报到, 合并, 不合理诉求, 咨询 (real time)', () => {
  let h: Harness;
  let act: ReturnType<typeof actWith>;
  beforeAll(async () => {
    h = await startHarness();
    act = actWith(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const signedAndResponded = async () => {
    const id = (await createViaApi(h)).body.id as string;
    await act(id, 'sign', 'handler', {}, 'S-DHM');
    await act(id, 'respond', 'handler', {}, 'S-DHM');
    return id;
  };

  test('吹哨: one child workflow per department; the request waits for every 报到', async () => {
    const id = await signedAndResponded();
    const notDept = await act(id, 'whistle', 'handler', { departments: ['C-DFX'], reason: 'x' }, 'S-DHM');
    expect(notDept.status).toBe(422);
    const whistled = await act(id, 'whistle', 'handler', { departments: ['DEP-WATER', 'DEP-CITY'], reason: '河道污染需水务、城管到场' }, 'S-DHM');
    expect(whistled.status).toBe(200);
    expect(whistled.body.pendingReports).toEqual(['DEP-WATER', 'DEP-CITY']);

    const child = h.client.workflow.getHandle(reportWorkflowId(id, 'DEP-WATER', 1));
    expect((await child.describe()).status.name).toBe('RUNNING');
    expect(await child.query(reportStateQuery)).toMatchObject({ department: 'DEP-WATER', reported: false });

    const blocked = await act(id, 'resolve', 'handler', { statusNotes: 'x' }, 'S-DHM');
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details).toEqual({ rule: 'reportsPending' });

    const wrongDept = await act(id, 'reports', 'handler', { department: 'DEP-WATER', note: 'x' }, 'DEP-CITY');
    expect(wrongDept.status).toBe(403);
    const water = await act(id, 'reports', 'handler', { department: 'DEP-WATER', note: '已到场，清淤' }, 'DEP-WATER');
    expect(water.status).toBe(200);
    expect(water.body.pendingReports).toEqual(['DEP-CITY']);
    expect((await child.describe()).status.name).toBe('COMPLETED');
    const again = await act(id, 'reports', 'handler', { department: 'DEP-WATER', note: 'again' }, 'DEP-WATER');
    expect(again.status).toBe(422);
    const city = await act(id, 'reports', 'handler', { department: 'DEP-CITY', note: '已到场执法' }, 'DEP-CITY');
    expect(city.body.pendingReports).toEqual([]);
    expect((await act(id, 'resolve', 'handler', { statusNotes: '多部门联合处置完毕' }, 'S-DHM')).status).toBe(200);
    const reported = await h.prisma.requestEvent.findMany({ where: { requestId: id, type: 'DEPARTMENT_REPORTED' } });
    expect(reported.map((e) => (e.data as { department: string }).department).sort()).toEqual(['DEP-CITY', 'DEP-WATER']);
    expect(reported.every((e) => (e.data as { onTime: boolean }).onTime)).toBe(true);
  });

  test('合并: the duplicate follows its master and its citizen still gets a callback', async () => {
    const master = await signedAndResponded();
    const dup = (await createViaApi(h, sampleRequest({ citizen: { name: '王五', phone: '13700000000' } }))).body.id as string;
    const self = await act(dup, 'merge', 'dispatcher', { masterId: dup, reason: 'x' });
    expect(self.status).toBe(422);
    const merged = await act(dup, 'merge', 'dispatcher', { masterId: master, reason: '同一工地噪音' });
    expect(merged.status).toBe(200);
    expect(merged.body.status).toBe('MERGED');
    expect(merged.body.mergedInto).toBe(master);
    await eventually(async () => (await timelineTypes(h, master)).includes('DUPLICATE_ATTACHED'), 20_000, 'attach');

    await act(master, 'resolve', 'handler', { statusNotes: '已停工整改' }, 'S-DHM');
    expect((await act(master, 'review', 'dispatcher', { decision: 'PASS' })).body.status).toBe('CALLBACK');
    await eventually(async () => (await timelineTypes(h, dup)).includes('CALLBACK_SCHEDULED'), 20_000, 'duplicate callback');
    const masterEvent = await h.prisma.requestEvent.findFirstOrThrow({ where: { requestId: dup, type: 'MASTER_REVIEWED' } });
    expect(masterEvent.reason).toBe('已停工整改');
    const rated = await act(dup, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '基本满意' });
    expect(rated.body.status).toBe('ARCHIVED');
  });

  test('不合理诉求: flagged by the platform, upheld by review, excluded from 三率 and archived', async () => {
    const id = await signedAndResponded();
    await act(id, 'resolve', 'handler', { statusNotes: '已解释政策' }, 'S-DHM');
    const early = await act(id, 'flag-unreasonable/decision', 'supervisor', { approve: true, reason: 'x' });
    expect(early.status).toBe(422);
    const flagged = await act(id, 'flag-unreasonable', 'dispatcher', { category: 'MALICIOUS_REPEAT', reason: '同一诉求一日内重复来电40次' });
    expect(flagged.body.pendingUnreasonable).toEqual({ category: 'MALICIOUS_REPEAT', reason: '同一诉求一日内重复来电40次' });
    const upheld = await act(id, 'flag-unreasonable/decision', 'supervisor', { approve: true, reason: '经审核属恶意重复诉求，已向诉求人说明' });
    expect(upheld.body.status).toBe('ARCHIVED');
    expect(upheld.body.excludedFromRates).toBe(true);
    expect(await timelineTypes(h, id)).toEqual(expect.arrayContaining(['UNREASONABLE_FLAGGED', 'UNREASONABLE_UPHELD', 'ARCHIVED']));
  });

  test('不合理诉求 rejected on review: the request continues', async () => {
    const id = await signedAndResponded();
    await act(id, 'resolve', 'handler', { statusNotes: 'x' }, 'S-DHM');
    await act(id, 'flag-unreasonable', 'dispatcher', { category: 'OTHER', reason: 'x' });
    const rejected = await act(id, 'flag-unreasonable/decision', 'supervisor', { approve: false, reason: '诉求合理' });
    expect(rejected.body.status).toBe('RESOLVED');
    expect(rejected.body.excludedFromRates).toBe(false);
  });

  test('咨询 is answered directly by the hotline, within one working day', async () => {
    const res = await createViaApi(h, sampleRequest({ type: '咨询', description: '居住证办理需要什么材料' }));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('TRIAGED');
    expect(res.body.unit).toBeNull();
    // What the intake caller may do now: answer it (dispatching is the dispatcher's).
    expect(res.body.allowedActions).toEqual(['withdraw', 'answer']);
    const answered = await act(res.body.id, 'answer', 'intake', { answer: '携带身份证、居住证明到社区服务站办理' });
    expect(answered.body.status).toBe('ARCHIVED');
    expect(await timelineTypes(h, res.body.id)).toEqual(['RECEIVED', 'TRIAGED', 'AWAITING_DIRECT_ANSWER', 'ANSWERED_DIRECT', 'ARCHIVED']);
  });

  test('咨询 that cannot be answered directly is dispatched by the platform', async () => {
    const res = await createViaApi(h, sampleRequest({ type: '咨询' }));
    const dispatched = await act(res.body.id, 'dispatch', 'dispatcher', { unitCode: 'DEP-HOUSING', reason: '需住建部门答复' });
    expect(dispatched.body.status).toBe('DISPATCHED');
    expect(dispatched.body.unit.code).toBe('DEP-HOUSING');
    expect(dispatched.body.deadlines.sign).toBeDefined();
  });
});

describe('timers at compressed time: 签收 overdue, 报到 overdue, 4-week re-check', () => {
  let h: Harness;
  let act: ReturnType<typeof actWith>;
  beforeAll(async () => {
    // 28 days ≈ 2.4 s; 1 working day ≈ 0.1–0.3 s.
    h = await startHarness({ timeScale: 1_000_000, recheckSamplePercent: 100 });
    act = actWith(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('an unsigned ticket is reminded once at its 签收 deadline', async () => {
    const id = (await createViaApi(h)).body.id as string;
    await eventually(async () => (await timelineTypes(h, id)).includes('SIGN_OVERDUE'), 30_000, 'sign overdue');
    const types = await timelineTypes(h, id);
    // Each dispatch (the first, and any escalation's) has its own 签收 clock: at most one
    // reminder per dispatch, each delivered exactly once.
    const dispatches = types.filter((t) => t === 'DISPATCHED' || t === 'ESCALATED').length;
    const reminders = types.filter((t) => t === 'SIGN_OVERDUE').length;
    expect(reminders).toBeGreaterThanOrEqual(1);
    expect(reminders).toBeLessThanOrEqual(dispatches);
    // Deliveries follow their step: each reminder's notice arrives once, shortly after its event.
    await eventually(
      async () => (await h.prisma.notification.count({ where: { requestId: id, kind: 'SIGN_OVERDUE' } })) === reminders,
      30_000,
      'one delivery per reminder',
    );
    expect(await h.prisma.notification.count({ where: { requestId: id, kind: 'SIGN_OVERDUE' } })).toBe(reminders);
  });

  test('a department that misses its 报到 deadline is reminded, and can still report late', async () => {
    const id = (await createViaApi(h)).body.id as string;
    await act(id, 'sign', 'handler', {}, 'S-DHM');
    await act(id, 'whistle', 'handler', { departments: ['DEP-MARKET'], reason: '食品安全', reportWithin: { amount: 2, unit: 'hour' } }, 'S-DHM');
    await eventually(
      async () => (await h.prisma.notification.count({ where: { requestId: id, kind: 'REPORT_OVERDUE' } })) === 1,
      60_000,
      'report overdue notice',
    );
    const late = await act(id, 'reports', 'handler', { department: 'DEP-MARKET', note: '迟到报到' }, 'DEP-MARKET');
    expect(late.status).toBe(200);
    const event = await h.prisma.requestEvent.findFirstOrThrow({ where: { requestId: id, type: 'DEPARTMENT_REPORTED' } });
    expect(event.data).toEqual({ department: 'DEP-MARKET', onTime: false });
  });

  test('a sampled request is re-checked 4 weeks after closing, then archived', async () => {
    const id = (await createViaApi(h)).body.id as string;
    for (const [path, body] of [['sign', {}], ['respond', {}], ['resolve', { statusNotes: '已处理' }]] as const) {
      await act(id, path, 'handler', body, 'S-DHM');
    }
    await act(id, 'review', 'dispatcher', { decision: 'PASS' });
    const rated = await act(id, 'callback', 'intake', { reached: true, resolved: true, satisfaction: '满意' });
    expect(rated.body.status).toBe('RECHECK');
    const early = await act(id, 'callback', 'intake', { reached: false });
    expect(early.status).toBe(409);
    await eventually(async () => (await timelineTypes(h, id)).includes('RECHECK_TASK'), 30_000, 'recheck task');
    const rechecked = await act(id, 'recheck', 'intake', { reached: true, stillResolved: true, note: '噪音未再出现' });
    expect(rechecked.body.status).toBe('ARCHIVED');
  });
});
