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
  ConsultationSource,
  ConsultationStatus,
  ConsultationStep,
  ConsultationTrack,
} from '../../domain/consultations/model';
import type { PointAward } from '../../domain/consultations/points';
import type { Participant } from '../../domain/consultations/rules';
import { CONSULTATION_ACTIONS, type ConsultationAction, type ConsultationActionSchema } from '../../domain/consultations/actions';
import type { ActionArgs } from '../shared/definitions';

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

// The views crossing the workflow boundary are zod schemas in domain/ (types only here, so the
// workflow bundle does not load zod for them).
export type {
  CatalogueTopic,
  ConsultationView,
  EvaluationRecord,
  ImplementationRecord,
  LinkedRequestRecord,
  MeetingRecord,
  NoticeRecord,
  ObjectionRecord,
  ProgressCheckpoint,
  PublicityRecord,
  RatingRecord,
  ScreeningRecord,
} from '../../domain/consultations/views';
export type { SupervisionSchedule } from '../../domain/shared/views';
import type {
  ConsultationView,
  EvaluationRecord,
  ImplementationRecord,
  LinkedRequestRecord,
  MeetingRecord,
  NoticeRecord,
  ProgressCheckpoint,
  PublicityRecord,
  ScreeningRecord,
} from '../../domain/consultations/views';

export const consultationStateQuery = defineQuery<ConsultationView>('consultationState');
/** Sent with start (update-with-start): returns once the item is collected with its deadlines. */
export const consultationAcceptUpdate = defineUpdate<ConsultationView>('consultationAccept');

/** One update per entry of the action table, typed with that action's payload. */
export type ConsultationActionUpdates = {
  [A in ConsultationAction]: UpdateDefinition<ConsultationView, [ActionArgs<ConsultationActionSchema<A>>]>;
};

function defineActionUpdates(): ConsultationActionUpdates {
  const updates: Partial<Record<ConsultationAction, UpdateDefinition<ConsultationView, [ActionArgs<z.ZodType>]>>> = {};
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
