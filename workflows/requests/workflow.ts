import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { UnitRef } from '../../domain/shared/org';
import type { RequestAction } from '../../domain/requests/actions';
import type { RequestEventType } from '../../domain/requests/events';
import { REQUEST_LIMITS } from '../../domain/requests/limits';
import { beijingTime } from '../../domain/shared/time';
import * as defs from './definitions';
import { calendarUpdatedSignal } from '../shared/definitions';
import type { RequestView, RequestWorkflowInput, SupervisionSchedule, TimelineEvent } from './definitions';
import type { NotificationKind, SlaSpec } from '../shared/definitions';
import {
  currentDetails,
  initialState,
  isFinal,
  limitOf,
  projection,
  REQUEST_DEADLINE_KEYS,
  searchAttributes,
  view,
  type RequestState,
} from './state';
import { calendarWaitOn, type CalendarWait } from '../shared/calendar-wait';
import { waitForDueStep } from '../shared/due-step';
import { createProvisionalTracking } from '../shared/provisional-tracking';
import { StepLock } from '../shared/step-lock';
import { ladderSpecs, ladderToFixedDeadline, noticeSpec } from '../shared/supervision-ladder';
import { registerRequestActions } from './handlers';
import { attachDuplicate, followMaster, type MasterOutcome } from './duplicate-steps';
import { nextStep } from './timers';

// Look-ups, SLA computation and projections: quick, idempotent, retried until the database is back.
// Local activities: they run in the worker that runs the workflow, with no server round trip per
// call, which takes intake from ~0.85 s to a fraction of that (npm run bench).
const acts = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    // Errors that retrying cannot fix: the workflow handles them.
    nonRetryableErrorTypes: ['CalendarCoverageError', 'InvalidTimeLimit', 'UnknownCategory', 'UnknownUnit'],
  },
});

/** A delivery proxy whose activity carries a one-line summary for Temporal UI (kind → recipient). */
const delivery = (summary: string) =>
  wf.proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    // Retried with backoff for as long as it takes (the outbox makes retries safe).
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
    summary,
  });

type DispatchEvent = Extract<RequestEventType, 'DISPATCHED' | 'REDISPATCHED' | 'ESCALATED' | 'WHISTLED'>;

/**
 * One 接诉即办 request, from 受理 to 归档: its state, the steps that write its history, and every
 * handler, set in one place (`register`). Update handlers and timer steps take turns through the
 * one mutex (`lock`), so no two of them ever run activities side by side.
 */
export class RequestWorkflow {
  readonly s: RequestState;
  readonly acts = acts;
  readonly lock = new StepLock<RequestAction>();
  /** Set by the master's signal when this request is a merged duplicate; the main loop acts on it. */
  masterOutcome: MasterOutcome | null = null;
  /** Events recorded by the running step and not yet written (see `flush`). */
  private unwritten: TimelineEvent[] = [];
  /** Deadlines past the calendar's data: counted Mon–Fri, shown as provisional, recounted on load. */
  private readonly provisional: ReturnType<typeof createProvisionalTracking<RequestState, (typeof REQUEST_DEADLINE_KEYS)[number]>>;
  /** On a calendar gap: records it, alerts ops, and waits for new data (signal or daily retry). */
  private readonly calendar: CalendarWait;

  constructor(readonly input: RequestWorkflowInput & { carried?: RequestState }) {
    const s = input.carried ?? initialState(input);
    this.s = s;
    this.provisional = createProvisionalTracking({
      sourceId: input.requestId,
      sourceKind: 'request',
      state: s,
      deadlineKeys: REQUEST_DEADLINE_KEYS,
      record: (type, reason, data) => this.record(type, 'system', reason, data),
      compute: (specs) => acts.computeSla(specs),
    });
    this.calendar = calendarWaitOn(s, {
      record: (type, reason) => this.record(type, 'system', reason),
      alert: (message) => this.notify('CALENDAR_GAP', null, message),
      scale: () => this.scale,
    });
  }

  // Workflow time: the SDK makes Date deterministic (the time of the current workflow task).
  readonly now = (): string => new Date().toISOString();
  readonly nowMs = (): number => Date.now();
  readonly view = (): RequestView => view(this.s);
  /** The worker's clock scale, read at the start (1 = real time; drills and tests compress it). */
  get scale(): number {
    return this.s.clockScale ?? 1;
  }

  /** Every query, update and signal of the request workflow. */
  register(): void {
    wf.setHandler(defs.stateQuery, this.view);
    wf.setHandler(defs.acceptUpdate, async () => {
      await wf.condition(() => this.s.accepted || this.s.lastError !== null);
      return this.view();
    });
    wf.setHandler(defs.attachDuplicateSignal, ({ requestId }) => attachDuplicate(this, requestId));
    wf.setHandler(defs.masterOutcomeSignal, (m) => {
      if (this.s.status !== 'MERGED' || m.masterId !== this.s.mergedInto) return;
      this.masterOutcome = m;
      this.s.version++;
    });
    wf.setHandler(calendarUpdatedSignal, () => this.calendar.nudge());
    registerRequestActions(this);
  }

  /** The process: intake, then timer steps until a final status. */
  async run(): Promise<RequestView> {
    const { s } = this;
    if (!this.input.carried) await this.lock.run('step', () => this.asStep(() => this.intake()));
    while (!isFinal(s)) {
      if (this.masterOutcome) {
        await this.lock.step(() => this.asStep(() => followMaster(this)));
        continue;
      }
      if (wf.workflowInfo().continueAsNewSuggested && s.pendingReports.length === 0) {
        // Long-lived requests (many reopen cycles, many updates) start a fresh history with the
        // compact state; wait for running handlers so no update loses its reply.
        await wf.condition(() => wf.allHandlersFinished() && this.deliveriesDone());
        await wf.continueAsNew<(input: RequestWorkflowInput & { carried?: RequestState }) => Promise<RequestView>>({
          ...this.input,
          carried: s,
        });
      }
      if (s.calendarNudged) {
        // An admin loaded calendar days: provisional deadlines are counted again, timers move.
        await this.lock.step(() => this.asStep(() => this.recountProvisional()));
        continue;
      }
      const seen = s.version;
      const due = await waitForDueStep(nextStep(this), () => s.version !== seen || isFinal(s));
      if (due) await this.lock.step(() => this.asStep(due.fire));
    }
    // Let in-flight updates reply, and deliveries finish, before the workflow completes.
    await wf.condition(() => wf.allHandlersFinished() && this.deliveriesDone());
    return this.view();
  }

  /** 受理 → 分类 → 派单 (or, for 咨询, the hotline's direct answer). */
  private async intake(): Promise<void> {
    const { s, input } = this;
    s.clockScale = await acts.clockScale();
    wf.upsertMemo({ categoryCode: input.categoryCode, type: input.type, urgency: input.urgency, channel: input.channel });
    wf.upsertSearchAttributes([
      { key: defs.SA.category, value: input.categoryCode },
      { key: defs.SA.urgency, value: input.urgency },
      ...searchAttributes(s),
    ]);
    await this.record('RECEIVED', input.receivedBy ?? 'intake', undefined, { channel: input.channel });
    try {
      s.plan = await acts.planRequest({
        categoryCode: input.categoryCode,
        urgency: input.urgency,
        locationUnitCode: input.locationUnitCode,
      });
    } catch (err) {
      // Intake validated category and unit; this only happens if they were deleted meanwhile.
      s.lastError = err instanceof wf.ActivityFailure ? String(err.cause?.message) : String(err);
      await this.record('PLANNING_FAILED', 'system', s.lastError);
      return;
    }
    s.status = 'TRIAGED';
    await this.record('TRIAGED', 'system', undefined, { categoryName: s.plan.categoryName });
    if (input.type === '咨询') {
      // 咨询 is answered by the hotline from the 知识库; a dispatcher may still dispatch it when it
      // cannot be answered directly.
      const [answerBy] = await this.sla([{ kind: 'due', start: input.receivedAt, limit: REQUEST_LIMITS.DIRECT_ANSWER }]);
      s.deadlines.resolve = answerBy ?? undefined;
      await this.record('AWAITING_DIRECT_ANSWER', 'system', undefined, { answerBy });
      s.accepted = true;
      return;
    }
    await this.refreshSchedule();
    await this.dispatchTo(s.plan.dispatchUnit, 'system', 'DISPATCHED', '属地派单');
  }

  // ------------------------------------------------------------------------------ history

  /**
   * Appends one timeline event. Events are written to the read model (with the search attributes
   * and UI details) once per step by `flush`: one local activity and one upsert per handler or
   * timer step instead of one per event.
   */
  async record(type: RequestEventType, actor: string, reason?: string, data?: Record<string, unknown>): Promise<void> {
    const { s } = this;
    const seq = ++s.seq;
    s.version++;
    this.unwritten.push({ requestId: this.input.requestId, seq, type, actor, at: this.now(), reason, data });
  }

  /** Writes the recorded events and the projection; called at the end of every step and before any notice. */
  async flush(): Promise<void> {
    if (!this.unwritten.length) return;
    const events = this.unwritten;
    this.unwritten = [];
    wf.upsertSearchAttributes(searchAttributes(this.s));
    wf.setCurrentDetails(currentDetails(this.s));
    await acts.recordEvents(events, projection(this.s));
  }

  /** Runs one step or handler under the lock's turn-taking; what it recorded is written at its end. */
  async asStep(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } finally {
      await this.flush();
    }
  }

  /**
   * One notification through the outbox, after the events that caused it are written. The
   * delivery follows the step instead of sitting in its path: the step goes on (and releases the
   * lock) while the activity is retried, so a channel that is down never holds up an escalation or
   * a caller's update. The workflow waits for outstanding deliveries before it completes or
   * continues as new.
   */
  async notify(kind: NotificationKind, recipient: string | null, message: string, data?: Record<string, unknown>): Promise<void> {
    await this.flush();
    const sent = delivery(`${kind} → ${recipient ?? 'platform'}`)
      .notify({
        idempotencyKey: `${this.input.requestId}:${kind}:${this.s.seq}`,
        requestId: this.input.requestId,
        kind,
        recipientUnitCode: recipient,
        message,
        data,
      })
      // Retried until it succeeds; it ends otherwise only when the workflow is cancelled, and
      // the outbox row then stays PENDING for the operators.
      .then(
        () => undefined,
        () => undefined,
      );
    this.deliveries.add(sent);
    void sent.then(() => this.deliveries.delete(sent));
  }

  /** Deliveries still being retried (see `notify`). */
  private readonly deliveries = new Set<Promise<void>>();
  readonly deliveriesDone = (): boolean => this.deliveries.size === 0;

  // ------------------------------------------------------------------------------ deadlines

  /** Computes instants from the statutory calendar (one activity call for the whole list). */
  sla(specs: SlaSpec[]): Promise<(string | null)[]> {
    return this.calendar.untilCovered(async () => {
      const { input, s } = this;
      const scaled = specs.map((spec) => ({
        ...spec,
        scale: this.scale,
        origin: spec.origin ?? (spec.kind !== 'due' ? input.receivedAt : undefined),
      }));
      const result = await acts.computeSla(scaled);
      s.deadlines.calendarVersion = result.calendarVersion;
      await this.provisional.note(scaled, result);
      return result.instants;
    });
  }

  /** The calendarUpdated signal's work, run by the main loop between steps. */
  private async recountProvisional(): Promise<void> {
    this.s.calendarNudged = false;
    await this.provisional.recount();
    this.s.version++;
  }

  /** Recomputes the 督办 ladder of the completion clock from the current deadline. */
  async refreshSchedule(): Promise<void> {
    const { s } = this;
    const limit = limitOf(s, 'RESOLVE');
    if (!limit) return;
    const start = s.cycleStartedAt;
    // A supervisor's deadline or an approved extension replaces the computed one.
    let ladder: Pick<SupervisionSchedule, 'half' | 'threeQuarters' | 'due'>;
    if (s.resolveOverride) ladder = ladderToFixedDeadline(start, s.resolveOverride);
    else {
      const [half, threeQuarters, due] = await this.sla(ladderSpecs(start, limit, { pauses: s.pauses }));
      ladder = { half: half ?? null, threeQuarters: threeQuarters ?? null, due: due ?? null };
    }
    const { half, threeQuarters, due } = ladder;
    const [notice] = due ? await this.sla([noticeSpec(due)]) : [null];
    s.schedule = { half, threeQuarters, due, notice: notice ?? null };
    if (due) s.deadlines.resolve = due;
    s.version++;
  }

  // ------------------------------------------------------------------------------ routing

  /** 派单 to a unit: its sign, respond and return-window clocks start now. */
  async dispatchTo(unit: UnitRef, actor: string, type: DispatchEvent, reason?: string): Promise<void> {
    const { s, input } = this;
    s.unit = unit;
    if (unit.tier === 'STREET') s.street = unit.code;
    s.dispatchedAt = this.now();
    s.status = 'DISPATCHED';
    s.signOverdueRecorded = false;
    const clocks = (['SIGN', 'RESPOND', 'RETURN_WINDOW'] as const).filter((clock) => limitOf(s, clock));
    const out = await this.sla(clocks.map((clock) => ({ kind: 'due', start: s.dispatchedAt!, limit: limitOf(s, clock)! })));
    const at = (clock: (typeof clocks)[number]) => out[clocks.indexOf(clock)] ?? undefined;
    if (clocks.includes('SIGN')) s.deadlines.sign = at('SIGN');
    if (clocks.includes('RESPOND')) s.deadlines.respond = at('RESPOND');
    if (clocks.includes('RETURN_WINDOW')) s.deadlines.returnWindowEnds = at('RETURN_WINDOW');
    await this.record(type, actor, reason, { unit: unit.code, tier: unit.tier });
    await this.flush();
    // Intake can answer the caller now: the unit and deadlines are known and written.
    if (type === 'DISPATCHED' && actor === 'system') s.accepted = true;
    await this.notify('DISPATCHED', unit.code, `工单 ${input.requestId} 已派至 ${unit.name}，请于 ${beijingTime(s.deadlines.sign)} 前签收`);
  }

  /** 下呼上应: one rung up the ladder; false at the top (区指挥中心). */
  async escalate(actor: string, reason: string, type: 'ESCALATED' | 'WHISTLED'): Promise<boolean> {
    const { s, input } = this;
    if (!s.unit) return false;
    const target = await acts.findEscalationTarget(s.unit.code);
    if (!target) return false;
    const from = s.unit;
    s.escalationLevel++;
    await this.dispatchTo(target, actor, type, reason);
    await this.notify('ESCALATED', target.code, `工单 ${input.requestId} 由 ${from.name} 升级至 ${target.name}: ${reason}`, {
      from: from.code,
    });
    return true;
  }
}
