import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Activities } from '../activities';
import {
  CONSULTATION_LIMITS,
  RESIDENT_CATEGORIES,
  isConsultationActionAllowed,
  takeUpLimit,
  type ConsultationAction,
} from '../domain/consultation-model';
import type { PointAward, PointEvent } from '../domain/consultation-points';
import {
  afterNoConsensus,
  earliestMeetingAt,
  expiryAt,
  meetingNoticeOk,
  meetingReminderAt,
  minimumNoticeMs,
  tallyEvaluation,
  tallyMeeting,
  validateMeetingRecord,
  validateParticipants,
  type Problem,
} from '../domain/consultation-rules';
import * as schemas from '../domain/consultation-schemas';
import type { TimeLimit } from '../domain/sla';
import { localDateOf } from '../domain/time';
import * as cdefs from './consultation-definitions';
import type {
  ConsultationNotificationKind,
  ConsultationView,
  ConsultationWorkflowInput,
  ImplementationRecord,
  LinkedRequestRecord,
} from './consultation-definitions';
import type { RoutedRequest } from '../activities/consultation';
import {
  archiveRecord,
  consultationDetails,
  consultationProjection,
  consultationSearchAttributes,
  consultationView,
  currentEvaluation,
  currentImplementation,
  currentNotice,
  currentPublicity,
  initialConsultationState,
  isFinalConsultation,
  type ConsultationState,
} from './consultation-state';
import { calendarUpdatedSignal, SA, type Actor, type SlaSpec } from './definitions';
import { requestWorkflow } from './request-workflow';

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

const ruleViolation = (message: string, rule: string, extra: Record<string, unknown> = {}) =>
  wf.ApplicationFailure.create({ type: 'RuleViolation', message, details: [{ rule, ...extra }], nonRetryable: true });
const problemsFailure = (problems: Problem[]) =>
  ruleViolation(problems.map((p) => p.message).join('; '), problems[0]!.rule, { problems });

/**
 * One 社区议事协商 item through 集、定、议、公、办、督、评、备; workflow id = item id.
 *
 * 定 → 接诉即办: a not-for-consultation item that is a citizen's request is handed over by an
 * activity that inserts the Request row (idempotency key derived from the item id) and then by
 * starting `requestWorkflow` as a child with parentClosePolicy ABANDON, so the request outlives
 * this item. The child start needs no Temporal Client in activities, and the history shows both.
 */
export async function consultationWorkflow(
  input: ConsultationWorkflowInput & { collectedBy?: string; carried?: ConsultationState },
): Promise<ConsultationView> {
  const s: ConsultationState = input.carried ?? initialConsultationState(input);
  const itemId = input.itemId;
  const scale = input.timeScale ?? 1;
  const now = () => new Date().toISOString();
  const nowMs = () => Date.now();
  const view = () => consultationView(s, minimumNoticeMs(scale));

  // ---------------------------------------------------------------- helpers
  const record = async (type: string, actor: string, reason?: string, data?: Record<string, unknown>) => {
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

  let calendarNudged = false;
  wf.setHandler(calendarUpdatedSignal, () => {
    calendarNudged = true;
  });

  /** Due instants from the statutory calendar (an activity), compressed by the time scale. */
  const sla = async (specs: SlaSpec[]): Promise<string[]> => {
    for (;;) {
      try {
        const result = await acts.computeSla(specs.map((spec) => ({ ...spec, scale })));
        if (s.lastError) {
          s.lastError = null;
          await record('CALENDAR_GAP_CLOSED', 'system');
        }
        return result.instants.map((i) => i ?? now());
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
  const due = async (start: string, limit: TimeLimit) => (await sla([{ kind: 'due', start, limit }]))[0]!;

  // ---------------------------------------------------------------- queries and updates
  wf.setHandler(cdefs.consultationStateQuery, () => view());
  wf.setHandler(cdefs.consultationAcceptUpdate, async () => {
    await wf.condition(() => s.accepted || s.lastError !== null);
    return view();
  });

  /**
   * Registers one step action: the validator rejects a wrong state (409), a bad payload (400) or
   * a broken rule (422) before anything is written; the handler records and returns the view.
   */
  function action<S extends z.ZodType>(
    def: UpdateDefinition<ConsultationView, [cdefs.ConsultationActionArgs<S>]>,
    name: ConsultationAction,
    schema: S,
    handler: (payload: z.output<S>, actor: Actor) => Promise<void>,
    extraCheck?: (payload: z.output<S>, actor: Actor) => void,
  ) {
    wf.setHandler(
      def,
      async ({ actor, input: raw }) => {
        // One step action at a time: handlers wait on activities, and a second action validated
        // meanwhile would see the state from before the first one finished.
        busy = name;
        try {
          await handler(schema.parse(raw), actor);
        } finally {
          busy = null;
        }
        return view();
      },
      {
        validator: ({ actor, input: raw }) => {
          if (!actor || typeof actor.subject !== 'string') throw ruleViolation('actor is required', 'actor');
          if (busy) {
            throw wf.ApplicationFailure.create({
              type: 'InvalidState',
              message: `${busy === 'timer' ? 'a timer step' : `another action (${busy})`} is in progress on this item; retry`,
              details: [{ status: s.status, allowedActions: view().allowedActions }],
              nonRetryable: true,
            });
          }
          if (!isConsultationActionAllowed(name, s.status)) {
            throw wf.ApplicationFailure.create({
              type: 'InvalidState',
              message: `${name} is not allowed while the consultation item is ${s.status}`,
              details: [{ status: s.status, allowedActions: view().allowedActions }],
              nonRetryable: true,
            });
          }
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
  /** The step action or timer step running now (validators refuse other actions meanwhile). */
  let busy: ConsultationAction | 'timer' | null = null;

  // ---------------------------------------------------------------- 定: screening against 五议五不议
  action(cdefs.screenUpdate, 'screen', schemas.screenSchema, async (p, a) => {
    const topic = await acts.findConsultationTopic(input.communityCode, p.topicCode);
    if (!topic) {
      throw ruleViolation(`topic ${p.topicCode} is not in the 五议五不议 catalogue of ${input.communityCode}`, 'unknownTopic');
    }
    if (topic.allowed && p.routeToRequest) {
      throw ruleViolation('only an item that may not be consulted is handed to 接诉即办', 'routeToRequest');
    }
    const at = now();
    const onTime = !s.takeUpDeadline || Date.parse(at) <= Date.parse(s.takeUpDeadline);
    if (topic.allowed) {
      s.screening = { topic, forConsultation: true, note: p.note ?? null, by: who(a), at, route: null, routedRequestId: null };
      s.status = 'SCREENED';
      await record('SCREENED', who(a), p.note, { topic: topic.code, topicName: topic.name, forConsultation: true, onTime });
      return;
    }
    let routedRequestId: string | null = null;
    if (p.routeToRequest) routedRequestId = await handOverToRequest(p.routeToRequest);
    s.screening = {
      topic,
      forConsultation: false,
      note: p.note ?? null,
      by: who(a),
      at,
      route: p.routeToRequest ?? null,
      routedRequestId,
    };
    s.status = 'REJECTED';
    s.outcome = 'NOT_FOR_CONSULTATION';
    await record('NOT_FOR_CONSULTATION', who(a), `${topic.name}${p.note ? `: ${p.note}` : ''}`, {
      topic: topic.code,
      forConsultation: false,
      routedRequestId,
      onTime,
    });
    await archive();
  });

  /** Inserts the Request row (activity) and starts its workflow as an abandoned child. */
  async function handOverToRequest(route: { categoryCode: string; type: string; urgency: string }): Promise<string> {
    let routed;
    try {
      routed = await acts.routeConsultationToRequest({ itemId, route });
    } catch (err) {
      const cause = err instanceof wf.ActivityFailure ? err.cause : err;
      throw ruleViolation(`hand-over to 接诉即办 failed: ${cause instanceof Error ? cause.message : String(cause)}`, 'routeToRequest');
    }
    await startRequestWorkflow(routed, `接诉即办 · 转自社区议事协商 ${itemId}`);
    return routed.requestId;
  }

  /**
   * Starts a 接诉即办 request's workflow as a child of this item. ABANDON: the request lives on
   * after this item is archived. Returns the child handle, or null when it was already running.
   */
  async function startRequestWorkflow(routed: RoutedRequest, summary: string) {
    try {
      return await wf.startChild(requestWorkflow, {
        workflowId: routed.requestId,
        args: [
          {
            requestId: routed.requestId,
            categoryCode: routed.categoryCode,
            type: routed.type,
            urgency: routed.urgency,
            channel: 'OTHER',
            locationUnitCode: routed.locationUnitCode,
            receivedAt: routed.receivedAt,
            ...(input.timeScale && input.timeScale !== 1 ? { timeScale: input.timeScale } : {}),
            ...(input.recheckSamplePercent !== undefined ? { recheckSamplePercent: input.recheckSamplePercent } : {}),
          },
        ],
        parentClosePolicy: 'ABANDON',
        staticSummary: summary,
        typedSearchAttributes: [
          { key: SA.status, value: 'RECEIVED' },
          { key: SA.category, value: routed.categoryCode },
          { key: SA.urgency, value: routed.urgency },
        ],
      });
    } catch (err) {
      // Already running (e.g. started by an earlier attempt of this hand-over): that is the request.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return null;
    }
  }

  // ---------------------------------------------------------------- 定: "1+8+N" and the form
  action(
    cdefs.setParticipantsUpdate,
    'setParticipants',
    schemas.setParticipantsSchema,
    async (p, a) => {
      s.participants = p.participants;
      s.form = p.form;
      s.status = 'AGENDA_SET';
      const byCategory: Record<string, number> = {};
      for (const x of p.participants) byCategory[x.category] = (byCategory[x.category] ?? 0) + 1;
      await record('PARTICIPANTS_SET', who(a), p.note, { form: p.form, count: p.participants.length, byCategory });
    },
    (p) => {
      const problems = validateParticipants(p.participants, s.screening?.topic.requiredCategories ?? []);
      if (problems.length) throw problemsFailure(problems);
    },
  );

  // ---------------------------------------------------------------- 定 → 议: notice ≥ 3 days ahead
  action(
    cdefs.scheduleMeetingUpdate,
    'scheduleMeeting',
    schemas.scheduleMeetingSchema,
    async (p, a) => {
      const noticeAt = now();
      const meetingAt = new Date(p.meetingAt).toISOString();
      const previous = s.status;
      s.notices.push({
        round: s.meetings.length + 1,
        form: s.form ?? 'MEETING',
        meetingAt,
        place: p.place ?? null,
        agenda: p.agenda ?? null,
        noticeAt,
        by: who(a),
        recipients: s.participants.map((x) => x.id),
        reminderSent: false,
      });
      s.status = 'MEETING_SCHEDULED';
      await record(previous === 'MEETING_SCHEDULED' ? 'MEETING_RESCHEDULED' : 'MEETING_NOTICE', who(a), p.agenda, {
        meetingAt,
        form: s.form,
        place: p.place ?? null,
        recipients: s.participants.length,
      });
      await notifyParticipants(
        'MEETING_NOTICE',
        `议事通知: 议题 ${itemId} 定于 ${meetingAt} ${p.place ? `在 ${p.place} ` : ''}协商 (${s.form})`,
        { meetingAt, form: s.form, place: p.place ?? null },
      );
    },
    (p) => {
      if (!meetingNoticeOk(nowMs(), Date.parse(p.meetingAt), scale)) {
        const earliest = new Date(earliestMeetingAt(nowMs(), scale)).toISOString();
        throw ruleViolation(`the meeting must be at least 3 days after the notice (earliest ${earliest})`, 'noticePeriod', {
          earliestMeetingAt: earliest,
        });
      }
    },
  );

  // ---------------------------------------------------------------- 议: minutes, quorum, vote
  action(
    cdefs.recordMeetingUpdate,
    'recordMeeting',
    schemas.recordMeetingSchema,
    async (p, a) => {
      const notice = currentNotice(s)!;
      const tally = tallyMeeting(s.participants.length, p.attendees, p.votes);
      s.meetings.push({
        round: notice.round,
        scheduledAt: notice.meetingAt,
        recordedAt: now(),
        form: notice.form,
        attendees: p.attendees,
        opinions: p.opinions,
        votes: p.votes,
        proposal: p.proposal,
        minutes: p.minutes,
        tally,
        by: who(a),
      });
      const voters = [...p.votes.inFavour, ...p.votes.against, ...p.votes.abstain];
      if (tally.consensus) {
        s.resolution = p.proposal;
        s.status = 'DELIBERATED';
        await record('DELIBERATED', who(a), undefined, { round: notice.round, tally });
      } else {
        s.noConsensusCount++;
        const why = !tally.quorum ? 'no quorum' : 'no majority';
        if (afterNoConsensus(s.noConsensusCount) === 'RETURN_TO_SCREENING') {
          s.status = 'SCREENED';
          await record('NO_CONSENSUS', who(a), why, {
            round: notice.round,
            tally,
            returnsLeft: CONSULTATION_LIMITS.MAX_NO_CONSENSUS_RETURNS - s.noConsensusCount,
          });
        } else {
          s.status = 'NO_CONSENSUS';
          s.outcome = 'NO_CONSENSUS';
          await record('CLOSED_NO_CONSENSUS', who(a), why, { round: notice.round, tally, failures: s.noConsensusCount });
        }
      }
      await award(
        [
          ...awardsFor(p.attendees.filter(residentParticipant), 'ATTEND'),
          ...awardsFor(voters.filter(residentParticipant), 'VOTE'),
        ],
        `议事会议 第${notice.round}轮`,
      );
      if (s.status === 'NO_CONSENSUS') await archive();
    },
    (p) => {
      const notice = currentNotice(s);
      if (notice && nowMs() < Date.parse(notice.meetingAt)) {
        throw ruleViolation(`the meeting is scheduled for ${notice.meetingAt} and cannot be recorded before`, 'meetingNotHeldYet');
      }
      const problems = validateMeetingRecord(s.participants, p.attendees, p.votes);
      if (problems.length) throw problemsFailure(problems);
    },
  );

  // ---------------------------------------------------------------- 公: 7-day publicity, objections
  action(cdefs.publishUpdate, 'publish', schemas.publishSchema, async (p, a) => {
    const startedAt = now();
    const endsAt = await due(startedAt, CONSULTATION_LIMITS.PUBLICITY);
    s.publicity.push({
      round: s.publicity.length + 1,
      text: p.text ?? s.resolution ?? '',
      channels: p.channels,
      startedAt,
      endsAt,
      windowClosed: false,
      objections: [],
      outcome: 'RUNNING',
    });
    s.status = 'PUBLICIZING';
    await record('PUBLICITY_STARTED', who(a), undefined, { endsAt, channels: p.channels });
    await notify('PUBLICITY_POSTED', input.communityCode, `协商意见公示: 议题 ${itemId}，公示至 ${endsAt}`, { endsAt });
  });

  action(
    cdefs.objectUpdate,
    'object',
    schemas.objectSchema,
    async (p, a) => {
      const pub = currentPublicity(s)!;
      const no = pub.objections.length + 1;
      pub.objections.push({ no, residentId: p.residentId ?? null, text: p.text, at: now(), by: who(a), decision: null });
      await record('OBJECTION', who(a), p.text, { no, residentId: p.residentId ?? null });
      await notify('OBJECTION_RECEIVED', input.communityCode, `公示异议: 议题 ${itemId} 收到第${no}条异议，请召集人认定`, { no });
    },
    () => {
      const pub = currentPublicity(s);
      if (!pub || pub.windowClosed) throw ruleViolation('the publicity window has closed', 'publicityClosed');
    },
  );

  action(
    cdefs.decideObjectionUpdate,
    'decideObjection',
    schemas.decideObjectionSchema,
    async (p, a) => {
      const pub = currentPublicity(s)!;
      const objection = pub.objections.find((o) => o.no === p.objectionNo)!;
      objection.decision = { substantive: p.substantive, reason: p.reason, by: who(a), at: now() };
      await record('OBJECTION_DECIDED', who(a), p.reason, { no: p.objectionNo, substantive: p.substantive });
      if (p.substantive) {
        pub.outcome = 'RETURNED_TO_DELIBERATION';
        s.status = 'REDELIBERATION';
        await record('RETURNED_TO_DELIBERATION', who(a), p.reason, { objection: p.objectionNo });
      } else if (pub.windowClosed && pub.objections.every((o) => o.decision)) {
        await finishPublicity();
      }
    },
    (p) => {
      const objection = currentPublicity(s)?.objections.find((o) => o.no === p.objectionNo);
      if (!objection) throw ruleViolation(`no objection ${p.objectionNo} in this publicity`, 'unknownObjection');
      if (objection.decision) throw ruleViolation(`objection ${p.objectionNo} is already decided`, 'objectionDecided');
    },
  );

  async function finishPublicity() {
    const pub = currentPublicity(s)!;
    pub.outcome = 'COMPLETED';
    s.status = 'PUBLICIZED';
    await record('PUBLICITY_COMPLETED', 'system', undefined, { objections: pub.objections.length });
  }

  // ---------------------------------------------------------------- 办: owner, deadline, reminders
  action(
    cdefs.assignUpdate,
    'assign',
    schemas.assignSchema,
    async (p, a) => {
      const ownerUnit = p.owner.unitCode ?? input.communityCode;
      if (p.owner.unitCode && !(await acts.findUnit(p.owner.unitCode))) {
        throw ruleViolation(`unknown unit ${p.owner.unitCode}`, 'unknownUnit');
      }
      const impl = await startImplementation({ label: p.owner.label, unitCode: ownerUnit }, who(a), p.deadline);
      await record('ASSIGNED', who(a), p.note, {
        owner: impl.owner,
        deadline: impl.deadline,
        volunteers: p.volunteers,
        cycle: impl.cycle,
      });
      await notify('IMPLEMENTATION_ASSIGNED', ownerUnit, `议事协商 ${itemId} 交由 ${p.owner.label} 落实，时限 ${impl.deadline}`, {
        deadline: impl.deadline,
      });
      await award(awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
    },
    (p) => {
      if (p.deadline && Date.parse(p.deadline) <= nowMs()) throw ruleViolation('the deadline must be in the future', 'deadlineInPast');
    },
  );

  /** Opens a 办 cycle: deadline (given, or 30 days) and the 50/75/100 % and 通报 checkpoints. */
  async function startImplementation(
    owner: { label: string; unitCode: string },
    by: string,
    deadline?: string,
  ): Promise<ImplementationRecord> {
    const assignedAt = now();
    let half: string, threeQuarters: string, dueAt: string;
    if (deadline) {
      dueAt = new Date(deadline).toISOString();
      const span = Date.parse(dueAt) - Date.parse(assignedAt);
      half = new Date(Date.parse(assignedAt) + span * 0.5).toISOString();
      threeQuarters = new Date(Date.parse(assignedAt) + span * 0.75).toISOString();
    } else {
      const limit = CONSULTATION_LIMITS.IMPLEMENTATION;
      [half, threeQuarters, dueAt] = (await sla([
        { kind: 'due', start: assignedAt, limit, fraction: 0.5 },
        { kind: 'due', start: assignedAt, limit, fraction: 0.75 },
        { kind: 'due', start: assignedAt, limit },
      ])) as [string, string, string];
    }
    const [notice] = await sla([
      { kind: 'workdaysAfter', instant: dueAt, workdays: CONSULTATION_LIMITS.PUBLIC_NOTICE_AFTER_WORKDAYS, origin: assignedAt },
    ]);
    const impl: ImplementationRecord = {
      cycle: s.implementations.length + 1,
      owner,
      assignedAt,
      deadline: dueAt,
      schedule: { half, threeQuarters, due: dueAt, notice: notice ?? null },
      supervisionLevel: 0,
      overdue: false,
      completedAt: null,
      by,
    };
    s.implementations.push(impl);
    s.status = 'IMPLEMENTING';
    return impl;
  }

  // ---------------------------------------------------------------- 办 → 接诉即办: unit tasks
  action(
    cdefs.dispatchRequestUpdate,
    'dispatchRequest',
    schemas.dispatchRequestSchema,
    async (p, a) => {
      const info = await acts.linkedRequestInfo({ itemId, requestId: p.requestId });
      if (!info) throw ruleViolation(`request ${p.requestId} is not a task of this item`, 'requestId');
      const impl = currentImplementation(s)!;
      const child = await startRequestWorkflow(info, `接诉即办 · 社区议事协商 ${itemId} 落实任务`);
      const link: LinkedRequestRecord = {
        requestId: info.requestId,
        cycle: impl.cycle,
        categoryCode: info.categoryCode,
        locationUnitCode: info.locationUnitCode,
        dispatchedAt: now(),
        by: who(a),
        closed: false,
        closedStatus: null,
        closedAt: null,
      };
      s.linkedRequests.push(link);
      await record('REQUEST_DISPATCHED', who(a), undefined, {
        requestId: info.requestId,
        categoryCode: info.categoryCode,
        location: info.locationUnitCode,
      });
      // 办 waits for the request: its end is recorded when the child workflow completes.
      if (child) {
        void child.result().then(
          (result) => linkedRequestClosed(link, result.status),
          (err) => linkedRequestClosed(link, `FAILED: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    },
    (p) => {
      if (s.linkedRequests.some((l) => l.requestId === p.requestId)) {
        throw ruleViolation(`request ${p.requestId} is already linked`, 'requestId');
      }
    },
  );

  async function linkedRequestClosed(link: LinkedRequestRecord, status: string) {
    link.closed = true;
    link.closedStatus = status;
    link.closedAt = now();
    await record('LINKED_REQUEST_CLOSED', 'system', undefined, { requestId: link.requestId, status });
  }

  // ---------------------------------------------------------------- 督: progress checkpoints
  action(
    cdefs.consultationProgressUpdate,
    'progress',
    schemas.progressSchema,
    async (p, a) => {
      const impl = currentImplementation(s)!;
      const recordedAt = now();
      const date = p.date ?? localDateOf(new Date(recordedAt));
      s.progress.push({
        cycle: impl.cycle,
        date,
        recordedAt,
        percent: p.percent,
        note: p.note,
        evidence: p.evidence,
        volunteers: p.volunteers,
        by: who(a),
      });
      await record('PROGRESS', who(a), p.note, { percent: p.percent, date, evidence: p.evidence, cycle: impl.cycle });
      await award(awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
      if (p.percent === 100) {
        impl.completedAt = recordedAt;
        await record('IMPLEMENTATION_COMPLETED', who(a), undefined, {
          cycle: impl.cycle,
          onTime: Date.parse(recordedAt) <= Date.parse(impl.deadline),
        });
        await openEvaluation();
      }
    },
    (p) => {
      const open = s.linkedRequests.filter((l) => !l.closed).map((l) => l.requestId);
      if (p.percent === 100 && open.length) {
        throw ruleViolation(`办 waits for its 接诉即办 requests: ${open.join(', ')}`, 'linkedRequestsOpen', { open });
      }
    },
  );

  // ---------------------------------------------------------------- 评: 7-day evaluation
  async function openEvaluation() {
    const opensAt = now();
    const closesAt = await due(opensAt, CONSULTATION_LIMITS.EVALUATION);
    s.evaluations.push({ round: s.evaluations.length + 1, opensAt, closesAt, ratings: [], tally: null });
    s.status = 'EVALUATING';
    await record('EVALUATION_OPENED', 'system', undefined, { closesAt });
    await notify('EVALUATION_OPEN', input.communityCode, `议事协商 ${itemId} 已办结，请居民和参与方于 ${closesAt} 前评议`, {
      closesAt,
    });
  }

  action(
    cdefs.evaluateUpdate,
    'evaluate',
    schemas.evaluateSchema,
    async (p, a) => {
      const ev = currentEvaluation(s)!;
      ev.ratings.push({
        raterId: p.raterId,
        raterKind: p.raterKind,
        satisfaction: p.satisfaction,
        comment: p.comment ?? null,
        at: now(),
        by: who(a),
      });
      await record('RATED', who(a), p.comment, { raterId: p.raterId, raterKind: p.raterKind, satisfaction: p.satisfaction });
      const isResident = p.raterKind === 'RESIDENT' || residentParticipant(p.raterId);
      if (isResident) await award([{ residentId: p.raterId, event: 'EVALUATE' }], '参与评议');
    },
    (p) => {
      const ev = currentEvaluation(s);
      if (!ev || nowMs() >= Date.parse(ev.closesAt)) throw ruleViolation('the evaluation window has closed', 'evaluationClosed');
      if (p.raterKind === 'PARTICIPANT' && !s.participants.some((x) => x.id === p.raterId)) {
        throw ruleViolation(`${p.raterId} is not a participant of this item`, 'notParticipant');
      }
      if (ev.ratings.some((r) => r.raterId === p.raterId)) throw ruleViolation(`${p.raterId} has already rated`, 'alreadyRated');
    },
  );

  async function closeEvaluation() {
    const ev = currentEvaluation(s)!;
    ev.tally = tallyEvaluation(ev.ratings);
    if (ev.tally.passed === false) {
      await record('EVALUATION_FAILED', 'system', 'more than half not satisfied, or exactly half', { tally: ev.tally });
      const previous = currentImplementation(s)!;
      const impl = await startImplementation(previous.owner, 'system');
      await record('REOPENED', 'system', undefined, { cycle: impl.cycle, deadline: impl.deadline });
      await notify('IMPLEMENTATION_ASSIGNED', impl.owner.unitCode, `评议未通过: 议事协商 ${itemId} 重新办理，时限 ${impl.deadline}`, {
        deadline: impl.deadline,
      });
      return;
    }
    await record(ev.tally.passed ? 'EVALUATION_PASSED' : 'NOT_EVALUATED', 'system', undefined, { tally: ev.tally });
    s.status = 'ARCHIVED';
    s.outcome = 'COMPLETED';
    await archive();
  }

  // ---------------------------------------------------------------- 备: the archive record
  async function archive() {
    const archivedAt = now();
    s.archivedAt = archivedAt;
    try {
      const result = await acts.writeConsultationArchive(archiveRecord(s, archivedAt));
      s.archived = true;
      s.archiveHash = result.contentHash;
      await record('ARCHIVED', 'system', undefined, { outcome: s.outcome, contentHash: result.contentHash });
    } catch (err) {
      s.lastError = `archive failed: ${err instanceof Error ? err.message : String(err)}`;
      await record('ARCHIVE_FAILED', 'system', s.lastError);
    }
  }

  // ---------------------------------------------------------------- timers
  function nextTimer(): { at: string; summary: string; fire: () => Promise<void> } | null {
    switch (s.status) {
      case 'COLLECTED': {
        const expiry = { at: s.expiresAt, summary: '集: 12-month expiry', fire: expire };
        if (s.takeUpDeadline && !s.takeUpOverdue && Date.parse(s.takeUpDeadline) < Date.parse(s.expiresAt)) {
          return { at: s.takeUpDeadline, summary: `集: take-up deadline (${input.track})`, fire: takeUpOverdue };
        }
        return expiry;
      }
      case 'MEETING_SCHEDULED': {
        const notice = currentNotice(s);
        if (!notice || notice.reminderSent) return null;
        const at = meetingReminderAt(Date.parse(notice.meetingAt), scale);
        return {
          at: new Date(at).toISOString(),
          summary: '议: reminder 24 h before the meeting',
          fire: async () => {
            notice.reminderSent = true;
            await record('MEETING_REMINDER', 'system', undefined, { meetingAt: notice.meetingAt });
            await notifyParticipants('MEETING_REMINDER', `议事提醒: 议题 ${itemId} 将于 ${notice.meetingAt} 协商`, {
              meetingAt: notice.meetingAt,
            });
          },
        };
      }
      case 'PUBLICIZING': {
        const pub = currentPublicity(s);
        if (!pub || pub.windowClosed) return null;
        return {
          at: pub.endsAt,
          summary: '公: publicity window (7 days)',
          fire: async () => {
            pub.windowClosed = true;
            const pending = pub.objections.filter((o) => !o.decision).length;
            await record('PUBLICITY_WINDOW_CLOSED', 'system', undefined, { objections: pub.objections.length, pending });
            if (pending === 0) await finishPublicity();
          },
        };
      }
      case 'IMPLEMENTING':
        return supervisionTimer();
      case 'EVALUATING': {
        const ev = currentEvaluation(s);
        return ev ? { at: ev.closesAt, summary: '评: evaluation window (7 days)', fire: closeEvaluation } : null;
      }
      default:
        return null;
    }
  }

  async function takeUpOverdue() {
    s.takeUpOverdue = true;
    await record('TAKE_UP_OVERDUE', 'system', `not taken up by ${s.takeUpDeadline}`, { track: input.track });
    await notify(
      'CONSULTATION_TAKE_UP_OVERDUE',
      input.communityCode,
      `议题 ${itemId} 未在时限 ${s.takeUpDeadline} 内${input.track === 'INSTANT' ? '答复 (即时议 48小时)' : '启动 (深入议 5个工作日)'}`,
    );
  }

  async function expire() {
    s.status = 'EXPIRED';
    s.outcome = 'EXPIRED';
    await record('EXPIRED', 'system', `not taken up within ${CONSULTATION_LIMITS.EXPIRY_MONTHS} months`);
    await archive();
  }

  /** The same 50/75/100 % + 通报 ladder as requests, on the implementation deadline. */
  function supervisionTimer(): { at: string; summary: string; fire: () => Promise<void> } | null {
    const impl = currentImplementation(s);
    if (!impl) return null;
    const steps = [
      { level: 1, at: impl.schedule.half, summary: '督办 50%: reminder' },
      { level: 2, at: impl.schedule.threeQuarters, summary: '督办 75%: 催办' },
      { level: 3, at: impl.schedule.due, summary: '督办 100%: breach' },
      { level: 4, at: impl.schedule.notice, summary: '通报: breach + 5 WD' },
    ];
    const next = steps.find((step) => step.level > impl.supervisionLevel && step.at);
    return next ? { at: next.at!, summary: next.summary, fire: () => supervise(impl, next.level) } : null;
  }

  async function supervise(impl: ImplementationRecord, level: number) {
    impl.supervisionLevel = level;
    const unit = impl.owner.unitCode;
    if (level === 1) {
      await record('REMINDER_50', 'system', undefined, { cycle: impl.cycle });
      await notify('REMINDER_50', unit, `议事协商 ${itemId} 已用去一半落实时限，截止 ${impl.deadline}`);
    } else if (level === 2) {
      await record('URGE_75', 'system', undefined, { cycle: impl.cycle });
      await notify('URGE_75', unit, `催办: 议事协商 ${itemId} 将于 ${impl.deadline} 到期`, { to: 'unitHead' });
    } else if (level === 3) {
      impl.overdue = true;
      await record('OVERDUE', 'system', `deadline ${impl.deadline} passed`, { cycle: impl.cycle });
      await notify('SUPERVISION_ORDER', unit, `督办单: 议事协商 ${itemId} 落实超期`);
      // 下呼上应: the street above the community is told (the item stays with its community).
      const target = await acts.findEscalationTarget(input.communityCode);
      if (target) {
        await record('ESCALATED', 'system', `超期未落实 (deadline ${impl.deadline})`, { to: target.code });
        await notify('ESCALATED', target.code, `议事协商 ${itemId} (${input.communityCode}) 落实超期，请街道督办`);
      }
    } else {
      await record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion', { cycle: impl.cycle });
      await notify('PUBLIC_NOTICE', unit, `通报: 议事协商 ${itemId} 超期5个工作日未落实`);
    }
  }

  // ---------------------------------------------------------------- the process
  if (!input.carried) await collect();
  while (!isFinalConsultation(s)) {
    // Not while unit tasks run: their results arrive at this run's child handles.
    if (wf.workflowInfo().continueAsNewSuggested && s.linkedRequests.every((l) => l.closed)) {
      // Long-lived items (many rounds, many checkpoints) start a fresh history with the compact
      // state; wait for running handlers so no update loses its reply.
      await wf.condition(wf.allHandlersFinished);
      if (!isFinalConsultation(s)) {
        await wf.continueAsNew<typeof consultationWorkflow>({ ...input, carried: s });
      }
      continue;
    }
    const timer = nextTimer();
    const seen = s.version;
    if (timer) {
      const wait = Math.max(1, Date.parse(timer.at) - nowMs());
      const changed = await wf.condition(() => s.version !== seen || isFinalConsultation(s), wait, { summary: timer.summary });
      if (!changed) {
        if (busy) {
          // An action is half-way: let it finish, then look at the timers again.
          await wf.condition(() => busy === null);
          continue;
        }
        busy = 'timer';
        try {
          await timer.fire();
        } finally {
          busy = null;
        }
      }
    } else {
      await wf.condition(() => s.version !== seen || isFinalConsultation(s));
    }
  }
  // Let in-flight updates (and the archive write they started) finish before completing.
  await wf.condition(wf.allHandlersFinished);
  return view();

  /** 集: deadlines of the track, the 12-month expiry, and the proposer's points. */
  async function collect() {
    wf.upsertMemo({ kind: 'consultation', source: input.source, track: input.track });
    s.expiresAt = new Date(expiryAt(Date.parse(input.collectedAt), scale)).toISOString();
    s.takeUpDeadline = await due(input.collectedAt, takeUpLimit(input.track));
    await record('COLLECTED', input.collectedBy ?? 'intake', undefined, {
      source: input.source,
      track: input.track,
      takeUpDeadline: s.takeUpDeadline,
      expiresAt: s.expiresAt,
      hotspotRequestIds: input.hotspotRequestIds ?? [],
    });
    if (input.proposerResidentId) {
      await award([{ residentId: input.proposerResidentId, event: 'SUBMIT_TOPIC' }], '提出议题');
    }
    s.accepted = true;
  }
}
