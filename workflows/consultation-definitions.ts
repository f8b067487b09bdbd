/**
 * What clients, the worker and the consultation workflow share: message definitions, the live
 * view, and the shapes that cross the workflow boundary. Safe to import from workflow code.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type {
  ConsultationForm,
  ConsultationOutcome,
  ConsultationSatisfaction,
  ConsultationSource,
  ConsultationStatus,
  ConsultationStep,
  ConsultationTrack,
  ParticipantCategory,
  RaterKind,
} from '../domain/consultations/model';
import type { PointAward } from '../domain/consultations/points';
import type { EvaluationTally, MeetingTally, Participant, VoteRecord } from '../domain/consultations/rules';
import { CONSULTATION_ACTIONS, type ConsultationAction, type ConsultationActionSchema } from '../domain/consultations/actions';
import type { Actor } from './definitions';

/** Workflow input. Free of personal data: titles, names, phones and addresses stay in PostgreSQL. */
export interface ConsultationWorkflowInput {
  itemId: string;
  communityCode: string;
  source: ConsultationSource;
  track: ConsultationTrack;
  proposerResidentId?: string;
  hotspotRequestIds?: string[];
  collectedAt: string;
  /** Passed on to 接诉即办 requests this item hands over (see RequestWorkflowInput). */
  recheckSamplePercent?: number;
}

export interface CatalogueTopic {
  code: string;
  name: string;
  allowed: boolean;
  description: string;
  requiredCategories: ParticipantCategory[];
}

export interface ScreeningRecord {
  topic: CatalogueTopic;
  forConsultation: boolean;
  note: string | null;
  by: string;
  at: string;
  route: { categoryCode: string; type: string; urgency: string } | null;
  routedRequestId: string | null;
}

export interface NoticeRecord {
  round: number;
  form: ConsultationForm;
  meetingAt: string;
  place: string | null;
  agenda: string | null;
  noticeAt: string;
  by: string;
  recipients: string[];
  reminderSent: boolean;
}

export interface MeetingRecord {
  round: number;
  scheduledAt: string;
  recordedAt: string;
  form: ConsultationForm;
  attendees: string[];
  opinions: { participantId?: string; text: string }[];
  votes: VoteRecord;
  proposal: string;
  minutes: string;
  tally: MeetingTally;
  by: string;
}

export interface ObjectionRecord {
  no: number;
  residentId: string | null;
  text: string;
  at: string;
  by: string;
  decision: { substantive: boolean; reason: string; by: string; at: string } | null;
}

export interface PublicityRecord {
  round: number;
  text: string;
  channels: string[];
  startedAt: string;
  endsAt: string;
  windowClosed: boolean;
  objections: ObjectionRecord[];
  outcome: 'RUNNING' | 'COMPLETED' | 'RETURNED_TO_DELIBERATION';
}

export interface SupervisionSchedule {
  half: string | null;
  threeQuarters: string | null;
  due: string | null;
  notice: string | null;
}

export interface ImplementationRecord {
  cycle: number;
  owner: { label: string; unitCode: string };
  assignedAt: string;
  deadline: string;
  schedule: SupervisionSchedule;
  supervisionLevel: number;
  overdue: boolean;
  completedAt: string | null;
  by: string;
}

/** A unit task of 办, run as a 接诉即办 request (child workflow, abandoned on close). */
export interface LinkedRequestRecord {
  requestId: string;
  cycle: number;
  categoryCode: string;
  locationUnitCode: string;
  dispatchedAt: string;
  by: string;
  closed: boolean;
  closedStatus: string | null;
  closedAt: string | null;
}

/** 督: a Decidim-style dated timeline entry with a progress percentage. */
export interface ProgressCheckpoint {
  cycle: number;
  date: string;
  recordedAt: string;
  percent: number;
  note: string;
  evidence: string[];
  volunteers: string[];
  by: string;
}

export interface RatingRecord {
  raterId: string;
  raterKind: RaterKind;
  satisfaction: ConsultationSatisfaction;
  comment: string | null;
  at: string;
  by: string;
}

export interface EvaluationRecord {
  round: number;
  opensAt: string;
  closesAt: string;
  ratings: RatingRecord[];
  tally: EvaluationTally | null;
}

export interface ConsultationView {
  itemId: string;
  communityCode: string;
  source: ConsultationSource;
  track: ConsultationTrack;
  status: ConsultationStatus;
  statusLabel: string;
  step: ConsultationStep;
  takeUpDeadline: string | null;
  takeUpOverdue: boolean;
  /** The current deadline, and whether any deadline was counted with the provisional calendar rule. */
  deadlines: {
    current: string | null;
    provisional: boolean;
    calendarVersion?: string;
    calendarCoveredUntil?: string;
  };
  expiresAt: string;
  screening: ScreeningRecord | null;
  participants: Participant[];
  form: ConsultationForm | null;
  notices: NoticeRecord[];
  /** The shortest notice before a meeting, in ms: 72 hours (less under a drill time scale). */
  minimumNoticeMs: number;
  meetings: MeetingRecord[];
  noConsensusCount: number;
  resolution: string | null;
  publicity: PublicityRecord[];
  implementation: ImplementationRecord | null;
  implementationCycles: ImplementationRecord[];
  linkedRequests: LinkedRequestRecord[];
  progress: ProgressCheckpoint[];
  progressPercent: number;
  evaluations: EvaluationRecord[];
  outcome: ConsultationOutcome | null;
  archived: boolean;
  allowedActions: ConsultationAction[];
  lastError: string | null;
}

/** What a step action update carries: as for requests (ActionArgs), the payload as the API validated it. */
export interface ConsultationActionArgs<S extends z.ZodType> {
  actor: Actor;
  input: z.output<S>;
}

export const consultationStateQuery = defineQuery<ConsultationView>('consultationState');
/** Sent with start (update-with-start): returns once the item is collected with its deadlines. */
export const consultationAcceptUpdate = defineUpdate<ConsultationView>('consultationAccept');

/** One update per entry of the action table, typed with that action's payload. */
export type ConsultationActionUpdates = {
  [A in ConsultationAction]: UpdateDefinition<ConsultationView, [ConsultationActionArgs<ConsultationActionSchema<A>>]>;
};

function defineActionUpdates(): ConsultationActionUpdates {
  const updates: Partial<Record<ConsultationAction, UpdateDefinition<ConsultationView, [ConsultationActionArgs<z.ZodType>]>>> = {};
  // Named apart from the request workflow's updates (recorded histories carry the name).
  for (const action of CONSULTATION_ACTIONS) updates[action] = defineUpdate(`consultation.${action}`);
  // A loop cannot type each key by itself: the mapped type says what each entry is.
  return updates as ConsultationActionUpdates;
}

export const CONSULTATION_ACTION_UPDATES = defineActionUpdates();

/** Timeline event written to the read model; (itemId, seq) makes the write idempotent. */
export interface ConsultationEventRecord {
  itemId: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  reason?: string;
  data?: Record<string, unknown>;
}

/** The projected row fields that change with each event. */
export interface ConsultationProjection {
  status: ConsultationStatus;
  step: ConsultationStep;
  overdue: boolean;
  deadline: string | null;
  deadlinesProvisional: boolean;
  meetingAt: string | null;
  publicityEndsAt: string | null;
  ownerLabel: string | null;
  progressPercent: number;
  noConsensusCount: number;
  routedRequestId: string | null;
  outcome: ConsultationOutcome | null;
}

export type ConsultationNotificationKind =
  | 'CONSULTATION_TAKE_UP_OVERDUE'
  | 'MEETING_NOTICE'
  | 'MEETING_REMINDER'
  | 'PUBLICITY_POSTED'
  | 'OBJECTION_RECEIVED'
  | 'IMPLEMENTATION_ASSIGNED'
  | 'REMINDER_50'
  | 'URGE_75'
  | 'SUPERVISION_ORDER'
  | 'ESCALATED'
  | 'PUBLIC_NOTICE'
  | 'EVALUATION_OPEN'
  | 'CALENDAR_GAP'
  | 'CALENDAR_PROVISIONAL';

export interface ConsultationNotification {
  /** Stable across retries and replays: `${itemId}:${kind}:${seq}` (plus a recipient suffix). */
  idempotencyKey: string;
  itemId: string;
  kind: ConsultationNotificationKind;
  recipientUnitCode: string | null;
  message: string;
  data?: Record<string, unknown>;
}

/** The archive record (一事一档): written once when the item reaches a final status. */
export interface ConsultationArchiveRecord {
  itemId: string;
  outcome: ConsultationOutcome;
  finalStatus: ConsultationStatus;
  archivedAt: string;
  communityCode: string;
  source: ConsultationSource;
  track: ConsultationTrack;
  collectedAt: string;
  proposerResidentId: string | null;
  hotspotRequestIds: string[];
  screening: ScreeningRecord | null;
  participants: Participant[];
  form: ConsultationForm | null;
  notices: NoticeRecord[];
  meetings: MeetingRecord[];
  noConsensusCount: number;
  resolution: string | null;
  publicity: PublicityRecord[];
  implementation: ImplementationRecord[];
  linkedRequests: LinkedRequestRecord[];
  progress: ProgressCheckpoint[];
  evaluations: EvaluationRecord[];
}

export interface AwardPointsInput {
  itemId: string;
  awards: PointAward[];
  reason?: string;
}
