import { ownProcessSignals } from './signal-ownership';

/**
 * One way for a start script to stop: on SIGTERM, SIGINT or SIGHUP (or a failed start) run the cleanup
 * steps in reverse order of registration, and exit. A hard deadline bounds it all, so whatever
 * sent the signal (systemd, a container runtime, a terminal) sees the process tree gone in time;
 * at the deadline `onDeadline` gets a last chance (killing the recorded children) before exit.
 */
export interface Shutdown {
  /** Register a cleanup; they run last-registered first. */
  add(step: () => Promise<void>): void;
  /** Run the cleanups now (idempotent) and exit with `code`. */
  run(reason: string, code?: number): Promise<void>;
  readonly stopping: boolean;
}

export interface ShutdownOptions {
  deadlineMs: number;
  log: (line: string) => void;
  onDeadline?: () => void;
}

export function installShutdown(opts: ShutdownOptions): Shutdown {
  const steps: (() => Promise<void>)[] = [];
  let stopping = false;
  const run = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    opts.log(`${reason}: shutting down`);
    setTimeout(() => {
      opts.log(`shutdown took longer than ${opts.deadlineMs / 1000} s: killing what is left`);
      opts.onDeadline?.();
      process.exit(code || 1);
    }, opts.deadlineMs).unref();
    for (const step of steps.reverse()) await step().catch((e) => opts.log(`shutdown step failed: ${String(e)}`));
    process.exit(code);
  };
  // SIGHUP too: a closed terminal must not kill this process before its children are stopped.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void run(signal));
  ownProcessSignals();
  return {
    add: (step) => void steps.push(step),
    run,
    get stopping() {
      return stopping;
    },
  };
}
