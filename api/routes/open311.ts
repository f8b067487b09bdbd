import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { badRequest, HttpError } from '../errors';
import { parseOr400 } from '../validate';
import {
  createOpen311Request,
  findOpen311Request,
  findOpen311Requests,
  listServices,
  open311ListQuerySchema,
  serviceDefinition,
  type Open311Deps,
} from '../services/open311';

export const OPEN311_BASE = '/open311/v2';

const idempotencyKeySchema = z.string().trim().min(1).max(200);

/** The api_key of a POST (body or query string), or 401 in the project's error shape. */
function clientOf(req: Request, apiKeys: Map<string, string>): string {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body.api_key : undefined;
  const fromQuery = req.query.api_key;
  const key = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (!key) throw new HttpError(401, 'UNAUTHENTICATED', 'api_key is required to post a service request');
  const client = apiKeys.get(key.trim());
  if (!client) throw new HttpError(401, 'UNAUTHENTICATED', 'unknown api_key');
  return client;
}

const CODE_BY_STATUS: Record<number, string> = { 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/**
 * Body-parser refusals (too many form fields, nesting too deep, a bad charset, an aborted body)
 * in the project's error shape: the shared error handler knows only a few of their types and
 * would answer the rest with 500.
 */
function clientErrorsAs4xx(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      const e = err as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown } | undefined;
      if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) return next(err);
      // A JSON parse message quotes the body: keep it out of the reply.
      const message = e.type === 'entity.parse.failed' ? 'request body is not valid JSON' : String(e.message);
      next(new HttpError(e.status, CODE_BY_STATUS[e.status] ?? 'INVALID_INPUT', message));
    });
}

/**
 * Open311 GeoReport v2, JSON only (`.json` endpoints), mapped onto the request intake and the
 * read model (api/services/open311.ts has the mapping and its decisions).
 *
 * Authentication: only `POST requests.json` needs an `api_key` (from OPEN311_API_KEYS). The
 * service list, service definitions and request reads are public, as in most Open311
 * deployments, and so carry no personal data (no name, phone or street address).
 *
 * Open311 clients post HTML forms: this router parses application/x-www-form-urlencoded (and
 * JSON) for its own paths and answers 415 for anything else, so the app must let its form posts
 * past the app-wide JSON-only check.
 */
export function open311Routes(deps: Open311Deps): Router {
  const router = Router();
  router.use(OPEN311_BASE, (req, _res, next) => {
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(req.method) && req.headers['content-length'] !== '0';
    if (hasBody && req.headers['content-type'] && !req.is(['application/json', 'application/x-www-form-urlencoded'])) {
      return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/x-www-form-urlencoded or application/json'));
    }
    next();
  });
  // A body already parsed by the app-wide parser is left alone.
  router.use(
    OPEN311_BASE,
    clientErrorsAs4xx(express.json({ limit: '64kb' })),
    clientErrorsAs4xx(express.urlencoded({ extended: true, limit: '64kb' })),
  );

  router.get(`${OPEN311_BASE}/services.json`, async (_req, res) => {
    res.json(await listServices(deps.prisma));
  });

  router.get(`${OPEN311_BASE}/services/:code.json`, async (req, res) => {
    res.json(await serviceDefinition(deps.prisma, req.params.code!));
  });

  router.post(`${OPEN311_BASE}/requests.json`, async (req, res) => {
    const client = clientOf(req, deps.apiKeys);
    const rawKey = req.header('idempotency-key');
    const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
    if (key && !key.success) throw badRequest('invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'must be 1–200 characters' }]);
    const result = await createOpen311Request(deps, req.body, client, key?.data);
    res
      .status(result.created ? 201 : 200)
      .location(`${OPEN311_BASE}/requests/${result.body[0].service_request_id}.json`)
      .json(result.body);
  });

  // Public by design (see above): no api_key, no personal data.
  router.get(`${OPEN311_BASE}/requests.json`, async (req, res) => {
    const q = parseOr400(open311ListQuerySchema, req.query, 'query');
    res.json(await findOpen311Requests(deps.prisma, q));
  });

  router.get(`${OPEN311_BASE}/requests/:id.json`, async (req, res) => {
    res.json(await findOpen311Request(deps.prisma, req.params.id!));
  });

  // The spec's other formats: say plainly that only JSON is served.
  router.all(/^\/open311\/v2\/.*\.xml$/, () => {
    throw new HttpError(404, 'NOT_FOUND', 'Open311 is served as JSON only: use the .json endpoints');
  });
  return router;
}
