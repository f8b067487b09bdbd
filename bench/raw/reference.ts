/**
 * Raw ceilings of a Temporal server: `executeUpdateWithStart` and `start` of the trivial workflow
 * in ./workflows.ts, through the same connection settings Huiying uses, served by a worker of
 * this process on a task queue of its own (so Huiying's workers never see these tasks).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection, WithStartWorkflowOperation, type TLSConfig } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { measurePool, type Measured } from '../http-pool';
import { acceptRaw } from './workflows';

const TASK_QUEUE = 'bench-raw';

export interface RawFigures {
  updateWithStart: Map<number, Measured>;
  start: Map<number, Measured>;
}

export async function measureRaw(temporal: { address: string; tls?: TLSConfig }, plan: Map<number, number>): Promise<RawFigures> {
  const connection = await Connection.connect({ address: temporal.address, tls: temporal.tls });
  const client = new Client({ connection, namespace: 'default' });
  const workerConnection = await NativeConnection.connect({ address: temporal.address, tls: temporal.tls });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowsPath: path.join(__dirname, 'workflows' + path.extname(__filename)),
  });
  const running = worker.run();
  const updateWithStart = async () => {
    const id = `raw-uws-${randomUUID()}`;
    const start = new WithStartWorkflowOperation('rawIntake', { workflowId: id, taskQueue: TASK_QUEUE, workflowIdConflictPolicy: 'FAIL' });
    await client.workflow.executeUpdateWithStart(acceptRaw, { args: [id], startWorkflowOperation: start });
  };
  const start = async () => {
    await client.workflow.start('rawIntake', { workflowId: `raw-start-${randomUUID()}`, taskQueue: TASK_QUEUE });
  };
  try {
    for (let i = 0; i < 10; i++) await updateWithStart();
    const figures: RawFigures = { updateWithStart: new Map(), start: new Map() };
    for (const [width, n] of plan) {
      figures.updateWithStart.set(width, await measurePool(n, width, updateWithStart));
      figures.start.set(width, await measurePool(n, width, start));
    }
    return figures;
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
  }
}
