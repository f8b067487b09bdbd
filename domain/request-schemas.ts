import { z } from 'zod';
import { CHANNELS, REQUEST_TYPES, URGENCIES, SATISFACTION_LEVELS } from './request-model';
import { TIME_UNITS } from './sla';

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

const actorNote = {
  note: z.string().trim().max(2000).optional(),
};

export const signSchema = z.object({ ...actorNote });
export const respondSchema = z.object({ contactedAt: z.iso.datetime({ offset: true }).optional(), ...actorNote });
export const progressSchema = z.object({ note: nonBlank(2000) });
export const resolveSchema = z.object({
  statusNotes: z.string().trim().min(1).max(4000).describe('办理/回复意见 sent to the citizen'),
  serviceNotice: z.string().trim().max(2000).optional(),
});
export const reviewSchema = z.object({
  decision: z.enum(['PASS', 'REDO']),
  reason: z.string().trim().max(2000).optional(),
});
export const returnSchema = z.object({
  reason: nonBlank(2000),
  basis: nonBlank(2000).describe('职责依据: the legal or duty basis for returning'),
});
export const decideReturnSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
  redispatchTo: unitCodeSchema.optional(),
});
export const requestExtensionSchema = z.object({
  amount: z.number().int().positive().max(60),
  unit: z.enum(['hour', 'workday']),
  reason: nonBlank(2000),
});
export const decideExtensionSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
});
export const overrideDeadlineSchema = z.object({
  deadline: z.iso.datetime({ offset: true }),
  reason: nonBlank(2000),
});
export const escalateSchema = z.object({ reason: nonBlank(2000) });
export const pauseSchema = z.object({ reason: nonBlank(2000) });
export const decidePauseSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
});
export const resumeSchema = z.object({ ...actorNote });
export const withdrawSchema = z.object({ reason: nonBlank(2000) });
export const callbackSchema = z.object({
  reached: z.boolean().describe('false = the citizen could not be reached on this attempt'),
  resolved: z.boolean().optional(),
  satisfaction: z.enum(SATISFACTION_LEVELS).optional(),
  note: z.string().trim().max(2000).optional(),
});

export const whistleSchema = z.object({
  departments: z.array(unitCodeSchema).min(1).max(10).describe('职能部门 codes that must 报到'),
  reason: nonBlank(2000),
  reportWithin: timeLimitSchema.optional().describe('How long departments have to report; default 24 hours'),
});
export const reportSchema = z.object({
  department: unitCodeSchema,
  note: nonBlank(2000).describe('What the department did on arrival (报到)'),
});
export const mergeSchema = z.object({
  masterId: z.string().trim().min(1).max(64).describe('The request this one duplicates'),
  reason: nonBlank(2000),
});
export const flagUnreasonableSchema = z.object({
  category: z.enum(['MALICIOUS_REPEAT', 'UNLAWFUL_DEMAND', 'OUTSIDE_REMIT', 'OTHER']),
  reason: nonBlank(2000),
});
export const decideUnreasonableSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000).describe('Explanation recorded and given to the citizen'),
});
export const answerSchema = z.object({
  answer: z.string().trim().min(1).max(4000).describe('The answer from the 知识库 given to the citizen'),
});
export const dispatchSchema = z.object({
  unitCode: unitCodeSchema,
  reason: nonBlank(2000),
});
export const recheckSchema = z.object({
  reached: z.boolean(),
  stillResolved: z.boolean().optional(),
  note: z.string().trim().max(2000).optional(),
});

/** PUT /v1/requests/{id}/public-reply: the text the platform publishes on Open311 as status_notes. */
export const publicReplySchema = z.object({
  text: nonBlank(2000).describe('Written for the public: no names, rooms, health or other personal details'),
});
