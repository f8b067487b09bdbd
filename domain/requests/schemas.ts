import { z } from 'zod';
import { CHANNELS, REQUEST_TYPES, URGENCIES } from './model';
import { TIME_UNITS } from '../shared/sla';

/**
 * Free text that must say something: trimmed, and the published schema says "at least one
 * non-space character" (a pattern), so clients and fuzzers know blanks are refused.
 */
export const nonBlank = (max: number) => z.string().trim().min(1, { abort: true }).max(max).regex(/\S/, 'must not be blank');

/**
 * The one definition of what callers may send. The API validates with these schemas, the OpenAPI
 * document is generated from them, and workflows validate update payloads with the same schemas.
 */
export const unitCodeSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -');

export const createRequestSchema = z.object({
  categoryCode: unitCodeSchema.describe('事项目录 code, see GET /v1/categories'),
  type: z.enum(REQUEST_TYPES).describe('诉求类型: 咨询/求助/投诉/举报/建议'),
  urgency: z.enum(URGENCIES).default('GENERAL'),
  channel: z.enum(CHANNELS).default('HOTLINE'),
  description: z.string().trim().min(1).max(4000),
  location: z.object({
    unitCode: unitCodeSchema.describe('The grid, community or street where the problem is, see GET /v1/units'),
    address: z.string().trim().min(1).max(500),
  }),
  citizen: z.object({
    name: z.string().trim().min(1).max(100),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number of 5–20 digits'),
  }),
  publishDescription: z
    .boolean()
    .default(false)
    .describe('The citizen agrees that the description, with names and numbers masked, may be published (Open311); default no'),
});
export type CreateRequestInput = z.infer<typeof createRequestSchema>;

export const timeLimitSchema = z.object({
  amount: z.number().positive().max(10_000),
  unit: z.enum(TIME_UNITS),
});

// The action payloads (sign, resolve, …) live beside the request's action table: domain/requests/actions.ts.

/** PUT /v1/requests/{id}/public-reply: the text the platform publishes on Open311 as status_notes. */
export const publicReplySchema = z.object({
  text: nonBlank(2000).describe('Written for the public: no names, rooms, health or other personal details'),
});
