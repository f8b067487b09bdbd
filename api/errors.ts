import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../infra/logger';

/** The one error shape of the API: `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'INVALID_INPUT', message, details);
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);
export const unavailable = (message: string, details?: unknown) =>
  new HttpError(503, 'DEPENDENCY_UNAVAILABLE', message, details);

export const notFoundRoute: RequestHandler = (req, _res, next) => next(notFound(`route ${req.method} ${req.path}`));

/** Last middleware: known errors keep their status; body-parser errors become 400/413/415; the rest 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    let httpError: HttpError;
    if (err instanceof HttpError) httpError = err;
    else if (err?.type === 'entity.too.large') httpError = new HttpError(413, 'PAYLOAD_TOO_LARGE', 'request body too large');
    else if (err?.type === 'entity.parse.failed') httpError = badRequest('request body is not valid JSON');
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') {
      httpError = new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', String(err.message));
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && err.expose) {
      // Any other client error body-parser raises (too many fields, nesting too deep, aborted).
      const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT';
      httpError = new HttpError(err.status, code, String(err.message));
    } else {
      // Log the failure without the body (personal data); the request id ties it to the call.
      log.error({ err: { message: err?.message, stack: err?.stack }, requestId, path: req.path }, 'unhandled error');
      httpError = new HttpError(500, 'INTERNAL', 'internal error', { requestId });
    }
    res.status(httpError.status).json({
      error: { code: httpError.code, message: httpError.message, details: httpError.details ?? null },
    });
  };
}
