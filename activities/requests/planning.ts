import type { PrismaClient } from '@prisma/client';
import { ApplicationFailure } from '@temporalio/activity';
import { DEFAULT_TIME_LIMITS } from '../../domain/catalogue-defaults';
import { enclosingUnit, escalationTarget, type UnitKind, type UnitRef } from '../../domain/shared/org';
import type { SlaClock, Urgency } from '../../domain/requests/model';
import type { TimeLimit, TimeUnit } from '../../domain/shared/sla';
import type { RequestPlan } from '../../workflows/requests/definitions';

async function unitMap(prisma: PrismaClient): Promise<Map<string, UnitRef>> {
  const units = await prisma.unit.findMany({ select: { code: true, name: true, tier: true, parentCode: true } });
  return new Map(units.map((u) => [u.code, { ...u, tier: u.tier as UnitKind }]));
}

/** Catalogue and org-tree look-ups. Their results land in history, which freezes them per request. */
export function createPlanningActivities(prisma: PrismaClient) {
  return {
    /** Snapshot of the category's limits and the street the request goes to. */
    async planRequest(input: { categoryCode: string; urgency: Urgency; locationUnitCode: string }): Promise<RequestPlan> {
      const category = await prisma.category.findUnique({
        where: { code: input.categoryCode },
        include: { timeLimits: { where: { urgency: input.urgency } } },
      });
      if (!category) {
        throw ApplicationFailure.nonRetryable(`unknown category ${input.categoryCode}`, 'UnknownCategory');
      }
      const limits: Partial<Record<SlaClock, TimeLimit>> = { ...DEFAULT_TIME_LIMITS[input.urgency] };
      for (const row of category.timeLimits) {
        limits[row.clock as SlaClock] = { amount: row.amount, unit: row.unit as TimeUnit };
      }
      const units = await unitMap(prisma);
      const location = units.get(input.locationUnitCode);
      if (!location) throw ApplicationFailure.nonRetryable(`unknown unit ${input.locationUnitCode}`, 'UnknownUnit');
      // 属地管理: the street (街道) that contains the location receives the ticket; a location
      // above street level (the district itself) is handled there.
      const dispatchUnit = enclosingUnit(location.code, 'STREET', units) ?? location;
      return { categoryName: category.name, dispatchUnit, limits };
    },

    /** The next rung up the 下呼上应 ladder, or null at the district command centre. */
    async findEscalationTarget(unitCode: string): Promise<UnitRef | null> {
      return escalationTarget(unitCode, await unitMap(prisma)) ?? null;
    },

    async findUnit(unitCode: string): Promise<UnitRef | null> {
      return (await unitMap(prisma)).get(unitCode) ?? null;
    },
  };
}
