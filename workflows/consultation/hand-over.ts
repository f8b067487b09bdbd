import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RoutedRequest } from '../../activities/consultation';
import { SA } from '../definitions';
import { requestWorkflow } from '../request-workflow';
import type { ConsultationContext } from './context';
import { ruleViolation } from './failures';

/** 定/办 → 接诉即办: inserts the Request row and starts its workflow as an abandoned child. */
export function createHandOver(c: ConsultationContext) {
  const { input, itemId, acts } = c;

  /** Inserts the Request row (activity) and starts its workflow as an abandoned child. */
  async function handOverToRequest(route: { categoryCode: string; type: string; urgency: string }): Promise<string> {
    let routed;
    try {
      routed = await acts.routeConsultationToRequest({ itemId, route });
    } catch (err) {
      const cause = err instanceof wf.ActivityFailure ? err.cause : err;
      throw ruleViolation(`hand-over to 接诉即办 failed: ${cause instanceof Error ? cause.message : String(cause)}`, 'routeToRequest');
    }
    await startRequestWorkflow(routed, `接诉即办 · 转自社区议事协商 ${itemId}`);
    return routed.requestId;
  }

  /**
   * Starts a 接诉即办 request's workflow as a child of this item. ABANDON: the request lives on
   * after this item is archived. Returns the child handle, or null when it was already running.
   */
  async function startRequestWorkflow(routed: RoutedRequest, summary: string) {
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
            // Child inputs are not compared on replay; older activity results carry no createdBy.
            ...(routed.createdBy ? { receivedBy: routed.createdBy } : {}),
            ...(input.timeScale && input.timeScale !== 1 ? { timeScale: input.timeScale } : {}),
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

  return { handOverToRequest, startRequestWorkflow };
}

export type HandOver = ReturnType<typeof createHandOver>;
