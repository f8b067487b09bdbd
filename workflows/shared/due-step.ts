import * as wf from '@temporalio/workflow';

/** A timer-driven step of a workflow's main loop: when it is due, its label in Temporal UI, its work. */
export interface DueStep {
  at: string;
  summary: string;
  fire: () => Promise<void>;
}

/**
 * The main loop's updatable timer. The next step is derived from the state, so a message that
 * moves a deadline (override, extension, pause, a new status) only has to bump the state's
 * version: the sleep ends early and the loop derives the step again.
 *
 * Returns the step once it is due, or null when the state moved first. A step already due is
 * returned at once: a 1 ms server timer still takes about a second to fire on the dev server.
 */
export async function waitForDueStep(step: DueStep | null, moved: () => boolean): Promise<DueStep | null> {
  if (!step) {
    await wf.condition(moved);
    return null;
  }
  const wait = Date.parse(step.at) - Date.now();
  if (wait <= 0) return step;
  const changed = await wf.condition(moved, wait, { summary: step.summary });
  return changed ? null : step;
}
