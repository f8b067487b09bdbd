/**
 * The request context's views as zod schemas: what the workflow's `state` query and every update
 * answer, and the read-model row the API lists. The TypeScript types are inferred from these, the
 * producing code is typed by them and the OpenAPI document registers them, so the three cannot
 * drift. Workflow code imports the types only (`import type`), keeping zod out of its bundle.
 */
import { z } from 'zod';
import { REQUEST_ACTIONS } from './actions';
import { REQUEST_STATUSES, REQUEST_TYPES, CHANNELS, SATISFACTION_LEVELS, SLA_CLOCKS, URGENCIES } from './model';
import { TIME_UNITS } from '../shared/sla';
import { isoDateTime, orNull, unitSchema } from '../shared/views';

export const deadlinesSchema = z.object({
  sign: isoDateTime().optional().describe('签收 deadline'),
  respond: isoDateTime().optional().describe('响应 deadline (first contact with the citizen)'),
  resolve: isoDateTime().optional().describe('办结 deadline'),
  returnWindowEnds: isoDateTime().optional().describe('End of the window in which the unit may ask to return (退单) the request'),
  calendarVersion: z.string().optional().describe('Version of the working-day calendar the deadlines were computed with'),
  // Recomputed when that year's calendar notice is loaded.
  provisional: z
    .boolean()
    .optional()
    .describe(
      'True while a current deadline was counted past the calendar data with the provisional rule (Monday–Friday working, no holidays); recounted when that year is loaded (PUT /v1/calendar/days)',
    ),
  calendarCoveredUntil: z.string().optional().describe('With provisional: the last date the calendar data covered'),
});
export type Deadlines = z.infer<typeof deadlinesSchema>;

/** The live view returned by the workflow's `state` query and by every update. */
export const requestViewSchema = z.object({
  requestId: z.string().describe('Deprecated alias of id (docs/decisions.md); will be removed'),
  status: z.enum(REQUEST_STATUSES),
  statusLabel: z.string().describe('Chinese label of the status, e.g. 签收'),
  unit: orNull(unitSchema).describe('The unit currently handling the request; null before dispatch'),
  deadlines: deadlinesSchema,
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  supervisionLevel: z.number().int().describe('督办 level reached by overdue supervision'),
  paused: z.boolean(),
  pauses: z.array(z.object({ from: isoDateTime(), to: isoDateTime().optional() })),
  cycle: z.number().int().describe('Handling round; a review with REDO starts the next one'),
  extensionsApproved: z.number().int(),
  pendingExtension: z.object({ amount: z.number(), unit: z.string(), reason: z.string() }).nullable(),
  pendingReturn: z.object({ reason: z.string(), basis: z.string(), fromUnit: z.string() }).nullable(),
  pendingPause: z.object({ reason: z.string() }).nullable(),
  returnsByUnit: z.record(z.string(), z.number().int()),
  flaggedForTaskForce: z.boolean(),
  pendingReports: z.array(z.string()).describe('吹哨报到: departments that have not reported yet'),
  duplicates: z.array(z.string()).describe('合并: requests merged into this one'),
  mergedInto: z.string().nullable().describe('合并: the master request this one was merged into'),
  pendingUnreasonable: z.object({ category: z.string(), reason: z.string() }).nullable(),
  excludedFromRates: z.boolean().describe('Excluded from 响应率/解决率/满意率 (an approved unreasonable flag)'),
  callbackAttempts: z.number().int(),
  resolved: z.boolean().nullable().describe('The citizen’s answer at 回访: was the problem solved'),
  satisfaction: z.enum(SATISFACTION_LEVELS).nullable(),
  allowedActions: z
    .array(z.enum(REQUEST_ACTIONS))
    .describe('What the caller may do now: actions the status allows, narrowed to the caller’s role and scope'),
  lastError: z.string().nullable(),
});
export type RequestView = z.infer<typeof requestViewSchema>;

/** The view as one caller receives it: `id` first, `allowedActions` narrowed to the caller. */
export const callerRequestViewSchema = z.object({
  id: z.string().describe('工单号 (request id), as in the create reply'),
  ...requestViewSchema.shape,
});
export type CallerRequestView = z.infer<typeof callerRequestViewSchema>;

/** The answer of 受理 (POST /v1/requests). */
export const createdRequestSchema = z.object({
  id: z.string(),
  status: z.enum(REQUEST_STATUSES),
  unit: orNull(unitSchema),
  deadlines: deadlinesSchema,
  allowedActions: z.array(z.enum(REQUEST_ACTIONS)),
  lastError: z
    .union([z.string(), z.null()])
    .describe('set when the request is accepted but waits, e.g. for calendar data its deadline needs'),
});
export type CreatedRequest = z.infer<typeof createdRequestSchema>;

const nullableDeadline = isoDateTime().nullable();
const rowDeadlines = {
  sign: nullableDeadline,
  respond: nullableDeadline,
  resolve: nullableDeadline,
  provisional: z.boolean().describe('Some current deadline is provisional (counted past the calendar data)'),
};

/**
 * The read-model row's own fields (no personal data: the API adds the caller-shaped personal
 * fields, api/privacy/views.ts).
 */
export const requestRowSchema = z.object({
  id: z.string().describe('工单号, e.g. REQ-20260315-1A2B3C4D'),
  categoryCode: z.string(),
  type: z.enum(REQUEST_TYPES),
  urgency: z.enum(URGENCIES),
  channel: z.enum(CHANNELS),
  status: z.enum(REQUEST_STATUSES),
  currentUnitCode: z.string().nullable(),
  tier: z.string().nullable(),
  deadlines: z.object(rowDeadlines),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  supervisionLevel: z.number().int(),
  resolved: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTION_LEVELS).nullable(),
  receivedAt: isoDateTime(),
  updatedAt: isoDateTime(),
});

/** What GET /v1/requests/{id} adds to the row: the workflow's live view merged over it. */
export const requestLiveFieldsSchema = z.object({
  deadlines: deadlinesSchema.extend(rowDeadlines),
  statusLabel: z.string().optional(),
  unit: orNull(unitSchema).optional(),
  live: orNull(callerRequestViewSchema).describe('The workflow’s live view; null when Temporal could not be asked'),
  liveError: z.string().nullable(),
  temporalUiUrl: z.string().nullable().describe('Link to the workflow in Temporal UI, when configured'),
});

/** One entry of GET /v1/requests/{id}/timeline. */
export const timelineItemSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  actor: z.string(),
  at: isoDateTime(),
  reason: z.string().nullable(),
  data: z.unknown().describe('Event-specific data (JSON)'),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

/** 事项目录 entry with its time limits per urgency and clock (GET /v1/categories). */
export const categorySchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  timeLimits: z.array(
    z.object({ urgency: z.enum(URGENCIES), clock: z.enum(SLA_CLOCKS), amount: z.number(), unit: z.enum(TIME_UNITS) }),
  ),
});
