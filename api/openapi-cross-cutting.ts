/**
 * Statuses every operation can answer, whatever its route does, added to each operation of the
 * generated document in one place (a route added later is covered without edits):
 * - 400: a NUL character in any path, query or body value (api/input-guards.ts), bad JSON;
 * - 413 / 415: a body over 64 kB, or not JSON (Open311: JSON or a form; api/body-parsing.ts);
 * - 429: the per-token rate limit (api/rate-limit.ts), with Retry-After;
 * - 503: PostgreSQL or Temporal unreachable (api/dependency-errors.ts), with Retry-After.
 * Open311 paths answer errors in the GeoReport shape (api/open311-format.ts).
 */
import type { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

type Document = ReturnType<OpenApiGeneratorV31['generateDocument']>;
type Operation = NonNullable<NonNullable<Document['paths']>[string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };

/** Where the body of each error lives: the project's `{ error }`, or Open311's `[{ code, description }]`. */
function errorContent(path: string) {
  if (!path.startsWith('/open311/')) return { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return {
    [path.endsWith('.xml') ? 'application/xml' : 'application/json']: {
      schema: { $ref: '#/components/schemas/Open311Errors' },
    },
  };
}

function addResponses(path: string, op: Operation): void {
  const content = errorContent(path);
  const add = (status: string, description: string, headers?: typeof RETRY_AFTER) => {
    op.responses ??= {};
    op.responses[status] ??= { description, content, ...(headers ? { headers } : {}) };
  };
  add('400', 'INVALID_INPUT: a value has a NUL character (U+0000), or the body is not valid JSON; details name the field');
  if (op.requestBody) {
    add('413', 'PAYLOAD_TOO_LARGE: the body is over 64 kB');
    add('415', 'UNSUPPORTED_MEDIA_TYPE: send application/json');
  }
  add('429', 'RATE_LIMITED: too many calls a minute for this token (or client address)', RETRY_AFTER);
  add('503', 'DEPENDENCY_UNAVAILABLE: PostgreSQL or Temporal is unreachable; details.dependency names it', RETRY_AFTER);
}

export function withCrossCuttingResponses(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) addResponses(path, op);
    }
  }
  return doc;
}
