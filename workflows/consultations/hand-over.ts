/** 定/办 → 接诉即办: the item hands a citizen's matter to a request workflow of its own. */
import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RoutedRequest } from '../../activities/consultations/activities';
import { SA } from '../requests/definitions';
import { requestWorkflow } from '../requests/request-workflow';
import { ruleViolation } from './failures';
import type { ConsultationWorkflow } from './workflow';

/** Inserts the Request row (activity) and starts its workflow as an abandoned child. */
export async function handOverToRequest(
  w: ConsultationWorkflow,
  route: { categoryCode: string; type: string; urgency: string },
): Promise<string> {
  let routed;
  try {
    routed = await w.acts.routeConsultationToRequest({ itemId: w.itemId, route });
  } catch (err) {
    const cause = err instanceof wf.ActivityFailure ? err.cause : err;
    throw ruleViolation(`hand-over to 接诉即办 failed: ${cause instanceof Error ? cause.message : String(cause)}`, 'routeToRequest');
  }
  await startRequestWorkflow(w, routed, `接诉即办 · 转自社区议事协商 ${w.itemId}`);
  return routed.requestId;
}

/**
 * Starts a 接诉即办 request's workflow as a child of this item. ABANDON: the request lives on
 * after this item is archived. Returns the child handle, or null when it was already running.
 */
export async function startRequestWorkflow(w: ConsultationWorkflow, routed: RoutedRequest, summary: string) {
  const { input } = w;
  try {
    return await wf.startChild(requestWorkflow, {
      workflowId: routed.requestId,
      args: [
        {
          requestId: routed.requestId,
          categoryCode: routed.categoryCode,
          type: routed.type,
          urgency: routed.urgency,
          channel: 'OTHER',
          locationUnitCode: routed.locationUnitCode,
          receivedAt: routed.receivedAt,
          ...(routed.createdBy ? { receivedBy: routed.createdBy } : {}),
          ...(input.recheckSamplePercent !== undefined ? { recheckSamplePercent: input.recheckSamplePercent } : {}),
        },
      ],
      parentClosePolicy: 'ABANDON',
      staticSummary: summary,
      typedSearchAttributes: [
        { key: SA.status, value: 'RECEIVED' },
        { key: SA.category, value: routed.categoryCode },
        { key: SA.urgency, value: routed.urgency },
      ],
    });
  } catch (err) {
    // Already running (e.g. started by an earlier attempt of this hand-over): that is the request.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return null;
  }
}
