import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../infra/logger';
import { outageOf, RETRY_AFTER_SECONDS } from './dependency-errors';
import { badRequest, HttpError, notFound } from './errors';
import { isOpen311Path, sendOpen311Errors } from './open311-format';

export const notFoundRoute: RequestHandler = (req, _res, next) => next(notFound(`route ${req.method} ${req.path}`));

interface ParserError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** body-parser's and express's own client errors (bad JSON, too large, bad charset, bad %-escape). */
function clientErrorOf(err: unknown): HttpError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as ParserError;
  if (e.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'request body too large');
  // The parser's message quotes the body: keep it out of the reply.
  if (e.type === 'entity.parse.failed') return badRequest('request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', String(e.message));
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    // Any other client error they raise (too many fields, nesting too deep, aborted, a bad URI escape).
    const code = e.status === 413 ? 'PAYLOAD_TOO_LARGE' : e.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT';
    return new HttpError(e.status, code, String(e.message));
  }
  return undefined;
}

/**
 * Last middleware: known errors keep their status, client errors of the parsers become 4xx, an
 * unreachable PostgreSQL or Temporal becomes 503 with Retry-After naming it; the rest is a 500.
 * Open311 paths answer in the GeoReport error format instead of the project's.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    let httpError = err instanceof HttpError ? err : (clientErrorOf(err) ?? outageOf(err));
    if (!httpError) {
      // Log the failure without the body (personal data); the request id ties it to the call.
      log.error({ err: { message: err?.message, stack: err?.stack }, requestId, path: req.path }, 'unhandled error');
      httpError = new HttpError(500, 'INTERNAL', 'internal error', { requestId });
    } else if (httpError.status === 503) {
      log.warn({ requestId, path: req.path, code: httpError.code, details: httpError.details, cause: err?.message }, 'dependency unavailable');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    if (isOpen311Path(req.path)) return sendOpen311Errors(req, res, httpError);
    res.status(httpError.status).json({
      error: { code: httpError.code, message: httpError.message, details: httpError.details ?? null },
    });
  };
}
