import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { COUNTING_CALLBACK, SCOPE, SCORE_DEFINITION, describeRate } from '../domain/requests/three-rates';
import { monthQuerySchema, windowQuerySchema } from './routes/metrics';

interface Shared {
  security: { [name: string]: string[] }[];
  error: (description: string) => ResponseConfig;
}

/**
 * 三率, 办结率, rankings, the overdue report and the 通报 list (auditor, supervisor, dispatcher,
 * admin). Schemas are built inside: registry.register needs zod extended first (api/openapi.ts).
 */
export function registerMetricsPaths(registry: OpenAPIRegistry, { security, error }: Shared): void {
  const rateSchema = z.object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    rate: z.union([z.number(), z.null()]).describe('numerator ÷ denominator; null when the denominator is 0'),
  });
  const weightsSchema = z.object({ response: z.number(), resolve: z.number(), satisfy: z.number() });
  const Rate = registry.register('Rate', rateSchema);
  const ThreeRatesGroup = registry.register(
    'ThreeRatesGroup',
    z.object({
      key: z.string().describe('unit code, category code, or "all"'),
      requests: z.number().int(),
      excluded: z.number().int().describe('upheld 不合理诉求, excluded from every rate'),
      // Descriptions come from domain/requests/three-rates.ts, the definitions the numbers are computed by.
      response: Rate.describe(describeRate('response')),
      resolve: Rate.describe(describeRate('resolve')),
      satisfy: Rate.describe(describeRate('satisfy')),
      score: z.union([z.number(), z.null()]).describe(SCORE_DEFINITION),
    }),
  );
  const readers = 'Roles: `auditor`, `supervisor`, `dispatcher`, `admin`.';
  const common = { 400: error('INVALID_INPUT: a bad query parameter'), 401: error('UNAUTHENTICATED'), 403: error('FORBIDDEN') };

  registry.registerPath({
    method: 'get',
    path: '/v1/metrics/three-rates',
    tags: ['Metrics'],
    operationId: 'threeRates',
    summary: '三率 (响应率, 解决率, 满意率) and the weighted score over requests received in a window',
    description: `${SCOPE} ${COUNTING_CALLBACK}\n\n${readers}`,
    security,
    request: { query: windowQuerySchema.clone() },
    responses: {
      200: {
        description: 'One entry per group',
        content: {
          'application/json': {
            schema: z.object({
              from: z.string(),
              to: z.string(),
              groupBy: z.enum(['unit', 'category', 'none']),
              weights: weightsSchema,
              groups: z.array(ThreeRatesGroup),
            }),
          },
        },
      },
      ...common,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/metrics/closure-rate',
    tags: ['Metrics'],
    operationId: 'closureRate',
    summary: '办结率: requests that reached 办结 ÷ requests received in a window',
    description: `${describeRate('closure')} ${SCOPE}\n\n${readers}`,
    security,
    request: { query: windowQuerySchema.clone() },
    responses: {
      200: {
        description: 'One entry per group',
        content: {
          'application/json': {
            schema: z.object({ from: z.string(), to: z.string(), groupBy: z.string(), groups: z.array(rateSchema.extend({ key: z.string() })) }),
          },
        },
      },
      ...common,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/metrics/rankings',
    tags: ['Metrics'],
    operationId: 'rankings',
    summary: 'Monthly ranking of units by weighted score, per tier',
    description: `${SCORE_DEFINITION}\n\n${readers}`,
    security,
    request: { query: monthQuerySchema.clone() },
    responses: {
      200: {
        description: 'Rankings per tier',
        content: {
          'application/json': {
            schema: z.object({
              month: z.string(),
              weights: weightsSchema,
              groups: z.array(
                z.object({
                  tier: z.string(),
                  ranking: z.array(
                    z.object({ rank: z.number().int(), unit: z.string(), name: z.string(), score: z.union([z.number(), z.null()]), requests: z.number().int() }),
                  ),
                }),
              ),
            }),
          },
        },
      },
      ...common,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/overdue',
    tags: ['Metrics'],
    operationId: 'overdueReport',
    summary: 'Open requests past their 办结 deadline, earliest deadline first',
    description: readers,
    security,
    responses: { 200: { description: 'Overdue requests (read-model rows)' }, 401: common[401], 403: common[403] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/notices',
    tags: ['Metrics'],
    operationId: 'notices',
    summary: '通报: requests overdue by 5 working days without completion, newest first',
    description: readers,
    security,
    responses: {
      200: {
        description: 'Notices',
        content: {
          'application/json': {
            schema: z.object({
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
            }),
          },
        },
      },
      401: common[401],
      403: common[403],
    },
  });
}
