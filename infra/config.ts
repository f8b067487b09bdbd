import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RATE_WEIGHTS } from '../domain/requests/three-rates';
import { REQUEST_LIMITS } from '../domain/requests/limits';
import { dataDir } from './paths';

const rateWeightsSchema = z.object({
  response: z.number().min(0),
  resolve: z.number().min(0),
  satisfy: z.number().min(0),
});

/**
 * Every setting, from the environment, validated once at start. Defaults give the embedded
 * stack; set the *_URL / *_ADDRESS variables to use external services instead.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HUIYING_HOST: z.string().default('127.0.0.1'),
  HUIYING_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HUIYING_DATA_DIR: z.string().default(dataDir),
  DATABASE_URL: z.string().url().optional(),
  HUIYING_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** mTLS to Temporal's frontend (infra/temporal-tls.ts): the CA that signed its certificate, */
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  /** this client's certificate and key (both or neither), */
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  /** and the name to check the frontend's certificate against (when it is not the address's host). */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_UI_URL: z.string().optional(),
  TEMPORAL_TASK_QUEUE: z.string().default('huiying'),
  TEMPORAL_RETENTION: z.string().default('720h'),
  NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  HUIYING_RECHECK_SAMPLE_PERCENT: z.coerce.number().int().min(0).max(100).default(REQUEST_LIMITS.RECHECK_SAMPLE_PERCENT),
  /** 三率 weights as JSON, e.g. {"response":0.1,"resolve":0.45,"satisfy":0.45}. */
  HUIYING_RATE_WEIGHTS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return DEFAULT_RATE_WEIGHTS;
      try {
        return rateWeightsSchema.parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON {"response":n,"resolve":n,"satisfy":n}, weights ≥ 0' });
        return z.NEVER;
      }
    }),
  /** Open311 POST clients as name:key,name2:key2 (keys ≥ 16 chars); unset: Open311 is read-only. */
  OPEN311_API_KEYS: z.string().optional(),
  HUIYING_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  HUIYING_TIME_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
  CORS_ORIGINS: z.string().default(''),
  HUIYING_JWT_SECRET: z.string().min(32).optional(),
});

export type Config = z.infer<typeof envSchema> & { temporalDbFile: string; pgDataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === 'production' && cfg.HUIYING_TIME_SCALE !== 1) {
    throw new Error('HUIYING_TIME_SCALE is a drill/test setting and must be 1 in production');
  }
  if (cfg.NODE_ENV === 'production' && !cfg.HUIYING_JWT_SECRET) {
    throw new Error('HUIYING_JWT_SECRET (at least 32 characters) is required in production');
  }
  if (Boolean(cfg.TEMPORAL_TLS_CERT_FILE) !== Boolean(cfg.TEMPORAL_TLS_KEY_FILE)) {
    throw new Error('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together (a client certificate and its key)');
  }
  if (cfg.NOTIFY_WEBHOOK_URL && !cfg.NOTIFY_WEBHOOK_SECRET) {
    throw new Error('NOTIFY_WEBHOOK_URL needs NOTIFY_WEBHOOK_SECRET (at least 16 characters) to sign deliveries');
  }
  return {
    ...cfg,
    temporalDbFile: path.join(cfg.HUIYING_DATA_DIR, 'temporal', 'temporal.db'),
    pgDataDir: path.join(cfg.HUIYING_DATA_DIR, 'postgres'),
  };
}

/**
 * The token signing secret: the configured one, or (outside production) a random secret kept in
 * the data folder so development tokens survive restarts.
 */
export function jwtSecret(cfg: Config): string {
  if (cfg.HUIYING_JWT_SECRET) return cfg.HUIYING_JWT_SECRET;
  const file = jwtSecretFile(cfg);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(cfg.HUIYING_DATA_DIR, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Where the development secret lives: `npm run token` reads it and never creates it. */
export function jwtSecretFile(cfg: Config): string {
  return path.join(cfg.HUIYING_DATA_DIR, 'dev-jwt-secret');
}
