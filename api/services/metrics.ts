import type { PrismaClient } from '@prisma/client';
import { closureRate, threeRates, type RateFacts, type RateWeights } from '../../domain/three-rates';
import { startOfLocalDate, addLocalDays } from '../../domain/time';

export type GroupBy = 'unit' | 'category' | 'none';

interface FactRow {
  unit: string | null;
  category: string;
  dispatched: boolean;
  responded_on_time: boolean;
  rated: boolean;
  resolved: boolean | null;
  satisfaction: string | null;
  excluded: boolean;
  reached_resolved: boolean;
}

/**
 * One row of facts per request received in [from, to), aggregated in PostgreSQL from the
 * timeline. The final rating is the request row's (a reopened request is rated again).
 */
async function factsInWindow(prisma: PrismaClient, from: Date, to: Date): Promise<FactRow[]> {
  return prisma.$queryRaw<FactRow[]>`
    SELECT r."currentUnitCode" AS unit,
           r."categoryCode" AS category,
           bool_or(e.type IN ('DISPATCHED', 'REDISPATCHED')) AS dispatched,
           bool_or(e.type = 'RESPONDED' AND COALESCE((e.data->>'onTime')::boolean, false)) AS responded_on_time,
           (r.satisfaction IS NOT NULL) AS rated,
           r.resolved AS resolved,
           r.satisfaction AS satisfaction,
           bool_or(e.type = 'UNREASONABLE_UPHELD') AS excluded,
           bool_or(e.type IN ('RESOLVED', 'ANSWERED_DIRECT')) AS reached_resolved
      FROM "Request" r
      JOIN "RequestEvent" e ON e."requestId" = r.id
     WHERE r."receivedAt" >= ${from} AND r."receivedAt" < ${to}
     GROUP BY r.id`;
}

const toFacts = (row: FactRow): RateFacts => ({
  dispatched: row.dispatched,
  respondedOnTime: row.responded_on_time,
  rated: row.rated,
  resolved: row.resolved === true,
  satisfaction: row.satisfaction,
  excluded: row.excluded,
});

export async function threeRatesReport(
  prisma: PrismaClient,
  from: Date,
  to: Date,
  groupBy: GroupBy,
  weights: RateWeights,
) {
  const rows = await factsInWindow(prisma, from, to);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    weights,
    groups: grouped(rows, groupBy).map(([key, g]) => ({ key, ...threeRates(g.map(toFacts), weights) })),
  };
}

const groupKey = (row: FactRow, groupBy: GroupBy) =>
  groupBy === 'unit' ? (row.unit ?? '(unassigned)') : groupBy === 'category' ? row.category : 'all';

function grouped(rows: FactRow[], groupBy: GroupBy): [string, FactRow[]][] {
  const groups = new Map<string, FactRow[]>();
  for (const row of rows) groups.set(groupKey(row, groupBy), [...(groups.get(groupKey(row, groupBy)) ?? []), row]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export async function closureRateReport(prisma: PrismaClient, from: Date, to: Date, groupBy: GroupBy) {
  const rows = await factsInWindow(prisma, from, to);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    groups: grouped(rows, groupBy).map(([key, g]) => {
      const counted = g.filter((r) => !r.excluded);
      return { key, ...closureRate(counted.length, counted.filter((r) => r.reached_resolved).length) };
    }),
  };
}

/** Monthly ranking of units by weighted score, within each unit tier (街乡镇, 部门, …). */
export async function rankings(prisma: PrismaClient, month: string, weights: RateWeights) {
  const from = startOfLocalDate(`${month}-01`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const to = startOfLocalDate(addLocalDays(next, 0));
  const report = await threeRatesReport(prisma, from, to, 'unit', weights);
  const units = new Map((await prisma.unit.findMany()).map((u) => [u.code, u]));
  const byTier = new Map<string, { unit: string; name: string; score: number | null; requests: number }[]>();
  for (const g of report.groups) {
    const unit = units.get(g.key);
    const tier = unit?.tier ?? 'UNKNOWN';
    byTier.set(tier, [...(byTier.get(tier) ?? []), { unit: g.key, name: unit?.name ?? g.key, score: g.score, requests: g.requests }]);
  }
  return {
    month,
    weights,
    groups: [...byTier.entries()].map(([tier, list]) => ({
      tier,
      ranking: list
        .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unit.localeCompare(b.unit))
        .map((entry, i) => ({ rank: i + 1, ...entry })),
    })),
  };
}
