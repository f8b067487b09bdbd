import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import type { Logger } from '../infra/logger';
import { authenticate } from './auth/middleware';
import type { TokenService } from './auth/tokens';
import { bodyParsers } from './body-parsing';
import { errorHandler, notFoundRoute } from './error-handler';
import { refuseNulBytes } from './input-guards';
import { methodNotAllowed } from './method-not-allowed';
import { temporalDeadline } from './temporal-deadline';
import { rateLimitPerToken } from './rate-limit';
import { open311Routes } from './routes/open311';
import { adminRoutes } from './routes/admin';
import { codecRoutes } from './routes/codec';
import type { KeyRing } from '../infra/codec/key-ring';
import { calendarRoutes } from './routes/calendar';
import { catalogueRoutes } from './routes/catalogue';
import { docsRoutes } from './routes/docs';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { DEFAULT_RATE_WEIGHTS, type RateWeights } from '../domain/requests/three-rates';
import { requestRoutes } from './requests/routes';
import { consultationRoutes } from './consultations/routes';
import { pointsRoutes } from './consultations/points-routes';
import { revealRoutes } from './routes/reveal';
import { auditRoutes } from './routes/audit';
import type { ArchiveKeys } from '../infra/archive-keys';
import { publicReplyRoutes } from './routes/public-reply';
import { accessLog } from './audit/access-log';
import { consoleApiBridge } from './console/api-bridge';
import { consoleRoutes } from './console/routes';

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  tokens: TokenService;
  logger: Logger;
  namespace: string;
  taskQueue: string;
  recheckSamplePercent?: number;
  temporalUiUrl?: string;
  corsOrigins?: string[];
  rateWeights?: RateWeights;
  /** Open311 api_key → client name (parseOpen311Keys(OPEN311_API_KEYS)); empty: reads only. */
  open311ApiKeys?: Map<string, string>;
  /** Calls per minute per token (or per IP without one); default 600. */
  rateLimitPerMinute?: number;
  /** Payload codec keys: serves the codec server (/codec) for Temporal UI; without them /codec is absent. */
  codecKeys?: KeyRing;
  /** Keys that verify the archive chain (GET /v1/archive/verify); default: from the environment. */
  archiveKeys?: ArchiveKeys;
  /** Bound on the Temporal calls of one API call (default TEMPORAL_CALL_DEADLINE_MS): then 503. */
  temporalDeadlineMs?: number;
}

/** The HTTP API: thin routes over Temporal (start, update, query) and the PostgreSQL read model. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    const id = req.header('x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () =>
      deps.logger.info(
        { requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'http',
      ),
    );
    next();
  });
  app.use(helmet());
  // Before CORS and body parsing: the codec has its own credentialed CORS, body limit and sign-in form.
  if (deps.codecKeys) app.use('/codec', codecRoutes({ ...deps, codecKeys: deps.codecKeys }));
  // The console (督办考核控制台): its sign-in form and files, and its calls, which go on as /v1 calls.
  app.use(consoleApiBridge);
  app.use(consoleRoutes(deps));
  if (deps.corsOrigins?.length) app.use(cors({ origin: deps.corsOrigins }));
  app.use(bodyParsers());
  app.use(refuseNulBytes);
  app.use(['/v1', '/open311'], rateLimitPerToken(deps.rateLimitPerMinute ?? 600, deps.tokens));

  app.use(temporalDeadline(deps.temporal, deps.temporalDeadlineMs));
  app.use(accessLog(deps.prisma, deps.logger)); // before every route: see api/audit/access-log.ts

  app.use(healthRoutes(deps));
  app.use(catalogueRoutes(deps));
  app.use(docsRoutes());
  app.use('/v1/requests', authenticate(deps.tokens));
  app.use(requestRoutes(deps));
  app.use(['/v1/metrics', '/v1/reports', '/v1/notices'], authenticate(deps.tokens));
  app.use(metricsRoutes({ prisma: deps.prisma, weights: deps.rateWeights ?? DEFAULT_RATE_WEIGHTS }));
  // consultation: 社区议事协商, 治理积分 and the 五议五不议 catalogue
  app.use(['/v1/consultations', '/v1/points', '/v1/consultation-catalogue'], authenticate(deps.tokens));
  app.use(consultationRoutes(deps));
  app.use(pointsRoutes(deps));
  app.use(revealRoutes(deps)); // after authenticate on /v1/requests and /v1/consultations
  app.use(auditRoutes(deps));
  app.use(publicReplyRoutes(deps)); // after authenticate on /v1/requests
  app.use(adminRoutes(deps));
  app.use(calendarRoutes(deps));
  app.use(open311Routes({ ...deps, apiKeys: deps.open311ApiKeys ?? new Map() }));
  app.use(methodNotAllowed(app));
  app.use(notFoundRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
