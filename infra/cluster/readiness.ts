import { Connection, type TLSConfig } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Resolves once GET `url` answers 200; rejects after `timeoutMs` with the last answer. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s: ${last}`);
}

/** Resolves once `count` distinct workers poll the task queue for workflow tasks. */
export async function waitForPollers(
  address: string,
  namespace: string,
  taskQueue: string,
  count: number,
  timeoutMs: number,
  tls?: TLSConfig,
): Promise<void> {
  const connection = await Connection.connect({ address, tls });
  try {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        const res = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        seen = new Set((res.pollers ?? []).map((p) => p.identity)).size;
        if (seen >= count) return;
      } catch (err) {
        // A server restarted on an existing cluster answers the frontend before its matching
        // service has joined the membership ring ("Not enough hosts to serve the request").
        lastError = `; last error: ${String(err)}`;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`only ${seen} of ${count} workers poll task queue ${taskQueue} after ${timeoutMs / 1000} s${lastError}`);
  } finally {
    await connection.close();
  }
}
