/**
 * The replies of the admin routes (api/routes/admin.ts): one source for the routes, which are typed
 * by these schemas, and for the OpenAPI document (api/openapi-admin.ts), which registers them.
 */
import { z } from 'zod';
import { categorySchema } from '../../domain/requests/views';
import { unitSchema } from '../../domain/shared/views';

/** PUT /v1/categories/{code}: the 事项目录 entry as saved, with all its time limits. */
export const savedCategorySchema = categorySchema.extend({
  active: z.boolean().describe('false: not listed by GET /v1/categories'),
});
export type SavedCategory = z.infer<typeof savedCategorySchema>;

/** PUT /v1/units/{code}: the unit as saved (the shape GET /v1/units lists). */
export const savedUnitSchema = unitSchema;
export type SavedUnit = z.infer<typeof savedUnitSchema>;
