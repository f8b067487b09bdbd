import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from './roles';

export interface Principal {
  subject: string;
  role: Role;
  unitCode?: string;
}

/**
 * The longest a token may live (exp - iat) and the oldest it may be (now - iat): a leaked token
 * is useful for one working shift at most. A token without exp, iat or sub is refused.
 */
export const MAX_TOKEN_AGE_SECONDS = 12 * 3600;

const claimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    unit: z.string().min(1).optional(),
    iat: z.number(),
    exp: z.number(),
  })
  .refine((c) => c.exp - c.iat <= MAX_TOKEN_AGE_SECONDS, { message: 'token lifetime exceeds the maximum', path: ['exp'] });

const ISSUER = 'huiying';
const AUDIENCE = 'huiying-api';

/** HS256 tokens signed with the configured secret (`jose`). */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async mint(p: Principal, ttl = '12h'): Promise<string> {
    return new SignJWT({ role: p.role, ...(p.unitCode ? { unit: p.unitCode } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(ttl)
      .sign(this.key);
  }

  /** Throws when the token is invalid, expired, or lacks the claims. */
  async verify(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, this.key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
    });
    const claims = claimsSchema.parse(payload);
    return { subject: claims.sub, role: claims.role, unitCode: claims.unit };
  }
}
