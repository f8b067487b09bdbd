/**
 * The consultation workflow's windows at their real lengths (take-up 48 h / 5 working days,
 * 72 h notice, 7-day publicity, 30-day 落实 with its 督办 ladder, 7-day evaluation, 12-month
 * expiry), on the time-skipping test server.
 */
import { startWorkflowTestEnv, type WorkflowTestEnv } from './environment';
import { DAY_MS, HOUR_MS, skipToMonday9, week } from './request-clock';
import { consultationStateQuery } from '../../workflows/consultations/definitions';
import { CAST, CONVENER, itemNotifications, itemTimeline, startItem, step, type ItemHandle } from './consultation-steps';
import { expectInstant, iso } from './instants';
import { expectRuleViolation } from './refusals';
import { localDateOf } from '../../domain/shared/time';

describe('consultation windows at real limits', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await startWorkflowTestEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** 定 and 议 on a Monday collection: screened at 10:00, a meeting 73 h after its notice, a consensus. */
  async function deliberated(handle: ItemHandle, id: string) {
    await t.skip(HOUR_MS);
    await step(handle, 'screen', CONVENER, { topicCode: 'RENOVATION', note: '属于五议' });
    await step(handle, 'setParticipants', CONVENER, { participants: CAST.participants, form: 'MEETING' });
    const meetingAt = (await t.now()) + 73 * HOUR_MS;
    await step(handle, 'scheduleMeeting', CONVENER, { meetingAt: iso(meetingAt), place: '社区议事厅' });
    await t.skipTo(meetingAt + HOUR_MS);
    const reminder = itemTimeline(t, id).find((e) => e.type === 'MEETING_REMINDER');
    expectInstant(reminder?.at, meetingAt - 24 * HOUR_MS);
    const view = await step(handle, 'recordMeeting', CONVENER, CAST.consensus);
    expect(view.status).toBe('DELIBERATED');
  }

  /** 公 for 7 days with no objection, then 办 assigned with the default 30 days. */
  async function implementing(handle: ItemHandle, id: string) {
    await deliberated(handle, id);
    const publishedAt = await t.now();
    const publicizing = await step(handle, 'publish', CONVENER, { channels: ['BOARD', 'ONLINE'] });
    expect(publicizing.status).toBe('PUBLICIZING');
    const endsAt = Date.parse(itemTimeline(t, id).find((e) => e.type === 'PUBLICITY_STARTED')!.data!.endsAt as string);
    expect(endsAt - publishedAt).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect(endsAt - publishedAt).toBeLessThan(7 * DAY_MS + 60_000);

    await t.skipTo(endsAt + HOUR_MS);
    const events = itemTimeline(t, id);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['PUBLICITY_WINDOW_CLOSED', 'PUBLICITY_COMPLETED']);
    expectInstant(events.find((e) => e.type === 'PUBLICITY_WINDOW_CLOSED')?.at, endsAt);

    // The clock before the action: the workflow's own "now" is this or a moment later.
    const assignedAt = await t.now();
    const assigned = await step(handle, 'assign', CONVENER, { owner: { label: '多福物业' }, volunteers: [] });
    expect(assigned.status).toBe('IMPLEMENTING');
    return assignedAt;
  }

  test('即时议 not taken up: TAKE_UP_OVERDUE at 48 h, then EXPIRED and archived after 12 months', async () => {
    await skipToMonday9(t);
    const { id, handle, view, collectedAt } = await startItem(t, { track: 'INSTANT' });
    expect(view.takeUpDeadline).toBe(iso(collectedAt + 48 * HOUR_MS));
    // The same calendar date a year on.
    expect(localDateOf(new Date(view.expiresAt))).toBe(`${Number(localDateOf(new Date(collectedAt)).slice(0, 4)) + 1}${localDateOf(new Date(collectedAt)).slice(4)}`);

    await t.skip(3 * DAY_MS);
    const overdue = itemTimeline(t, id).find((e) => e.type === 'TAKE_UP_OVERDUE');
    expectInstant(overdue?.at, collectedAt + 48 * HOUR_MS);
    expect(itemNotifications(t, id).map((n) => [n.kind, n.recipientUnitCode])).toEqual([['CONSULTATION_TAKE_UP_OVERDUE', 'C-DFX']]);
    expectInstant(itemNotifications(t, id)[0]!.at, collectedAt + 48 * HOUR_MS);

    const result = await handle.result();
    expect(result.status).toBe('EXPIRED');
    const events = itemTimeline(t, id);
    expect(events.map((e) => e.type)).toEqual(['COLLECTED', 'TAKE_UP_OVERDUE', 'EXPIRED', 'ARCHIVED']);
    expectInstant(events.find((e) => e.type === 'EXPIRED')?.at, view.expiresAt);
    expect(t.log.archives.find((a) => a.itemId === id)?.outcome).toBe('EXPIRED');
  });

  test('深入议 taken up in time: 72 h notice and reminder, 7-day publicity, 办, 7-day evaluation, then 归档', async () => {
    const w = week(await skipToMonday9(t));
    const { id, handle, view } = await startItem(t, { track: 'DEEP' });
    // 5 working days: 24:00 of the next Monday.
    expect(view.takeUpDeadline).toBe(iso(w.endOfDay(7)));
    await implementing(handle, id);

    const openedAt = await t.now();
    const evaluating = await step(handle, 'progress', CONVENER, { percent: 100, note: '电梯已安装并验收', evidence: [], volunteers: [] });
    expect(evaluating.status).toBe('EVALUATING');
    const opened = itemTimeline(t, id).find((e) => e.type === 'EVALUATION_OPENED')!;
    const closesAt = Date.parse(opened.data!.closesAt as string);
    expectInstant(iso(closesAt), openedAt + 7 * DAY_MS);
    await step(handle, 'evaluate', CONVENER, { raterId: 'R-A', raterKind: 'RESIDENT', satisfaction: '满意' });
    await step(handle, 'evaluate', CONVENER, { raterId: 'R-B', raterKind: 'RESIDENT', satisfaction: '基本满意' });

    const result = await handle.result();
    expect(result.status).toBe('ARCHIVED');
    const events = itemTimeline(t, id);
    expect(events.map((e) => e.type)).not.toContain('TAKE_UP_OVERDUE');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['EVALUATION_PASSED', 'ARCHIVED']);
    expectInstant(events.find((e) => e.type === 'EVALUATION_PASSED')?.at, closesAt);
    expect(events.find((e) => e.type === 'EVALUATION_PASSED')?.data).toEqual({ tally: { ratings: 2, satisfied: 2, dissatisfied: 0, passed: true } });
    expect(t.log.archives.find((a) => a.itemId === id)?.outcome).toBe('COMPLETED');
  });

  test('落实 not done: the same 督办 ladder on the 30-day deadline, the street told at the breach, 通报 5 working days on', async () => {
    const w = week(await skipToMonday9(t));
    const { id, handle } = await startItem(t, { track: 'DEEP' });
    const assignedAt = await implementing(handle, id);
    const due = assignedAt + 30 * DAY_MS;
    const from = itemTimeline(t, id).length;

    await t.skipTo(due + 10 * DAY_MS);
    const events = itemTimeline(t, id).slice(from);
    expect(events.map((e) => e.type)).toEqual(['REMINDER_50', 'URGE_75', 'OVERDUE', 'ESCALATED', 'PUBLIC_NOTICE']);
    expectInstant(events[0]!.at, assignedAt + 15 * DAY_MS);
    expectInstant(events[1]!.at, assignedAt + 22.5 * DAY_MS);
    expectInstant(events[2]!.at, due);
    expect(events[3]!.data).toEqual({ to: 'S-DHM' });
    // Assigned on Thursday of week 2 (publicity closed at 12:00 + 1 h), due 30 days on: a
    // Saturday. 通报 at 24:00 of the 5th weekday after it: Friday of week 7.
    expect(localDateOf(new Date(due))).toBe(localDateOf(new Date(w.startOfDay(40))));
    expectInstant(events[4]!.at, w.endOfDay(46));
    const sent = itemNotifications(t, id).slice(-5).map((n) => [n.kind, n.recipientUnitCode]);
    expect(sent).toEqual([
      ['REMINDER_50', 'C-DFX'],
      ['URGE_75', 'C-DFX'],
      ['SUPERVISION_ORDER', 'C-DFX'],
      ['ESCALATED', 'S-DHM'],
      ['PUBLIC_NOTICE', 'C-DFX'],
    ]);
    expect(await handle.query(consultationStateQuery)).toMatchObject({ status: 'IMPLEMENTING' });
  });

  test('深入议 collected on a Friday: the 5-working-day take-up deadline skips the weekend', async () => {
    const w = week(await skipToMonday9(t));
    await t.skip(4 * DAY_MS);
    const { id, view } = await startItem(t, { track: 'DEEP' });
    // Monday to Friday of the next week: 24:00 of that Friday.
    expect(view.takeUpDeadline).toBe(iso(w.endOfDay(11)));
    await t.skip(8 * DAY_MS);
    expect(itemTimeline(t, id).map((e) => e.type)).toEqual(['COLLECTED', 'TAKE_UP_OVERDUE']);
    expectInstant(itemTimeline(t, id)[1]!.at, w.endOfDay(11));
  });

  test('an objection still undecided when the publicity window closes keeps 公示 open until it is decided', async () => {
    await skipToMonday9(t);
    const { id, handle } = await startItem(t, { track: 'DEEP' });
    await deliberated(handle, id);
    await step(handle, 'publish', CONVENER, { channels: ['BOARD'] });
    const endsAt = Date.parse(itemTimeline(t, id).find((e) => e.type === 'PUBLICITY_STARTED')!.data!.endsAt as string);
    await t.skip(2 * DAY_MS);
    await step(handle, 'object', CONVENER, { residentId: 'R-C', text: '低层采光补偿方案不明确' });

    await t.skipTo(endsAt + DAY_MS);
    const closed = itemTimeline(t, id).find((e) => e.type === 'PUBLICITY_WINDOW_CLOSED');
    expectInstant(closed?.at, endsAt);
    expect(closed?.data).toEqual({ objections: 1, pending: 1 });
    expect((await handle.query(consultationStateQuery)).status).toBe('PUBLICIZING');
    // The window is closed to new objections.
    await expectRuleViolation(step(handle, 'object', CONVENER, { text: '再提一条' }), 'publicityClosed');

    const decided = await step(handle, 'decideObjection', CONVENER, { objectionNo: 1, substantive: false, reason: '补偿方案已在协商意见中载明' });
    expect(decided.status).toBe('PUBLICIZED');
    expect(itemTimeline(t, id).map((e) => e.type).slice(-2)).toEqual(['OBJECTION_DECIDED', 'PUBLICITY_COMPLETED']);
  });

  test('评 not passed reopens 办 with a new 30-day deadline; a second window with no ratings closes as NOT_EVALUATED and archives', async () => {
    await skipToMonday9(t);
    const { id, handle } = await startItem(t, { track: 'DEEP' });
    await implementing(handle, id);
    await step(handle, 'progress', CONVENER, { percent: 100, note: '电梯已安装', evidence: [], volunteers: [] });
    const firstCloses = Date.parse(itemTimeline(t, id).find((e) => e.type === 'EVALUATION_OPENED')!.data!.closesAt as string);
    await step(handle, 'evaluate', CONVENER, { raterId: 'R-A', raterKind: 'RESIDENT', satisfaction: '不满意' });
    await step(handle, 'evaluate', CONVENER, { raterId: 'R-B', raterKind: 'RESIDENT', satisfaction: '满意' });

    await t.skipTo(firstCloses + HOUR_MS);
    const events = itemTimeline(t, id);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['EVALUATION_FAILED', 'REOPENED']);
    expectInstant(events.find((e) => e.type === 'EVALUATION_FAILED')?.at, firstCloses);
    const reopened = events.find((e) => e.type === 'REOPENED')!;
    expect(reopened.data).toMatchObject({ cycle: 2 });
    expectInstant(reopened.data!.deadline as string, firstCloses + 30 * DAY_MS);
    expect((await handle.query(consultationStateQuery)).status).toBe('IMPLEMENTING');

    await step(handle, 'progress', CONVENER, { percent: 100, note: '已为低层住户加装补光设施', evidence: [], volunteers: [] });
    const second = itemTimeline(t, id).filter((e) => e.type === 'EVALUATION_OPENED')[1]!;
    const result = await handle.result();
    expect(result.status).toBe('ARCHIVED');
    const last = itemTimeline(t, id).slice(-2);
    expect(last.map((e) => e.type)).toEqual(['NOT_EVALUATED', 'ARCHIVED']);
    expectInstant(last[0]!.at, second.data!.closesAt as string);
    expect(last[0]!.data).toEqual({ tally: { ratings: 0, satisfied: 0, dissatisfied: 0, passed: null } });
  });
});
