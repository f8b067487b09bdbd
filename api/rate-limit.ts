import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './errors';
import type { TokenService } from './auth/tokens';

/**
 * A per-subject rate limit (per client IP for calls without a valid token): one noisy client cannot
 * starve the hotline consoles. In-memory per API replica; behind several replicas the effective
 * limit is per replica (a shared store such as Redis would make it global).
 */
export function rateLimitPerToken(perMinute: number, tokens: TokenService): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Keyed on the verified subject: a random or forged Authorization header counts against the
    // caller's address like no header at all, so it cannot buy a fresh bucket.
    keyGenerator: async (req) => {
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) {
        const subject = await tokens.verify(bearer).then((p) => p.subject, () => null);
        if (subject) return 'sub:' + createHash('sha256').update(subject).digest('hex').slice(0, 32);
      }
      return 'ip:' + ipKeyGenerator(req.ip ?? 'unknown');
    },
    handler: (_req, _res, next) =>
      next(new HttpError(429, 'RATE_LIMITED', `more than ${perMinute} calls a minute; retry after the Retry-After header`)),
  });
}
