import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { OPEN311_MAX_RESULTS, OPEN311_MAX_SPAN_DAYS } from './services/open311';

interface Shared {
  error: (description: string) => ResponseConfig;
}

const FORMATS = [
  { ext: 'json', type: 'application/json' },
  { ext: 'xml', type: 'application/xml' },
] as const;

/**
 * Open311 GeoReport v2. Every endpoint answers as JSON (`.json`) or XML (`.xml`, the same
 * elements; api/open311-format.ts); errors are the spec's `[{ code, description }]`, one per bad
 * field. Schemas describe the wire format; the routes validate with api/services/open311.ts.
 * Built inside: registry.register needs zod extended.
 */
export function registerOpen311Paths(registry: OpenAPIRegistry, _shared: Shared): void {
  const nullable = (s: z.ZodType) => z.union([s, z.null()]);
  const Record = registry.register(
    'Open311Request',
    z.object({
      service_request_id: z.string(),
      status: z.enum(['open', 'closed']),
      status_notes: nullable(z.string()).describe('the latest reply to the citizen (办理/回复意见)'),
      service_name: nullable(z.string()),
      service_code: z.string().describe('category code'),
      description: nullable(z.string()).describe('personal data masked; null for 举报'),
      agency_responsible: nullable(z.string()).describe('the handling unit'),
      service_notice: nullable(z.string()),
      requested_datetime: z.string().describe('ISO 8601 with +08:00'),
      updated_datetime: z.string(),
      expected_datetime: nullable(z.string()).describe('the current 办结 deadline'),
      address_id: z.string().describe('the location unit code'),
      address: z.null().describe('never published: the street address is personal data'),
      lat: z.null().describe('units have no coordinates'),
      long: z.null(),
      zipcode: z.null(),
      media_url: z.null(),
      huiying_status: z.string().describe('the detailed status, e.g. SIGNED'),
      huiying_status_label: z.string().describe('its Chinese label, e.g. 签收'),
    }),
  );
  const Errors = registry.register(
    'Open311Errors',
    z.array(z.object({ code: z.number().int().describe('the HTTP status'), description: z.string() })).describe(
      'GeoReport errors: one entry per bad field (`field: message`), else one for the error',
    ),
  );
  const Service = z.object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.string(),
    keywords: z.string(),
    group: z.string(),
  });
  const Definition = z.object({
    service_code: z.string(),
    attributes: z.array(
      z.object({
        variable: z.boolean(),
        code: z.string(),
        datatype: z.string(),
        required: z.boolean(),
        datatype_description: nullable(z.string()),
        order: z.number().int(),
        description: z.string(),
        values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
      }),
    ),
  });
  const Discovery = z.object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) }),
    ),
  });
  const post = z.object({
    api_key: z.string().describe('issued to the client (OPEN311_API_KEYS); may also be a query parameter'),
    service_code: z.string().describe('category code, see services.json'),
    'attribute[type]': z.enum(['咨询', '求助', '投诉', '举报', '建议']),
    'attribute[urgency]': z.enum(['EMERGENCY', 'URGENT', 'GENERAL', 'COMPLEX']).optional(),
    'attribute[unit_code]': z.string().optional().describe('grid, community or street code (or address_id)'),
    'attribute[publish_description]': z
      .enum(['true', 'false'])
      .optional()
      .describe('consent to publish the description (names and numbers masked); false when omitted'),
    address_id: z.string().optional(),
    address_string: z.string(),
    description: z.string(),
    first_name: z.string(),
    last_name: z.string().optional(),
    phone: z.string(),
    lat: z.string().optional().describe('alone it is refused (400): units are not mapped to coordinates'),
    long: z.string().optional(),
  });
  const listQuery = z.object({
    service_request_id: z.string().optional().describe(`comma list of at most ${OPEN311_MAX_RESULTS} ids; overrides the other filters`),
    service_code: z.string().optional().describe('comma list'),
    start_date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional().describe('ISO 8601 date-time with offset, or YYYY-MM-DD (00:00 Beijing time); else 400'),
    end_date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional().describe(`likewise (a date is its 24:00); not before start_date, at most ${OPEN311_MAX_SPAN_DAYS} days after it; else 400`),
    status: z.enum(['open', 'closed', 'open,closed', 'closed,open']).optional(),
    jurisdiction_id: z.string().optional(),
  });
  const tags = ['Open311'];

  for (const { ext, type } of FORMATS) {
    const body = (schema: z.ZodType, description: string): ResponseConfig => ({ description, content: { [type]: { schema } } });
    const errors = (description: string): ResponseConfig => body(Errors, description);
    const suffix = ext === 'json' ? '' : 'Xml';
    registry.registerPath({
      method: 'get',
      path: `/open311/discovery.${ext}`,
      tags,
      operationId: `open311Discovery${suffix}`,
      summary: 'Service discovery: the endpoint, its formats and changeset',
      responses: { 200: body(Discovery, 'Discovery document') },
    });
    registry.registerPath({
      method: 'get',
      path: `/open311/v2/services.${ext}`,
      tags,
      operationId: `open311Services${suffix}`,
      summary: 'Service list: one service per active category',
      responses: { 200: body(z.array(Service), 'Services') },
    });
    registry.registerPath({
      method: 'get',
      path: `/open311/v2/services/{code}.${ext}`,
      tags,
      operationId: `open311ServiceDefinition${suffix}`,
      summary: 'Service definition: the attributes a request of this category takes',
      request: { params: z.object({ code: z.string() }) },
      responses: { 200: body(Definition, 'Definition'), 404: errors('no active service with this code') },
    });
    registry.registerPath({
      method: 'post',
      path: `/open311/v2/requests.${ext}`,
      tags,
      operationId: `open311CreateRequest${suffix}`,
      summary: 'Create a request (form-encoded or JSON); an Idempotency-Key header makes retries safe',
      request: {
        body: { content: { 'application/x-www-form-urlencoded': { schema: post }, 'application/json': { schema: post } } },
      },
      responses: {
        200: body(z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.null() })), 'A retry with the same Idempotency-Key: the request it created'),
        201: body(z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.null() })), 'Accepted'),
        400: errors('each bad Open311 field is named (e.g. `service_code: required`; lat/long alone)'),
        403: errors('api_key missing or unknown'),
        422: errors('an unknown service_code or unit, a location that is not 属地 (grid, community, street), or an Idempotency-Key reused with another body'),
      },
    });
    registry.registerPath({
      method: 'get',
      path: `/open311/v2/requests.${ext}`,
      tags,
      operationId: `open311ListRequests${suffix}`,
      summary: `Query requests (public; no personal data); at most ${OPEN311_MAX_SPAN_DAYS} days and ${OPEN311_MAX_RESULTS} results`,
      request: { query: listQuery },
      responses: { 200: body(z.array(Record), 'Requests'), 400: errors('a bad date, status or list; end before start; span too long') },
    });
    registry.registerPath({
      method: 'get',
      path: `/open311/v2/requests/{id}.${ext}`,
      tags,
      operationId: `open311GetRequest${suffix}`,
      summary: 'One request (public; no personal data)',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: body(z.array(Record), 'An array of one'), 404: errors('no such request') },
    });
  }
}
