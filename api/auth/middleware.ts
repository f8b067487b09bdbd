import type { RequestHandler } from 'express';
import { HttpError } from '../errors';
import type { Role } from './roles';
import type { Principal, TokenService } from './tokens';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Requires `Authorization: Bearer <JWT>`; 401 when missing or invalid. */
export function authenticate(tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return next(new HttpError(401, 'UNAUTHENTICATED', 'missing bearer token'));
    try {
      req.principal = await tokens.verify(match[1]!);
      next();
    } catch {
      next(new HttpError(401, 'UNAUTHENTICATED', 'invalid or expired token'));
    }
  };
}

export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.principal?.role;
    if (!role || !roles.includes(role)) {
      return next(new HttpError(403, 'FORBIDDEN', `role ${role ?? 'none'} may not do this`, { allowedRoles: roles }));
    }
    next();
  };
}
