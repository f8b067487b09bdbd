/** What a handler of the consultation workflow is: its own rules (422) and its work, for one action of the table. */
import type { z } from 'zod';
import type { ConsultationAction, ConsultationActionSchema } from '../../../domain/consultations/actions';
import type { Actor } from '../../shared/definitions';
import type { ConsultationWorkflow } from '../workflow';

/** How the workflow performs one step action: its own rules (422) and its work. */
export interface ConsultationActionHandler<A extends ConsultationAction> {
  check?: (w: ConsultationWorkflow, payload: z.output<ConsultationActionSchema<A>>, actor: Actor) => void;
  run: (w: ConsultationWorkflow, payload: z.output<ConsultationActionSchema<A>>, actor: Actor) => Promise<void>;
}
export type ConsultationActionHandlers<K extends ConsultationAction> = { [A in K]: ConsultationActionHandler<A> };
