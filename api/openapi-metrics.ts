import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { COUNTING_CALLBACK, SCOPE, SCORE_DEFINITION, describeRate } from '../domain/requests/three-rates';
import {
  closureRateReportSchema,
  noticeListSchema,
  rankingsReportSchema,
  rateSchema,
  threeRatesGroupSchema,
  threeRatesReportSchema,
} from '../domain/requests/metrics-views';
import { monthQuerySchema, windowQuerySchema } from './routes/metrics';

interface Shared {
  security: { [name: string]: string[] }[];
  error: (description: string) => ResponseConfig;
  /** Registers a named copy of a domain schema under components/schemas (api/openapi.ts). */
  named: <T extends z.ZodType>(name: string, schema: T, description?: string) => T;
}

/**
 * 三率, 办结率, rankings, the overdue report and the 通报 list (auditor, supervisor, dispatcher,
 * admin). The reply schemas are domain/requests/metrics-views.ts, the ones the services return.
 */
export function registerMetricsPaths(registry: OpenAPIRegistry, { security, error, named }: Shared): void {
  // The components keep their names: the group's three rates refer to `Rate`, the report to the group.
  const Rate = named('Rate', rateSchema);
  const ThreeRatesGroup = named(
    'ThreeRatesGroup',
    threeRatesGroupSchema.extend({
      response: Rate.describe(describeRate('response')),
      resolve: Rate.describe(describeRate('resolve')),
      satisfy: Rate.describe(describeRate('satisfy')),
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
            schema: threeRatesReportSchema.extend({ groups: z.array(ThreeRatesGroup) }),
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
            schema: closureRateReportSchema,
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
            schema: rankingsReportSchema,
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
            schema: noticeListSchema,
          },
        },
      },
      401: common[401],
      403: common[403],
    },
  });
}
