import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { RESIDENT_CATEGORIES, takeUpLimit } from '../../domain/consultations/model';
import type { PointAward, PointEvent } from '../../domain/consultations/points';
import { expiryAt, minimumNoticeMs } from '../../domain/consultations/rules';
import type { ConsultationAction } from '../../domain/consultations/actions';
import type { ConsultationEventType } from '../../domain/consultations/events';
import type { TimeLimit } from '../../domain/shared/sla';
import * as cdefs from './definitions';
import type { ConsultationNotificationKind, ConsultationView, ConsultationWorkflowInput } from './definitions';
import {
  CONSULTATION_DEADLINE_KEYS,
  consultationDetails,
  consultationProjection,
  consultationSearchAttributes,
  consultationView,
  initialConsultationState,
  isFinalConsultation,
  type ConsultationState,
} from './state';
import { calendarUpdatedSignal, type SlaSpec } from '../shared/definitions';
import { calendarWaitOn, type CalendarWait } from '../shared/calendar-wait';
import { waitForDueStep } from '../shared/due-step';
import { createProvisionalTracking } from '../shared/provisional-tracking';
import { StepLock } from '../shared/step-lock';
import { registerConsultationActions } from './handlers';
import { nextStep } from './timers';

// Look-ups, projections, points and the archive: quick, idempotent, retried until the database is back.
const acts = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['CalendarCoverageError', 'InvalidTimeLimit', 'UnknownItem', 'RoutingIncomplete', 'ArchiveImmutable'],
  },
});

// The worker's clock scale, once at the start: local, so it costs no server round trip.
const clock = wf.proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

// Notices and reminders: retried with backoff for as long as it takes (the outbox makes retries safe).
const delivery = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export type ConsultationInput = ConsultationWorkflowInput & { collectedBy?: string; carried?: ConsultationState };

/**
 * One 社区议事协商 item through 集、定、议、公、办、督、评、备: its state, the steps that write its
 * history, and every handler, set in one place (`register`). Step actions and timer steps take
 * turns through the one mutex (`lock`).
 */
export class ConsultationWorkflow {
  readonly s: ConsultationState;
  readonly acts = acts;
  readonly lock = new StepLock<ConsultationAction>();
  readonly itemId: string;
  private readonly calendar: CalendarWait;
  /** Deadlines past the calendar's data: counted Mon–Fri, shown as provisional, recounted on load. */
  private readonly provisional: ReturnType<typeof createProvisionalTracking<ConsultationState, (typeof CONSULTATION_DEADLINE_KEYS)[number]>>;

  constructor(readonly input: ConsultationInput) {
    const s = input.carried ?? initialConsultationState(input);
    this.s = s;
    this.itemId = input.itemId;
    this.calendar = calendarWaitOn(s, {
      record: (type, reason) => this.record(type, 'system', reason),
      alert: (message) => this.notify('CALENDAR_GAP', null, message),
      scale: () => this.scale,
    });
    this.provisional = createProvisionalTracking({
      sourceId: input.itemId,
      sourceKind: 'consultation',
      state: s,
      deadlineKeys: CONSULTATION_DEADLINE_KEYS,
      record: (type, reason, data) => this.record(type, 'system', reason, data),
      compute: (specs) => acts.computeSla(specs),
    });
  }

  readonly now = (): string => new Date().toISOString();
  readonly nowMs = (): number => Date.now();
  readonly view = (): ConsultationView => consultationView(this.s, minimumNoticeMs(this.scale));
  /** The worker's clock scale, read at the start (1 = real time; drills and tests compress it). */
  get scale(): number {
    return this.s.clockScale ?? 1;
  }

  /** Every query, update and signal of the consultation workflow. */
  register(): void {
    wf.setHandler(cdefs.consultationStateQuery, this.view);
    wf.setHandler(calendarUpdatedSignal, () => this.calendar.nudge());
    wf.setHandler(cdefs.consultationAcceptUpdate, async () => {
      await wf.condition(() => this.s.accepted || this.s.lastError !== null);
      return this.view();
    });
    registerConsultationActions(this);
  }

  /** The process: 集, then timer steps until a final status. */
  async run(): Promise<ConsultationView> {
    const { s } = this;
    if (!this.input.carried) await this.lock.run('step', () => this.collect());
    while (!isFinalConsultation(s)) {
      // Not while unit tasks run: their results arrive at this run's child handles.
      if (wf.workflowInfo().continueAsNewSuggested && s.linkedRequests.every((l) => l.closed)) {
        // Long-lived items (many rounds, many checkpoints) start a fresh history with the compact
        // state; wait for running handlers so no update loses its reply.
        await wf.condition(wf.allHandlersFinished);
        if (!isFinalConsultation(s)) {
          await wf.continueAsNew<(input: ConsultationInput) => Promise<ConsultationView>>({ ...this.input, carried: s });
        }
        continue;
      }
      if (s.calendarNudged) {
        // An admin loaded calendar days: provisional deadlines are counted again, timers move.
        await this.lock.step(() => this.recountProvisional());
        continue;
      }
      const seen = s.version;
      const due = await waitForDueStep(nextStep(this), () => s.version !== seen || isFinalConsultation(s));
      if (due) await this.lock.step(due.fire);
    }
    // Let in-flight updates (and the archive write they started) finish before completing.
    await wf.condition(wf.allHandlersFinished);
    return this.view();
  }

  /** 集: deadlines of the track, the 12-month expiry, and the proposer's points. */
  private async collect(): Promise<void> {
    const { s, input } = this;
    s.clockScale = await clock.clockScale();
    wf.upsertMemo({ kind: 'consultation', source: input.source, track: input.track });
    s.expiresAt = new Date(expiryAt(Date.parse(input.collectedAt), this.scale)).toISOString();
    s.takeUpDeadline = await this.due(input.collectedAt, takeUpLimit(input.track));
    await this.record('COLLECTED', input.collectedBy ?? 'intake', undefined, {
      source: input.source,
      track: input.track,
      takeUpDeadline: s.takeUpDeadline,
      expiresAt: s.expiresAt,
      hotspotRequestIds: input.hotspotRequestIds ?? [],
    });
    if (input.proposerResidentId) await this.award([{ residentId: input.proposerResidentId, event: 'SUBMIT_TOPIC' }], '提出议题');
    s.accepted = true;
  }

  // ------------------------------------------------------------------------------ history

  /** Appends one timeline event; search attributes, UI details and the read model follow. */
  async record(type: ConsultationEventType, actor: string, reason?: string, data?: Record<string, unknown>): Promise<void> {
    const { s } = this;
    const seq = ++s.seq;
    s.version++;
    wf.upsertSearchAttributes(consultationSearchAttributes(s));
    wf.setCurrentDetails(consultationDetails(s));
    await acts.recordConsultationEvent({ itemId: this.itemId, seq, type, actor, at: this.now(), reason, data }, consultationProjection(s));
  }

  /** One notice through the outbox; `suffix` keeps one key per recipient of the same event. */
  async notify(
    kind: ConsultationNotificationKind,
    recipient: string | null,
    message: string,
    data?: Record<string, unknown>,
    suffix?: string,
  ): Promise<void> {
    await delivery.notifyConsultation({
      idempotencyKey: `${this.itemId}:${kind}:${this.s.seq}${suffix ? `:${suffix}` : ''}`,
      itemId: this.itemId,
      kind,
      recipientUnitCode: recipient,
      message,
      data,
    });
  }

  /** One notice per participant, delivered through the outbox (the community office relays it). */
  async notifyParticipants(kind: ConsultationNotificationKind, message: string, data: Record<string, unknown>): Promise<void> {
    const { s, input } = this;
    await Promise.all(
      s.participants.map((p) => this.notify(kind, input.communityCode, message, { ...data, participantId: p.id, category: p.category }, p.id)),
    );
  }

  // ------------------------------------------------------------------------------ points

  async award(awards: PointAward[], reason: string): Promise<void> {
    if (!awards.length) return;
    await acts.awardConsultationPoints({ itemId: this.itemId, awards, reason });
  }

  readonly residentParticipant = (id: string): boolean =>
    this.s.participants.some((p) => p.id === id && RESIDENT_CATEGORIES.includes(p.category));

  awardsFor(ids: readonly string[], event: PointEvent): PointAward[] {
    return [...new Set(ids)].map((residentId) => ({ residentId, event }));
  }

  // ------------------------------------------------------------------------------ deadlines

  /** Due instants from the statutory calendar (an activity), compressed by the time scale. */
  sla(specs: SlaSpec[]): Promise<string[]> {
    return this.calendar.untilCovered(async () => {
      const scaled = specs.map((spec) => ({ ...spec, scale: this.scale }));
      const result = await acts.computeSla(scaled);
      this.s.calendarVersion = result.calendarVersion;
      await this.provisional.note(scaled, result);
      return result.instants.map((i) => i ?? this.now());
    });
  }

  async due(start: string, limit: TimeLimit): Promise<string> {
    return (await this.sla([{ kind: 'due', start, limit }]))[0]!;
  }

  /** The calendarUpdated signal's work, run by the main loop between steps (under the lock). */
  private async recountProvisional(): Promise<void> {
    this.s.calendarNudged = false;
    await this.provisional.recount();
    this.s.version++;
  }
}
