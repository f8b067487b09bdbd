import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** Awaits an update the workflow must refuse with RuleViolation naming `rule` (the API's 422). */
export async function expectRuleViolation(update: Promise<unknown>, rule: string): Promise<void> {
  const error = await update.then(
    () => {
      throw new Error(`expected the update to be refused (${rule}), it succeeded`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('RuleViolation');
  expect((cause as ApplicationFailure).details?.[0]).toMatchObject({ rule });
}
