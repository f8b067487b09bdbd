/**
 * Workflow interceptors (bundled into the workflow code): a workflow accepts a start input,
 * update or signal only when its payload was encrypted by Huiying's own API or workers for this
 * very workflow (the sealed mark, seal.ts). Anyone who can reach Temporal's frontend but holds no
 * codec key — a raw client, `temporal workflow update`, Temporal UI — is refused, so the `actor`
 * an update carries can only come from the API that checked the caller's token.
 */
import * as wf from '@temporalio/workflow';
import { sealedFor } from './seal';

/** ApplicationFailure type of a refused input. */
export const UNSEALED_INPUT = 'UnsealedInput';

export const interceptors: wf.WorkflowInterceptorsFactory = () => {
  const allSealed = (args: readonly unknown[]) => {
    const workflowId = wf.workflowInfo().workflowId;
    // No arguments carry no data and no actor (e.g. the intake's `accept` update).
    return args.every((arg) => sealedFor(arg) === workflowId);
  };
  const refusal = (what: string) =>
    wf.ApplicationFailure.create({
      type: UNSEALED_INPUT,
      nonRetryable: true,
      message: `${what} refused: its payload was not encrypted by Huiying for this workflow`,
    });

  return {
    inbound: [
      {
        async execute(input, next) {
          if (!allSealed(input.args)) throw refusal('workflow start');
          return next(input);
        },
        // Runs for new updates only (never on replay): a refusal here leaves no trace in history.
        validateUpdate(input, next) {
          if (!allSealed(input.args)) throw refusal(`update '${input.name}'`);
          next(input);
        },
        // Updates without a validator are checked after acceptance; the update fails, nothing changes.
        async handleUpdate(input, next) {
          if (!allSealed(input.args)) throw refusal(`update '${input.name}'`);
          return next(input);
        },
        async handleSignal(input, next) {
          if (!allSealed(input.args)) {
            // A signal cannot be answered with an error; it is dropped (deterministically on replay).
            wf.log.warn('unsealed signal dropped', { signal: input.signalName });
            return;
          }
          return next(input);
        },
      },
    ],
  };
};
