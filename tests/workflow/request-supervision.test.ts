/**
 * The 督办 ladder of a request at its real limit (办结 7 days, 通报 5 working days after the
 * breach), on the time-skipping test server: weeks of timers in a few seconds.
 */
import { startWorkflowTestEnv, type WorkflowTestEnv } from './environment';
import { ACTORS, act, DAY_MS, HOUR_MS, notifications, skipToMonday9, startRequest, timeline, week } from './request-clock';
import { expectInstant, iso } from './instants';
import { expectRuleViolation } from './refusals';
import { stateQuery } from '../../workflows/requests/definitions';

describe('request 督办 ladder at real limits', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await startWorkflowTestEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  test('nobody handles it: 50 % → 75 % → OVERDUE and escalation to the district → 通报 at breach + 5 working days', async () => {
    const monday = await skipToMonday9(t);
    const w = week(monday);
    const { id, view, receivedAt } = await startRequest(t);
    const due = receivedAt + 7 * DAY_MS;
    expect(view.status).toBe('DISPATCHED');
    expect(view.unit?.code).toBe('S-DHM');
    expect(view.deadlines.resolve).toBe(iso(due));
    // 签收 within 1 working day: 24:00 of Tuesday.
    expect(view.deadlines.sign).toBe(iso(w.endOfDay(1)));

    // Three weeks of nobody acting.
    await t.skip(21 * DAY_MS);

    const events = timeline(t, id);
    expect(events.map((e) => e.type)).toEqual([
      'RECEIVED', 'TRIAGED', 'DISPATCHED',
      'SIGN_OVERDUE',
      'REMINDER_50', 'URGE_75', 'OVERDUE', 'ESCALATED',
      // The district signs within 1 working day of the escalation too.
      'SIGN_OVERDUE',
      'PUBLIC_NOTICE',
    ]);
    const at = (type: string, nth = 0) => events.filter((e) => e.type === type)[nth]?.at;
    expectInstant(at('SIGN_OVERDUE'), w.endOfDay(1));
    expectInstant(at('REMINDER_50'), receivedAt + 3.5 * DAY_MS);
    expectInstant(at('URGE_75'), receivedAt + 5.25 * DAY_MS);
    expectInstant(at('OVERDUE'), due);
    expectInstant(at('ESCALATED'), due);
    expectInstant(at('SIGN_OVERDUE', 1), w.endOfDay(8));
    // Breach on Monday of week 2; five weekdays later is Monday of week 3, 24:00.
    expectInstant(at('PUBLIC_NOTICE'), w.endOfDay(14));
    expect(events.find((e) => e.type === 'ESCALATED')?.data).toEqual({ unit: 'D-DC', tier: 'DISTRICT' });

    // Who was told what: the street until the breach, the district after it. Deliveries follow
    // their steps and may finish in any order, so the list is compared as a set; when each was
    // sent is checked by the instants below.
    const byKind = (a: { kind: string; to: string | null }, b: { kind: string; to: string | null }) =>
      `${a.kind}:${a.to}`.localeCompare(`${b.kind}:${b.to}`);
    const sent = notifications(t, id)
      .map((n) => ({ kind: n.kind, to: n.recipientUnitCode }))
      .sort(byKind);
    expect(sent).toEqual([
      { kind: 'DISPATCHED', to: 'S-DHM' },
      { kind: 'SIGN_OVERDUE', to: 'S-DHM' },
      { kind: 'REMINDER_50', to: 'S-DHM' },
      { kind: 'URGE_75', to: 'S-DHM' },
      { kind: 'SUPERVISION_ORDER', to: 'S-DHM' },
      { kind: 'DISPATCHED', to: 'D-DC' },
      { kind: 'ESCALATED', to: 'D-DC' },
      { kind: 'SIGN_OVERDUE', to: 'D-DC' },
      { kind: 'PUBLIC_NOTICE', to: 'D-DC' },
    ].sort(byKind));
    const sentAt = (kind: string) => notifications(t, id).find((n) => n.kind === kind)?.at;
    expectInstant(sentAt('REMINDER_50'), receivedAt + 3.5 * DAY_MS);
    expectInstant(sentAt('URGE_75'), receivedAt + 5.25 * DAY_MS);
    expectInstant(sentAt('SUPERVISION_ORDER'), due);
    expectInstant(sentAt('PUBLIC_NOTICE'), w.endOfDay(14));

    const now = await t.env.client.workflow.getHandle(id).query(stateQuery);
    expect(now).toMatchObject({ status: 'DISPATCHED', overdue: true, supervisionLevel: 4, escalationLevel: 1, unit: { code: 'D-DC' } });
  });

  test('an approved 延期 moves the 100 % step: no OVERDUE at the old deadline, OVERDUE at the new one', async () => {
    const monday = await skipToMonday9(t);
    const w = week(monday);
    const { id, handle, receivedAt } = await startRequest(t);
    const oldDue = receivedAt + 7 * DAY_MS;

    await t.skip(HOUR_MS);
    await act(handle, 'sign', ACTORS.handler, { note: '已签收' });
    await act(handle, 'respond', ACTORS.handler, {});
    await act(handle, 'progress', ACTORS.handler, { note: '已联系施工方' });
    await act(handle, 'requestExtension', ACTORS.handler, { amount: 3, unit: 'workday', reason: '需协调施工单位' });
    const approved = await act(handle, 'decideExtension', ACTORS.supervisor, { approve: true, reason: '情况属实' });
    // 3 working days after the old deadline's day (Monday of week 2): Thursday, 24:00.
    const newDue = w.endOfDay(10);
    expect(approved.deadlines.resolve).toBe(iso(newDue));
    expect(timeline(t, id).find((e) => e.type === 'EXTENSION_APPROVED')?.data).toMatchObject({ deadline: iso(newDue) });

    // An hour past the old deadline: reminded at 50 % of the new span, nothing overdue.
    await t.skipTo(oldDue + HOUR_MS);
    const span = newDue - receivedAt;
    expect(timeline(t, id).map((e) => e.type)).not.toContain('OVERDUE');
    expectInstant(timeline(t, id).find((e) => e.type === 'REMINDER_50')?.at, receivedAt + span / 2);
    expect((await handle.query(stateQuery)).overdue).toBe(false);

    await t.skipTo(newDue + HOUR_MS);
    const events = timeline(t, id);
    expect(events.map((e) => e.type).slice(-4)).toEqual(['REMINDER_50', 'URGE_75', 'OVERDUE', 'ESCALATED']);
    expectInstant(events.find((e) => e.type === 'URGE_75')?.at, receivedAt + span * 0.75);
    expectInstant(events.find((e) => e.type === 'OVERDUE')?.at, newDue);
    expect((await handle.query(stateQuery)).overdue).toBe(true);
  });

  test("a supervisor's deadline override restarts the ladder on the new span; one in the past is refused and recorded", async () => {
    await skipToMonday9(t);
    const { id, handle, receivedAt } = await startRequest(t);
    await t.skip(HOUR_MS);
    await act(handle, 'sign', ACTORS.handler, {});
    await expectRuleViolation(act(handle, 'overrideDeadline', ACTORS.supervisor, { deadline: iso(receivedAt), reason: '误操作' }), 'deadlineInPast');
    expect(timeline(t, id).find((e) => e.type === 'DEADLINE_OVERRIDE_REJECTED')?.data).toMatchObject({ why: 'deadline is not in the future' });

    const newDue = receivedAt + 3 * DAY_MS;
    const view = await act(handle, 'overrideDeadline', ACTORS.supervisor, { deadline: iso(newDue), reason: '区领导要求三日内办结' });
    expect(view.deadlines.resolve).toBe(iso(newDue));
    expect(timeline(t, id).find((e) => e.type === 'DEADLINE_OVERRIDDEN')?.data).toEqual({ previous: iso(receivedAt + 7 * DAY_MS), deadline: iso(newDue) });

    await t.skipTo(newDue + HOUR_MS);
    const ladder = timeline(t, id).filter((e) => ['REMINDER_50', 'URGE_75', 'OVERDUE'].includes(e.type));
    expect(ladder.map((e) => e.type)).toEqual(['REMINDER_50', 'URGE_75', 'OVERDUE']);
    expectInstant(ladder[0]!.at, receivedAt + 1.5 * DAY_MS);
    expectInstant(ladder[1]!.at, receivedAt + 2.25 * DAY_MS);
    expectInstant(ladder[2]!.at, newDue);
  });
});
