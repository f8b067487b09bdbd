/**
 * The worker's task slots, pollers, sticky cache and V8 context setting, from HUIYING_WORKER_*
 * variables with defaults measured by `npm run bench` (figures in docs/decisions.md, "Worker
 * tuning"). Unset slot and poller variables keep the SDK's own defaults.
 */
import type { WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';

const count = (min: number) => z.coerce.number().int().min(min).optional();

export const workerTuningSchema = z.object({
  /**
   * Workflows kept in this worker's sticky cache. Bounded so memory stays flat however many
   * requests are open (the SDK's default grows with the heap limit, about 2,300 on a 4 GiB heap);
   * a workflow outside the cache is replayed from its history on its next task (measured: 147 ms
   * p50 for a 90-event request history, about one whole OVERDUE step's CPU), so the bound keeps a
   * night's deadlines of a district (2 workers: 2,000) cached.
   */
  HUIYING_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  HUIYING_WORKER_WORKFLOW_SLOTS: count(2),
  HUIYING_WORKER_ACTIVITY_SLOTS: count(1),
  HUIYING_WORKER_LOCAL_ACTIVITY_SLOTS: count(1),
  HUIYING_WORKER_WORKFLOW_POLLERS: count(2),
  HUIYING_WORKER_ACTIVITY_POLLERS: count(1),
  HUIYING_WORKER_WORKFLOW_THREADS: count(1),
  HUIYING_WORKER_REUSE_V8_CONTEXT: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export type WorkerTuning = z.infer<typeof workerTuningSchema>;

export function workerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const parsed = workerTuningSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`worker settings: ${problems}`);
  }
  return parsed.data;
}

/** The WorkerOptions these settings stand for; only the ones set, so the SDK's defaults stay. */
export function tuningOptions(t: WorkerTuning): Partial<WorkerOptions> {
  const set = <K extends keyof WorkerOptions>(key: K, value: WorkerOptions[K] | undefined): Partial<WorkerOptions> =>
    value === undefined ? {} : { [key]: value };
  return {
    maxCachedWorkflows: t.HUIYING_WORKER_MAX_CACHED_WORKFLOWS,
    reuseV8Context: t.HUIYING_WORKER_REUSE_V8_CONTEXT,
    ...set('maxConcurrentWorkflowTaskExecutions', t.HUIYING_WORKER_WORKFLOW_SLOTS),
    ...set('maxConcurrentActivityTaskExecutions', t.HUIYING_WORKER_ACTIVITY_SLOTS),
    ...set('maxConcurrentLocalActivityExecutions', t.HUIYING_WORKER_LOCAL_ACTIVITY_SLOTS),
    ...set('maxConcurrentWorkflowTaskPolls', t.HUIYING_WORKER_WORKFLOW_POLLERS),
    ...set('maxConcurrentActivityTaskPolls', t.HUIYING_WORKER_ACTIVITY_POLLERS),
    ...set('workflowThreadPoolSize', t.HUIYING_WORKER_WORKFLOW_THREADS),
  };
}
