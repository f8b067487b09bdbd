/**
 * Every consultation action's handler, keyed by the action table's names. The type demands one
 * entry per action, so adding an action to `domain/consultations/actions.ts` fails the type check
 * until its handler exists here; registration is one loop over the table.
 */
import * as wf from '@temporalio/workflow';
import {
  CONSULTATION_ACTION_PAYLOADS,
  CONSULTATION_ACTIONS,
  isConsultationActionAllowed,
  type ConsultationAction,
  type ConsultationActionSchema,
} from '../../../domain/consultations/actions';
import { CONSULTATION_ACTION_UPDATES } from '../definitions';
import { registerAction } from '../../shared/register-action';
import type { ConsultationWorkflow } from '../workflow';
import type { ConsultationActionHandler, ConsultationActionHandlers } from './types';
import { evaluationActions } from './evaluation';
import { implementationActions } from './implementation';
import { meetingActions } from './meeting';
import { publicityActions } from './publicity';
import { screeningActions } from './screening';


const HANDLERS: ConsultationActionHandlers<ConsultationAction> = {
  ...screeningActions,
  ...meetingActions,
  ...publicityActions,
  ...implementationActions,
  ...evaluationActions,
};

function registerOne<A extends ConsultationAction>(w: ConsultationWorkflow, name: A): void {
  const handler: ConsultationActionHandler<A> = HANDLERS[name];
  const schema: ConsultationActionSchema<A> = CONSULTATION_ACTION_PAYLOADS[name].schema;
  registerAction({
    def: CONSULTATION_ACTION_UPDATES[name],
    name,
    schema,
    lock: w.lock,
    view: w.view,
    assertAllowed: (action) => {
      if (isConsultationActionAllowed(action, w.s.status)) return;
      throw wf.ApplicationFailure.create({
        type: 'InvalidState',
        message: `${action} is not allowed while the consultation item is ${w.s.status}`,
        details: [{ status: w.s.status, allowedActions: w.view().allowedActions }],
        nonRetryable: true,
      });
    },
    check: handler.check && ((payload, actor) => handler.check!(w, payload, actor)),
    run: (payload, actor) => handler.run(w, payload, actor),
  });
}

/** Sets the update handler of every step action in the table. */
export function registerConsultationActions(w: ConsultationWorkflow): void {
  for (const name of CONSULTATION_ACTIONS) registerOne(w, name);
}
