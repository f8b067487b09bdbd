/**
 * The 社区议事协商 item's step actions: one table, one entry per action with its payload schema,
 * the body the API accepts when that differs, the statuses it may be taken from, who may take
 * it, its URL segment and its OpenAPI summary. The workflow's update definitions, the API's
 * routes, role checks and `allowedActions`, and the OpenAPI operations are all derived from it.
 * Pure data: workflow code imports it.
 */
import { z } from 'zod';
import { actionNames, type ActionSpec } from '../shared/action-table';
import {
  CONSULTATION_FORMS,
  CONSULTATION_SATISFACTION,
  FINAL_CONSULTATION_STATUSES,
  PARTICIPANT_CATEGORIES,
  RATER_KINDS,
  type ConsultationStatus,
} from './model';
import { personIdSchema, phoneSchema, text } from './schemas';
import { REQUEST_TYPES, URGENCIES } from '../requests/model';
import { unitCodeSchema } from '../requests/schemas';

export interface ConsultationActionSpec extends ActionSpec<ConsultationStatus> {
  /**
   * What the API accepts when it is more than the workflow's payload: personal details the API
   * stores in PostgreSQL before it sends the workflow the rest (they never enter its history).
   */
  body?: z.ZodType;
}

const isoDateTime = () => z.iso.datetime({ offset: true });

// ------------------------------------------------------------------------------ payloads
// What callers send with each step action. The workflow validates its update payloads with
// these, the API with the same ones or with the entry's `body`, and the OpenAPI request bodies
// are generated from what the API accepts.

// ---------------------------------------------------------------------------------------- 定
const routeCore = {
  categoryCode: unitCodeSchema.describe('事项目录 code of the new 接诉即办 request'),
  type: z.enum(REQUEST_TYPES).default('求助'),
  urgency: z.enum(URGENCIES).default('GENERAL'),
};

/** The screening payload as the workflow sees it: no personal data. */
export const screenSchema = z.object({
  topicCode: unitCodeSchema.describe('五议五不议 catalogue entry the item falls under'),
  note: z.string().trim().max(2000).optional(),
  routeToRequest: z.object(routeCore).optional(),
});

/** The screening body the API accepts: the routing details (address, citizen) go to PostgreSQL only. */
export const screenBodySchema = z.object({
  topicCode: screenSchema.shape.topicCode,
  note: screenSchema.shape.note.describe('The screening note; required (the reason) when the topic may not be consulted (不议)'),
  routeToRequest: z
    .object({
      ...routeCore,
      description: text(4000).optional().describe('Defaults to the item’s title and description'),
      location: z.object({ unitCode: unitCodeSchema, address: text(500) }),
      citizen: z
        .object({ name: text(100), phone: phoneSchema })
        .optional()
        .describe('Defaults to the item’s proposer'),
    })
    .optional()
    .describe('When the item may not be consulted and is a citizen’s request: hand it to 接诉即办'),
});

/** A 不议 decision is a refusal: like every refusal it states its reason. */
export const notForConsultationReasonSchema = z.object({
  note: text(2000).describe('Why the item may not be consulted (不议)'),
});

export const participantSchema = z.object({
  id: personIdSchema,
  category: z.enum(PARTICIPANT_CATEGORIES),
  label: z.string().trim().max(100).optional().describe('Non-personal label, e.g. the organisation'),
});

export const setParticipantsSchema = z.object({
  participants: z.array(participantSchema).min(1).max(200).describe('"1+8+N": convener, representatives, interested parties'),
  form: z.enum(CONSULTATION_FORMS).describe('MEETING, BENCH (板凳议事) or ONLINE'),
  note: z.string().trim().max(2000).optional(),
});

export const scheduleMeetingSchema = z.object({
  meetingAt: isoDateTime().describe('At least 3 days (72 h) after this notice'),
  place: z.string().trim().max(200).optional().describe('e.g. 社区议事厅, or the online room'),
  agenda: z.string().trim().max(2000).optional(),
});

// ---------------------------------------------------------------------------------------- 议
export const recordMeetingSchema = z.object({
  attendees: z.array(personIdSchema).max(200).describe('Sign-in sheet: participant ids present'),
  opinions: z
    .array(z.object({ participantId: personIdSchema.optional(), text: text(2000) }))
    .max(200)
    .default([]),
  votes: z
    .object({
      inFavour: z.array(personIdSchema).max(200).default([]),
      against: z.array(personIdSchema).max(200).default([]),
      abstain: z.array(personIdSchema).max(200).default([]),
    })
    .describe('Show of hands: ids of attendees by vote'),
  proposal: text(4000).describe('The 协商意见 put to the vote'),
  minutes: text(8000).describe('会议纪要'),
});

// ---------------------------------------------------------------------------------------- 公
export const PUBLICITY_CHANNELS = ['BOARD', 'ONLINE', 'WECHAT'] as const;
export const publishSchema = z.object({
  text: z.string().trim().max(4000).optional().describe('The notice text; defaults to the 协商意见'),
  channels: z.array(z.enum(PUBLICITY_CHANNELS)).min(1).max(3).default(['BOARD', 'ONLINE']),
});

export const objectSchema = z.object({
  residentId: personIdSchema.optional().describe('The objecting resident, when known'),
  text: text(2000),
});

export const decideObjectionSchema = z.object({
  objectionNo: z.number().int().min(1).max(10_000),
  substantive: z.boolean().describe('true: the objection goes to the substance and the item returns to 议'),
  reason: text(2000),
});

// ---------------------------------------------------------------------------------------- 办/督
export const assignSchema = z.object({
  owner: z.object({
    label: text(100).describe('Who carries it out, e.g. 物业公司 or 社区居委会 (a role or organisation)'),
    unitCode: unitCodeSchema.optional().describe('The unit notified of reminders, default the community'),
  }),
  deadline: isoDateTime().optional().describe('Default: 30 days from assignment'),
  volunteers: z.array(personIdSchema).max(100).default([]).describe('Residents volunteering in 办 (治理积分)'),
  note: z.string().trim().max(2000).optional(),
});

/** 办 → 接诉即办: the workflow sees the request id only; the API wrote the Request row first. */
export const dispatchRequestSchema = z.object({
  requestId: z.string().trim().min(1).max(64),
});

/** What the API accepts to create a unit task as a 接诉即办 request (personal data: PostgreSQL only). */
export const dispatchRequestBodySchema = z.object({
  ...routeCore,
  description: text(4000).describe('The task for the unit'),
  location: z.object({ unitCode: unitCodeSchema, address: text(500) }),
  contact: z.object({ name: text(100), phone: phoneSchema }).describe('Contact at the community office (the requester)'),
});

export const progressSchema = z.object({
  percent: z.number().int().min(0).max(100).describe('100 completes 办 and opens 评'),
  note: text(2000).describe('Timeline entry text'),
  date: z.iso.date().optional().describe('Date of the timeline entry (YYYY-MM-DD); default today'),
  evidence: z.array(z.string().trim().min(1).max(500)).max(20).default([]).describe('Photos, documents (URLs or descriptions)'),
  volunteers: z.array(personIdSchema).max(100).default([]),
});

// ---------------------------------------------------------------------------------------- 评
export const evaluateSchema = z.object({
  raterId: personIdSchema,
  raterKind: z.enum(RATER_KINDS),
  satisfaction: z.enum(CONSULTATION_SATISFACTION),
  comment: z.string().trim().max(2000).optional(),
});

// ------------------------------------------------------------------------------ the table

/** Every step action of an item, in the order `allowedActions` lists them. */
export const CONSULTATION_ACTION_TABLE = {
  screen: {
    schema: screenSchema,
    body: screenBodySchema,
    from: ['COLLECTED'],
    roles: ['convener'],
    path: 'screen',
    summary: '定 Screen against the 五议五不议 catalogue (may hand the item to 接诉即办)',
  },
  setParticipants: {
    schema: setParticipantsSchema,
    from: ['SCREENED', 'AGENDA_SET'],
    roles: ['convener'],
    path: 'participants',
    summary: '定 Fix the participants ("1+8+N") and the form',
  },
  scheduleMeeting: {
    schema: scheduleMeetingSchema,
    // Re-scheduling a meeting sends a new notice (and needs 3 days again).
    from: ['AGENDA_SET', 'MEETING_SCHEDULED', 'REDELIBERATION'],
    roles: ['convener'],
    path: 'meeting',
    summary: '定→议 Schedule the meeting and notify participants (≥ 3 days ahead)',
  },
  recordMeeting: {
    schema: recordMeetingSchema,
    from: ['MEETING_SCHEDULED'],
    roles: ['convener'],
    path: 'meeting/record',
    summary: '议 Record the meeting: sign-in, opinions, minutes and the vote',
  },
  publish: {
    schema: publishSchema,
    from: ['DELIBERATED'],
    roles: ['convener'],
    path: 'publish',
    summary: '公 Post the 协商意见 for at least 7 days',
  },
  object: {
    schema: objectSchema,
    from: ['PUBLICIZING'],
    // Residents are not API users: hotline staff and grid workers record objections and ratings for them.
    roles: ['convener', 'intake', 'handler'],
    path: 'objections',
    summary: '公 Record a resident’s objection during publicity',
  },
  decideObjection: {
    schema: decideObjectionSchema,
    from: ['PUBLICIZING'],
    roles: ['convener'],
    path: 'objections/decision',
    summary: '公 Decide whether an objection is substantive (returns the item to 议)',
  },
  assign: {
    schema: assignSchema,
    from: ['PUBLICIZED'],
    roles: ['convener'],
    path: 'assign',
    summary: '办 Assign the owner and deadline (default 30 days)',
  },
  dispatchRequest: {
    schema: dispatchRequestSchema,
    body: dispatchRequestBodySchema,
    // 办 may hand tasks to units as 接诉即办 requests; 100 % waits until they are closed.
    from: ['IMPLEMENTING'],
    roles: ['convener'],
    path: 'requests',
    summary: '办 Hand a task to a unit as a 接诉即办 request (100 % waits for it)',
  },
  progress: {
    schema: progressSchema,
    from: ['IMPLEMENTING'],
    roles: ['convener', 'handler'],
    path: 'progress',
    summary: '督 Report a dated progress checkpoint (100 % opens 评)',
  },
  evaluate: {
    schema: evaluateSchema,
    from: ['EVALUATING'],
    roles: ['convener', 'intake', 'handler'],
    path: 'evaluations',
    summary: '评 Record a rating by a resident or participant',
  },
} satisfies Record<string, ConsultationActionSpec>;

/** The table with each entry's precise schemas (for typed update definitions and parsing). */
export type ConsultationActionTable = typeof CONSULTATION_ACTION_TABLE;
export type ConsultationAction = keyof ConsultationActionTable & string;
/** The workflow payload schema of one action. */
// (`& z.ZodType`: a generic index into the table is then still known to be a schema.)
export type ConsultationActionSchema<A extends ConsultationAction> = ConsultationActionTable[A]['schema'] & z.ZodType;

export const CONSULTATION_ACTIONS: readonly ConsultationAction[] = actionNames(CONSULTATION_ACTION_TABLE);

/** As REQUEST_ACTION_PAYLOADS: indexed with a generic action, it keeps that action's own payload schema. */
export const CONSULTATION_ACTION_PAYLOADS: { readonly [A in ConsultationAction]: Pick<ConsultationActionTable[A], 'schema'> } =
  CONSULTATION_ACTION_TABLE;

/** The same entries read through the common shape (states, roles, paths as plain lists). */
export const CONSULTATION_ACTION_SPECS: Readonly<Record<ConsultationAction, ConsultationActionSpec>> = CONSULTATION_ACTION_TABLE;

/** What the API validates for an action: its body when it has one, else the workflow's payload. */
export const apiBodyOf = (spec: ConsultationActionSpec): z.ZodType => spec.body ?? spec.schema;

export function allowedConsultationActions(status: ConsultationStatus): ConsultationAction[] {
  if (FINAL_CONSULTATION_STATUSES.includes(status)) return [];
  return CONSULTATION_ACTIONS.filter((a) => CONSULTATION_ACTION_SPECS[a].from.includes(status));
}

export function isConsultationActionAllowed(action: ConsultationAction, status: ConsultationStatus): boolean {
  return allowedConsultationActions(status).includes(action);
}
