import type { PrismaClient } from '@prisma/client';
import { DEFAULT_TIME_LIMITS } from '../domain/catalogue-defaults';
import { URGENCIES, type SlaClock } from '../domain/requests/model';
import { DEMO_CATEGORIES, DEMO_UNITS } from '../prisma/seed-data';
import { seedConsultationCatalogue } from '../prisma/consultation-seed-data';

/**
 * Loads the demo org tree and catalogue. Idempotent: existing rows (and any limits an admin has
 * changed) are left as they are.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<{ units: number; categories: number }> {
  for (const unit of DEMO_UNITS) {
    await prisma.unit.upsert({ where: { code: unit.code }, create: unit, update: {} });
  }
  for (const category of DEMO_CATEGORIES) {
    await prisma.category.upsert({ where: { code: category.code }, create: category, update: {} });
    const rows = URGENCIES.flatMap((urgency) =>
      Object.entries(DEFAULT_TIME_LIMITS[urgency]).map(([clock, limit]) => ({
        categoryCode: category.code,
        urgency,
        clock: clock as SlaClock,
        amount: limit.amount,
        unit: limit.unit,
      })),
    );
    await prisma.timeLimit.createMany({ data: rows, skipDuplicates: true });
  }
  await seedConsultationCatalogue(prisma); // consultation: demo 五议五不议 catalogue
  return { units: DEMO_UNITS.length, categories: DEMO_CATEGORIES.length };
}
