import { Router } from 'express';
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { RateWeights } from '../../domain/requests/three-rates';
import type { NoticeList } from '../../domain/requests/metrics-views';
import { requireRole } from '../auth/middleware';
import { queryInstant, queryMonth } from '../query-params';
import { parseOr400 } from '../validate';
import { closureRateReport, rankings, threeRatesReport } from '../services/metrics';
import { presentRow } from '../services/request-queries';

const READERS = ['auditor', 'supervisor', 'dispatcher', 'admin'] as const;

export const windowQuerySchema = z
  .object({
    from: queryInstant().describe('Window start (received at or after)'),
    to: queryInstant().describe('Window end (received before)'),
    groupBy: z.enum(['unit', 'category', 'none']).default('none'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] });
export const monthQuerySchema = z.object({ month: queryMonth() });

/** 三率, 办结率, monthly rankings, the overdue list and the 通报 list. Read-only. */
export function metricsRoutes(deps: { prisma: PrismaClient; weights: RateWeights }): Router {
  const router = Router();
  router.use(['/v1/metrics', '/v1/reports', '/v1/notices'], requireRole(...READERS));

  router.get('/v1/metrics/three-rates', async (req, res) => {
    const q = parseOr400(windowQuerySchema, req.query, 'query');
    res.json(await threeRatesReport(deps.prisma, new Date(q.from), new Date(q.to), q.groupBy, deps.weights));
  });
  router.get('/v1/metrics/closure-rate', async (req, res) => {
    const q = parseOr400(windowQuerySchema, req.query, 'query');
    res.json(await closureRateReport(deps.prisma, new Date(q.from), new Date(q.to), q.groupBy));
  });
  router.get('/v1/metrics/rankings', async (req, res) => {
    const q = parseOr400(monthQuerySchema, req.query, 'query');
    res.json(await rankings(deps.prisma, q.month, deps.weights));
  });
  router.get('/v1/reports/overdue', async (req, res) => {
    const who = req.principal!;
    const rows = await deps.prisma.request.findMany({
      where: { overdue: true, status: { notIn: ['ARCHIVED', 'WITHDRAWN'] } },
      orderBy: { resolveDeadline: 'asc' },
      take: 500,
    });
    res.json({ items: rows.map((row) => presentRow(row, who)) });
  });
  router.get('/v1/notices', async (_req, res) => {
    const events = await deps.prisma.requestEvent.findMany({
      where: { type: 'PUBLIC_NOTICE' },
      orderBy: { at: 'desc' },
      take: 500,
      include: { request: { select: { id: true, categoryCode: true, currentUnitCode: true, resolveDeadline: true, status: true } } },
    });
    const notices: NoticeList = {
      items: events.map((e) => ({
        requestId: e.requestId,
        at: e.at.toISOString(),
        reason: e.reason,
        unitCode: e.request.currentUnitCode,
        categoryCode: e.request.categoryCode,
        deadline: e.request.resolveDeadline?.toISOString() ?? null,
        status: e.request.status,
      })),
    };
    res.json(notices);
  });
  return router;
}
