import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors';
import type { Role } from './roles';
import type { TokenService } from './tokens';

/**
 * The codec server's sign-in session: an HttpOnly cookie holding a short-lived API token, sent
 * by the browser only to /codec (Path) and only from the same site (SameSite=Strict), which is
 * how Temporal UI (configured to include credentials) authenticates its decode calls. Scripts
 * and the CLI send `Authorization: Bearer` instead.
 */
export const CODEC_SESSION_COOKIE = 'huiying_codec_session';
const SESSION_TTL_SECONDS = 8 * 3600;
/** Roles that may read decrypted workflow payloads. */
export const CODEC_ROLES: readonly Role[] = ['auditor', 'admin'];

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export async function startCodecSession(res: Response, req: Request, tokens: TokenService, subject: string, role: Role): Promise<void> {
  const token = await tokens.mint({ subject, role }, `${SESSION_TTL_SECONDS}s`);
  res.cookie(CODEC_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/codec',
    maxAge: SESSION_TTL_SECONDS * 1000,
  });
}

export function endCodecSession(res: Response, req: Request): void {
  res.clearCookie(CODEC_SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/codec' });
}

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
