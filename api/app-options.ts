import type { Config } from '../infra/config';
import type { AppDeps } from './app';
import { parseOpen311Keys } from './services/open311';

/** The app settings that come straight from configuration (shared by `npm start` and api/main.ts). */
export function appOptionsFromConfig(
  cfg: Config,
): Omit<AppDeps, 'prisma' | 'temporal' | 'tokens' | 'logger'> {
  return {
    namespace: cfg.TEMPORAL_NAMESPACE,
    taskQueue: cfg.TEMPORAL_TASK_QUEUE,
    recheckSamplePercent: cfg.HUIYING_RECHECK_SAMPLE_PERCENT,
    rateWeights: cfg.HUIYING_RATE_WEIGHTS,
    rateLimitPerMinute: cfg.HUIYING_RATE_LIMIT_PER_MINUTE,
    open311ApiKeys: parseOpen311Keys(cfg.OPEN311_API_KEYS),
    temporalUiUrl: cfg.TEMPORAL_UI_URL,
    corsOrigins: cfg.CORS_ORIGINS ? cfg.CORS_ORIGINS.split(',') : [],
  };
}
