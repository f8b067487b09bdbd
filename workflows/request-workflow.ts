import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Activities } from '../activities';
import {
  isActionAllowed,
  RECHECK_AFTER_DAYS,
  RECHECK_SAMPLE_PERCENT,
  type RequestAction,
  type RequestStatus,
} from '../domain/request-model';
import * as schemas from '../domain/request-schemas';
import type { TimeLimit } from '../domain/sla';
import type { UnitRef } from '../domain/org';
import * as defs from './definitions';
import { departmentReportWorkflow } from './report-workflow';
import type { Actor, NotificationKind, RequestView, RequestWorkflowInput, SlaSpec } from './definitions';
import {
  clockRunning,
  currentDetails,
  initialState,
  isFinal,
  limitOf,
  projection,
  searchAttributes,
  view,
  type RequestState,
} from './request-state';

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
const delivery = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Rejections carry a type the API maps to an HTTP status: InvalidState → 409, RuleViolation → 422. */
const invalidState = (action: RequestAction, s: RequestState) =>
  wf.ApplicationFailure.create({
    type: 'InvalidState',
    message: `${action} is not allowed while the request is ${s.status}`,
    details: [{ status: s.status, allowedActions: view(s).allowedActions }],
    nonRetryable: true,
  });
const ruleViolation = (message: string, rule: string) =>
  wf.ApplicationFailure.create({ type: 'RuleViolation', message, details: [{ rule }], nonRetryable: true });

/** Deterministic sampling for the 4-week re-check: a stable hash of the request id. */
function sampleForRecheck(requestId: string, percent = RECHECK_SAMPLE_PERCENT): boolean {
  let hash = 0;
  for (const ch of requestId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 100 < percent;
}

/** One 接诉即办 request, from 受理 to 归档; id = request id. */
export async function requestWorkflow(input: RequestWorkflowInput & { carried?: RequestState }): Promise<RequestView> {
  const s: RequestState = input.carried ?? initialState(input);
  const scale = input.timeScale ?? 1;
  // Requests started before the switch to local activities keep replaying with regular ones.
  const acts = wf.patched('local-quick-activities') ? localQuick : remoteQuick;
  // Workflow time: the SDK makes Date deterministic (the time of the current workflow task).
  const now = () => new Date().toISOString();

  // ---------------------------------------------------------------- helpers
  const sla = async (specs: SlaSpec[]): Promise<(string | null)[]> => {
    const withScale = specs.map((spec) => ({ ...spec, scale, ...(spec.kind !== 'due' ? { origin: input.receivedAt } : {}) }));
    const result = await acts.computeSla(withScale);
    s.deadlines.calendarVersion = result.calendarVersion;
    return result.instants;
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
    await delivery.notify({
      idempotencyKey: `${input.requestId}:${kind}:${s.seq}`,
      requestId: input.requestId,
      kind,
      recipientUnitCode: recipient,
      message,
      data,
    });
  };

  /** Runs an SLA computation; on a calendar gap, records it, alerts ops, and waits for new data. */
  const slaWithCalendarWait = async (specs: SlaSpec[]): Promise<(string | null)[]> => {
    for (;;) {
      try {
        const result = await sla(specs);
        if (s.lastError) {
          s.lastError = null;
          await record('CALENDAR_GAP_CLOSED', 'system');
        }
        return result;
      } catch (err) {
        const failure = err instanceof wf.ActivityFailure ? err.cause : undefined;
        if (!(failure instanceof wf.ApplicationFailure) || failure.type !== 'CalendarCoverageError') throw err;
        if (s.lastError !== failure.message) {
          s.lastError = failure.message;
          await record('CALENDAR_GAP', 'system', failure.message);
          await notify('CALENDAR_GAP', null, failure.message);
        }
        calendarNudged = false;
        await wf.condition(() => calendarNudged, '1 day', { summary: 'waiting for calendar data' });
      }
    }
  };
  let calendarNudged = false;
  wf.setHandler(defs.calendarUpdatedSignal, () => {
    calendarNudged = true;
  });

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
    await notify('DISPATCHED', unit.code, `工单 ${input.requestId} 已派至 ${unit.name}，请于 ${s.deadlines.sign ?? '—'} 前签收`);
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

  // ---------------------------------------------------------------- queries and updates
  wf.setHandler(defs.stateQuery, () => view(s));
  wf.setHandler(defs.acceptUpdate, async () => {
    await wf.condition(() => s.accepted || s.lastError !== null);
    return view(s);
  });

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
        await handler(schema.parse(raw), actor);
        return view(s);
      },
      {
        validator: ({ actor, input: raw }) => {
          if (!actor || typeof actor.subject !== 'string') throw ruleViolation('actor is required', 'actor');
          if (!isActionAllowed(name, s.status) || isFinal(s)) throw invalidState(name, s);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) {
            throw wf.ApplicationFailure.create({
              type: 'InvalidPayload',
              message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
              details: [parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, code: i.code }))],
              nonRetryable: true,
            });
          }
          extraCheck?.(parsed.data, actor);
        },
      },
    );
  }

  const who = (a: Actor) => `${a.role}:${a.subject}${a.unitCode ? `@${a.unitCode}` : ''}`;
  const nowMs = () => Date.parse(now());

  action(defs.signUpdate, 'sign', schemas.signSchema, async (p, a) => {
    s.status = 'SIGNED';
    await record('SIGNED', who(a), p.note, { onTime: !s.deadlines.sign || nowMs() <= Date.parse(s.deadlines.sign) });
  });

  action(defs.respondUpdate, 'respond', schemas.respondSchema, async (p, a) => {
    s.status = 'RESPONDED';
    await record('RESPONDED', who(a), p.note, {
      onTime: !s.deadlines.respond || nowMs() <= Date.parse(s.deadlines.respond),
      contactedAt: p.contactedAt ?? now(),
    });
  });

  action(defs.progressUpdate, 'progress', schemas.progressSchema, async (p, a) => {
    s.status = 'IN_PROGRESS';
    await record('PROGRESS', who(a), p.note);
  });

  action(
    defs.resolveUpdate,
    'resolve',
    schemas.resolveSchema,
    async (p, a) => {
      s.status = 'RESOLVED';
      s.pendingExtension = null;
      s.pendingPause = null;
      s.statusNotes = p.statusNotes;
      await record('RESOLVED', who(a), undefined, {
        statusNotes: p.statusNotes,
        serviceNotice: p.serviceNotice ?? null,
        onTime: !s.deadlines.resolve || nowMs() <= Date.parse(s.deadlines.resolve),
      });
    },
    () => {
      if (s.pendingReports.length) {
        throw ruleViolation(`departments have not reported yet: ${s.pendingReports.join(', ')}`, 'reportsPending');
      }
    },
  );

  action(defs.reviewUpdate, 'review', schemas.reviewSchema, async (p, a) => {
    if (p.decision === 'REDO') {
      s.status = 'IN_PROGRESS';
      await record('REVIEW_REDO', who(a), p.reason);
      return;
    }
    s.status = 'REVIEWED';
    await record('REVIEWED', who(a), p.reason);
    await tellDuplicates('REVIEWED');
    await startCallback();
  });

  action(
    defs.returnUpdate,
    'return',
    schemas.returnSchema,
    async (p, a) => {
      s.pendingReturn = { reason: p.reason, basis: p.basis, fromUnit: s.unit?.code ?? '', by: who(a) };
      s.previousStatus = s.status;
      s.status = 'RETURN_REQUESTED';
      await record('RETURN_REQUESTED', who(a), p.reason, { basis: p.basis, unit: s.unit?.code });
    },
    () => {
      if (s.deadlines.returnWindowEnds && nowMs() > Date.parse(s.deadlines.returnWindowEnds)) {
        throw ruleViolation(`the return window closed at ${s.deadlines.returnWindowEnds}`, 'returnWindow');
      }
    },
  );

  action(
    defs.decideReturnUpdate,
    'decideReturn',
    schemas.decideReturnSchema,
    async (p, a) => {
      const pending = s.pendingReturn!;
      s.pendingReturn = null;
      if (!p.approve) {
        s.status = s.previousStatus ?? 'DISPATCHED';
        await record('RETURN_REJECTED', who(a), p.reason);
        return;
      }
      const target = await acts.findUnit(p.redispatchTo!);
      if (!target) {
        s.pendingReturn = pending;
        throw ruleViolation(`unknown unit ${p.redispatchTo}`, 'redispatchTo');
      }
      s.returnsByUnit[pending.fromUnit] = (s.returnsByUnit[pending.fromUnit] ?? 0) + 1;
      await record('RETURN_APPROVED', who(a), p.reason, { fromUnit: pending.fromUnit, toUnit: target.code });
      // The citizen's completion deadline is not restarted: only the new unit's sign clock is.
      await dispatchTo(target, who(a), 'REDISPATCHED', p.reason);
    },
    (p) => {
      if (p.approve && !p.redispatchTo) throw ruleViolation('approving a return needs redispatchTo', 'redispatchTo');
      if (p.approve && p.redispatchTo === s.pendingReturn?.fromUnit) {
        throw ruleViolation('cannot re-dispatch to the unit that returned the ticket', 'redispatchTo');
      }
    },
  );

  action(
    defs.requestExtensionUpdate,
    'requestExtension',
    schemas.requestExtensionSchema,
    async (p, a) => {
      s.pendingExtension = { amount: p.amount, unit: p.unit, reason: p.reason, by: who(a) };
      await record('EXTENSION_REQUESTED', who(a), p.reason, { amount: p.amount, unit: p.unit });
    },
    (p) => {
      const cap = limitOf(s, 'EXTENSION_MAX');
      if (!cap) throw ruleViolation(`extensions are not allowed for ${input.urgency} requests`, 'extensionNotAllowed');
      if (s.pendingExtension) throw ruleViolation('an extension request is already pending', 'extensionPending');
      if (s.extensionsApproved >= 1) throw ruleViolation('at most one extension may be approved', 'extensionLimit');
      if (s.deadlines.resolve && nowMs() >= Date.parse(s.deadlines.resolve)) {
        throw ruleViolation(`extensions must be requested before the deadline ${s.deadlines.resolve}`, 'extensionAfterDeadline');
      }
      if (p.unit !== cap.unit) throw ruleViolation(`express the extension in ${cap.unit}s`, 'extensionUnit');
      if (p.amount > cap.amount) throw ruleViolation(`at most ${cap.amount} ${cap.unit}s`, 'extensionCap');
    },
  );

  action(
    defs.decideExtensionUpdate,
    'decideExtension',
    schemas.decideExtensionSchema,
    async (p, a) => {
      const pending = s.pendingExtension!;
      s.pendingExtension = null;
      if (!p.approve) {
        await record('EXTENSION_REJECTED', who(a), p.reason);
        await notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期申请未获批准: ${p.reason}`);
        return;
      }
      const limit: TimeLimit = { amount: pending.amount, unit: pending.unit };
      // Extend from the current deadline (minus 1 ms, so "24:00" counts as the day that ends).
      const from = new Date(Date.parse(s.deadlines.resolve!) - 1).toISOString();
      const [next] = await slaWithCalendarWait([{ kind: 'due', start: from, limit }]);
      s.extensionsApproved++;
      s.resolveOverride = next ?? s.resolveOverride;
      await refreshSchedule();
      await record('EXTENSION_APPROVED', who(a), p.reason, { amount: limit.amount, unit: limit.unit, deadline: next });
      await notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期已批准，新的办结时限 ${next}`);
    },
    () => {
      if (!s.pendingExtension) throw ruleViolation('no extension request is pending', 'noPendingExtension');
    },
  );

  action(defs.overrideDeadlineUpdate, 'overrideDeadline', schemas.overrideDeadlineSchema, async (p, a) => {
    const requested = new Date(p.deadline).toISOString();
    // Business refusals are recorded for auditors (a validator's rejection leaves no history).
    if (Date.parse(requested) <= nowMs()) {
      await record('DEADLINE_OVERRIDE_REJECTED', who(a), p.reason, { requested, why: 'deadline is not in the future' });
      throw ruleViolation('the new deadline must be in the future', 'deadlineInPast');
    }
    const previous = s.deadlines.resolve;
    s.resolveOverride = requested;
    // Reminders restart against the new deadline; a breach already recorded stays recorded.
    s.supervisionLevel = 0;
    await refreshSchedule();
    await record('DEADLINE_OVERRIDDEN', who(a), p.reason, { previous, deadline: requested });
  });

  action(defs.escalateUpdate, 'escalate', schemas.escalateSchema, async (p, a) => {
    if (!(await escalate(who(a), p.reason, 'WHISTLED'))) {
      throw ruleViolation('already at the top of the ladder (区指挥中心)', 'topOfLadder');
    }
  });

  action(
    defs.pauseUpdate,
    'pause',
    schemas.pauseSchema,
    async (p, a) => {
      s.pendingPause = { reason: p.reason, by: who(a) };
      await record('PAUSE_REQUESTED', who(a), p.reason);
    },
    () => {
      if (s.pendingPause) throw ruleViolation('a pause request is already pending', 'pausePending');
    },
  );

  action(
    defs.decidePauseUpdate,
    'decidePause',
    schemas.decidePauseSchema,
    async (p, a) => {
      const pending = s.pendingPause!;
      s.pendingPause = null;
      if (!p.approve) {
        await record('PAUSE_REJECTED', who(a), p.reason);
        return;
      }
      s.previousStatus = s.status;
      s.status = 'SUSPENDED';
      s.pauses.push({ from: now() });
      s.version++;
      await record('PAUSED', who(a), pending.reason, { approvedReason: p.reason });
    },
    () => {
      if (!s.pendingPause) throw ruleViolation('no pause request is pending', 'noPendingPause');
    },
  );

  action(defs.resumeUpdate, 'resume', schemas.resumeSchema, async (p, a) => {
    const open = s.pauses[s.pauses.length - 1];
    if (open && !open.to) {
      open.to = now();
      // An explicit deadline moves by the paused time too: business time stood still.
      if (s.resolveOverride) {
        const pausedMs = Date.parse(open.to) - Date.parse(open.from);
        s.resolveOverride = new Date(Date.parse(s.resolveOverride) + pausedMs).toISOString();
      }
    }
    s.status = s.previousStatus ?? 'IN_PROGRESS';
    await refreshSchedule();
    await record('RESUMED', who(a), p.note, { deadline: s.deadlines.resolve });
  });

  action(defs.withdrawUpdate, 'withdraw', schemas.withdrawSchema, async (p, a) => {
    s.status = 'WITHDRAWN';
    await record('WITHDRAWN', who(a), p.reason);
    await tellDuplicates('CLOSED');
  });

  action(
    defs.callbackUpdate,
    'callback',
    schemas.callbackSchema,
    async (p, a) => {
      const cb = s.callback!;
      cb.attempts++;
      if (!p.reached) {
        await record('CALLBACK_UNREACHED', who(a), p.note, { attempt: cb.attempts });
        if (cb.attempts >= 3) await finishUnrated('3 attempts without reaching the citizen');
        return;
      }
      s.resolved = p.resolved!;
      s.satisfaction = p.satisfaction!;
      s.status = 'RATED';
      await record('RATED', who(a), p.note, { resolved: s.resolved, satisfaction: s.satisfaction, attempt: cb.attempts });
      if (!s.resolved || s.satisfaction === '不满意') await reopenOrFlag(who(a));
      else await closeOrRecheck();
    },
    (p) => {
      if (p.reached && (p.resolved === undefined || p.satisfaction === undefined)) {
        throw ruleViolation('a reached callback needs resolved and satisfaction', 'callbackAnswer');
      }
    },
  );

  // ---------------------------------------------------------------- 吹哨报到
  action(
    defs.whistleUpdate,
    'whistle',
    schemas.whistleSchema,
    async (p, a) => {
      const departments: UnitRef[] = [];
      for (const code of p.departments) {
        const unit = await acts.findUnit(code);
        if (!unit || unit.tier !== 'DEPARTMENT') throw ruleViolation(`${code} is not a department`, 'departments');
        departments.push(unit);
      }
      const [dueAt] = await slaWithCalendarWait([
        { kind: 'due', start: now(), limit: p.reportWithin ?? { amount: 24, unit: 'hour' } },
      ]);
      s.whistleRound++;
      const round = s.whistleRound;
      s.pendingReports.push(...departments.map((d) => d.code));
      await record('WHISTLED_DEPARTMENTS', who(a), p.reason, { departments: p.departments, dueAt, round });
      for (const department of departments) {
        const child = await wf.startChild(departmentReportWorkflow, {
          workflowId: defs.reportWorkflowId(input.requestId, department.code, round),
          args: [{ requestId: input.requestId, department, reason: p.reason, dueAt: dueAt!, whistledBy: who(a) }],
          // A withdrawn request stops waiting for its departments.
          parentClosePolicy: 'REQUEST_CANCEL',
          staticSummary: `报到 · ${department.name} · 工单 ${input.requestId}`,
        });
        // The parent waits for every report; each arrival is recorded as it comes.
        void child.result().then(
          (result) => onReported(result),
          (err) => onReportFailed(department.code, err),
        );
      }
    },
    (p) => {
      const duplicated = p.departments.filter((d) => s.pendingReports.includes(d));
      if (duplicated.length) throw ruleViolation(`already waiting for ${duplicated.join(', ')}`, 'departments');
    },
  );

  // Recorded before the department leaves the pending list, so whoever waits on the list
  // (the report update, the resolve rule) sees the event in the timeline too.
  async function onReported(result: defs.ReportResult) {
    await record('DEPARTMENT_REPORTED', result.by, result.note, { department: result.department, onTime: result.onTime });
    s.pendingReports = s.pendingReports.filter((d) => d !== result.department);
  }

  async function onReportFailed(department: string, err: unknown) {
    await record('DEPARTMENT_REPORT_ENDED', 'system', err instanceof Error ? err.message : String(err), { department });
    s.pendingReports = s.pendingReports.filter((d) => d !== department);
  }

  action(
    defs.reportUpdate,
    'report',
    schemas.reportSchema,
    async (p, a) => {
      const round = s.whistleRound;
      await wf
        .getExternalWorkflowHandle(defs.reportWorkflowId(input.requestId, p.department, round))
        .signal(defs.reportedSignal, { note: p.note, by: who(a) });
      // The child completes on the signal; wait for its result to be recorded so the caller
      // sees the request without that department pending.
      await wf.condition(() => !s.pendingReports.includes(p.department));
    },
    (p, a) => {
      if (!s.pendingReports.includes(p.department)) {
        throw ruleViolation(`${p.department} was not whistled or has already reported`, 'department');
      }
      if (a.unitCode !== p.department) throw ruleViolation('only the department itself can report', 'department');
    },
  );

  // ---------------------------------------------------------------- 合并 (duplicates)
  action(
    defs.mergeUpdate,
    'merge',
    schemas.mergeSchema,
    async (p, a) => {
      try {
        await wf.getExternalWorkflowHandle(p.masterId).signal(defs.attachDuplicateSignal, { requestId: input.requestId });
      } catch {
        throw ruleViolation(`master request ${p.masterId} is not open`, 'masterId');
      }
      s.mergedInto = p.masterId;
      s.status = 'MERGED';
      await record('MERGED', who(a), p.reason, { masterId: p.masterId });
    },
    (p) => {
      if (p.masterId === input.requestId) throw ruleViolation('a request cannot be merged into itself', 'masterId');
      if (s.duplicates.length) throw ruleViolation('this request is a master of other duplicates', 'masterId');
    },
  );

  wf.setHandler(defs.attachDuplicateSignal, ({ requestId }) => {
    if (s.duplicates.includes(requestId)) return;
    s.duplicates.push(requestId);
    void record('DUPLICATE_ATTACHED', 'system', undefined, { duplicate: requestId });
    // Attached after this master was reviewed: the duplicate's citizen is called back at once.
    if (['REVIEWED', 'CALLBACK', 'RATED', 'RECHECK', 'ARCHIVED'].includes(s.status)) {
      void signalDuplicate(requestId, 'REVIEWED');
    }
  });

  async function signalDuplicate(requestId: string, outcome: 'REVIEWED' | 'CLOSED') {
    try {
      await wf
        .getExternalWorkflowHandle(requestId)
        .signal(defs.masterOutcomeSignal, { masterId: input.requestId, outcome, statusNotes: s.statusNotes ?? undefined });
    } catch (err) {
      await record('DUPLICATE_SIGNAL_FAILED', 'system', String(err), { duplicate: requestId });
    }
  }

  async function tellDuplicates(outcome: 'REVIEWED' | 'CLOSED') {
    for (const d of s.duplicates) await signalDuplicate(d, outcome);
  }

  let masterOutcome: { outcome: 'REVIEWED' | 'CLOSED'; statusNotes?: string } | null = null;
  wf.setHandler(defs.masterOutcomeSignal, (m) => {
    if (s.status !== 'MERGED' || m.masterId !== s.mergedInto) return;
    masterOutcome = m;
    s.version++;
  });

  /** A merged duplicate follows its master: callback when the master is reviewed, or back to dispatch. */
  async function followMaster() {
    const outcome = masterOutcome!;
    masterOutcome = null;
    if (outcome.outcome === 'REVIEWED') {
      s.statusNotes = outcome.statusNotes ?? null;
      await record('MASTER_REVIEWED', 'system', outcome.statusNotes, { masterId: s.mergedInto });
      await startCallback();
    } else {
      const master = s.mergedInto;
      s.mergedInto = null;
      await record('MASTER_CLOSED', 'system', 'master closed without result; handling resumes', { masterId: master });
      await dispatchTo(s.unit ?? s.plan!.dispatchUnit, 'system', 'REDISPATCHED', 'master request closed');
    }
  }

  // ---------------------------------------------------------------- 不合理诉求
  action(
    defs.flagUnreasonableUpdate,
    'flagUnreasonable',
    schemas.flagUnreasonableSchema,
    async (p, a) => {
      s.pendingUnreasonable = { category: p.category, reason: p.reason, by: who(a) };
      await record('UNREASONABLE_FLAGGED', who(a), p.reason, { category: p.category });
    },
    () => {
      if (s.pendingUnreasonable) throw ruleViolation('a flag is already pending review', 'unreasonablePending');
    },
  );

  action(
    defs.decideUnreasonableUpdate,
    'decideUnreasonable',
    schemas.decideUnreasonableSchema,
    async (p, a) => {
      const flag = s.pendingUnreasonable!;
      s.pendingUnreasonable = null;
      if (!p.approve) {
        await record('UNREASONABLE_REJECTED', who(a), p.reason, { category: flag.category });
        return;
      }
      // Upheld: excluded from 三率, still archived, with the explanation given to the citizen.
      s.excludedFromRates = true;
      await record('UNREASONABLE_UPHELD', who(a), p.reason, { category: flag.category, excludedFromRates: true });
      await archive();
    },
    () => {
      if (!s.pendingUnreasonable) throw ruleViolation('no flag is pending review', 'noPendingFlag');
    },
  );

  // ---------------------------------------------------------------- 咨询 answered directly, manual 派单
  action(defs.answerUpdate, 'answer', schemas.answerSchema, async (p, a) => {
    s.status = 'ANSWERED_DIRECT';
    await record('ANSWERED_DIRECT', who(a), undefined, {
      answer: p.answer,
      onTime: !s.deadlines.resolve || nowMs() <= Date.parse(s.deadlines.resolve),
    });
    await archive();
  });

  action(defs.dispatchUpdate, 'dispatch', schemas.dispatchSchema, async (p, a) => {
    const unit = await acts.findUnit(p.unitCode);
    if (!unit) throw ruleViolation(`unknown unit ${p.unitCode}`, 'unitCode');
    if (s.status === 'TRIAGED' && !s.schedule) await refreshSchedule();
    await dispatchTo(unit, who(a), 'DISPATCHED', p.reason);
  });

  // ---------------------------------------------------------------- 督回访 re-check
  action(defs.recheckUpdate, 'recheck', schemas.recheckSchema, async (p, a) => {
    await record(p.reached ? 'RECHECKED' : 'RECHECK_UNREACHED', who(a), p.note, {
      stillResolved: p.stillResolved ?? null,
    });
    await archive();
  });

  /** Closing: sampled or disputed requests get a re-check 4 weeks later (督回访), the rest archive. */
  async function closeOrRecheck() {
    const sampled = sampleForRecheck(input.requestId, input.recheckSamplePercent);
    const disputed = s.flaggedForTaskForce || s.satisfaction === '不满意' || s.resolved === false;
    if (!wf.patched('recheck-after-closing') || !(sampled || disputed)) return archive();
    const closedAt = now();
    const [dueAt] = await slaWithCalendarWait([
      { kind: 'due', start: closedAt, limit: { amount: RECHECK_AFTER_DAYS, unit: 'day' } },
    ]);
    s.recheck = { dueAt: dueAt!, windowEndsAt: null, taskSent: false };
    s.status = 'RECHECK';
    await record('RECHECK_SCHEDULED', 'system', sampled ? 'sampled' : 'disputed', { dueAt });
  }

  // ---------------------------------------------------------------- callback, 重办, archive
  async function startCallback() {
    const reviewedAt = now();
    const [firstAttemptAt, windowEndsAt] = await slaWithCalendarWait([
      { kind: 'nextWorkdayStart', instant: reviewedAt },
      { kind: 'workdaysAfter', instant: reviewedAt, workdays: 2 },
    ]);
    s.callback = { firstAttemptAt: firstAttemptAt!, windowEndsAt: windowEndsAt!, attempts: 0, taskSent: 0 };
    s.status = 'CALLBACK';
    await record('CALLBACK_SCHEDULED', 'system', undefined, { firstAttemptAt, windowEndsAt });
  }

  async function finishUnrated(why: string) {
    s.status = 'RATED';
    await record('NOT_EVALUATED', 'system', why);
    await archive();
  }

  async function reopenOrFlag(actor: string) {
    if (s.cycle >= 2) {
      s.flaggedForTaskForce = true;
      await record('TASK_FORCE_FLAGGED', actor, '2 reopen cycles used; handed to 专班');
      await closeOrRecheck();
      return;
    }
    s.cycle++;
    s.cycleStartedAt = now();
    s.status = 'IN_PROGRESS';
    s.supervisionLevel = 0;
    s.overdue = false;
    s.resolved = null;
    s.satisfaction = null;
    s.callback = null;
    s.schedule = null;
    s.resolveOverride = null;
    s.pauses = [];
    s.deadlines.resolve = undefined;
    await refreshSchedule();
    await record('REOPENED', actor, undefined, { cycle: s.cycle, deadline: s.deadlines.resolve });
  }

  async function archive() {
    s.status = 'ARCHIVED';
    await record('ARCHIVED', 'system');
  }

  // ---------------------------------------------------------------- timers
  /** The next timer-driven step, or null when only a message can move the request. */
  function nextTimer(): { at: string; summary: string; fire: () => Promise<void> } | null {
    if (s.status === 'RECHECK' && s.recheck) {
      const rc = s.recheck;
      if (!rc.taskSent) {
        return {
          at: rc.dueAt,
          summary: '督回访: 4-week re-check',
          fire: async () => {
            const [windowEndsAt] = await slaWithCalendarWait([{ kind: 'workdaysAfter', instant: now(), workdays: 2 }]);
            rc.taskSent = true;
            rc.windowEndsAt = windowEndsAt!;
            await record('RECHECK_TASK', 'system', undefined, { windowEndsAt });
            await notify('RECHECK_TASK', null, `工单 ${input.requestId} 办结4周复查回访`);
          },
        };
      }
      return {
        at: rc.windowEndsAt!,
        summary: '督回访 window closes',
        fire: async () => {
          await record('RECHECK_UNREACHED', 'system', 'window closed');
          await archive();
        },
      };
    }
    if (s.status === 'CALLBACK' && s.callback) {
      const cb = s.callback;
      const callbackTask = (attempt: number) => async () => {
        cb.taskSent = attempt;
        await record('CALLBACK_TASK', 'system', undefined, { attempt });
        await notify('CALLBACK_TASK', null, `工单 ${input.requestId} 待回访 (第${attempt}次)`, { attempt });
      };
      if (cb.taskSent === 0) return { at: cb.firstAttemptAt, summary: '回访: first attempt', fire: callbackTask(1) };
      // 3 attempts over the window: the 2nd and 3rd are prompted at 1/3 and 2/3 of it when the
      // citizen has not been reached yet (added while requests were in flight, hence the patch).
      const next = cb.taskSent + 1;
      if (next <= 3 && cb.attempts < next && wf.patched('callback-attempt-prompts')) {
        const first = Date.parse(cb.firstAttemptAt);
        const at = new Date(first + ((Date.parse(cb.windowEndsAt) - first) * (next - 1)) / 3).toISOString();
        return { at, summary: `回访: attempt ${next}`, fire: callbackTask(next) };
      }
      return { at: cb.windowEndsAt, summary: '回访 window closes', fire: () => finishUnrated('callback window closed') };
    }
    if (!clockRunning(s) || !s.schedule) return null;
    const sched = s.schedule;
    // 签收 overdue (24小时签收率): added while requests were in flight, hence the patch marker.
    const signDue = s.status === 'DISPATCHED' && !s.signOverdueRecorded ? s.deadlines.sign : undefined;
    const signStep =
      signDue && wf.patched('sign-overdue-reminder')
        ? { at: signDue, summary: '签收 deadline', fire: () => signOverdue() }
        : null;
    const steps: { level: number; at: string | null; summary: string; fire: () => Promise<void> }[] = [
      { level: 1, at: sched.half, summary: '督办 50%: reminder', fire: () => supervise(1) },
      { level: 2, at: sched.threeQuarters, summary: '督办 75%: 催办', fire: () => supervise(2) },
      { level: 3, at: sched.due, summary: '督办 100%: breach', fire: () => supervise(3) },
      { level: 4, at: sched.notice, summary: '通报: breach + 5 WD', fire: () => supervise(4) },
    ];
    const next = steps.find((step) => step.level > s.supervisionLevel && step.at);
    const ladder = next ? { at: next.at!, summary: next.summary, fire: next.fire } : null;
    if (signStep && (!ladder || Date.parse(signStep.at) < Date.parse(ladder.at))) return signStep;
    return ladder;
  }

  async function signOverdue() {
    s.signOverdueRecorded = true;
    await record('SIGN_OVERDUE', 'system', `not signed by ${s.deadlines.sign}`, { unit: s.unit?.code });
    await notify('SIGN_OVERDUE', s.unit?.code ?? null, `工单 ${input.requestId} 未在 ${s.deadlines.sign} 前签收，请立即签收`);
  }

  async function supervise(level: number) {
    s.supervisionLevel = level;
    const unit = s.unit?.code ?? null;
    if (level === 1) {
      await record('REMINDER_50', 'system');
      await notify('REMINDER_50', unit, `工单 ${input.requestId} 已用去一半办理时限，截止 ${s.deadlines.resolve}`);
    } else if (level === 2) {
      await record('URGE_75', 'system');
      await notify('URGE_75', unit, `催办: 工单 ${input.requestId} 将于 ${s.deadlines.resolve} 到期`, { to: 'unitHead' });
    } else if (level === 3) {
      s.overdue = true;
      await record('OVERDUE', 'system', `deadline ${s.deadlines.resolve} passed`);
      await notify('SUPERVISION_ORDER', unit, `督办单: 工单 ${input.requestId} 已超期`);
      await escalate('system', `超期未办结 (deadline ${s.deadlines.resolve})`, 'ESCALATED');
    } else {
      await record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion');
      await notify('PUBLIC_NOTICE', unit, `通报: 工单 ${input.requestId} 超期5个工作日未办结`);
    }
  }

  // ---------------------------------------------------------------- the process
  if (!input.carried) await intake();
  while (!isFinal(s)) {
    if (masterOutcome) {
      await followMaster();
      continue;
    }
    if (wf.workflowInfo().continueAsNewSuggested && s.pendingReports.length === 0) {
      // Long-lived requests (many reopen cycles, many updates) start a fresh history with the
      // compact state; wait for running handlers so no update loses its reply.
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof requestWorkflow>({ ...input, carried: s });
    }
    const timer = nextTimer();
    const seen = s.version;
    if (timer) {
      // A step already due (e.g. the 50/75 % marks after a deadline was moved closer) fires at
      // once: a 1 ms server timer would still take about a second to fire on the dev server.
      if (Date.parse(timer.at) <= nowMs() && wf.patched('fire-due-steps-at-once')) {
        await timer.fire();
        continue;
      }
      const wait = Math.max(1, Date.parse(timer.at) - nowMs());
      const changed = await wf.condition(() => s.version !== seen || isFinal(s), wait, { summary: timer.summary });
      if (!changed) await timer.fire();
    } else {
      await wf.condition(() => s.version !== seen || isFinal(s));
    }
  }
  // Let in-flight updates reply before the workflow completes.
  await wf.condition(wf.allHandlersFinished);
  return view(s);

  async function intake() {
  wf.upsertMemo({ categoryCode: input.categoryCode, type: input.type, urgency: input.urgency, channel: input.channel });
  wf.upsertSearchAttributes([
    { key: defs.SA.category, value: input.categoryCode },
    { key: defs.SA.urgency, value: input.urgency },
    ...searchAttributes(s),
  ]);
  await record('RECEIVED', 'intake', undefined, { channel: input.channel });

  try {
    s.plan = await acts.planRequest({
      categoryCode: input.categoryCode,
      urgency: input.urgency,
      locationUnitCode: input.locationUnitCode,
    });
  } catch (err) {
    // Intake validated category and unit; this only happens if they were deleted meanwhile.
    s.lastError = err instanceof wf.ActivityFailure ? String(err.cause?.message) : String(err);
    await record('PLANNING_FAILED', 'system', s.lastError);
    return;
  }
  s.status = 'TRIAGED';
  await record('TRIAGED', 'system', undefined, { categoryName: s.plan.categoryName });
  if (input.type === '咨询' && wf.patched('consultation-answered-directly')) {
    // 咨询 is answered by the hotline from the 知识库 (1 working day); a dispatcher may still
    // dispatch it when it cannot be answered directly.
    const [answerBy] = await slaWithCalendarWait([
      { kind: 'due', start: input.receivedAt, limit: { amount: 1, unit: 'workday' } },
    ]);
    s.deadlines.resolve = answerBy ?? undefined;
    await record('AWAITING_DIRECT_ANSWER', 'system', undefined, { answerBy });
    s.accepted = true;
    return;
  }
  await refreshSchedule();
  await dispatchTo(s.plan.dispatchUnit, 'system', 'DISPATCHED', '属地派单');
  s.accepted = true;
  }
}

export type { RequestStatus };
