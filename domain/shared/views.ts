/**
 * Shapes that both contexts' views carry: instants, a unit of the org tree, the 50 % / 75 % / due /
 * 通报 supervision schedule. Zod schemas are the one source: the TypeScript types are inferred, and
 * the OpenAPI document registers these same schemas. Workflow code imports only the types.
 */
import { z } from 'zod';
import { UNIT_KINDS } from './org';

/** An instant on the wire: ISO 8601 with an offset (the API writes UTC, `…Z`). */
export const isoDateTime = () => z.iso.datetime({ offset: true });

/**
 * `schema | null`. zod-to-openapi 8 renders `.nullable()` of a named (registered) schema as
 * `allOf: [$ref, {type: [object, null]}]`, which rejects null; a union renders `anyOf: [$ref, null]`.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  tier: z.enum(UNIT_KINDS).describe('网格 GRID, 社区工作站 COMMUNITY, 街道分中心 STREET, 区指挥中心 DISTRICT, 职能部门 DEPARTMENT'),
  parentCode: z.string().nullable(),
});

/** When the reminder (50 %), the 催办 (75 %), the deadline and the 通报 of a supervised task fall. */
export const supervisionScheduleSchema = z.object({
  half: isoDateTime().nullable(),
  threeQuarters: isoDateTime().nullable(),
  due: isoDateTime().nullable(),
  notice: isoDateTime().nullable(),
});
export type SupervisionSchedule = z.infer<typeof supervisionScheduleSchema>;
