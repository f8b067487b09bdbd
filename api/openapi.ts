import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import packageJson from '../package.json';
import {
  REQUEST_STATUSES,
  STATUS_LABELS,
  type RequestStatus,
} from '../domain/requests/model';
import { REQUEST_ACTION_SPECS, REQUEST_ACTIONS, type RequestActionSpec } from '../domain/requests/actions';
import { methodOf } from '../domain/shared/action-table';
import { createRequestSchema } from '../domain/requests/schemas';
import { CREATE_ROLES } from './auth/roles';
import { listQuerySchema as routeListQuerySchema } from './requests/routes';
import { registerMetricsPaths } from './openapi-metrics';
import { registerAdminPaths } from './openapi-admin';
import { registerOpen311Paths } from './openapi-open311';
import { withCrossCuttingResponses } from './openapi-cross-cutting';
import { registerConsultationPaths } from './openapi-consultations';
import { registerPrivacyPaths } from './openapi-privacy';
import { requestDetailSchema, requestSummarySchema } from './services/request-queries';
import {
  callerRequestViewSchema,
  categorySchema,
  createdRequestSchema,
  deadlinesSchema,
  timelineItemSchema,
} from '../domain/requests/views';
import { orNull, unitSchema } from '../domain/shared/views';

// `registry.register(name, schema)` names a schema through zod-to-openapi's `.openapi()`, which
// needs this extension (a no-op when already applied). Zod 4 copies prototype methods onto each
// instance when it is constructed, so schemas built earlier (those in domain/) lack `.openapi()`:
// `named()` below registers a fresh clone instead. The shared schemas are never modified.
extendZodWithOpenApi(z);

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.enum(['ok', 'down']),
  database: z.enum(['ok', 'down']),
});

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Machine-readable code, e.g. INVALID_INPUT, FORBIDDEN, NOT_FOUND'),
    message: z.string(),
    details: z
      .unknown()
      .nonoptional()
      .describe('More about the error, or null. For INVALID_INPUT: [{ field, message, code }]'),
  }),
});

const invalidStateErrorSchema = z.object({
  error: z.object({
    code: z.literal('INVALID_STATE'),
    message: z.string(),
    details: z.object({
      status: z.enum(REQUEST_STATUSES).nullable().describe('The request’s current status'),
      allowedActions: z.array(z.enum(REQUEST_ACTIONS)).describe('What the current status allows instead'),
    }),
  }),
});

const ruleViolationErrorSchema = z.object({
  error: z.object({
    code: z.literal('RULE_VIOLATION'),
    message: z.string(),
    details: z.object({ rule: z.string().describe('The rule that refused the action') }),
  }),
});

/** The list filters, from the route itself (cloned: see the note on extendZodWithOpenApi above). */
const listQuerySchema = routeListQuerySchema.clone();

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/** Who may act besides the request's own units, in the words of the action's description. */
const scopeNote = (spec: RequestActionSpec): string => {
  if (spec.scope === 'whistledDepartment') {
    return 'The caller must be a handler of the whistled `department` named in the body; the request need not be at their unit.';
  }
  return spec.roles.includes('handler') ? 'Handlers act only on requests at their unit or below.' : '';
};

const LIFECYCLE: readonly RequestStatus[] = [
  'RECEIVED',
  'DISPATCHED',
  'SIGNED',
  'RESPONDED',
  'IN_PROGRESS',
  'RESOLVED',
  'REVIEWED',
  'CALLBACK',
  'RATED',
  'ARCHIVED',
];

const DESCRIPTION = `Huiying (呼应) runs every Beijing 12345 citizen request (接诉即办) as a durable Temporal workflow.
This API accepts requests, lists and shows them, and forwards each lifecycle action to the request's workflow.

**Lifecycle**: ${LIFECYCLE.map((s) => `${STATUS_LABELS[s]} \`${s}\``).join(' → ')}.
Side paths: 直接答复 (answered at intake), 退单 (return to dispatch), 延期 (extension), 暂停计时 (paused clock),
上报 (escalation up the 下呼上应 ladder 网格 → 社区 → 街道 → 区), 吹哨报到 (departments called to report), 合并 (duplicates),
不合理诉求 (unreasonable requests), 撤回 (withdrawal), 督回访 (re-check after closing).

**Errors** always have the shape \`{ "error": { "code", "message", "details" } }\`. An action the current status does not
allow answers 409 \`INVALID_STATE\` with the status and the actions allowed now; an action that breaks a rule
(a window, a cap) answers 422 \`RULE_VIOLATION\` naming the rule.

**Authentication**: \`/v1/requests*\` need \`Authorization: Bearer <JWT>\`; the token's role decides what the caller may do.
The catalogue (\`/v1/categories\`, \`/v1/units\`) and \`/healthz\` are public.`;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const rolesText = (roles: readonly string[]) => roles.map((r) => `\`${r}\``).join(', ');

/** Builds the OpenAPI 3.1 document from the zod schemas the API validates with. */
export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearerAuth = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT whose claims carry the caller’s role (intake, dispatcher, handler, supervisor, auditor, admin) and unit',
  });
  const security = [{ [bearerAuth.name]: [] }];
  /** Registers a named copy under components/schemas (see extendZodWithOpenApi above). */
  const named = <T extends z.ZodType>(name: string, schema: T, description?: string): T =>
    registry.register(name, description ? schema.describe(description) : schema.clone());

  const ErrorBody = named('Error', errorSchema, 'The one error shape of the API');
  const InvalidStateError = named('InvalidStateError', invalidStateErrorSchema);
  const RuleViolationError = named('RuleViolationError', ruleViolationErrorSchema);
  const Unit = named('Unit', unitSchema, 'A unit of the org tree');
  const Deadlines = named('Deadlines', deadlinesSchema);
  const unitRef = { unit: orNull(Unit).describe('The unit currently handling the request; null before dispatch') };
  const RequestView = named(
    'RequestView',
    callerRequestViewSchema.extend({ ...unitRef, deadlines: Deadlines }),
    'The live state of a request, as answered by its workflow',
  );
  const RequestSummary = named('RequestSummary', requestSummarySchema, 'A request as stored in the read model');
  const RequestDetail = named(
    'RequestDetail',
    requestDetailSchema.extend({
      unit: orNull(Unit).optional(),
      live: orNull(RequestView).describe('The workflow’s live view; null when Temporal could not be asked'),
    }),
    'The read-model row merged with the live workflow state',
  );
  const CreateRequest = named('CreateRequest', createRequestSchema, '受理: what the citizen reported');
  const Created = named('CreateRequestResult', createdRequestSchema.extend({ ...unitRef, deadlines: Deadlines }));
  const TimelineEvent = named('TimelineEvent', timelineItemSchema);
  const Category = named('Category', categorySchema, '事项目录 entry with its time limits per urgency and clock');
  const Health = named('Health', healthSchema);

  const error = (description: string) => ({ description, content: json(ErrorBody) });
  const unauthenticated = error('UNAUTHENTICATED: missing, invalid or expired bearer token');
  const idParams = z.object({ id: z.string().describe('工单号 (request id)') });

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    tags: ['Health'],
    operationId: 'health',
    summary: 'Health of the API and its dependencies',
    responses: {
      200: { description: 'Temporal and PostgreSQL both answer', content: json(Health) },
      503: { description: 'Temporal or PostgreSQL is down; the body says which', content: json(Health) },
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/categories',
    tags: ['Catalogue'],
    operationId: 'listCategories',
    summary: '事项目录: active categories and their time limits',
    responses: { 200: { description: 'Active categories, by code', content: json(z.object({ items: z.array(Category) })) } },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/units',
    tags: ['Catalogue'],
    operationId: 'listUnits',
    summary: 'The org tree: grids, communities, streets, districts and departments',
    responses: { 200: { description: 'All units, by code', content: json(z.object({ items: z.array(Unit) })) } },
  });

  registry.registerPath({
    method: 'post',
    path: '/v1/requests',
    tags: ['Requests'],
    operationId: 'createRequest',
    summary: '受理 Accept a citizen request',
    description: `Stores the request and starts its workflow; the answer carries the dispatch unit and deadlines.
Retrying with the same \`Idempotency-Key\` returns the same request (200) instead of creating another.

Roles: ${rolesText(CREATE_ROLES)}.`,
    security,
    request: {
      headers: z.object({
        'Idempotency-Key': z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('Client-chosen key (1–200 characters); the same key with the same body yields the same request'),
      }),
      body: { required: true, content: json(CreateRequest) },
    },
    responses: {
      201: {
        description: 'Created',
        headers: z.object({ Location: z.string().describe('/v1/requests/{id}') }),
        content: json(Created),
      },
      200: {
        description: 'Already created with this Idempotency-Key: the existing request',
        headers: z.object({ Location: z.string().describe('/v1/requests/{id}') }),
        content: json(Created),
      },
      400: error('INVALID_INPUT: the body or the Idempotency-Key header is invalid; details lists each bad field'),
      401: unauthenticated,
      403: error('FORBIDDEN: the caller’s role may not create requests'),
      422: error(
        'UNKNOWN_REFERENCE (unknown category or unit), RULE_VIOLATION territorialUnit (location.unitCode is not a grid, ' +
          'community or street; details.field names it) or IDEMPOTENCY_KEY_REUSED (same key, different body)',
      ),
      503: error('DEPENDENCY_UNAVAILABLE: the workflow service did not accept the request; retry with the same Idempotency-Key'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/requests',
    tags: ['Requests'],
    operationId: 'listRequests',
    summary: 'List requests, newest first',
    description:
      'Handlers see requests at their unit and below; intake staff see the requests they created; other roles see all.',
    security,
    request: { query: listQuerySchema },
    responses: {
      200: {
        description: 'One page; pass nextCursor as `cursor` for the next',
        content: json(z.object({ items: z.array(RequestSummary), nextCursor: z.string().nullable() })),
      },
      400: error('INVALID_INPUT: a query parameter is invalid'),
      401: unauthenticated,
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/requests/{id}',
    tags: ['Requests'],
    operationId: 'getRequest',
    summary: 'One request with its live workflow state',
    security,
    request: { params: idParams },
    responses: {
      200: { description: 'The request', content: json(RequestDetail) },
      401: unauthenticated,
      403: error('FORBIDDEN: the request is outside the caller’s scope'),
      404: error('NOT_FOUND'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/requests/{id}/timeline',
    tags: ['Requests'],
    operationId: 'getRequestTimeline',
    summary: 'Every event of a request, in order',
    security,
    request: { params: idParams },
    responses: {
      200: { description: 'The timeline', content: json(z.object({ items: z.array(TimelineEvent) })) },
      401: unauthenticated,
      403: error('FORBIDDEN: the request is outside the caller’s scope'),
      404: error('NOT_FOUND'),
    },
  });

  // One operation per entry of the action table, so a new action is documented without edits here.
  for (const action of REQUEST_ACTIONS) {
    const spec = REQUEST_ACTION_SPECS[action];
    const schema = spec.schema;
    const Body = named(`${pascal(action)}Input`, schema);
    const roles = spec.roles;
    registry.registerPath({
      method: methodOf(spec),
      path: `/v1/requests/{id}/${spec.path}`,
      tags: ['Actions'],
      operationId: `action${pascal(action)}`,
      summary: spec.summary,
      description: [
        `Action \`${action}\`.`,
        `Roles: ${rolesText(roles)}.`,
        scopeNote(spec),
        `Allowed from: ${spec.from.map((s) => `${STATUS_LABELS[s]} \`${s}\``).join(', ')}; otherwise 409.`,
        'Answers the request’s live state after the action.',
      ]
        .filter(Boolean)
        .join('\n\n'),
      security,
      request: {
        params: idParams,
        // A body whose fields are all optional may be omitted.
        body: { required: !schema.safeParse({}).success, content: json(Body) },
      },
      responses: {
        200: { description: 'Done: the request’s state after the action', content: json(RequestView) },
        400: error('INVALID_INPUT: the body is invalid; details lists each bad field'),
        401: unauthenticated,
        403: error(`FORBIDDEN: only ${roles.join(', ')} may ${action}, within their scope`),
        404: error('NOT_FOUND'),
        409: {
          description: 'INVALID_STATE: the request’s status does not allow this action; details has the status and what is allowed now',
          content: json(InvalidStateError),
        },
        422: {
          description: 'RULE_VIOLATION: the status allows the action but a rule (a window, a cap) refuses it',
          content: json(RuleViolationError),
        },
      },
    });
  }

  registerMetricsPaths(registry, { security, error, named });
  registerConsultationPaths(registry, { security, error, named });
  registerAdminPaths(registry, { security, error, named });
  registerOpen311Paths(registry, { error });
  registerPrivacyPaths(registry, { security, error, named });

  return withCrossCuttingResponses(new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Huiying API',
      version: packageJson.version,
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'Requests', description: '受理 and reading requests (工单)' },
      { name: 'Actions', description: 'Lifecycle actions, each forwarded to the request’s workflow as an Update' },
      { name: 'Catalogue', description: '事项目录 and the org tree (public)' },
      { name: 'Health', description: 'Liveness of the API and its dependencies' },
      { name: 'Metrics', description: '三率, 办结率, rankings, overdue report and 通报 list (read-only)' },
      { name: 'Consultations', description: '社区议事协商 items: collect, read, archive (一事一档)' },
      { name: 'Consultation steps', description: '定、议、公、办、督、评: one action per step' },
      { name: 'Points', description: '治理积分 ledger' },
      { name: 'Admin', description: '事项目录 and time limits, the org tree, statutory calendar data' },
      { name: 'Open311', description: 'Open311 GeoReport v2 (JSON and XML) for third-party clients' },
      { name: 'Privacy', description: 'Recorded reveal of personal fields and the access log (docs/pipl.md)' },
    ],
  }));
}
