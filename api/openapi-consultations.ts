import { extendZodWithOpenApi, type OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CONSULTATION_STATUS_LABELS } from '../domain/consultations/model';
import { apiBodyOf, CONSULTATION_ACTION_SPECS, CONSULTATION_ACTIONS } from '../domain/consultations/actions';
import { methodOf } from '../domain/shared/action-table';
import { createConsultationSchema, personIdSchema, putCatalogueSchema, reversalSchema } from '../domain/consultations/schemas';
import { CONSULTATION_ADMIN_ROLES, CONSULTATION_CREATE_ROLES } from './auth/roles';
import { consultationListQuerySchema } from './consultations/routes';
import { consultationDetailSchema, consultationPageSchema, consultationSummarySchema } from './services/consultation-queries';
import {
  callerConsultationViewSchema,
  catalogueSchema,
  consultationArchiveExportSchema,
  consultationTimelineSchema,
  createdConsultationSchema,
  pointEntrySchema,
  pointReversalResultSchema,
  progressReplySchema,
  residentPointsSchema,
  storedCatalogueTopicSchema,
} from '../domain/consultations/views';
import { orNull } from '../domain/shared/views';

// Schemas registered by name need `.openapi()`, which zod only has after this extension (a no-op
// when already applied); shared schemas built earlier in domain/ are registered as clones.
extendZodWithOpenApi(z);

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const rolesText = (roles: readonly string[]) => roles.map((r) => `\`${r}\``).join(', ');

export interface ConsultationOpenApiShared {
  /** The security requirement of the API (default: the `bearerAuth` scheme). */
  security?: { [name: string]: string[] }[];
  /** An error response with the API's error shape (default: an inline schema). */
  error?: (description: string) => ResponseConfig;
  /** Registers a named copy of a schema built elsewhere under components/schemas (default: the same, on this registry). */
  named?: <T extends z.ZodType>(name: string, schema: T, description?: string) => T;
}

/**
 * 社区议事协商 (/v1/consultations), 治理积分 (/v1/points) and the 五议五不议 catalogue
 * (/v1/consultation-catalogue). Call from api/openapi.ts after the bearerAuth scheme is registered.
 * The reply schemas are domain/consultations/views.ts and api/services/consultation-queries.ts,
 * the ones the routes answer.
 */
export function registerConsultationPaths(registry: OpenAPIRegistry, shared: ConsultationOpenApiShared = {}): void {
  const security = shared.security ?? [{ bearerAuth: [] }];
  const inlineError = z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().nonoptional() }),
  });
  const error = shared.error ?? ((description: string): ResponseConfig => ({ description, content: json(inlineError) }));
  const named =
    shared.named ??
    (<T extends z.ZodType>(name: string, schema: T, description?: string): T =>
      registry.register(name, description ? schema.describe(description) : schema.clone()));

  const View = named('ConsultationView', callerConsultationViewSchema, 'The live state of a consultation item, as answered by its workflow');
  const Summary = named('ConsultationSummary', consultationSummarySchema, 'A consultation item as stored in the read model');
  const Detail = named(
    'ConsultationDetail',
    consultationDetailSchema.extend({ live: orNull(View).describe('The workflow’s live view; null when Temporal could not be asked') }),
    'The read-model row merged with the live workflow state',
  );
  const Create = named('CreateConsultation', createConsultationSchema, '集: a new consultation item');
  const Points = named('ResidentPoints', residentPointsSchema, '治理积分 balance and history of one resident');
  const PointEntry = named('PointEntry', pointEntrySchema);
  // The reversal reply is the PointEntry component plus the balance (allOf in the document).
  const Reversal = PointEntry.extend({ balance: pointReversalResultSchema.shape.balance });
  const Topic = named('ConsultationTopic', storedCatalogueTopicSchema, '五议五不议 catalogue entry');
  const Catalogue = catalogueSchema.extend({ items: z.array(Topic) });
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
        content: json(createdConsultationSchema),
      },
      200: { description: 'Already collected with this Idempotency-Key', content: json(createdConsultationSchema) },
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
      200: { description: 'One page', content: json(consultationPageSchema.extend({ items: z.array(Summary) })) },
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
        content: json(consultationTimelineSchema),
      },
    },
    {
      path: '/v1/consultations/{id}/progress',
      op: 'getConsultationProgress',
      summary: '督 Progress checkpoints (dated timeline entries with a percentage)',
      body: { description: 'Progress', content: json(progressReplySchema) },
    },
    {
      path: '/v1/consultations/{id}/archive.json',
      op: 'getConsultationArchiveJson',
      summary: '备 The archive record (一事一档) as JSON',
      body: {
        description: 'The immutable archive record and its SHA-256 content hash',
        content: json(consultationArchiveExportSchema),
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
      201: { description: 'Reversal entry written', content: json(Reversal) },
      200: { description: 'Already reversed: the existing reversal', content: json(Reversal) },
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
