import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { calendarDaysSchema, upsertCategorySchema, upsertUnitSchema } from '../domain/catalogue-schemas';
import { calendarLoadResultSchema, calendarStatusSchema } from './calendar-views';
import { savedCategorySchema, savedUnitSchema } from './routes/admin-views';

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

interface Shared {
  security: { [name: string]: string[] }[];
  error: (description: string) => ResponseConfig;
  /** Registers a named copy of a schema built elsewhere under components/schemas (api/openapi.ts). */
  named: <T extends z.ZodType>(name: string, schema: T, description?: string) => T;
}

/**
 * Admin operations: catalogue, org tree, calendar data (role `admin`). The reply schemas are
 * api/routes/admin-views.ts and api/calendar-views.ts, the ones the routes answer.
 */
export function registerAdminPaths(registry: OpenAPIRegistry, { security, error, named }: Shared): void {
  const common = {
    400: error('INVALID_INPUT: each bad field is named'),
    401: error('UNAUTHENTICATED'),
    403: error('FORBIDDEN: admin only'),
  };
  const SavedCategory = named('SavedCategory', savedCategorySchema, '事项目录 entry as saved, with all its time limits');
  const codeParams = z.object({ code: z.string().describe('category or unit code') });
  registry.registerPath({
    method: 'put',
    path: '/v1/categories/{code}',
    tags: ['Admin'],
    operationId: 'upsertCategory',
    summary: 'Create or change a 事项目录 entry and its time limits (applies to requests received afterwards)',
    security,
    request: { params: codeParams, body: { content: { 'application/json': { schema: upsertCategorySchema.clone() } } } },
    responses: {
      200: { description: 'Changed', content: json(SavedCategory) },
      201: { description: 'Created', content: json(SavedCategory) },
      ...common,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/units/{code}',
    tags: ['Admin'],
    operationId: 'upsertUnit',
    summary: 'Create or change a unit of the org tree (the tier ladder is kept)',
    security,
    request: { params: codeParams, body: { content: { 'application/json': { schema: upsertUnitSchema.clone() } } } },
    responses: {
      200: { description: 'Changed', content: json(savedUnitSchema) },
      201: { description: 'Created', content: json(savedUnitSchema) },
      ...common,
      422: error(
        'UNKNOWN_REFERENCE (parent) or RULE_VIOLATION: unitCycle (a unit below itself) or tierLadder (grid under community ' +
          'under street under district, departments under the district; details.field names parentCode or tier)',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/calendar/days',
    tags: ['Admin'],
    operationId: 'listCalendarDays',
    summary: 'Operator-loaded calendar days (they win over the packaged statutory calendar)',
    security,
    responses: { 200: { description: 'Days, by date' }, 401: common[401], 403: common[403] },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/calendar/days',
    tags: ['Admin'],
    operationId: 'loadCalendarDays',
    summary: 'Load a State Council holiday notice (放假 and 调休上班 days) before deadlines reach that year',
    security,
    request: { body: { content: { 'application/json': { schema: calendarDaysSchema.clone() } } } },
    responses: {
      200: {
        description: 'Loaded; every open request and item with provisional deadlines was told to recount them',
        content: { 'application/json': { schema: calendarLoadResultSchema } },
      },
      ...common,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/calendar/status',
    tags: ['Admin'],
    operationId: 'calendarStatus',
    summary: 'How far the statutory calendar data reaches, and how many open requests and items count provisionally past it',
    security,
    responses: {
      200: { description: 'Calendar coverage', content: { 'application/json': { schema: calendarStatusSchema } } },
      401: common[401],
      403: common[403],
    },
  });
}
