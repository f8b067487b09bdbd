import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { NotificationChannel } from '../activities/channels/channel';
import type { PrismaClient } from '../infra/db';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  channel: NotificationChannel;
  /** A prebuilt bundle (production); without it the worker bundles workflows/ at start. */
  workflowBundlePath?: string;
  /** Tests pass a bundle built once per run. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** workflows/index.ts from source, workflows/index.js when compiled. */
export const workflowsPath = path.resolve(__dirname, '../workflows/index' + path.extname(__filename));

/** One worker for all Huiying workflows and activities. */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  const bundle = deps.workflowBundle ?? (deps.workflowBundlePath ? { codePath: deps.workflowBundlePath } : undefined);
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath }),
    activities: createActivities({ prisma: deps.prisma, channel: deps.channel }),
    // A graceful shutdown lets running activities (deliveries, projections) finish.
    shutdownGraceTime: '10 seconds',
  });
}
