/**
 * A deadline the calendar cannot count yet: the request records the gap, alerts operators once
 * and retries daily (a one-day `wf.condition` timeout, skipped here) until the data is there.
 */
import { ApplicationFailure } from '@temporalio/common';
import { startWorkflowTestEnv, type WorkflowTestEnv } from './environment';
import { DAY_MS, notifications, skipToMonday9, startRequest, timeline } from './request-clock';
import { expectInstant } from './instants';
import { stateQuery } from '../../workflows/requests/definitions';

describe('request deadlines waiting for calendar data', () => {
  let t: WorkflowTestEnv;
  // Until a test loads the data, every SLA computation fails as the real activity does.
  let calendarLoaded = true;
  const GAP = 'calendar data ends 2026-12-31; 2027 is not loaded';
  beforeAll(async () => {
    t = await startWorkflowTestEnv((stubs) => ({
      ...stubs,
      computeSla: async (specs) => {
        if (!calendarLoaded) throw ApplicationFailure.nonRetryable(GAP, 'CalendarCoverageError');
        return stubs.computeSla(specs);
      },
    }));
  });
  afterAll(async () => {
    await t?.stop();
  });

  test('intake records the gap and alerts once; the daily retry after the data is loaded dispatches the request', async () => {
    await skipToMonday9(t);
    calendarLoaded = false;
    const { id, view, receivedAt } = await startRequest(t);
    expect(view.status).toBe('TRIAGED');
    expect(view.lastError).toBe(GAP);

    // A day and a half with no data: the first daily retry fails again, silently.
    await t.skip(1.5 * DAY_MS);
    expect(timeline(t, id).map((e) => e.type)).toEqual(['RECEIVED', 'TRIAGED', 'CALENDAR_GAP']);
    calendarLoaded = true;
    await t.skip(DAY_MS);

    const events = timeline(t, id);
    expect(events.map((e) => e.type)).toEqual(['RECEIVED', 'TRIAGED', 'CALENDAR_GAP', 'CALENDAR_GAP_CLOSED', 'DISPATCHED']);
    expect(events.find((e) => e.type === 'CALENDAR_GAP')?.reason).toBe(GAP);
    // The second daily retry, two days after intake, is the first to find the data.
    expectInstant(events.find((e) => e.type === 'CALENDAR_GAP_CLOSED')?.at, receivedAt + 2 * DAY_MS);
    expect(notifications(t, id).map((n) => [n.kind, n.recipientUnitCode])).toEqual([
      ['CALENDAR_GAP', null],
      ['DISPATCHED', 'S-DHM'],
    ]);
    // The limit counts from receipt, not from the day the data arrived.
    const dispatched = await t.env.client.workflow.getHandle(id).query(stateQuery);
    expect(dispatched).toMatchObject({ status: 'DISPATCHED', lastError: null, deadlines: { resolve: new Date(receivedAt + 7 * DAY_MS).toISOString() } });
  });
});
