import type { ConsultationView } from './definitions';
import { ConsultationWorkflow, type ConsultationInput } from './workflow';

/**
 * One 社区议事协商 item through 集、定、议、公、办、督、评、备; workflow id = item id.
 *
 * 定 → 接诉即办: a not-for-consultation item that is a citizen's request is handed over by an
 * activity that inserts the Request row (idempotency key derived from the item id) and then by
 * starting `requestWorkflow` as a child with parentClosePolicy ABANDON, so the request outlives
 * this item. The child start needs no Temporal Client in activities, and the history shows both.
 */
export async function consultationWorkflow(input: ConsultationInput): Promise<ConsultationView> {
  const run = new ConsultationWorkflow(input);
  run.register();
  return run.run();
}
