/**
 * 吹哨报到: each whistled department reports in its own child workflow with a 24-hour deadline;
 * a late department is reminded at the deadline and its report counts as late.
 */
import { startWorkflowTestEnv, type WorkflowTestEnv } from './environment';
import { ACTORS, act, HOUR_MS, notifications, skipToMonday9, startRequest, timeline } from './request-clock';
import { expectInstant } from './instants';

describe('request 吹哨报到 at the real 24-hour deadline', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await startWorkflowTestEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const department = (code: string) => ({ subject: `${code}-officer`, role: 'handler', unitCode: code });

  test('one department reports in time, the other after its reminder at 24 h: both recorded, with onTime', async () => {
    await skipToMonday9(t);
    const { id, handle } = await startRequest(t);
    await t.skip(HOUR_MS);
    await act(handle, 'sign', ACTORS.handler, {});
    await act(handle, 'respond', ACTORS.handler, {});
    const whistledAt = await t.now();
    const whistled = await act(handle, 'whistle', ACTORS.handler, { departments: ['DEP-CG', 'DEP-ZJ'], reason: '夜间施工需城管与住建联合执法' });
    expect(whistled.pendingReports).toEqual(['DEP-CG', 'DEP-ZJ']);
    const dueAt = Date.parse(timeline(t, id).find((e) => e.type === 'WHISTLED_DEPARTMENTS')!.data!.dueAt as string);
    expectInstant(new Date(dueAt).toISOString(), whistledAt + 24 * HOUR_MS);

    await t.skip(3 * HOUR_MS);
    const afterFirst = await act(handle, 'report', department('DEP-ZJ'), { department: 'DEP-ZJ', note: '已到场核查施工许可' });
    expect(afterFirst.pendingReports).toEqual(['DEP-CG']);

    // Past the deadline: the late department is reminded once, at the deadline.
    await t.skipTo(dueAt + 6 * HOUR_MS);
    const reminders = notifications(t, id).filter((n) => n.kind === 'REPORT_OVERDUE');
    expect(reminders.map((n) => n.recipientUnitCode)).toEqual(['DEP-CG']);
    expectInstant(reminders[0]!.at, dueAt);
    const afterSecond = await act(handle, 'report', department('DEP-CG'), { department: 'DEP-CG', note: '已到场责令停工' });
    expect(afterSecond.pendingReports).toEqual([]);

    const reports = timeline(t, id).filter((e) => e.type === 'DEPARTMENT_REPORTED');
    expect(reports.map((e) => e.data)).toEqual([
      { department: 'DEP-ZJ', onTime: true },
      { department: 'DEP-CG', onTime: false },
    ]);
    expectInstant(reports[0]!.at, whistledAt + 3 * HOUR_MS);
    expectInstant(reports[1]!.at, dueAt + 6 * HOUR_MS);
    expect(notifications(t, id).filter((n) => n.kind === 'WHISTLE').map((n) => n.recipientUnitCode).sort()).toEqual(['DEP-CG', 'DEP-ZJ']);
  });
});
