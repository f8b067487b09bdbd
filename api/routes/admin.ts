import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { calendarUpdatedSignal } from '../../workflows/definitions';
import type { PrismaClient } from '@prisma/client';
import { calendarDaysSchema, upsertCategorySchema, upsertUnitSchema } from '../../domain/catalogue-schemas';
import { unitCodeSchema } from '../../domain/request-schemas';
import { authenticate, requireRole } from '../auth/middleware';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../errors';
import { parseOr400 } from '../validate';

/**
 * Admin: the 事项目录 with its time limits, the org tree, and the statutory calendar's next
 * years. Changes apply to requests received afterwards (running requests keep their snapshot).
 */
export function adminRoutes(deps: { prisma: PrismaClient; tokens: TokenService; temporal: Client }): Router {
  const router = Router();
  const admin: RequestHandler[] = [authenticate(deps.tokens), requireRole('admin')];
  const code = (raw: unknown, field: string) => {
    const parsed = unitCodeSchema.safeParse(raw);
    if (!parsed.success) throw new HttpError(400, 'INVALID_INPUT', `invalid ${field}`, [{ field, message: 'letters, digits, _ or -' }]);
    return parsed.data;
  };

  router.put('/v1/categories/:code', ...admin, async (req, res) => {
    const categoryCode = code(req.params.code, 'code');
    const input = parseOr400(upsertCategorySchema, req.body);
    const existed = await deps.prisma.$transaction(async (tx) => {
      const before = await tx.category.findUnique({ where: { code: categoryCode } });
      await tx.category.upsert({
        where: { code: categoryCode },
        create: { code: categoryCode, name: input.name, description: input.description, active: input.active },
        update: { name: input.name, description: input.description, active: input.active },
      });
      for (const t of input.timeLimits) {
        const key = { categoryCode, urgency: t.urgency, clock: t.clock };
        await tx.timeLimit.upsert({
          where: { categoryCode_urgency_clock: key },
          create: { ...key, amount: t.amount, unit: t.unit },
          update: { amount: t.amount, unit: t.unit },
        });
      }
      return before !== null;
    });
    const saved = await deps.prisma.category.findUniqueOrThrow({ where: { code: categoryCode }, include: { timeLimits: true } });
    res.status(existed ? 200 : 201).json({
      code: saved.code,
      name: saved.name,
      description: saved.description,
      active: saved.active,
      timeLimits: saved.timeLimits.map((t) => ({ urgency: t.urgency, clock: t.clock, amount: t.amount, unit: t.unit })),
    });
  });

  router.put('/v1/units/:code', ...admin, async (req, res) => {
    const unitCode = code(req.params.code, 'code');
    const input = parseOr400(upsertUnitSchema, req.body);
    if (input.parentCode) {
      const parent = await deps.prisma.unit.findUnique({ where: { code: input.parentCode } });
      if (!parent) throw new HttpError(422, 'UNKNOWN_REFERENCE', 'unknown parent unit', [{ field: 'parentCode', message: `no unit ${input.parentCode}` }]);
      // Refuse cycles: the new parent may not sit below this unit.
      for (let at: string | null = parent.code; at; ) {
        if (at === unitCode) throw new HttpError(422, 'RULE_VIOLATION', 'a unit cannot be placed below itself', { rule: 'unitCycle' });
        at = (await deps.prisma.unit.findUnique({ where: { code: at } }))?.parentCode ?? null;
      }
    }
    const before = await deps.prisma.unit.findUnique({ where: { code: unitCode } });
    const saved = await deps.prisma.unit.upsert({
      where: { code: unitCode },
      create: { code: unitCode, ...input },
      update: input,
    });
    res.status(before ? 200 : 201).json({ code: saved.code, name: saved.name, tier: saved.tier, parentCode: saved.parentCode });
  });

  router.get('/v1/calendar/days', ...admin, async (_req, res) => {
    const rows = await deps.prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
    res.json({ items: rows.map((r) => ({ date: r.date, work: r.work, name: r.name })) });
  });

  /** Loads a holiday notice, then nudges every request whose deadline waits on the calendar. */
  router.put('/v1/calendar/days', ...admin, async (req, res) => {
    const input = parseOr400(calendarDaysSchema, req.body);
    await deps.prisma.$transaction(
      input.days.map((d) =>
        deps.prisma.calendarDay.upsert({
          where: { date: d.date },
          create: { date: d.date, work: d.work, name: d.name || input.source },
          update: { work: d.work, name: d.name || input.source },
        }),
      ),
    );
    res.json({ loaded: input.days.length, source: input.source, nudged: await nudgeWaitingRequests(deps) });
  });
  return router;
}

/**
 * Requests whose latest calendar gap is still open (a CALENDAR_GAP event with no later
 * CALENDAR_GAP_CLOSED) get the calendarUpdated signal, so they retry now instead of within a day.
 */
async function nudgeWaitingRequests(deps: { prisma: PrismaClient; temporal: Client }): Promise<number> {
  const waiting = await deps.prisma.$queryRaw<{ id: string }[]>`
    SELECT g."requestId" AS id
      FROM "RequestEvent" g
     WHERE g.type = 'CALENDAR_GAP'
       AND NOT EXISTS (SELECT 1 FROM "RequestEvent" c
                        WHERE c."requestId" = g."requestId" AND c.type = 'CALENDAR_GAP_CLOSED' AND c.seq > g.seq)
     GROUP BY g."requestId"`;
  let nudged = 0;
  for (const { id } of waiting) {
    // A request that finished meanwhile cannot be signalled; that is fine.
    await deps.temporal.workflow
      .getHandle(id)
      .signal(calendarUpdatedSignal)
      .then(() => nudged++)
      .catch(() => undefined);
  }
  return nudged;
}
