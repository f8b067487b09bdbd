import { z } from 'zod';

/** What GET /v1/calendar/status answers: how far the data reaches, and who counts past it. */
export const calendarStatusSchema = z.object({
  calendarVersion: z.string(),
  coveredFrom: z.string().describe('First date of the statutory calendar data (YYYY-MM-DD)'),
  coveredUntil: z.string().describe('Last date of the data; deadlines past it are provisional'),
  provisionalRule: z.string().describe('How days past coveredUntil are counted until their notice is loaded'),
  openRequestsWithProvisionalDeadlines: z.number().int(),
  openItemsWithProvisionalDeadlines: z.number().int(),
});
export type CalendarStatus = z.infer<typeof calendarStatusSchema>;

/** What PUT /v1/calendar/days answers. */
export const calendarLoadResultSchema = z.object({
  loaded: z.number().int(),
  source: z.string(),
  nudged: z.number().int().describe('Workflows told to recount (requests + consultation items)'),
  nudgedRequests: z.number().int(),
  nudgedItems: z.number().int(),
});
export type CalendarLoadResult = z.infer<typeof calendarLoadResultSchema>;
