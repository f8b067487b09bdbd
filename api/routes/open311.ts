import { Router, type Request } from 'express';
import { z } from 'zod';
import { badRequest, HttpError } from '../errors';
import { sendOpen311, type Open311Format, type Open311Shape } from '../open311-format';
import { parseOr400 } from '../validate';
import {
  createOpen311Request,
  findOpen311Request,
  findOpen311Requests,
  listServices,
  open311Discovery,
  open311ListQuerySchema,
  serviceDefinition,
  type Open311Deps,
} from '../services/open311';

export const OPEN311_BASE = '/open311/v2';
const FORMATS: readonly Open311Format[] = ['json', 'xml'];

const idempotencyKeySchema = z.string().trim().min(1).max(200);

const SERVICES: Open311Shape = { root: 'services', item: 'service' };
const DEFINITION: Open311Shape = { root: 'service_definition', lists: { attributes: 'attribute', values: 'value' } };
const REQUESTS: Open311Shape = { root: 'service_requests', item: 'request' };
const DISCOVERY: Open311Shape = { root: 'discovery', lists: { endpoints: 'endpoint', formats: 'format' } };

/** The api_key of a POST (body or query string); the spec answers a missing or unknown key with 403. */
function clientOf(req: Request, apiKeys: Map<string, string>): string {
  const body: unknown = req.body;
  const fromBody = body && typeof body === 'object' && 'api_key' in body ? body.api_key : undefined;
  const fromQuery = req.query.api_key;
  const key = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (!key) throw new HttpError(403, 'FORBIDDEN', 'api_key is required to post a service request');
  const client = apiKeys.get(key.trim());
  if (!client) throw new HttpError(403, 'FORBIDDEN', 'invalid api_key');
  return client;
}

/**
 * Open311 GeoReport v2 over the request intake and the read model (the mapping and its decisions
 * are in api/services/open311.ts). Every endpoint answers as JSON (`.json`) or XML (`.xml`);
 * errors use the spec's `[{code, description}]` (api/open311-format.ts, via the error handler).
 * The app parses form posts for these paths (api/body-parsing.ts).
 *
 * Authentication: only `POST requests` needs an `api_key` (from OPEN311_API_KEYS). The service
 * list, service definitions and request reads are public, as in most Open311 deployments, and
 * so carry no personal data (no name, phone or street address).
 */
export function open311Routes(deps: Open311Deps): Router {
  const router = Router();
  for (const ext of FORMATS) {
    router.get(`/open311/discovery.${ext}`, (req, res) => {
      sendOpen311(req, res, 200, open311Discovery(`${req.protocol}://${req.get('host')}${OPEN311_BASE}`), DISCOVERY);
    });

    router.get(`${OPEN311_BASE}/services.${ext}`, async (req, res) => {
      sendOpen311(req, res, 200, await listServices(deps.prisma), SERVICES);
    });

    router.get(`${OPEN311_BASE}/services/:code.${ext}`, async (req, res) => {
      sendOpen311(req, res, 200, await serviceDefinition(deps.prisma, req.params.code!), DEFINITION);
    });

    router.post(`${OPEN311_BASE}/requests.${ext}`, async (req, res) => {
      const client = clientOf(req, deps.apiKeys);
      const rawKey = req.header('idempotency-key');
      const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
      if (key && !key.success) throw badRequest('invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'must be 1–200 characters' }]);
      const result = await createOpen311Request(deps, req.body, client, key?.data);
      res.location(`${OPEN311_BASE}/requests/${result.body[0].service_request_id}.${ext}`);
      sendOpen311(req, res, result.created ? 201 : 200, result.body, REQUESTS);
    });

    // Public by design (see above): no api_key, no personal data.
    router.get(`${OPEN311_BASE}/requests.${ext}`, async (req, res) => {
      const q = parseOr400(open311ListQuerySchema, req.query, 'query');
      sendOpen311(req, res, 200, await findOpen311Requests(deps.prisma, q), REQUESTS);
    });

    router.get(`${OPEN311_BASE}/requests/:id.${ext}`, async (req, res) => {
      sendOpen311(req, res, 200, await findOpen311Request(deps.prisma, req.params.id!), REQUESTS);
    });
  }
  return router;
}
