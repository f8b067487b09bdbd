import { z } from 'zod';
import { queryInstant } from '../query-params';

export const ACCESS_ACTIONS = ['READ', 'REVEAL', 'EXPORT', 'ADMIN_CHANGE'] as const;

/** GET /v1/audit/access filters. */
export const accessQuerySchema = z
  .object({
    subject: z.string().trim().min(1).max(200).optional().describe('Who: the token subject'),
    record: z.string().trim().min(1).max(200).optional().describe('A request, item, category or unit id among the record ids'),
    action: z.enum(ACCESS_ACTIONS).optional(),
    from: queryInstant().optional().describe('At or after'),
    to: queryInstant().optional().describe('Before'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.coerce.number().int().positive().optional().describe('nextCursor of the previous page'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] });

export const accessEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime({ offset: true }),
  subject: z.string(),
  role: z.string(),
  unitCode: z.string().nullable(),
  action: z.enum(ACCESS_ACTIONS),
  endpoint: z.string().describe('Method and path'),
  status: z.number().int(),
  recordIds: z.array(z.string()),
  fields: z.array(z.string()).describe('Personal fields the reply carried in full'),
  maskedFields: z.array(z.string()).describe('Personal fields the reply carried masked'),
  purpose: z.string().nullable().describe('The stated purpose of a reveal'),
  change: z.unknown().describe('What an admin change set (its request body), or null'),
});
export type AccessEntryView = z.infer<typeof accessEntrySchema>;
