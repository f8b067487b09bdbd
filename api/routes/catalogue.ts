import { Router } from 'express';
import type { PrismaClient } from '@prisma/client';

/** The 事项目录 and the org tree, for front ends' pickers. Public: no personal data. */
export function catalogueRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get('/v1/categories', async (_req, res) => {
    const categories = await deps.prisma.category.findMany({
      where: { active: true },
      include: { timeLimits: true },
      orderBy: { code: 'asc' },
    });
    res.json({
      items: categories.map((c) => ({
        code: c.code,
        name: c.name,
        description: c.description,
        timeLimits: c.timeLimits.map((t) => ({ urgency: t.urgency, clock: t.clock, amount: t.amount, unit: t.unit })),
      })),
    });
  });
  router.get('/v1/units', async (_req, res) => {
    const units = await deps.prisma.unit.findMany({ orderBy: { code: 'asc' } });
    res.json({ items: units.map((u) => ({ code: u.code, name: u.name, tier: u.tier, parentCode: u.parentCode })) });
  });
  return router;
}
