import { Router } from 'express';
import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { RETRY_AFTER_SECONDS } from '../dependency-errors';

/** Each dependency gets this long to answer, so /healthz itself answers within 2 s. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

type Health = 'ok' | 'down';

/** 'ok' when the check settles in time, 'down' when it fails or takes longer. */
function within(check: () => Promise<unknown>, ms: number): Promise<Health> {
  return new Promise<Health>((resolve) => {
    const timer = setTimeout(() => resolve('down'), ms);
    check().then(
      () => resolve('ok'),
      () => resolve('down'),
    ).finally(() => clearTimeout(timer));
  });
}

/** GET /healthz: 200 when Temporal and PostgreSQL both answer, else 503 naming what is down. */
export function healthRoutes(deps: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      // The gRPC deadline also stops the client's retries; the timer covers a connection that never opens.
      within(
        () => deps.temporal.connection.withDeadline(Date.now() + HEALTH_CHECK_TIMEOUT_MS, () => deps.temporal.connection.workflowService.getSystemInfo({})),
        HEALTH_CHECK_TIMEOUT_MS,
      ),
      within(() => deps.prisma.$queryRaw`SELECT 1`, HEALTH_CHECK_TIMEOUT_MS),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    const down = [...(temporal === 'down' ? ['temporal'] : []), ...(database === 'down' ? ['postgresql'] : [])];
    if (!ok) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database, down });
  });
  return router;
}
