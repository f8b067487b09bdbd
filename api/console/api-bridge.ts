import type { RequestHandler } from 'express';
import { consoleSessionToken } from '../auth/codec-session';
import { HttpError } from '../errors';

/** Where the console's pages call the API: `/console/api/v1/...` is `/v1/...` with the session. */
export const CONSOLE_API_PREFIX = '/console/api';
/**
 * Required on every call that changes something (the page's scripts send it on all calls). A
 * cross-site form cannot set a header, and a cross-origin script that sets it needs a CORS
 * preflight the API does not grant with credentials, so together with SameSite=Strict this keeps
 * other sites from acting for a signed-in supervisor. Reads go without it, so that a plain link
 * opens a document (a consultation's archive).
 */
export const CONSOLE_CALL_HEADER = 'x-huiying-console';

/**
 * The console's pages cannot read their HttpOnly session cookie, so they call the API through
 * this prefix: it moves the cookie's token into `Authorization` and strips the prefix, and every
 * route, role check, validator, rate limit and access-log entry after it is the API's own. It
 * forwards to `/v1` only. Mounted unprefixed, before everything that reads the path.
 */
export const consoleApiBridge: RequestHandler = (req, _res, next) => {
  if (!req.url.startsWith(`${CONSOLE_API_PREFIX}/`)) return next();
  const rest = req.url.slice(CONSOLE_API_PREFIX.length);
  const pathPart = rest.split('?')[0]!;
  // Dot segments (plain or %-encoded) could climb out of /v1 once the prefix is gone.
  if (!pathPart.startsWith('/v1/') || /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(pathPart)) {
    return next(new HttpError(404, 'NOT_FOUND', 'the console forwards /v1 calls only'));
  }
  if (!['GET', 'HEAD'].includes(req.method) && req.header(CONSOLE_CALL_HEADER) !== '1') {
    return next(new HttpError(403, 'FORBIDDEN', `console calls carry the ${CONSOLE_CALL_HEADER} header`, { header: CONSOLE_CALL_HEADER }));
  }
  const token = consoleSessionToken(req);
  if (!token) return next(new HttpError(401, 'UNAUTHENTICATED', 'sign in at /console/sign-in'));
  req.headers.authorization = `Bearer ${token}`;
  req.url = rest;
  next();
};
