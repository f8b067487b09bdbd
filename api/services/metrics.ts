import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { rateFactsSchema, rateOf, threeRates, type RateWeights } from '../../domain/requests/three-rates';
import { startOfLocalDate, addLocalDays } from '../../domain/shared/time';
import { requestEvent as ev } from '../../domain/requests/events';

import type { ClosureRateReport, GroupBy, RankingsReport, ThreeRatesReport } from '../../domain/requests/metrics-views';

export type { GroupBy };

const factRowSchema = rateFactsSchema.extend({ unit: z.string().nullable(), category: z.string() });
type FactRow = z.infer<typeof factRowSchema>;

/**
 * One row of facts per request received in [from, to), aggregated in PostgreSQL from the
 * timeline; domain/requests/three-rates.ts decides what each fact counts for. The answer is the latest
 * RATED event's: the row's own rating is cleared when a 不满意 reopens the request.
 */
async function factsInWindow(prisma: PrismaClient, from: Date, to: Date): Promise<FactRow[]> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT r."currentUnitCode" AS unit,
           r."categoryCode" AS category,
           bool_or(e.type IN (${ev('DISPATCHED')}, ${ev('REDISPATCHED')})) AS "dispatched",
           bool_or(e.type = ${ev('RESPONDED')} AND COALESCE((e.data->>'onTime')::boolean, false)) AS "respondedOnTime",
           bool_or(e.type IN (${ev('RESOLVED')}, ${ev('ANSWERED_DIRECT')})) AS "reachedClosure",
           bool_or(e.type = ${ev('UNREASONABLE_UPHELD')}) AS "excluded",
           min(e.at) FILTER (WHERE e.type = ${ev('WITHDRAWN')}) AS "withdrawnAt",
           r."respondDeadline" AS "respondDeadline",
           r."resolveDeadline" AS "resolveDeadline",
           (array_agg(e.data ORDER BY e.seq DESC) FILTER (WHERE e.type = ${ev('RATED')}))[1] AS "answer"
      FROM "Request" r
      JOIN "RequestEvent" e ON e."requestId" = r.id
     WHERE r."receivedAt" >= ${from} AND r."receivedAt" < ${to}
     GROUP BY r.id`;
  return factRowSchema.array().parse(rows);
}

export async function threeRatesReport(
  prisma: PrismaClient,
  from: Date,
  to: Date,
  groupBy: GroupBy,
  weights: RateWeights,
): Promise<ThreeRatesReport> {
  const rows = await factsInWindow(prisma, from, to);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    weights,
    groups: grouped(rows, groupBy).map(([key, g]) => ({ key, ...threeRates(g, weights) })),
  };
}

const groupKey = (row: FactRow, groupBy: GroupBy) =>
  groupBy === 'unit' ? (row.unit ?? '(unassigned)') : groupBy === 'category' ? row.category : 'all';

function grouped(rows: FactRow[], groupBy: GroupBy): [string, FactRow[]][] {
  const groups = new Map<string, FactRow[]>();
  for (const row of rows) groups.set(groupKey(row, groupBy), [...(groups.get(groupKey(row, groupBy)) ?? []), row]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export async function closureRateReport(prisma: PrismaClient, from: Date, to: Date, groupBy: GroupBy): Promise<ClosureRateReport> {
  const rows = await factsInWindow(prisma, from, to);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    groups: grouped(rows, groupBy).map(([key, g]) => ({ key, ...rateOf('closure', g) })),
  };
}

/** Monthly ranking of units by weighted score, within each unit tier (街乡镇, 部门, …). */
export async function rankings(prisma: PrismaClient, month: string, weights: RateWeights): Promise<RankingsReport> {
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
