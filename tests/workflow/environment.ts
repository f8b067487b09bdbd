/**
 * One time-skipping Temporal test server per test file, with a worker that runs the real
 * workflows on the stub activities. Time moves only when the tests let it (`skip`, or awaiting a
 * result): timers of days and weeks fire in a fraction of a second, at their real instants.
 * After `handle.result()` the clock has run on to the closed workflow's execution timeout (3650
 * days by default), so tests assert nothing about the clock after one.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { SA } from '../../workflows/requests/definitions';
import { createStubActivities, type StubLog } from './stub-activities';

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  log: StubLog;
  taskQueue: string;
  /** The test server's current time (skipped time included). */
  now(): Promise<number>;
  /** Lets the server's clock run forward by `ms`, firing every timer due meanwhile. */
  skip(ms: number): Promise<void>;
  /** Lets the clock run to `instant` (ISO or ms). */
  skipTo(instant: string | number): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/**
 * Left out: the test server does not advertise the heartbeat-details capability (nothing here
 * heartbeats), and a calendar gap is the SLA activity's designed answer, not a fault.
 */
function printUnlessExpected(entry: LogEntry): void {
  if (entry.message.includes('activity_failure_include_heartbeat')) return;
  const error = entry.meta?.error as { type?: string } | undefined;
  if (entry.message === 'Activity failed' && error?.type === 'CalendarCoverageError') return;
  process.stderr.write(`[worker] ${entry.level} ${entry.message} ${entry.meta ? JSON.stringify(entry.meta) : ''}\n`);
}

const { IndexedValueType } = temporal.api.enums.v1;
/** The index type of each kind of search attribute Huiying defines. */
const INDEXED_TYPE: Record<(typeof SA)[keyof typeof SA]['type'], temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** `around` may wrap the stubs (to inject failures, say) before the worker registers them. */
export async function startWorkflowTestEnv(around: (stubs: Activities) => Activities = (stubs) => stubs): Promise<WorkflowTestEnv> {
  const server = process.env.HUIYING_TEST_SERVER_PATH;
  const bundlePath = process.env.HUIYING_WORKFLOW_TEST_BUNDLE;
  if (!server || !bundlePath) throw new Error('run the workflow tests through jest (tests/workflow/setup/global-setup.ts)');
  if (!runtimeInstalled) {
    // Warnings and errors only (a failing workflow task shows up here), with core's logs
    // forwarded so the one expected notice about the test server's capabilities can be left out.
    Runtime.install({
      logger: new DefaultLogger('WARN', printUnlessExpected),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
      shutdownSignals: [],
    });
    runtimeInstalled = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: server } },
  });
  // The workflows upsert Huiying's search attributes; the test server refuses unknown ones (and
  // has no ListSearchAttributes, so infra/search-attributes.ts cannot be reused as it is).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SA).map((key) => [key.name, INDEXED_TYPE[key.type]])),
  });
  const { activities, log } = createStubActivities();
  const taskQueue = `wf-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities: around(activities),
  });
  const running = worker.run();
  const now = () => env.currentTimeMs();
  const skip = (ms: number) => (ms > 0 ? env.sleep(ms) : Promise.resolve());
  return {
    env,
    log,
    taskQueue,
    now,
    skip,
    skipTo: async (instant) => skip((typeof instant === 'number' ? instant : Date.parse(instant)) - (await now())),
    stop: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
