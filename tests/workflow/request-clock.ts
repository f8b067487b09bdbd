/**
 * Helpers of the request workflow tests: a fixed Monday to start from, starting a request the
 * way intake does, the actions as the API sends them, and what the stubs saw for one request.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import { requestWorkflow } from '../../workflows';
import { acceptUpdate, REQUEST_ACTION_UPDATES, type RequestView, type RequestWorkflowInput } from '../../workflows/requests/definitions';
import { type Actor } from '../../workflows/shared/definitions';
import type { RequestAction, RequestActionSchema } from '../../domain/requests/actions';
import { addLocalDays, DAY_MS, endOfLocalDate, HOUR_MS, localDateOf, startOfLocalDate } from '../../domain/shared/time';
import type { WorkflowTestEnv } from './environment';

/** Lets the clock run to the next Monday 09:00 Beijing, so weekday arithmetic is the same on every run. */
export async function skipToMonday9(t: WorkflowTestEnv): Promise<number> {
  const now = await t.now();
  const today = localDateOf(new Date(now));
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const monday = addLocalDays(today, (8 - weekday) % 7 || 7);
  const target = startOfLocalDate(monday).getTime() + 9 * HOUR_MS;
  await t.skipTo(target);
  return target;
}

/** Instants relative to the Monday a test started on (Beijing dates). */
export function week(monday: number) {
  const date = localDateOf(new Date(monday));
  return {
    /** 24:00 Beijing of the Monday plus `days`. */
    endOfDay: (days: number) => endOfLocalDate(addLocalDays(date, days)).getTime(),
    /** 00:00 Beijing of the Monday plus `days`. */
    startOfDay: (days: number) => startOfLocalDate(addLocalDays(date, days)).getTime(),
  };
}

export { DAY_MS, HOUR_MS };

export const ACTORS = {
  intake: { subject: 'intake-1', role: 'intake' },
  handler: { subject: 'handler-1', role: 'handler', unitCode: 'S-DHM' },
  dispatcher: { subject: 'dispatcher-1', role: 'dispatcher' },
  supervisor: { subject: 'supervisor-1', role: 'supervisor' },
} satisfies Record<string, Actor>;

let counter = 0;

export type RequestHandle = WorkflowHandle<typeof requestWorkflow>;

/** Starts a 一般 投诉 as intake does (start, then the accept update that waits for dispatch). */
export async function startRequest(
  t: WorkflowTestEnv,
  overrides: Partial<RequestWorkflowInput> = {},
): Promise<{ handle: RequestHandle; view: RequestView; id: string; receivedAt: number }> {
  const id = `WF-${++counter}-${Date.now().toString(36)}`;
  const receivedAt = await t.now();
  const input: RequestWorkflowInput = {
    requestId: id,
    categoryCode: 'NOISE',
    type: '投诉',
    urgency: 'GENERAL',
    channel: 'HOTLINE',
    locationUnitCode: 'C-DFX',
    receivedAt: new Date(receivedAt).toISOString(),
    receivedBy: 'intake:intake-1',
    // Not sampled for the 4-week re-check unless a test asks for it.
    recheckSamplePercent: 0,
    ...overrides,
  };
  const handle = await t.env.client.workflow.start(requestWorkflow, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  const view = await handle.executeUpdate(acceptUpdate);
  return { handle, view, id, receivedAt };
}

/** One lifecycle action, sent as the API sends it: the verified actor and the validated payload. */
export function act<A extends RequestAction>(
  handle: RequestHandle,
  action: A,
  actor: Actor,
  input: z.output<RequestActionSchema<A>>,
): Promise<RequestView> {
  return handle.executeUpdate(REQUEST_ACTION_UPDATES[action], { args: [{ actor, input }] });
}

/** The timeline the workflow recorded for one request: type and instant, in order. */
export function timeline(t: WorkflowTestEnv, id: string) {
  return t.log.events.filter((e) => e.requestId === id).sort((a, b) => a.seq - b.seq);
}

export function notifications(t: WorkflowTestEnv, id: string) {
  return t.log.notifications.filter((n) => n.requestId === id);
}
