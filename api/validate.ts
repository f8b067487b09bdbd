import type { z } from 'zod';
import { badRequest } from './errors';

/** Parses input with a zod schema; a failure is a 400 naming every bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' = 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw badRequest(
    `invalid ${where}`,
    result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(root)',
      message: issue.message,
      code: issue.code,
    })),
  );
}
