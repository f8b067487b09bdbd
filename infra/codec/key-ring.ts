import { z } from 'zod';

/**
 * The keys the payload codec may use. `activeKeyId` encrypts every new payload; every key in
 * `keys` still decrypts, so old histories stay readable after a rotation.
 */
export interface KeyRing {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * Where a key ring comes from. Today: configuration (an environment variable or a file). A KMS
 * implementation would fetch or unwrap the data keys here; the codec never sees where they live.
 */
export interface KeySource {
  load(): Promise<KeyRing>;
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** `{"active":"2026-12","keys":{"2026-11":"<base64 of 32 bytes>","2026-12":"…"}}` */
const keyRingSchema = z
  .object({
    active: z.string().regex(keyIdPattern, 'key ids are 1-64 letters, digits, dot, dash or underscore'),
    keys: z.record(
      z.string().regex(keyIdPattern, 'key ids are 1-64 letters, digits, dot, dash or underscore'),
      z.string().refine((b64) => Buffer.from(b64, 'base64').length === 32, 'each key is 32 bytes, base64-encoded (AES-256)'),
    ),
  })
  .refine((ring) => ring.active in ring.keys, { message: 'the active key id must be one of the keys', path: ['active'] });

export type KeyRingJson = z.input<typeof keyRingSchema>;

/** Parses and checks the JSON form; the message names the problem, never a key. */
export function parseKeyRing(json: string, origin: string): KeyRing {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${origin}: not valid JSON`);
  }
  const parsed = keyRingSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${origin}: ${problems}`);
  }
  return {
    activeKeyId: parsed.data.active,
    keys: new Map(Object.entries(parsed.data.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')])),
  };
}

/** The JSON form of a ring (for writing a development key file and for tests). */
export function keyRingToJson(ring: KeyRing): string {
  return JSON.stringify({ active: ring.activeKeyId, keys: Object.fromEntries([...ring.keys].map(([id, key]) => [id, key.toString('base64')])) });
}

/** A ring that already is in memory (tests, or a caller that loaded it elsewhere). */
export class StaticKeySource implements KeySource {
  constructor(private readonly ring: KeyRing) {}

  load(): Promise<KeyRing> {
    return Promise.resolve(this.ring);
  }
}
