import type { RequestView, RequestWorkflowInput } from './definitions';
import type { RequestState } from './state';
import { RequestWorkflow } from './workflow';

/** One 接诉即办 request, from 受理 to 归档; id = request id. */
export async function requestWorkflow(input: RequestWorkflowInput & { carried?: RequestState }): Promise<RequestView> {
  const run = new RequestWorkflow(input);
  run.register();
  return run.run();
}
