import path from 'node:path';
import type { ArchiveKeys } from '../infra/archive-keys';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { NotificationChannel } from '../activities/shared/channels/channel';
import { workflowInterceptorsPath } from '../infra/codec/data-converter';
import type { PrismaClient } from '../infra/db';
import { tuningOptions, workerTuning } from './tuning';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  channel: NotificationChannel;
  /** huiyingDataConverter(ring) from infra/codec: every payload this worker writes is encrypted. */
  dataConverter: DataConverter;
  /** A prebuilt bundle (production); without it the worker bundles workflows/ at start. */
  workflowBundlePath?: string;
  /** Tests pass a bundle built once per run. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Keys that sign the archive chain; default: from the environment (infra/archive-keys.ts). */
  archiveKeys?: ArchiveKeys;
  /** Time compression of drills and tests (HUIYING_TIME_SCALE); workflows read it at their start. */
  clockScale?: number;
}

/** workflows/index.ts from source, workflows/index.js when compiled. */
export const workflowsPath = path.resolve(__dirname, '../workflows/index' + path.extname(__filename));

/**
 * One worker for all Huiying workflows and activities. A bundle must have been built with
 * infra/codec's workflowBundleOptions (its interceptors refuse inputs Huiying did not encrypt).
 */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  const bundle = deps.workflowBundle ?? (deps.workflowBundlePath ? { codePath: deps.workflowBundlePath } : undefined);
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath, interceptors: { workflowModules: [workflowInterceptorsPath] } }),
    dataConverter: deps.dataConverter,
    activities: createActivities({
      prisma: deps.prisma,
      channel: deps.channel,
      archiveKeys: deps.archiveKeys,
      clockScale: deps.clockScale,
    }),
    // A graceful shutdown lets running activities (deliveries, projections) finish.
    shutdownGraceTime: '10 seconds',
    // A workflow task waits this long for the worker that cached the workflow before any worker
    // takes it. The default (10 s) equals the API's bound on a Temporal call, so an action on a
    // request whose worker just died answered 503; with 5 s another worker takes over in time.
    stickyQueueScheduleToStartTimeout: '5 seconds',
    // Slots, pollers, sticky cache and V8 context: HUIYING_WORKER_* with measured defaults.
    ...tuningOptions(workerTuning()),
  });
}
