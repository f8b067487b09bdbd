import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

interface Shared {
  error: (description: string) => ResponseConfig;
}

/**
 * Open311 GeoReport v2 (JSON). Schemas here describe the wire format; the route validates with
 * the mapping in api/services/open311.ts. Built inside: registry.register needs zod extended.
 */
export function registerOpen311Paths(registry: OpenAPIRegistry, { error }: Shared): void {
  const Record = registry.register(
    'Open311Request',
    z.object({
      service_request_id: z.string(),
      status: z.enum(['open', 'closed']),
      status_notes: z.union([z.string(), z.null()]).describe('the latest reply to the citizen (办理/回复意见)'),
      service_name: z.union([z.string(), z.null()]),
      service_code: z.string().describe('category code'),
      description: z.union([z.string(), z.null()]).describe('personal data masked; null for 举报'),
      agency_responsible: z.union([z.string(), z.null()]).describe('the handling unit'),
      service_notice: z.union([z.string(), z.null()]),
      requested_datetime: z.string(),
      updated_datetime: z.string(),
      expected_datetime: z.union([z.string(), z.null()]).describe('the current 办结 deadline'),
      address_id: z.string().describe('the location unit code'),
      huiying_status: z.string().describe('the detailed status, e.g. SIGNED'),
      huiying_status_label: z.string().describe('its Chinese label, e.g. 签收'),
    }),
  );
  const post = z.object({
    api_key: z.string().describe('issued to the client (OPEN311_API_KEYS); may also be a query parameter'),
    service_code: z.string().describe('category code, see services.json'),
    'attribute[type]': z.enum(['咨询', '求助', '投诉', '举报', '建议']),
    'attribute[urgency]': z.enum(['EMERGENCY', 'URGENT', 'GENERAL', 'COMPLEX']).optional(),
    'attribute[unit_code]': z.string().optional().describe('grid, community or street code (or address_id)'),
    address_id: z.string().optional(),
    address_string: z.string(),
    description: z.string(),
    first_name: z.string(),
    last_name: z.string().optional(),
    phone: z.string(),
  });
  const tags = ['Open311'];
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/services.json',
    tags,
    operationId: 'open311Services',
    summary: 'Service list: one service per active category',
    responses: { 200: { description: 'Services' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/services/{code}.json',
    tags,
    operationId: 'open311ServiceDefinition',
    summary: 'Service definition: the attributes a request of this category takes',
    request: { params: z.object({ code: z.string() }) },
    responses: { 200: { description: 'Definition' }, 404: error('NOT_FOUND') },
  });
  registry.registerPath({
    method: 'post',
    path: '/open311/v2/requests.json',
    tags,
    operationId: 'open311CreateRequest',
    summary: 'Create a request (form-encoded or JSON); an Idempotency-Key header makes retries safe',
    request: {
      body: {
        content: { 'application/x-www-form-urlencoded': { schema: post }, 'application/json': { schema: post } },
      },
    },
    responses: {
      201: {
        description: 'Accepted',
        content: {
          'application/json': {
            schema: z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.null() })),
          },
        },
      },
      400: error('INVALID_INPUT: each bad Open311 field is named'),
      401: error('UNAUTHENTICATED: missing or unknown api_key'),
      415: error('UNSUPPORTED_MEDIA_TYPE'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/requests.json',
    tags,
    operationId: 'open311ListRequests',
    summary: 'Query requests (public; no personal data); at most 90 days and 1000 results',
    request: {
      query: z.object({
        service_request_id: z.string().optional().describe('comma list; overrides the other filters'),
        service_code: z.string().optional(),
        start_date: z.string().optional(),
        end_date: z.string().optional(),
        status: z.string().optional().describe('open, closed or open,closed'),
      }),
    },
    responses: { 200: { description: 'Requests', content: { 'application/json': { schema: z.array(Record) } } }, 400: error('INVALID_INPUT') },
  });
  registry.registerPath({
    method: 'get',
    path: '/open311/v2/requests/{id}.json',
    tags,
    operationId: 'open311GetRequest',
    summary: 'One request (public; no personal data)',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: 'An array of one', content: { 'application/json': { schema: z.array(Record) } } }, 404: error('NOT_FOUND') },
  });
}
