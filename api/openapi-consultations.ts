import { extendZodWithOpenApi, type OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  CONSULTATION_FORMS,
  CONSULTATION_OUTCOMES,
  CONSULTATION_SATISFACTION,
  CONSULTATION_SOURCES,
  CONSULTATION_STATUSES,
  CONSULTATION_STATUS_LABELS,
  CONSULTATION_STEPS,
  CONSULTATION_TRACKS,
  PARTICIPANT_CATEGORIES,
  RATER_KINDS,
} from '../domain/consultations/model';
import { apiBodyOf, CONSULTATION_ACTION_SPECS, CONSULTATION_ACTIONS } from '../domain/consultations/actions';
import { methodOf } from '../domain/shared/action-table';
import { POINT_EVENTS } from '../domain/consultations/points';
import { createConsultationSchema, personIdSchema, putCatalogueSchema, reversalSchema } from '../domain/consultations/schemas';
import { CONSULTATION_ADMIN_ROLES, CONSULTATION_CREATE_ROLES } from './auth/roles';
import { consultationListQuerySchema } from './consultations/routes';
import { shapedProposerSchema } from './privacy/views';
import type { itemDetail, presentItem, progressOf } from './services/consultation-queries';
import type { pointsOf } from './consultations/points';
import type { consultationViewFor } from './requests/view-for-caller';

// Schemas registered by name need `.openapi()`, which zod only has after this extension (a no-op
// when already applied); shared schemas built earlier in domain/ are registered as clones.
extendZodWithOpenApi(z);

const isoDateTime = () => z.iso.datetime({ offset: true });
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

// ------------------------------------------------------------------------------------ responses
const participantOut = z.object({ id: z.string(), category: z.enum(PARTICIPANT_CATEGORIES), label: z.string().optional() });
const topicOut = z.object({
  code: z.string(),
  name: z.string(),
  allowed: z.boolean(),
  description: z.string(),
  requiredCategories: z.array(z.enum(PARTICIPANT_CATEGORIES)),
});
const tallyOut = z.object({
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
const votesOut = z.object({ inFavour: z.array(z.string()), against: z.array(z.string()), abstain: z.array(z.string()) });
const evaluationTallyOut = z.object({
  ratings: z.number().int(),
  satisfied: z.number().int(),
  dissatisfied: z.number().int(),
  passed: z.boolean().nullable().describe('null: nobody rated (not evaluated, archived without reopening)'),
});

const screeningOut = z.object({
  topic: topicOut,
  forConsultation: z.boolean(),
  note: z.string().nullable(),
  by: z.string(),
  at: isoDateTime(),
  route: orNull(z.object({ categoryCode: z.string(), type: z.string(), urgency: z.string() })),
  routedRequestId: z.string().nullable().describe('The 接诉即办 request this item was handed to'),
});
const noticeOut = z.object({
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
const meetingOut = z.object({
  round: z.number().int(),
  scheduledAt: isoDateTime(),
  recordedAt: isoDateTime(),
  form: z.enum(CONSULTATION_FORMS),
  attendees: z.array(z.string()),
  opinions: z.array(z.object({ participantId: z.string().optional(), text: z.string() })),
  votes: votesOut,
  proposal: z.string(),
  minutes: z.string(),
  tally: tallyOut,
  by: z.string(),
});
const objectionOut = z.object({
  no: z.number().int(),
  residentId: z.string().nullable(),
  text: z.string(),
  at: isoDateTime(),
  by: z.string(),
  decision: orNull(z.object({ substantive: z.boolean(), reason: z.string(), by: z.string(), at: isoDateTime() })),
});
const publicityOut = z.object({
  round: z.number().int(),
  text: z.string(),
  channels: z.array(z.string()),
  startedAt: isoDateTime(),
  endsAt: isoDateTime(),
  windowClosed: z.boolean(),
  objections: z.array(objectionOut),
  outcome: z.enum(['RUNNING', 'COMPLETED', 'RETURNED_TO_DELIBERATION']),
});
const implementationOut = z.object({
  cycle: z.number().int(),
  owner: z.object({ label: z.string(), unitCode: z.string() }),
  assignedAt: isoDateTime(),
  deadline: isoDateTime(),
  schedule: z.object({
    half: isoDateTime().nullable(),
    threeQuarters: isoDateTime().nullable(),
    due: isoDateTime().nullable(),
    notice: isoDateTime().nullable(),
  }),
  supervisionLevel: z.number().int().describe('0 none, 1 reminder 50 %, 2 催办 75 %, 3 督办单 + escalation, 4 通报'),
  overdue: z.boolean(),
  completedAt: isoDateTime().nullable(),
  by: z.string(),
});
const linkedRequestOut = z.object({
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
const checkpointOut = z.object({
  cycle: z.number().int(),
  date: z.string().describe('YYYY-MM-DD'),
  recordedAt: isoDateTime(),
  percent: z.number().int(),
  note: z.string(),
  evidence: z.array(z.string()),
  volunteers: z.array(z.string()),
  by: z.string(),
});
const evaluationOut = z.object({
  round: z.number().int(),
  opensAt: isoDateTime(),
  closesAt: isoDateTime(),
  ratings: z.array(
    z.object({
      raterId: z.string(),
      raterKind: z.enum(RATER_KINDS),
      satisfaction: z.enum(CONSULTATION_SATISFACTION),
      comment: z.string().nullable(),
      at: isoDateTime(),
      by: z.string(),
    }),
  ),
  tally: orNull(evaluationTallyOut),
});

const consultationViewSchema = z.object({
  id: z.string().describe('议题号 (item id), as in the create reply'),
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
  screening: orNull(screeningOut),
  participants: z.array(participantOut),
  form: z.enum(CONSULTATION_FORMS).nullable(),
  notices: z.array(noticeOut),
  minimumNoticeMs: z.number().int().describe('Shortest notice before a meeting (72 h)'),
  meetings: z.array(meetingOut),
  noConsensusCount: z.number().int(),
  resolution: z.string().nullable().describe('协商意见 of the last meeting that reached consensus'),
  publicity: z.array(publicityOut),
  implementation: orNull(implementationOut),
  implementationCycles: z.array(implementationOut),
  linkedRequests: z.array(linkedRequestOut).describe('办 tasks handed to units as 接诉即办 requests'),
  progress: z.array(checkpointOut),
  progressPercent: z.number().int(),
  evaluations: z.array(evaluationOut),
  outcome: z.enum(CONSULTATION_OUTCOMES).nullable(),
  archived: z.boolean(),
  allowedActions: z.array(z.enum(CONSULTATION_ACTIONS)),
  lastError: z.string().nullable(),
});

const itemSummarySchema = z.object({
  id: z.string().describe('议题号, e.g. CON-20261122-1A2B3C4D'),
  communityCode: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.string(),
  track: z.string(),
  ...shapedProposerSchema.shape,
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

const itemDetailSchema = itemSummarySchema.extend({
  live: orNull(consultationViewSchema),
  liveError: z.string().nullable(),
  temporalUiUrl: z.string().nullable(),
});

const progressSchemaOut = z.object({
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

const pointEntrySchema = z.object({
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
const pointsSchema = z.object({
  residentId: z.string(),
  balance: z.number().int(),
  entryCount: z.number().int(),
  entries: z.array(pointEntrySchema),
});

// Compile-time drift checks (no runtime effect): a new field in the code fails `tsc` until documented.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const documented: [
  SameKeys<z.infer<typeof consultationViewSchema>, ReturnType<typeof consultationViewFor>>,
  SameKeys<z.infer<typeof itemSummarySchema>, ReturnType<typeof presentItem>>,
  SameKeys<z.infer<typeof itemDetailSchema>, Awaited<ReturnType<typeof itemDetail>>>,
  SameKeys<z.infer<typeof progressSchemaOut>, Awaited<ReturnType<typeof progressOf>>>,
  SameKeys<z.infer<typeof pointsSchema>, Awaited<ReturnType<typeof pointsOf>>>,
] = [true, true, true, true, true];
void documented;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const rolesText = (roles: readonly string[]) => roles.map((r) => `\`${r}\``).join(', ');

export interface ConsultationOpenApiShared {
  /** The security requirement of the API (default: the `bearerAuth` scheme). */
  security?: { [name: string]: string[] }[];
  /** An error response with the API's error shape (default: an inline schema). */
  error?: (description: string) => ResponseConfig;
}

/**
 * 社区议事协商 (/v1/consultations), 治理积分 (/v1/points) and the 五议五不议 catalogue
 * (/v1/consultation-catalogue). Call from api/openapi.ts after the bearerAuth scheme is registered.
 */
export function registerConsultationPaths(registry: OpenAPIRegistry, shared: ConsultationOpenApiShared = {}): void {
  const security = shared.security ?? [{ bearerAuth: [] }];
  const inlineError = z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().nonoptional() }),
  });
  const error = shared.error ?? ((description: string): ResponseConfig => ({ description, content: json(inlineError) }));
  const named = <T extends z.ZodType>(name: string, schema: T, description?: string): T =>
    registry.register(name, description ? schema.describe(description) : schema.clone());

  const View = named('ConsultationView', consultationViewSchema, 'The live state of a consultation item, as answered by its workflow');
  const Summary = named('ConsultationSummary', itemSummarySchema, 'A consultation item as stored in the read model');
  const Detail = named(
    'ConsultationDetail',
    itemDetailSchema.extend({ live: orNull(View).describe('The workflow’s live view; null when Temporal could not be asked') }),
    'The read-model row merged with the live workflow state',
  );
  const Create = named('CreateConsultation', createConsultationSchema, '集: a new consultation item');
  const Points = named('ResidentPoints', pointsSchema, '治理积分 balance and history of one resident');
  const PointEntry = named('PointEntry', pointEntrySchema);
  const Topic = named('ConsultationTopic', topicOut.extend({ updatedAt: isoDateTime() }), '五议五不议 catalogue entry');
  const Catalogue = z.object({ communityCode: z.string(), items: z.array(Topic) });
  const ActionError409 = error('INVALID_STATE: the item’s status does not allow this; details has the status and what is allowed now');
  const ActionError422 = error('RULE_VIOLATION: a rule refuses the action (notice period, quorum input, window closed…); details.rule names it');
  const unauthenticated = error('UNAUTHENTICATED: missing, invalid or expired bearer token');
  const idParams = z.object({ id: z.string().describe('议题号 (item id)') });

  registry.registerPath({
    method: 'post',
    path: '/v1/consultations',
    tags: ['Consultations'],
    operationId: 'createConsultation',
    summary: '集 Collect a consultation item',
    description: `Stores the item and starts its workflow; the answer carries the take-up deadline (即时议 48 h, 深入议 5 working days)
and the 12-month expiry. Retrying with the same \`Idempotency-Key\` returns the same item (200).

Roles: ${rolesText(CONSULTATION_CREATE_ROLES)} (a convener or handler only for a community in their scope).`,
    security,
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().min(1).max(200).optional() }),
      body: { required: true, content: json(Create) },
    },
    responses: {
      201: {
        description: 'Collected',
        content: json(
          z.object({
            id: z.string(),
            status: z.enum(CONSULTATION_STATUSES),
            statusLabel: z.string(),
            step: z.enum(CONSULTATION_STEPS),
            track: z.enum(CONSULTATION_TRACKS),
            takeUpDeadline: isoDateTime().nullable(),
            expiresAt: isoDateTime(),
            allowedActions: z.array(z.enum(CONSULTATION_ACTIONS)),
          }),
        ),
      },
      200: { description: 'Already collected with this Idempotency-Key' },
      400: error('INVALID_INPUT'),
      401: unauthenticated,
      403: error('FORBIDDEN: role or community scope'),
      422: error('UNKNOWN_REFERENCE (community, hotspot requests) or IDEMPOTENCY_KEY_REUSED'),
      503: error('DEPENDENCY_UNAVAILABLE: retry with the same Idempotency-Key'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/consultations',
    tags: ['Consultations'],
    operationId: 'listConsultations',
    summary: 'List consultation items, newest first',
    description: 'Conveners see their community; handlers communities in their scope; other roles all.',
    security,
    request: { query: consultationListQuerySchema },
    responses: {
      200: { description: 'One page', content: json(z.object({ items: z.array(Summary), nextCursor: z.string().nullable() })) },
      400: error('INVALID_INPUT'),
      401: unauthenticated,
    },
  });

  const reads: { path: string; op: string; summary: string; body: ResponseConfig }[] = [
    { path: '/v1/consultations/{id}', op: 'getConsultation', summary: 'One item with its live workflow state', body: { description: 'The item', content: json(Detail) } },
    {
      path: '/v1/consultations/{id}/timeline',
      op: 'getConsultationTimeline',
      summary: 'Every event of the item, in order',
      body: {
        description: 'The timeline',
        content: json(
          z.object({
            items: z.array(
              z.object({ seq: z.number().int(), type: z.string(), actor: z.string(), at: isoDateTime(), reason: z.string().nullable(), data: z.unknown() }),
            ),
          }),
        ),
      },
    },
    {
      path: '/v1/consultations/{id}/progress',
      op: 'getConsultationProgress',
      summary: '督 Progress checkpoints (dated timeline entries with a percentage)',
      body: { description: 'Progress', content: json(progressSchemaOut) },
    },
    {
      path: '/v1/consultations/{id}/archive.json',
      op: 'getConsultationArchiveJson',
      summary: '备 The archive record (一事一档) as JSON',
      body: {
        description: 'The immutable archive record and its SHA-256 content hash',
        content: json(
          z.object({ itemId: z.string(), outcome: z.string(), archivedAt: isoDateTime(), contentHash: z.string(), content: z.unknown() }),
        ),
      },
    },
    {
      path: '/v1/consultations/{id}/archive.html',
      op: 'getConsultationArchiveHtml',
      summary: '备 The archive record as a printable HTML document',
      body: { description: 'A4 printable document', content: { 'text/html': { schema: z.string() } } },
    },
  ];
  for (const r of reads) {
    registry.registerPath({
      method: 'get',
      path: r.path,
      tags: ['Consultations'],
      operationId: r.op,
      summary: r.summary,
      security,
      request: { params: idParams },
      responses: {
        200: r.body,
        401: unauthenticated,
        403: error('FORBIDDEN: the item is outside the caller’s community scope'),
        404: error(r.path.includes('archive') ? 'NOT_FOUND: unknown item, or not archived yet' : 'NOT_FOUND'),
      },
    });
  }

  // One operation per entry of the action table; the body is what the API accepts.
  for (const action of CONSULTATION_ACTIONS) {
    const spec = CONSULTATION_ACTION_SPECS[action];
    const schema = apiBodyOf(spec);
    const Body = named(`Consultation${pascal(action)}Input`, schema);
    const roles = spec.roles;
    registry.registerPath({
      method: methodOf(spec),
      path: `/v1/consultations/{id}/${spec.path}`,
      tags: ['Consultation steps'],
      operationId: `consultation${pascal(action)}`,
      summary: spec.summary,
      description: [
        `Action \`${action}\`. Roles: ${rolesText(roles)}; a convener only on items of their community.`,
        `Allowed from: ${spec.from.map((s) => `${CONSULTATION_STATUS_LABELS[s]} \`${s}\``).join(', ')}; otherwise 409.`,
        'Answers the item’s live state after the action.',
      ].join('\n\n'),
      security,
      request: { params: idParams, body: { required: !schema.safeParse({}).success, content: json(Body) } },
      responses: {
        200: { description: 'Done: the item’s state after the action', content: json(View) },
        400: error('INVALID_INPUT: the body is invalid; details lists each bad field'),
        401: unauthenticated,
        403: error(`FORBIDDEN: only ${roles.join(', ')} may ${action}, within their community`),
        404: error('NOT_FOUND'),
        409: ActionError409,
        422: ActionError422,
      },
    });
  }

  registry.registerPath({
    method: 'get',
    path: '/v1/points/{residentId}',
    tags: ['Points'],
    operationId: 'getResidentPoints',
    summary: '治理积分 Balance and history of a resident',
    security,
    request: { params: z.object({ residentId: personIdSchema }), query: z.object({ limit: z.number().int().min(1).max(500).optional() }) },
    responses: {
      200: { description: 'Balance and entries, newest first', content: json(Points) },
      400: error('INVALID_INPUT: residentId does not match its pattern, or limit is not an integer 1–500'),
      401: unauthenticated,
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/v1/points/{residentId}/reversals',
    tags: ['Points'],
    operationId: 'reverseResidentPoints',
    summary: '治理积分 Correct an entry with a reversal entry (never an edit)',
    description: `Roles: ${rolesText(CONSULTATION_ADMIN_ROLES)}. Reversing the same entry again answers 200 with the existing reversal.`,
    security,
    request: { params: z.object({ residentId: personIdSchema }), body: { required: true, content: json(named('PointReversalInput', reversalSchema)) } },
    responses: {
      400: error('INVALID_INPUT: residentId does not match its pattern, or the body is invalid (entryId, reason); details name each field'),
      201: { description: 'Reversal entry written', content: json(PointEntry.extend({ balance: z.number().int() })) },
      200: { description: 'Already reversed: the existing reversal', content: json(PointEntry.extend({ balance: z.number().int() })) },
      401: unauthenticated,
      403: error('FORBIDDEN'),
      404: error('NOT_FOUND: no such entry for this resident'),
      422: error('RULE_VIOLATION: a reversal cannot be reversed'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/consultation-catalogue/{communityCode}',
    tags: ['Consultations'],
    operationId: 'getConsultationCatalogue',
    summary: '五议五不议 catalogue of a community',
    security,
    request: { params: z.object({ communityCode: z.string() }) },
    responses: { 200: { description: 'The catalogue', content: json(Catalogue) }, 401: unauthenticated, 403: error('FORBIDDEN'), 404: error('NOT_FOUND') },
  });

  registry.registerPath({
    method: 'put',
    path: '/v1/consultation-catalogue/{communityCode}',
    tags: ['Consultations'],
    operationId: 'putConsultationCatalogue',
    summary: 'Replace the 五议五不议 catalogue of a community',
    description: `Roles: ${rolesText(CONSULTATION_ADMIN_ROLES)}. Running items keep the topic as screened.`,
    security,
    request: {
      params: z.object({ communityCode: z.string() }),
      body: { required: true, content: json(named('ConsultationCatalogueInput', putCatalogueSchema)) },
    },
    responses: {
      200: { description: 'The new catalogue', content: json(Catalogue) },
      400: error('INVALID_INPUT'),
      401: unauthenticated,
      403: error('FORBIDDEN'),
      404: error('NOT_FOUND'),
    },
  });
}
