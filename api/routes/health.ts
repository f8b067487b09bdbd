import { Router } from 'express';
import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';

/** GET /healthz: 200 when Temporal and PostgreSQL both answer, else 503 naming what is down. */
export function healthRoutes(deps: { prisma: PrismaClient; temporal: Client }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      deps.temporal.connection.workflowService
        .getSystemInfo({})
        .then(() => 'ok' as const)
        .catch(() => 'down' as const),
      deps.prisma.$queryRaw`SELECT 1`.then(() => 'ok' as const).catch(() => 'down' as const),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, database });
  });
  return router;
}
