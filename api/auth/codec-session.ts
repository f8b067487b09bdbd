import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors';
import type { Role } from './roles';
import type { Principal, TokenService } from './tokens';

/**
 * The staff sign-in session of the browser pages: one sign-in (on /console/sign-in or
 * /codec/sign-in) sets HttpOnly cookies holding the same short-lived API token, each sent by the
 * browser only where it is needed (Path) and only from the same site (SameSite=Strict):
 * - `huiying_console_session` on /console, for every role: the console's pages and its API calls;
 * - `huiying_codec_session` on /codec, for auditors and admins only: how Temporal UI (configured
 *   to include credentials) authenticates its decode calls.
 * Scripts and the CLI send `Authorization: Bearer` instead.
 */
export const CODEC_SESSION_COOKIE = 'huiying_codec_session';
export const CONSOLE_SESSION_COOKIE = 'huiying_console_session';
const SESSION_TTL_SECONDS = 8 * 3600;
/** Roles that may read decrypted workflow payloads. */
export const CODEC_ROLES: readonly Role[] = ['auditor', 'admin'];

/** The codec's cookie is set first: clients that keep only the first Set-Cookie keep the one they asked for. */
const SCOPES = [
  { cookie: CODEC_SESSION_COOKIE, path: '/codec', roles: CODEC_ROLES },
  { cookie: CONSOLE_SESSION_COOKIE, path: '/console', roles: null },
] as const;

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Signs the principal in for the console and, for auditors and admins, for the codec too. */
export async function startSession(res: Response, req: Request, tokens: TokenService, who: Principal): Promise<void> {
  const token = await tokens.mint({ subject: who.subject, role: who.role, unitCode: who.unitCode }, `${SESSION_TTL_SECONDS}s`);
  for (const scope of SCOPES) {
    if (scope.roles && !scope.roles.includes(who.role)) continue;
    res.cookie(scope.cookie, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: scope.path,
      maxAge: SESSION_TTL_SECONDS * 1000,
    });
  }
}

/** Signing out of one page signs out of both. */
export function endSession(res: Response, req: Request): void {
  for (const scope of SCOPES) {
    res.clearCookie(scope.cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: scope.path });
  }
}

/** The console's session token, if the browser sent one. */
export const consoleSessionToken = (req: Request): string | undefined => cookieValue(req, CONSOLE_SESSION_COOKIE);

/** Bearer token or session cookie; 401 without a valid one, 403 for roles other than auditor and admin. */
export function requireCodecReader(tokens: TokenService, roles: readonly Role[] = CODEC_ROLES): RequestHandler {
  return async (req, _res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? cookieValue(req, CODEC_SESSION_COOKIE);
    if (!token) return next(new HttpError(401, 'UNAUTHENTICATED', 'sign in (/codec/sign-in) or send a bearer token'));
    try {
      req.principal = await tokens.verify(token);
    } catch {
      return next(new HttpError(401, 'UNAUTHENTICATED', 'invalid or expired token'));
    }
    if (!roles.includes(req.principal.role)) {
      return next(new HttpError(403, 'FORBIDDEN', `role ${req.principal.role} may not read workflow payloads`, { allowedRoles: roles }));
    }
    next();
  };
}

/** The codec sign-in's names for the shared session (its sign-in admits auditors and admins only). */
export const startCodecSession = (res: Response, req: Request, tokens: TokenService, subject: string, role: Role) =>
  startSession(res, req, tokens, { subject, role });
export const endCodecSession = endSession;
