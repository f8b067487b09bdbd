import { Client, Connection, type TLSConfig } from '@temporalio/client';

/** The frontend of a topology under test, and the client certificate to reach it with (mTLS). */
export interface TemporalEndpoint {
  address: string;
  tls?: TLSConfig;
}
import { temporal } from '@temporalio/proto';

/** The PID in a TypeScript worker's default identity, `<pid>@<host>`. */
const pidOf = (identity: string | null | undefined) => Number(/^(\d+)@/.exec(identity ?? '')?.[1] ?? NaN);

/** PIDs of the workers polling the task queue for workflow tasks (dead ones linger a while). */
export async function pollerPids({ address, tls }: TemporalEndpoint, taskQueue: string): Promise<number[]> {
  const connection = await Connection.connect({ address, tls });
  try {
    const res = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (res.pollers ?? []).map((p) => pidOf(p.identity));
  } finally {
    await connection.close();
  }
}

/**
 * For each workflow, the PID of the worker that completed its last workflow task: the worker
 * that caches it, to whose sticky queue its next task (a timer firing) goes first. Reads event
 * metadata only, so no payload codec is needed.
 */
export async function timerHolders({ address, tls }: TemporalEndpoint, workflowIds: string[]): Promise<number[]> {
  const connection = await Connection.connect({ address, tls });
  try {
    const client = new Client({ connection });
    const holders: number[] = [];
    for (const id of workflowIds) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const completed = (history.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes);
      holders.push(pidOf(completed.at(-1)?.workflowTaskCompletedEventAttributes?.identity));
    }
    return holders;
  } finally {
    await connection.close();
  }
}

/** Workflow ids a visibility query answers (SQL visibility on this topology). */
export async function listWorkflowIds({ address, tls }: TemporalEndpoint, query: string): Promise<string[]> {
  const connection = await Connection.connect({ address, tls });
  try {
    const ids: string[] = [];
    for await (const execution of new Client({ connection }).workflow.list({ query })) ids.push(execution.workflowId);
    return ids;
  } finally {
    await connection.close();
  }
}
