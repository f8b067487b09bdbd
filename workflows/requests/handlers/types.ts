/** What a handler of the request workflow is: its own rules (422) and its work, for one action of the table. */
import type { z } from 'zod';
import type { RequestAction, RequestActionSchema } from '../../../domain/requests/actions';
import type { Actor } from '../../shared/definitions';
import type { RequestWorkflow } from '../workflow';

/** How the workflow performs one action: its own rules (422) and its work. */
export interface RequestActionHandler<A extends RequestAction> {
  check?: (w: RequestWorkflow, payload: z.output<RequestActionSchema<A>>, actor: Actor) => void;
  run: (w: RequestWorkflow, payload: z.output<RequestActionSchema<A>>, actor: Actor) => Promise<void>;
}
export type RequestActionHandlers<K extends RequestAction> = { [A in K]: RequestActionHandler<A> };
