import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { accessEntrySchema, accessQuerySchema } from './audit/audit-query';
import { publicReplySchema } from '../domain/requests/schemas';
import { REVEAL_ROLES } from './privacy/field-policy';
import {
  accessLogPageSchema,
  archiveVerificationSchema,
  publicReplyResultSchema,
  revealConsultationSchema,
  revealRequestSchema,
  revealResultSchema,
} from './privacy/views';

interface Shared {
  security: { [name: string]: string[] }[];
  error: (description: string) => ResponseConfig;
  /** Registers a named copy of a schema built elsewhere under components/schemas (api/openapi.ts). */
  named: <T extends z.ZodType>(name: string, schema: T, description?: string) => T;
}

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const roles = REVEAL_ROLES.map((r) => `\`${r}\``).join(', ');

/**
 * The recorded reveal of personal fields (and, with the access log, the auditors' reads). The reply
 * schemas are api/privacy/views.ts, the ones the routes answer.
 */
export function registerPrivacyPaths(registry: OpenAPIRegistry, { security, error, named }: Shared): void {
  const Result = named('RevealResult', revealResultSchema);
  const reveal = (path: string, operationId: string, what: string, body: z.ZodType) =>
    registry.registerPath({
      method: 'post',
      path,
      tags: ['Privacy'],
      operationId,
      summary: `Reveal full personal fields of ${what}, with a purpose`,
      description: `Answers the full values a role sees masked or withheld (docs/pipl.md). The call, its purpose and the fields are recorded in the access log.\n\nRoles: ${roles}, within their usual scope.`,
      security,
      request: { params: z.object({ id: z.string() }), body: { required: true, content: json(body.clone()) } },
      responses: {
        200: { description: 'The full values', content: json(Result) },
        400: error('INVALID_INPUT: fields or purpose missing or unknown; details names each'),
        401: error('UNAUTHENTICATED'),
        403: error('FORBIDDEN: the role may not reveal, or the record is outside the caller’s scope'),
        404: error('NOT_FOUND'),
      },
    });
  reveal('/v1/requests/{id}/reveal', 'revealRequest', 'a request', revealRequestSchema);
  reveal('/v1/consultations/{id}/reveal', 'revealConsultation', 'a consultation item', revealConsultationSchema);

  registry.registerPath({
    method: 'put',
    path: '/v1/requests/{id}/public-reply',
    tags: ['Privacy'],
    operationId: 'putPublicReply',
    summary: 'Write or approve the text Open311 publishes as status_notes',
    description:
      'Role: `dispatcher` (the 12345 platform). Open311 publishes only this text, never the handler’s notes or 办结 reply to the citizen.',
    security,
    request: { params: z.object({ id: z.string() }), body: { required: true, content: json(publicReplySchema.clone()) } },
    responses: {
      200: { description: 'Published', content: json(publicReplyResultSchema) },
      400: error('INVALID_INPUT: text missing or too long; details names it'),
      401: error('UNAUTHENTICATED'),
      403: error('FORBIDDEN: dispatchers only'),
      404: error('NOT_FOUND'),
    },
  });

  const Entry = named('AccessLogEntry', accessEntrySchema);
  registry.registerPath({
    method: 'get',
    path: '/v1/audit/access',
    tags: ['Privacy'],
    operationId: 'listAccessLog',
    summary: 'The access log: reads of personal data, exports, reveals and admin changes, newest first',
    description: 'Role: `auditor`. The log is append-only; nobody changes it through the API.',
    security,
    request: { query: accessQuerySchema.clone() },
    responses: {
      200: {
        description: 'One page; pass nextCursor as `cursor` for the next',
        content: json(accessLogPageSchema.extend({ items: z.array(Entry) })),
      },
      400: error('INVALID_INPUT: a query parameter is invalid; details names it'),
      401: error('UNAUTHENTICATED'),
      403: error('FORBIDDEN: auditors only'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/archive/verify',
    tags: ['Privacy'],
    operationId: 'verifyArchiveChain',
    summary: 'Verifies the archive chain (一事一档): hashes, links and HMAC signatures, in chain order',
    description:
      'Roles: `auditor`, `admin`. Each archive record holds the hash of the previous one and an HMAC signature made with a key ' +
      'that is not in the database; a record changed in the database, removed or reordered breaks the chain at that record.',
    security,
    responses: {
      200: {
        description: 'valid, or the first record that breaks the chain and why',
        content: json(archiveVerificationSchema),
      },
      401: error('UNAUTHENTICATED'),
      403: error('FORBIDDEN: auditors and admins only'),
      503: error('ARCHIVE_KEYS_UNAVAILABLE: the signing keys are not configured'),
    },
  });
}
