import * as wf from '@temporalio/workflow';
import { beijingTime } from '../../domain/time';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Activities } from '../../activities';
import { isActionAllowed, type RequestAction } from '../../domain/request-model';
import type { UnitRef } from '../../domain/org';
import * as defs from '../definitions';
import type { Actor, NotificationKind, RequestView, RequestWorkflowInput, SlaSpec } from '../definitions';
import { currentDetails, isFinal, limitOf, projection, searchAttributes, view, type RequestState } from '../request-state';
import { invalidState, ruleViolation } from './failures';
import { createCalendarWait } from '../calendar-wait';
import { createProvisionalTracking } from '../provisional-tracking';
import { REQUEST_DEADLINE_KEYS } from '../request-state';
import { actorLabel, invalidPayload } from '../update-failures';
import { StepLock } from '../step-lock';

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
const remoteQuick = wf.proxyActivities<Activities>(quickOptions);
// The same activities as local activities: they run in the worker that runs the workflow, with no
// server round trip per call, which takes intake from ~0.85 s to a fraction of that (npm run bench).
const localQuick = wf.proxyLocalActivities<Activities>(quickOptions);

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
  // Requests started before the switch to local activities keep replaying with regular ones.
  const acts = wf.patched('local-quick-activities') ? localQuick : remoteQuick;
  // Workflow time: the SDK makes Date deterministic (the time of the current workflow task).
  const now = () => new Date().toISOString();
  // Handlers and timer steps take turns (StepLock). Runs started before this replay as they ran.
  const serialised = wf.patched('serialise-handlers-and-steps');
  const lock = new StepLock<RequestAction | 'step'>();
  /**
   * Runs a timer step (or the main loop's recount) under the lock, directly in older runs. While
   * updates hold or wait for the lock it lets them all go first and runs nothing: they may have
   * changed which step is due, so the main loop looks again.
   */
  const asStep = async (work: () => Promise<void>): Promise<void> => {
    if (serialised && lock.busy) {
      await wf.condition(() => !lock.busy);
      return;
    }
    await exclusive(work);
  };
  /** Work no update may interleave with (intake: withdraw and merge are allowed while it runs). */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => (serialised ? lock.run('step', work) : work());

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
    let half: string | null, threeQuarters: string | null, due: string | null;
    if (s.resolveOverride) {
      // A supervisor's deadline or an approved extension replaces the computed one; reminders
      // keep their 50/75 % positions on the wall-clock span to the new deadline.
      due = s.resolveOverride;
      const span = Date.parse(due) - Date.parse(start);
      half = new Date(Date.parse(start) + span * 0.5).toISOString();
      threeQuarters = new Date(Date.parse(start) + span * 0.75).toISOString();
    } else {
      [half, threeQuarters, due] = await slaWithCalendarWait([
        { kind: 'due', start, limit, pauses, fraction: 0.5 },
        { kind: 'due', start, limit, pauses, fraction: 0.75 },
        { kind: 'due', start, limit, pauses },
      ]);
    }
    const [notice] = due ? await slaWithCalendarWait([{ kind: 'workdaysAfter', instant: due, workdays: 5 }]) : [null];
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
    // Intake can answer the caller now: the unit and deadlines are known and recorded. (Requests
    // started before this change answered after the notification; their histories say so.)
    if (type === 'DISPATCHED' && actor === 'system' && wf.patched('accept-before-dispatch-notice')) s.accepted = true;
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

  /**
   * Registers one lifecycle action: the validator rejects a wrong state or a bad payload before
   * anything is written (the caller gets the reason); the handler records and returns the view.
   */
  function action<S extends z.ZodType>(
    def: UpdateDefinition<RequestView, [defs.ActionArgs<S>]>,
    name: RequestAction,
    schema: S,
    handler: (payload: z.output<S>, actor: Actor) => Promise<void>,
    extraCheck?: (payload: z.output<S>, actor: Actor) => void,
  ) {
    wf.setHandler(
      def,
      async ({ actor, input: raw }) => {
        if (!serialised) {
          await handler(schema.parse(raw), actor);
          return view(s);
        }
        await lock.run(name, async () => {
          // A step that ran while this update waited may have changed what is allowed.
          if (!isActionAllowed(name, s.status) || isFinal(s)) throw invalidState(name, s);
          const payload = schema.parse(raw);
          extraCheck?.(payload, actor);
          await handler(payload, actor);
        });
        return view(s);
      },
      {
        validator: ({ actor, input: raw }) => {
          if (!actor || typeof actor.subject !== 'string') throw ruleViolation('actor is required', 'actor');
          if (!isActionAllowed(name, s.status) || isFinal(s)) throw invalidState(name, s);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) throw invalidPayload(parsed.error);
          extraCheck?.(parsed.data, actor);
        },
      },
    );
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
