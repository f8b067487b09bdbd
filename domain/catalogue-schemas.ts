import { z } from 'zod';
import { SLA_CLOCKS, URGENCIES } from './requests/model';
import { UNIT_KINDS } from './shared/org';
import { timeLimitSchema, unitCodeSchema } from './requests/schemas';
import { isLocalDate } from './shared/time';

/** Admin input: a 事项目录 entry with its time limits (applies to requests received afterwards). */
export const upsertCategorySchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).default(''),
  active: z.boolean().default(true),
  timeLimits: z
    .array(z.object({ urgency: z.enum(URGENCIES), clock: z.enum(SLA_CLOCKS), ...timeLimitSchema.shape }))
    .max(URGENCIES.length * SLA_CLOCKS.length)
    .default([])
    .refine((rows) => new Set(rows.map((r) => `${r.urgency}/${r.clock}`)).size === rows.length, {
      message: 'each (urgency, clock) at most once',
    })
    .refine((rows) => rows.every((r) => r.unit === 'hour' || Number.isInteger(r.amount)), {
      message: 'day and workday limits must be whole numbers',
    }),
});
export type UpsertCategoryInput = z.infer<typeof upsertCategorySchema>;

/** Admin input: a unit of the org tree. */
export const upsertUnitSchema = z.object({
  name: z.string().trim().min(1).max(100),
  tier: z.enum(UNIT_KINDS),
  parentCode: unitCodeSchema.nullable().default(null),
});
export type UpsertUnitInput = z.infer<typeof upsertUnitSchema>;

/** Admin input: days of a State Council holiday notice (放假 and 调休上班). */
export const calendarDaysSchema = z.object({
  source: z.string().trim().min(1).max(200).describe('e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
  days: z
    .array(
      z.object({
        date: z.string().refine(isLocalDate, 'a date YYYY-MM-DD'),
        work: z.boolean().describe('true: a working weekend day (调休上班); false: a day off'),
        name: z.string().trim().max(100).default(''),
      }),
    )
    .min(1)
    .max(400),
});
export type CalendarDaysInput = z.infer<typeof calendarDaysSchema>;
