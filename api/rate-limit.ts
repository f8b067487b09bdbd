import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './errors';

/**
 * A per-token rate limit (per client IP for calls without a token): one noisy client cannot
 * starve the hotline consoles. In-memory per API replica; behind several replicas the effective
 * limit is per replica (a shared store such as Redis would make it global).
 */
export function rateLimitPerToken(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      if (auth) return 'token:' + createHash('sha256').update(auth).digest('hex').slice(0, 32);
      return 'ip:' + ipKeyGenerator(req.ip ?? 'unknown');
    },
    handler: (_req, _res, next) =>
      next(new HttpError(429, 'RATE_LIMITED', `more than ${perMinute} calls a minute; retry after the Retry-After header`)),
  });
}
