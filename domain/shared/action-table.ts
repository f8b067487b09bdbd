/**
 * The shape every context's action table shares: one entry per action says everything the
 * workflow, the API and the OpenAPI document need to know about it, so adding an action touches
 * the table and the workflow code that performs it. Pure data: workflow code imports it.
 */
import type { z } from 'zod';
import type { Role } from './roles';

export interface ActionSpec<Status extends string> {
  /** The payload the workflow validates (the API validates the same one unless the entry says otherwise). */
  schema: z.ZodType;
  /** The statuses the action may be taken from; other conditions are the workflow's rules (422). */
  from: readonly Status[];
  /** Who may take it; the API answers 403 to everyone else. */
  roles: readonly Role[];
  /** URL segment under the item's path; a decision is a sub-resource of what it decides. */
  path: string;
  /** HTTP method of the action's route; POST unless the action sets a value (PUT). */
  method?: 'post' | 'put';
  /** The OpenAPI operation's summary: the Chinese step name, then what it does. */
  summary: string;
}

/**
 * The action names of a table, in the table's order (the order `allowedActions` lists them in).
 * Object.keys is typed `string[]`; the keys of a table literal are exactly its actions.
 */
export const actionNames = <T extends object>(table: T): (keyof T & string)[] => Object.keys(table) as (keyof T & string)[];

/** The HTTP method of an action's route. */
export const methodOf = (spec: { method?: 'post' | 'put' }): 'post' | 'put' => spec.method ?? 'post';
