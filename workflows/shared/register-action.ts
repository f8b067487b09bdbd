import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Actor } from './definitions';
import type { StepLock } from './step-lock';
import { invalidPayload, ruleViolation } from './update-failures';

/** What every action update of a workflow carries: the verified caller and the raw payload. */
export interface ActionMessage {
  actor: Actor;
  input: unknown;
}

export interface ActionRegistration<Name extends string, S extends z.ZodType, View, Args extends ActionMessage> {
  def: UpdateDefinition<View, [Args]>;
  name: Name;
  schema: S;
  /** The workflow's one mutex: this action waits for running steps and other actions. */
  lock: StepLock<Name>;
  /** Throws InvalidState when `name` does not fit the current state (409). */
  assertAllowed: (name: Name) => void;
  view: () => View;
  /** The action's own rules beyond state and schema (422), checked before anything is written. */
  check?: (payload: z.output<S>, actor: Actor) => void;
  run: (payload: z.output<S>, actor: Actor) => Promise<void>;
}

/**
 * Sets one action's update handler. The validator refuses a missing actor, a wrong state, a bad
 * payload or a broken rule before anything enters the history. The handler takes the lock, then
 * checks again: a step that ran while it waited may have changed what is allowed, and the caller
 * then gets the refusal instead of a stale success.
 */
export function registerAction<Name extends string, S extends z.ZodType, View, Args extends ActionMessage>(
  r: ActionRegistration<Name, S, View, Args>,
): void {
  const checked = (actor: Actor | undefined, raw: unknown): z.output<S> => {
    if (!actor || typeof actor.subject !== 'string') throw ruleViolation('actor is required', 'actor');
    r.assertAllowed(r.name);
    const parsed = r.schema.safeParse(raw);
    if (!parsed.success) throw invalidPayload(parsed.error);
    r.check?.(parsed.data, actor);
    return parsed.data;
  };
  wf.setHandler(
    r.def,
    async ({ actor, input }) => {
      await r.lock.run(r.name, () => r.run(checked(actor, input), actor));
      return r.view();
    },
    { validator: ({ actor, input }) => void checked(actor, input) },
  );
}
