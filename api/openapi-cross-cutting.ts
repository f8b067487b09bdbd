/**
 * Statuses every operation can answer, whatever its route does, added to each operation of the
 * generated document in one place (a route added later is covered without edits):
 * - 400: a NUL character in any path, query or body value (api/input-guards.ts), bad JSON;
 * - 413 / 415: a body over 64 kB, or not JSON (Open311: JSON or a form; api/body-parsing.ts);
 * - 429: the per-token rate limit (api/rate-limit.ts), with Retry-After;
 * - 503: PostgreSQL or Temporal unreachable (api/dependency-errors.ts), with Retry-After; on the
 *   operations whose reply writes an access-log row first (api/audit/access-log.ts: replies with
 *   personal data, exports, reveals) also when that row cannot be written and the reply is withheld.
 * Open311 paths answer errors in the GeoReport shape (api/open311-format.ts).
 */
import type { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { EXPORT_PATHS, REVEAL_PATH } from './audit/access-entry';

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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `schema` (following local $refs) describes a shaped view: an object with `personalData`. */
function hasPersonalData(doc: Document, schema: unknown, seen = new Set<string>()): boolean {
  if (!isRecord(schema)) return Array.isArray(schema) && schema.some((s) => hasPersonalData(doc, s, seen));
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return false;
    seen.add(name);
    return hasPersonalData(doc, doc.components?.schemas?.[name], seen);
  }
  if (isRecord(schema.properties) && 'personalData' in schema.properties) return true;
  return Object.values(schema).some((v) => hasPersonalData(doc, v, seen));
}

/**
 * Whether the middleware writes an access-log row before this operation's reply leaves, so that a
 * failed write withholds it with a 503. Decided as the middleware decides (api/audit/access-entry.ts):
 * export and reveal paths, and any success reply that carries shaped views. Admin changes are
 * logged too, but a failed write does not withhold their answer.
 */
export function writesAccessLogFirst(doc: Document, method: string, path: string, op: Operation): boolean {
  const concrete = path.replace(/\{[^}]+\}/g, 'x');
  if (method === 'get' && EXPORT_PATHS.some((p) => p.test(concrete))) return true;
  if (method === 'post' && REVEAL_PATH.test(concrete)) return true;
  return Object.entries(op.responses ?? {}).some(([status, response]) => status.startsWith('2') && hasPersonalData(doc, response));
}

const UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE: PostgreSQL or Temporal is unreachable; details.dependency names it';
const UNAVAILABLE_OR_UNLOGGED =
  'DEPENDENCY_UNAVAILABLE: PostgreSQL or Temporal is unreachable, or the access-log row of this reply could not be written (the reply is withheld); details.dependency names it';

function addResponses(path: string, op: Operation, logged: boolean): void {
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
  add('503', logged ? UNAVAILABLE_OR_UNLOGGED : UNAVAILABLE, RETRY_AFTER);
}

export function withCrossCuttingResponses(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) addResponses(path, op, writesAccessLogFirst(doc, method, path, op));
    }
  }
  return doc;
}
