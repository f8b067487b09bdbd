import { Router, type RequestHandler } from 'express';
import type { PrismaClient } from '@prisma/client';
import { upsertCategorySchema, upsertUnitSchema } from '../../domain/catalogue-schemas';
import { unitCodeSchema } from '../../domain/requests/schemas';
import { authenticate, requireRole } from '../auth/middleware';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../errors';
import { parseOr400 } from '../validate';
import { assertLadder } from '../services/unit-ladder';
import { savedCategorySchema, savedUnitSchema, type SavedCategory, type SavedUnit } from './admin-views';

// The catalogue stores urgency, clock, unit and tier as text; the enums they were written from narrow them back.
const timeLimitOf = savedCategorySchema.shape.timeLimits.element;
const tierOf = savedUnitSchema.shape.tier;

/**
 * Admin: the 事项目录 with its time limits and the org tree (the calendar has its own routes).
 * Changes apply to requests received afterwards (running requests keep their snapshot).
 */
export function adminRoutes(deps: { prisma: PrismaClient; tokens: TokenService }): Router {
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
    const reply: SavedCategory = {
      code: saved.code,
      name: saved.name,
      description: saved.description,
      active: saved.active,
      timeLimits: saved.timeLimits.map((t) => timeLimitOf.parse({ urgency: t.urgency, clock: t.clock, amount: t.amount, unit: t.unit })),
    };
    res.status(existed ? 200 : 201).json(reply);
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
    await assertLadder(deps.prisma, unitCode, input);
    const before = await deps.prisma.unit.findUnique({ where: { code: unitCode } });
    const saved = await deps.prisma.unit.upsert({
      where: { code: unitCode },
      create: { code: unitCode, ...input },
      update: input,
    });
    const reply: SavedUnit = { code: saved.code, name: saved.name, tier: tierOf.parse(saved.tier), parentCode: saved.parentCode };
    res.status(before ? 200 : 201).json(reply);
  });

  return router;
}
