import * as wf from '@temporalio/workflow';
import type { ConsultationEventType } from '../../domain/consultations/events';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Activities } from '../../activities';
import { RESIDENT_CATEGORIES } from '../../domain/consultation-model';
import { isConsultationActionAllowed, type ConsultationAction } from '../../domain/consultations/actions';
import type { PointAward, PointEvent } from '../../domain/consultation-points';
import { minimumNoticeMs } from '../../domain/consultation-rules';
import type { TimeLimit } from '../../domain/sla';
import * as cdefs from '../consultation-definitions';
import type { ConsultationNotificationKind, ConsultationView, ConsultationWorkflowInput } from '../consultation-definitions';
import {
  consultationDetails,
  consultationProjection,
  consultationSearchAttributes,
  consultationView,
  type ConsultationState,
} from '../consultation-state';
import type { Actor, SlaSpec } from '../definitions';
import { CalendarWait } from '../shared/calendar-wait';
import { createProvisionalTracking } from '../shared/provisional-tracking';
import { CONSULTATION_DEADLINE_KEYS } from '../consultation-state';
import { actorLabel } from '../shared/update-failures';
import { registerAction } from '../shared/register-action';
import { StepLock } from '../shared/step-lock';

// Look-ups, projections, points and the archive: quick, idempotent, retried until the database is back.
const acts = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [
      'CalendarCoverageError',
      'InvalidTimeLimit',
      'UnknownItem',
      'RoutingIncomplete',
      'ArchiveImmutable',
    ],
  },
});

// Notices and reminders: retried with backoff for as long as it takes (the outbox makes retries safe).
const delivery = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * What every part of the consultation workflow shares: the state, the activities, and the steps
 * that write history (record, notify, points, SLA computation, step-action registration).
 */
export function createConsultationContext(
  input: ConsultationWorkflowInput & { collectedBy?: string; carried?: ConsultationState },
  s: ConsultationState,
) {
  const itemId = input.itemId;
  const scale = input.timeScale ?? 1;
  const now = () => new Date().toISOString();
  const nowMs = () => Date.now();
  const view = () => consultationView(s, minimumNoticeMs(scale));

  // ---------------------------------------------------------------- helpers
  const record = async (type: ConsultationEventType, actor: string, reason?: string, data?: Record<string, unknown>) => {
    const seq = ++s.seq;
    s.version++;
    wf.upsertSearchAttributes(consultationSearchAttributes(s));
    wf.setCurrentDetails(consultationDetails(s));
    await acts.recordConsultationEvent({ itemId, seq, type, actor, at: now(), reason, data }, consultationProjection(s));
  };

  const notify = async (
    kind: ConsultationNotificationKind,
    recipient: string | null,
    message: string,
    data?: Record<string, unknown>,
    suffix?: string,
  ) => {
    await delivery.notifyConsultation({
      idempotencyKey: `${itemId}:${kind}:${s.seq}${suffix ? `:${suffix}` : ''}`,
      itemId,
      kind,
      recipientUnitCode: recipient,
      message,
      data,
    });
  };

  /** One notice per participant, delivered through the outbox (the community office relays it). */
  const notifyParticipants = async (kind: ConsultationNotificationKind, message: string, data: Record<string, unknown>) => {
    await Promise.all(
      s.participants.map((p) =>
        notify(kind, input.communityCode, message, { ...data, participantId: p.id, category: p.category }, p.id),
      ),
    );
  };

  const award = async (awards: PointAward[], reason: string) => {
    if (!awards.length) return;
    await acts.awardConsultationPoints({ itemId, awards, reason });
  };
  const residentParticipant = (id: string) =>
    s.participants.some((p) => p.id === id && RESIDENT_CATEGORIES.includes(p.category));
  const awardsFor = (ids: readonly string[], event: PointEvent): PointAward[] =>
    [...new Set(ids)].map((residentId) => ({ residentId, event }));

  /** Due instants from the statutory calendar (an activity), compressed by the time scale. */
  const calendar = new CalendarWait({
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
  /** Deadlines past the calendar's data: counted Mon–Fri, shown as provisional, recounted on load. */
  const provisional = createProvisionalTracking({
    sourceId: itemId,
    sourceKind: 'consultation',
    state: s,
    deadlineKeys: CONSULTATION_DEADLINE_KEYS,
    record: (type, reason, data) => record(type, 'system', reason, data),
    compute: (specs) => acts.computeSla(specs),
  });
  const sla = (specs: SlaSpec[]): Promise<string[]> =>
    calendar.untilCovered(async () => {
      const scaled = specs.map((spec) => ({ ...spec, scale }));
      const result = await acts.computeSla(scaled);
      s.calendarVersion = result.calendarVersion;
      await provisional.note(scaled, result);
      return result.instants.map((i) => i ?? now());
    });
  /** The calendarUpdated signal's work, run by the main loop between steps (under the step lock). */
  const recountProvisional = async () => {
    s.calendarNudged = false;
    await provisional.recount();
    s.version++;
  };
  const due = async (start: string, limit: TimeLimit) => (await sla([{ kind: 'due', start, limit }]))[0]!;

  /** The workflow's one mutex: step actions and timer steps take turns. */
  const lock = new StepLock<ConsultationAction>();

  /**
   * Registers one step action: the validator rejects a wrong state (409), a bad payload (400) or
   * a broken rule (422) before anything is written; the handler records and returns the view.
   * An action that arrives while a timer step or another action runs waits for it, then is
   * checked again against the state it left (and refused if it no longer fits).
   */
  function action<S extends z.ZodType>(
    def: UpdateDefinition<ConsultationView, [cdefs.ConsultationActionArgs<S>]>,
    name: ConsultationAction,
    schema: S,
    run: (payload: z.output<S>, actor: Actor) => Promise<void>,
    check?: (payload: z.output<S>, actor: Actor) => void,
  ) {
    registerAction({
      def,
      name,
      schema,
      lock,
      view,
      assertAllowed: (a) => {
        if (isConsultationActionAllowed(a, s.status)) return;
        throw wf.ApplicationFailure.create({
          type: 'InvalidState',
          message: `${a} is not allowed while the consultation item is ${s.status}`,
          details: [{ status: s.status, allowedActions: view().allowedActions }],
          nonRetryable: true,
        });
      },
      run,
      check,
    });
  }

  const who = actorLabel;

  return {
    s,
    input,
    itemId,
    scale,
    acts,
    now,
    nowMs,
    view,
    who,
    lock,
    record,
    notify,
    notifyParticipants,
    award,
    residentParticipant,
    awardsFor,
    sla,
    due,
    recountProvisional,
    calendar,
    action,
  };
}

export type ConsultationContext = ReturnType<typeof createConsultationContext>;
