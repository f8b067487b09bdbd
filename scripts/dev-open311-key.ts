import { createHash } from 'node:crypto';
import { jwtSecret, type Config } from '../infra/config';

/**
 * Open311 POSTs need an api_key: outside production, when none is configured, a private dev key
 * is derived from the data folder's secret (never a well-known default) and printed in the banner.
 */
export function devOpen311Key(cfg: Config): string | undefined {
  if (cfg.OPEN311_API_KEYS || cfg.NODE_ENV === 'production') return undefined;
  return createHash('sha256').update(`open311:${jwtSecret(cfg)}`).digest('hex').slice(0, 32);
}
