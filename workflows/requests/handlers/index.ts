/**
 * Every request action's handler, keyed by the action table's names. The type demands one entry
 * per action, so adding an action to `domain/requests/actions.ts` fails the type check until its
 * handler exists here; registration is one loop over the table.
 */
import {
  isActionAllowed,
  REQUEST_ACTION_PAYLOADS,
  REQUEST_ACTIONS,
  type RequestAction,
  type RequestActionSchema,
} from '../../../domain/requests/actions';
import { REQUEST_ACTION_UPDATES } from '../definitions';
import { isFinal } from '../state';
import { registerAction } from '../../shared/register-action';
import { invalidState } from '../failures';
import type { RequestWorkflow } from '../workflow';
import type { RequestActionHandler, RequestActionHandlers } from './types';
import { closingActions } from './closing';
import { deadlineActions } from './deadlines';
import { duplicateActions } from './duplicates';
import { handlingActions } from './handling';
import { routingActions } from './routing';


const HANDLERS: RequestActionHandlers<RequestAction> = {
  ...handlingActions,
  ...deadlineActions,
  ...routingActions,
  ...closingActions,
  ...duplicateActions,
};

function registerOne<A extends RequestAction>(w: RequestWorkflow, name: A): void {
  const handler: RequestActionHandler<A> = HANDLERS[name];
  const schema: RequestActionSchema<A> = REQUEST_ACTION_PAYLOADS[name].schema;
  registerAction({
    def: REQUEST_ACTION_UPDATES[name],
    name,
    schema,
    lock: w.lock,
    view: w.view,
    assertAllowed: (action) => {
      if (!isActionAllowed(action, w.s.status) || isFinal(w.s)) throw invalidState(action, w.s);
    },
    check: handler.check && ((payload, actor) => handler.check!(w, payload, actor)),
    run: (payload, actor) => w.asStep(() => handler.run(w, payload, actor)),
  });
}

/** Sets the update handler of every action in the table. */
export function registerRequestActions(w: RequestWorkflow): void {
  for (const name of REQUEST_ACTIONS) registerOne(w, name);
}
