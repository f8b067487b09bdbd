/**
 * The replies of the metrics endpoints (三率, 办结率, rankings, 通报). One source: the services
 * in api/services/metrics.ts are typed by these schemas and the OpenAPI document registers them,
 * so a field added to a report without its schema fails `tsc`.
 */
import { z } from 'zod';
import { SCORE_DEFINITION, describeRate } from './three-rates';

const score = () => z.union([z.number(), z.null()]);

export const rateSchema = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.union([z.number(), z.null()]).describe('numerator ÷ denominator; null when the denominator is 0'),
});

export const rateWeightsSchema = z.object({ response: z.number(), resolve: z.number(), satisfy: z.number() });

export const threeRatesGroupSchema = z.object({
  key: z.string().describe('unit code, category code, or "all"'),
  requests: z.number().int(),
  excluded: z.number().int().describe('upheld 不合理诉求, excluded from every rate'),
  // Descriptions come from three-rates.ts, the definitions the numbers are computed by.
  response: rateSchema.describe(describeRate('response')),
  resolve: rateSchema.describe(describeRate('resolve')),
  satisfy: rateSchema.describe(describeRate('satisfy')),
  score: score().describe(SCORE_DEFINITION),
});

export const groupBySchema = z.enum(['unit', 'category', 'none']);

export const threeRatesReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: groupBySchema,
  weights: rateWeightsSchema,
  groups: z.array(threeRatesGroupSchema),
});

export const closureRateReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: groupBySchema,
  groups: z.array(rateSchema.extend({ key: z.string() })),
});

export const rankingEntrySchema = z.object({
  rank: z.number().int(),
  unit: z.string(),
  name: z.string(),
  score: score(),
  requests: z.number().int(),
});

export const rankingsReportSchema = z.object({
  month: z.string(),
  weights: rateWeightsSchema,
  groups: z.array(z.object({ tier: z.string(), ranking: z.array(rankingEntrySchema) })),
});

export const noticeListSchema = z.object({
  items: z.array(
    z.object({
      requestId: z.string(),
      at: z.string(),
      reason: z.union([z.string(), z.null()]),
      unitCode: z.union([z.string(), z.null()]),
      categoryCode: z.string(),
      deadline: z.union([z.string(), z.null()]),
      status: z.string(),
    }),
  ),
});

export type GroupBy = z.infer<typeof groupBySchema>;
export type ThreeRatesReport = z.infer<typeof threeRatesReportSchema>;
export type ClosureRateReport = z.infer<typeof closureRateReportSchema>;
export type RankingsReport = z.infer<typeof rankingsReportSchema>;
export type NoticeList = z.infer<typeof noticeListSchema>;
