/**
 * The consultation context's views as zod schemas: what the item workflow's `state` query and its
 * updates answer, the records inside it, and the read-model replies. Types are inferred from the
 * schemas, the producers are typed by them and the OpenAPI document registers them. Workflow code
 * imports the types only (`import type`).
 */
import { z } from 'zod';
import {
  CONSULTATION_FORMS,
  CONSULTATION_OUTCOMES,
  CONSULTATION_SATISFACTION,
  CONSULTATION_SOURCES,
  CONSULTATION_STATUSES,
  CONSULTATION_STEPS,
  CONSULTATION_TRACKS,
  PARTICIPANT_CATEGORIES,
  RATER_KINDS,
} from './model';
import { CONSULTATION_ACTIONS } from './actions';
import { POINT_EVENTS } from './points';
import { isoDateTime, orNull, supervisionScheduleSchema } from '../shared/views';

export const participantSchema = z.object({ id: z.string(), category: z.enum(PARTICIPANT_CATEGORIES), label: z.string().optional() });
/** A 五议五不议 catalogue topic, as screening stores it (the one declaration of its shape). */
export const catalogueTopicSchema = z.object({
  code: z.string(),
  name: z.string(),
  allowed: z.boolean(),
  description: z.string(),
  requiredCategories: z.array(z.enum(PARTICIPANT_CATEGORIES)),
});
export const meetingTallySchema = z.object({
  participants: z.number().int(),
  present: z.number().int(),
  quorum: z.boolean().describe('more than half of the participants present'),
  inFavour: z.number().int(),
  against: z.number().int(),
  abstain: z.number().int(),
  notVoting: z.number().int(),
  majority: z.boolean().describe('more than half of those present in favour (exactly half is not)'),
  consensus: z.boolean(),
});
export const voteRecordSchema = z.object({ inFavour: z.array(z.string()), against: z.array(z.string()), abstain: z.array(z.string()) });
export const evaluationTallySchema = z.object({
  ratings: z.number().int(),
  satisfied: z.number().int(),
  dissatisfied: z.number().int(),
  passed: z.boolean().nullable().describe('null: nobody rated (not evaluated, archived without reopening)'),
});

export const screeningRecordSchema = z.object({
  topic: catalogueTopicSchema,
  forConsultation: z.boolean(),
  note: z.string().nullable(),
  by: z.string(),
  at: isoDateTime(),
  route: orNull(z.object({ categoryCode: z.string(), type: z.string(), urgency: z.string() })),
  routedRequestId: z.string().nullable().describe('The 接诉即办 request this item was handed to'),
});
export const noticeRecordSchema = z.object({
  round: z.number().int(),
  form: z.enum(CONSULTATION_FORMS),
  meetingAt: isoDateTime(),
  place: z.string().nullable(),
  agenda: z.string().nullable(),
  noticeAt: isoDateTime(),
  by: z.string(),
  recipients: z.array(z.string()),
  reminderSent: z.boolean(),
});
export const meetingRecordSchema = z.object({
  round: z.number().int(),
  scheduledAt: isoDateTime(),
  recordedAt: isoDateTime(),
  form: z.enum(CONSULTATION_FORMS),
  attendees: z.array(z.string()),
  opinions: z.array(z.object({ participantId: z.string().optional(), text: z.string() })),
  votes: voteRecordSchema,
  proposal: z.string(),
  minutes: z.string(),
  tally: meetingTallySchema,
  by: z.string(),
});
export const objectionRecordSchema = z.object({
  no: z.number().int(),
  residentId: z.string().nullable(),
  text: z.string(),
  at: isoDateTime(),
  by: z.string(),
  decision: orNull(z.object({ substantive: z.boolean(), reason: z.string(), by: z.string(), at: isoDateTime() })),
});
export const publicityRecordSchema = z.object({
  round: z.number().int(),
  text: z.string(),
  channels: z.array(z.string()),
  startedAt: isoDateTime(),
  endsAt: isoDateTime(),
  windowClosed: z.boolean(),
  objections: z.array(objectionRecordSchema),
  outcome: z.enum(['RUNNING', 'COMPLETED', 'RETURNED_TO_DELIBERATION']),
});
export const implementationRecordSchema = z.object({
  cycle: z.number().int(),
  owner: z.object({ label: z.string(), unitCode: z.string() }),
  assignedAt: isoDateTime(),
  deadline: isoDateTime(),
  schedule: supervisionScheduleSchema,
  supervisionLevel: z.number().int().describe('0 none, 1 reminder 50 %, 2 催办 75 %, 3 督办单 + escalation, 4 通报'),
  overdue: z.boolean(),
  completedAt: isoDateTime().nullable(),
  by: z.string(),
});
export const linkedRequestRecordSchema = z.object({
  requestId: z.string(),
  cycle: z.number().int(),
  categoryCode: z.string(),
  locationUnitCode: z.string(),
  dispatchedAt: isoDateTime(),
  by: z.string(),
  closed: z.boolean(),
  closedStatus: z.string().nullable().describe('ARCHIVED, WITHDRAWN… as the request workflow ended'),
  closedAt: isoDateTime().nullable(),
});
export const progressCheckpointSchema = z.object({
  cycle: z.number().int(),
  date: z.string().describe('YYYY-MM-DD'),
  recordedAt: isoDateTime(),
  percent: z.number().int(),
  note: z.string(),
  evidence: z.array(z.string()),
  volunteers: z.array(z.string()),
  by: z.string(),
});
export const ratingRecordSchema = z.object({
  raterId: z.string(),
  raterKind: z.enum(RATER_KINDS),
  satisfaction: z.enum(CONSULTATION_SATISFACTION),
  comment: z.string().nullable(),
  at: isoDateTime(),
  by: z.string(),
});
export const evaluationRecordSchema = z.object({
  round: z.number().int(),
  opensAt: isoDateTime(),
  closesAt: isoDateTime(),
  ratings: z.array(ratingRecordSchema),
  tally: orNull(evaluationTallySchema),
});

export const consultationViewSchema = z.object({
  itemId: z.string().describe('Deprecated alias of id (docs/decisions.md); will be removed'),
  communityCode: z.string(),
  source: z.enum(CONSULTATION_SOURCES),
  track: z.enum(CONSULTATION_TRACKS),
  status: z.enum(CONSULTATION_STATUSES),
  statusLabel: z.string(),
  step: z.enum(CONSULTATION_STEPS).describe('集 定 议 公 办 督 评 备'),
  takeUpDeadline: isoDateTime().nullable().describe('即时议 48 h / 深入议 5 working days after collection'),
  takeUpOverdue: z.boolean(),
  deadlines: z.object({
    current: isoDateTime().nullable().describe('The deadline that matters in the current step'),
    provisional: z
      .boolean()
      .describe('True while a deadline was counted past the calendar data (Monday–Friday); recounted when that year is loaded'),
    calendarVersion: z.string().optional(),
    calendarCoveredUntil: z.string().optional().describe('With provisional: the last date the calendar data covered'),
  }),
  expiresAt: isoDateTime().describe('Not taken up by then: expired and archived (12 months)'),
  screening: orNull(screeningRecordSchema),
  participants: z.array(participantSchema),
  form: z.enum(CONSULTATION_FORMS).nullable(),
  notices: z.array(noticeRecordSchema),
  minimumNoticeMs: z.number().int().describe('Shortest notice before a meeting (72 h)'),
  meetings: z.array(meetingRecordSchema),
  noConsensusCount: z.number().int(),
  resolution: z.string().nullable().describe('协商意见 of the last meeting that reached consensus'),
  publicity: z.array(publicityRecordSchema),
  implementation: orNull(implementationRecordSchema),
  implementationCycles: z.array(implementationRecordSchema),
  linkedRequests: z.array(linkedRequestRecordSchema).describe('办 tasks handed to units as 接诉即办 requests'),
  progress: z.array(progressCheckpointSchema),
  progressPercent: z.number().int(),
  evaluations: z.array(evaluationRecordSchema),
  outcome: z.enum(CONSULTATION_OUTCOMES).nullable(),
  archived: z.boolean(),
  allowedActions: z.array(z.enum(CONSULTATION_ACTIONS)),
  lastError: z.string().nullable(),
});


export type ParticipantView = z.infer<typeof participantSchema>;
export type CatalogueTopic = z.infer<typeof catalogueTopicSchema>;
export type ScreeningRecord = z.infer<typeof screeningRecordSchema>;
export type NoticeRecord = z.infer<typeof noticeRecordSchema>;
export type MeetingRecord = z.infer<typeof meetingRecordSchema>;
export type ObjectionRecord = z.infer<typeof objectionRecordSchema>;
export type PublicityRecord = z.infer<typeof publicityRecordSchema>;
export type ImplementationRecord = z.infer<typeof implementationRecordSchema>;
export type LinkedRequestRecord = z.infer<typeof linkedRequestRecordSchema>;
export type ProgressCheckpoint = z.infer<typeof progressCheckpointSchema>;
export type RatingRecord = z.infer<typeof ratingRecordSchema>;
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;
export type ConsultationView = z.infer<typeof consultationViewSchema>;

/** The view as one caller receives it: `id` first, `allowedActions` narrowed to the caller. */
export const callerConsultationViewSchema = z.object({
  id: z.string().describe('议题号 (item id), as in the create reply'),
  ...consultationViewSchema.shape,
});
export type CallerConsultationView = z.infer<typeof callerConsultationViewSchema>;

/** POST /v1/consultations (201, and 200 for a repeated Idempotency-Key): the item as collected. */
export const createdConsultationSchema = z.object({
  id: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  statusLabel: z.string(),
  step: z.enum(CONSULTATION_STEPS),
  track: z.enum(CONSULTATION_TRACKS),
  takeUpDeadline: isoDateTime().nullable(),
  expiresAt: isoDateTime(),
  allowedActions: z.array(z.enum(CONSULTATION_ACTIONS)),
});
export type CreatedConsultation = z.infer<typeof createdConsultationSchema>;

/** GET /v1/consultations/{id}/timeline: every stored event of the item, in order. */
export const consultationTimelineSchema = z.object({
  items: z.array(
    z.object({ seq: z.number().int(), type: z.string(), actor: z.string(), at: isoDateTime(), reason: z.string().nullable(), data: z.unknown() }),
  ),
});
export type ConsultationTimeline = z.infer<typeof consultationTimelineSchema>;

/** 备: GET /v1/consultations/{id}/archive.json, the immutable archive record and its SHA-256 content hash. */
export const consultationArchiveExportSchema = z.object({
  itemId: z.string(),
  outcome: z.string(),
  archivedAt: isoDateTime(),
  contentHash: z.string(),
  content: z.unknown(),
});
export type ConsultationArchiveExport = z.infer<typeof consultationArchiveExportSchema>;

/** A 五议五不议 catalogue entry as stored: the topic and when it was last changed. */
export const storedCatalogueTopicSchema = catalogueTopicSchema.extend({ updatedAt: isoDateTime() });
/** GET/PUT /v1/consultation-catalogue/{communityCode}. */
export const catalogueSchema = z.object({ communityCode: z.string(), items: z.array(storedCatalogueTopicSchema) });
export type Catalogue = z.infer<typeof catalogueSchema>;

/**
 * The topic of a stored catalogue row (the read model keeps the categories as text): the one
 * mapping, used by the catalogue replies and by screening's lookup.
 */
export function catalogueTopicOf(row: {
  code: string;
  name: string;
  allowed: boolean;
  description: string;
  requiredCategories: readonly string[];
}): CatalogueTopic {
  return {
    code: row.code,
    name: row.name,
    allowed: row.allowed,
    description: row.description,
    requiredCategories: catalogueTopicSchema.shape.requiredCategories.parse(row.requiredCategories),
  };
}


/**
 * The read-model row's own fields (no personal data: the API adds the caller-shaped proposer,
 * api/privacy/views.ts).
 */
export const consultationRowSchema = z.object({
  id: z.string().describe('议题号, e.g. CON-20261122-1A2B3C4D'),
  communityCode: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.string(),
  track: z.string(),
  hotspotRequestIds: z.array(z.string()),
  status: z.string(),
  step: z.string(),
  overdue: z.boolean(),
  deadline: isoDateTime().nullable(),
  deadlinesProvisional: z.boolean().describe('A deadline of the item was counted past the calendar data (provisional Monday–Friday rule)'),
  meetingAt: isoDateTime().nullable(),
  publicityEndsAt: isoDateTime().nullable(),
  ownerLabel: z.string().nullable(),
  progressPercent: z.number().int(),
  noConsensusCount: z.number().int(),
  routedRequestId: z.string().nullable(),
  outcome: z.string().nullable(),
  collectedAt: isoDateTime(),
  updatedAt: isoDateTime(),
});

/** What GET /v1/consultations/{id} adds to the row: the workflow's live view. */
export const consultationLiveFieldsSchema = z.object({
  live: orNull(callerConsultationViewSchema).describe('The workflow’s live view; null when Temporal could not be asked'),
  liveError: z.string().nullable(),
  temporalUiUrl: z.string().nullable(),
});

/** 督: GET /v1/consultations/{id}/progress, the dated checkpoints from the read model. */
export const progressReplySchema = z.object({
  itemId: z.string(),
  status: z.string(),
  owner: z.string().nullable(),
  deadline: isoDateTime().nullable(),
  progressPercent: z.number().int(),
  items: z.array(
    z.object({
      date: z.string(),
      percent: z.number(),
      note: z.string(),
      evidence: z.array(z.string()),
      cycle: z.number(),
      recordedAt: isoDateTime(),
      by: z.string(),
    }),
  ),
});
export type ProgressReply = z.infer<typeof progressReplySchema>;

/** One entry of a resident's 治理积分 ledger. */
export const pointEntrySchema = z.object({
  id: z.number().int(),
  event: z.enum([...POINT_EVENTS, 'REVERSAL']),
  points: z.number().int(),
  itemId: z.string().nullable(),
  reason: z.string().nullable(),
  reversesId: z.number().int().nullable(),
  reversedById: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: isoDateTime(),
});
/** 治理积分 balance and history of one resident (GET /v1/points/{residentId}). */
export const residentPointsSchema = z.object({
  residentId: z.string(),
  balance: z.number().int(),
  entryCount: z.number().int(),
  entries: z.array(pointEntrySchema),
});
/** POST /v1/points/{residentId}/reversals: the reversal entry and the resident's balance after it. */
export const pointReversalResultSchema = pointEntrySchema.extend({ balance: z.number().int() });
export type PointEntry = z.infer<typeof pointEntrySchema>;
export type ResidentPoints = z.infer<typeof residentPointsSchema>;
export type PointReversalResult = z.infer<typeof pointReversalResultSchema>;
