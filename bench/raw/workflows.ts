/**
 * The reference of the intake benchmark: the least a workflow can do behind update-with-start
 * (accept an Update and answer it) and behind a plain start. No activities, no search attributes.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const acceptRaw = defineUpdate<string, [string]>('accept');

export async function rawIntake(): Promise<void> {
  let accepted = false;
  setHandler(acceptRaw, (id) => {
    accepted = true;
    return id;
  });
  await condition(() => accepted);
}
