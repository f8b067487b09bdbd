import * as wf from '@temporalio/workflow';
import { beijingTime } from '../../domain/time';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Activities } from '../../activities';
import { isActionAllowed, type RequestAction } from '../../domain/requests/actions';
import type { UnitRef } from '../../domain/org';
import * as defs from '../definitions';
import type { Actor, NotificationKind, RequestView, RequestWorkflowInput, SlaSpec, SupervisionSchedule } from '../definitions';
import { currentDetails, isFinal, limitOf, projection, searchAttributes, view, type RequestState } from '../request-state';
import { invalidState } from './failures';
import { createCalendarWait } from '../shared/calendar-wait';
import { createProvisionalTracking } from '../shared/provisional-tracking';
import { REQUEST_DEADLINE_KEYS } from '../request-state';
import { actorLabel } from '../shared/update-failures';
import { registerAction } from '../shared/register-action';
import { ladderSpecs, ladderToFixedDeadline, noticeSpec } from '../shared/supervision-ladder';
import { StepLock } from '../shared/step-lock';

// Look-ups, SLA computation and projections: quick, idempotent, retried until the database is back.
const quickOptions: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    // Errors that retrying cannot fix: the workflow handles them.
    nonRetryableErrorTypes: ['CalendarCoverageError', 'InvalidTimeLimit', 'UnknownCategory', 'UnknownUnit'],
  },
};
// Local activities: they run in the worker that runs the workflow, with no server round trip per
// call, which takes intake from ~0.85 s to a fraction of that (npm run bench).
const acts = wf.proxyLocalActivities<Activities>(quickOptions);

// Deliveries: retried with backoff for as long as it takes (the outbox makes retries safe).
const deliveryOptions: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};
/** A delivery proxy whose activity carries a one-line summary for Temporal UI (kind → recipient). */
const delivery = (summary: string) => wf.proxyActivities<Activities>({ ...deliveryOptions, summary });

/**
 * What every part of the request workflow shares: the state, the activities, and the steps that
 * write history (record, notify, SLA computation, dispatch, escalation, action registration).
 */
export function createRequestContext(input: RequestWorkflowInput, s: RequestState) {
  const scale = input.timeScale ?? 1;
  // Workflow time: the SDK makes Date deterministic (the time of the current workflow task).
  const now = () => new Date().toISOString();
  // Handlers and timer steps take turns: the workflow's one mutex.
  const lock = new StepLock<RequestAction>();
  /** Runs a timer step (or the main loop's recount) unless updates are waiting (they go first). */
  const asStep = (work: () => Promise<void>) => lock.step(work);
  /** Work no update may interleave with (intake: withdraw and merge are allowed while it runs). */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => lock.run('step', work);

  const sla = async (specs: SlaSpec[]): Promise<(string | null)[]> => {
    const withScale = specs.map((spec) => ({ ...spec, scale, origin: spec.origin ?? (spec.kind !== 'due' ? input.receivedAt : undefined) }));
    const result = await acts.computeSla(withScale);
    s.deadlines.calendarVersion = result.calendarVersion;
    await provisional.note(withScale, result);
    return result.instants;
  };

  /** Deadlines past the calendar's data: counted Mon–Fri, shown as provisional, recounted on load. */
  const provisional = createProvisionalTracking({
    sourceId: input.requestId,
    sourceKind: 'request',
    state: s,
    deadlineKeys: REQUEST_DEADLINE_KEYS,
    record: (type, reason, data) => record(type, 'system', reason, data),
    compute: (specs) => acts.computeSla(specs),
  });
  /** The calendarUpdated signal's work, run by the main loop between steps. */
  const recountProvisional = async () => {
    s.calendarNudged = false;
    await provisional.recount();
    s.version++;
  };

  const record = async (type: string, actor: string, reason?: string, data?: Record<string, unknown>) => {
    const seq = ++s.seq;
    s.version++;
    wf.upsertSearchAttributes(searchAttributes(s));
    wf.setCurrentDetails(currentDetails(s));
    await acts.recordEvent(
      { requestId: input.requestId, seq, type, actor, at: now(), reason, data },
      projection(s),
    );
  };

  const notify = async (kind: NotificationKind, recipient: string | null, message: string, data?: Record<string, unknown>) => {
    await delivery(`${kind} → ${recipient ?? 'platform'}`).notify({
      idempotencyKey: `${input.requestId}:${kind}:${s.seq}`,
      requestId: input.requestId,
      kind,
      recipientUnitCode: recipient,
      message,
      data,
    });
  };

  /** Runs an SLA computation; on a calendar gap, records it, alerts ops, and waits for new data. */
  const untilCalendarCovers = createCalendarWait({
    current: () => s.lastError,
    set: (message) => (s.lastError = message),
    record: (type, reason) => record(type, 'system', reason),
    alert: (message) => notify('CALENDAR_GAP', null, message),
    onNudge: () => {
      if (!s.provisional?.batches.length) return;
      s.calendarNudged = true;
      s.version++;
    },
    scale,
  });
  const slaWithCalendarWait = (specs: SlaSpec[]) => untilCalendarCovers(() => sla(specs));

  /** Recomputes the 督办 checkpoints of the completion clock from the current deadline. */
  const refreshSchedule = async () => {
    const limit = limitOf(s, 'RESOLVE');
    if (!limit) return;
    const start = s.cycleStartedAt;
    const pauses = s.pauses;
    // A supervisor's deadline or an approved extension replaces the computed one.
    let ladder: Pick<SupervisionSchedule, 'half' | 'threeQuarters' | 'due'>;
    if (s.resolveOverride) ladder = ladderToFixedDeadline(start, s.resolveOverride);
    else {
      const [half, threeQuarters, due] = await slaWithCalendarWait(ladderSpecs(start, limit, { pauses }));
      ladder = { half: half ?? null, threeQuarters: threeQuarters ?? null, due: due ?? null };
    }
    const { half, threeQuarters, due } = ladder;
    const [notice] = due ? await slaWithCalendarWait([noticeSpec(due)]) : [null];
    s.schedule = { half, threeQuarters, due, notice };
    if (due) s.deadlines.resolve = due;
    s.version++;
  };

  const dispatchTo = async (unit: UnitRef, actor: string, type: string, reason?: string) => {
    s.unit = unit;
    if (unit.tier === 'STREET') s.street = unit.code;
    s.dispatchedAt = now();
    s.status = 'DISPATCHED';
    s.signOverdueRecorded = false;
    const sign = limitOf(s, 'SIGN');
    const respond = limitOf(s, 'RESPOND');
    const window = limitOf(s, 'RETURN_WINDOW');
    const specs: SlaSpec[] = [];
    if (sign) specs.push({ kind: 'due', start: s.dispatchedAt, limit: sign });
    if (respond) specs.push({ kind: 'due', start: s.dispatchedAt, limit: respond });
    if (window) specs.push({ kind: 'due', start: s.dispatchedAt, limit: window });
    const out = await slaWithCalendarWait(specs);
    let i = 0;
    if (sign) s.deadlines.sign = out[i++] ?? undefined;
    if (respond) s.deadlines.respond = out[i++] ?? undefined;
    if (window) s.deadlines.returnWindowEnds = out[i++] ?? undefined;
    await record(type, actor, reason, { unit: unit.code, tier: unit.tier });
    // Intake can answer the caller now: the unit and deadlines are known and recorded.
    if (type === 'DISPATCHED' && actor === 'system') s.accepted = true;
    await notify('DISPATCHED', unit.code, `工单 ${input.requestId} 已派至 ${unit.name}，请于 ${beijingTime(s.deadlines.sign)} 前签收`);
  };

  const escalate = async (actor: string, reason: string, type: 'ESCALATED' | 'WHISTLED') => {
    if (!s.unit) return false;
    const target = await acts.findEscalationTarget(s.unit.code);
    if (!target) return false;
    const from = s.unit;
    s.escalationLevel++;
    await dispatchTo(target, actor, type, reason);
    await notify('ESCALATED', target.code, `工单 ${input.requestId} 由 ${from.name} 升级至 ${target.name}: ${reason}`, {
      from: from.code,
    });
    return true;
  };

  /** Registers one lifecycle action (state, payload and rules checked before anything is written). */
  function action<S extends z.ZodType>(
    def: UpdateDefinition<RequestView, [defs.ActionArgs<S>]>,
    name: RequestAction,
    schema: S,
    run: (payload: z.output<S>, actor: Actor) => Promise<void>,
    check?: (payload: z.output<S>, actor: Actor) => void,
  ) {
    registerAction({
      def,
      name,
      schema,
      lock,
      view: () => view(s),
      assertAllowed: (a) => {
        if (!isActionAllowed(a, s.status) || isFinal(s)) throw invalidState(a, s);
      },
      run,
      check,
    });
  }

  const who = actorLabel;
  const nowMs = () => Date.parse(now());

  return {
    s,
    input,
    acts,
    now,
    nowMs,
    who,
    record,
    notify,
    slaWithCalendarWait,
    refreshSchedule,
    recountProvisional,
    dispatchTo,
    escalate,
    action,
    asStep,
    exclusive,
  };
}

export type RequestContext = ReturnType<typeof createRequestContext>;
