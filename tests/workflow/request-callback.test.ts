/**
 * 回访 and 督回访 at their real windows (2 working days, 3 attempts; the re-check 4 weeks after
 * closing), on the time-skipping test server.
 */
import { startWorkflowTestEnv, type WorkflowTestEnv } from './environment';
import { ACTORS, act, DAY_MS, HOUR_MS, skipToMonday9, startRequest, timeline, week, type RequestHandle } from './request-clock';
import { expectInstant, iso } from './instants';

describe('request 回访 windows at real limits', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await startWorkflowTestEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Handled and resolved on Monday at 10:00, passed by the dispatcher: the callback is scheduled. */
  async function resolvedAndReviewed(handle: RequestHandle) {
    await t.skip(HOUR_MS);
    await act(handle, 'sign', ACTORS.handler, {});
    await act(handle, 'respond', ACTORS.handler, {});
    await act(handle, 'resolve', ACTORS.handler, { statusNotes: '已责令夜间停工' });
    return act(handle, 'review', ACTORS.dispatcher, { decision: 'PASS' });
  }

  test('nobody reaches the citizen: 3 attempts spread over the window, then NOT_EVALUATED and 归档 when it closes', async () => {
    const w = week(await skipToMonday9(t));
    const { id, handle } = await startRequest(t);
    const reviewed = await resolvedAndReviewed(handle);
    expect(reviewed.status).toBe('CALLBACK');
    // First attempt at the start of the next working day; the window ends 2 working days on.
    const first = w.startOfDay(1);
    const ends = w.endOfDay(2);
    expect(timeline(t, id).find((e) => e.type === 'CALLBACK_SCHEDULED')?.data).toEqual({ firstAttemptAt: iso(first), windowEndsAt: iso(ends) });

    // Awaiting the result lets the server skip to each timer in turn.
    const result = await handle.result();
    expect(result.status).toBe('ARCHIVED');
    expect(result.resolved).toBeNull();
    const events = timeline(t, id);
    expect(events.map((e) => e.type).slice(-5)).toEqual(['CALLBACK_TASK', 'CALLBACK_TASK', 'CALLBACK_TASK', 'NOT_EVALUATED', 'ARCHIVED']);
    const tasks = events.filter((e) => e.type === 'CALLBACK_TASK');
    expect(tasks.map((e) => e.data)).toEqual([{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }]);
    expectInstant(tasks[0]!.at, first);
    expectInstant(tasks[1]!.at, first + (ends - first) / 3);
    expectInstant(tasks[2]!.at, first + ((ends - first) * 2) / 3);
    const unrated = events.find((e) => e.type === 'NOT_EVALUATED')!;
    expect(unrated.reason).toBe('callback window closed');
    expectInstant(unrated.at, ends);
  });

  test('three unanswered calls close the callback before the window ends: NOT_EVALUATED, 归档', async () => {
    const w = week(await skipToMonday9(t));
    const { id, handle } = await startRequest(t);
    await resolvedAndReviewed(handle);
    const first = w.startOfDay(1);
    const ends = w.endOfDay(2);
    // One call per prompt, each unanswered.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await t.skipTo(first + ((ends - first) * (attempt - 1)) / 3 + HOUR_MS);
      expect(timeline(t, id).filter((e) => e.type === 'CALLBACK_TASK')).toHaveLength(attempt);
      await act(handle, 'callback', ACTORS.intake, { reached: false, note: '无人接听' });
    }
    const result = await handle.result();
    expect(result.status).toBe('ARCHIVED');
    const events = timeline(t, id);
    expect(events.map((e) => e.type).slice(-4)).toEqual(['CALLBACK_TASK', 'CALLBACK_UNREACHED', 'NOT_EVALUATED', 'ARCHIVED']);
    expect(events.filter((e) => e.type === 'CALLBACK_UNREACHED').map((e) => e.data)).toEqual([{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }]);
    const unrated = events.find((e) => e.type === 'NOT_EVALUATED')!;
    expect(unrated.reason).toBe('3 attempts without reaching the citizen');
    expectInstant(unrated.at, first + ((ends - first) * 2) / 3 + HOUR_MS);
    expect(Date.parse(unrated.at)).toBeLessThan(ends);
  });

  test('a sampled request rated 满意 is re-checked 4 weeks after closing; an unanswered re-check archives when its window closes', async () => {
    const w = week(await skipToMonday9(t));
    const { id, handle } = await startRequest(t, { recheckSamplePercent: 100 });
    await resolvedAndReviewed(handle);
    await t.skipTo(w.startOfDay(1) + HOUR_MS);
    const rated = await act(handle, 'callback', ACTORS.intake, { reached: true, resolved: true, satisfaction: '满意' });
    expect(rated.status).toBe('RECHECK');
    // Closed a moment after the rating was recorded (the next workflow task): 28 days from then.
    const ratedAt = Date.parse(timeline(t, id).find((e) => e.type === 'RATED')!.at);
    const scheduled = timeline(t, id).find((e) => e.type === 'RECHECK_SCHEDULED')!;
    expect(scheduled.reason).toBe('sampled');
    const dueAt = Date.parse(scheduled.data!.dueAt as string);
    expectInstant(iso(dueAt), ratedAt + 28 * DAY_MS);

    const result = await handle.result();
    expect(result.status).toBe('ARCHIVED');
    const events = timeline(t, id);
    expect(events.map((e) => e.type).slice(-3)).toEqual(['RECHECK_TASK', 'RECHECK_UNREACHED', 'ARCHIVED']);
    const task = events.find((e) => e.type === 'RECHECK_TASK')!;
    expectInstant(task.at, dueAt);
    // Rated on Tuesday 01:00; 28 days on is Tuesday of week 5; 2 working days later, Thursday 24:00.
    expect(task.data).toEqual({ windowEndsAt: iso(w.endOfDay(31)) });
    expectInstant(events.find((e) => e.type === 'RECHECK_UNREACHED')!.at, w.endOfDay(31));
  });
});
