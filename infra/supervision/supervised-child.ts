import type { ChildProcess } from 'node:child_process';
import type { PidFiles } from './pid-files';
import { stopChild } from './stop-child';

export interface SupervisedSpec {
  /** Pid file name, e.g. `worker-1`. */
  name: string;
  /** For logs and for the next start's clean-up message. */
  description: string;
  /** Launches one instance (spawn, fork or cluster.fork(...).process). */
  launch: () => ChildProcess;
  stopSignal?: NodeJS.Signals;
  /** How long a stop waits before SIGKILL. */
  graceMs: number;
  pids?: PidFiles;
  log: (line: string) => void;
  /**
   * False once the whole tree is stopping: a child that dies then (a terminal's SIGINT reaches
   * the whole process group) is not started again behind the shutdown's back.
   */
  mayRestart?: () => boolean;
}

/** First restart after 1 s, doubling to 30 s; a run of a minute counts as healthy again. */
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

/**
 * Keeps one child process running: when it exits without being asked to, it is started again
 * after a backoff that grows while it keeps crashing. stop() ends it for good.
 */
export class SupervisedChild {
  private child?: ChildProcess;
  private stopped = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private restartTimer?: NodeJS.Timeout;
  /** How many times it was started again after a crash. */
  restarts = 0;

  constructor(private readonly spec: SupervisedSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopped) return;
    const child = this.spec.launch();
    this.child = child;
    const startedAt = Date.now();
    if (child.pid) this.spec.pids?.record(this.spec.name, child.pid, this.spec.description, this.spec.stopSignal);
    child.once('exit', (code, signal) => {
      if (this.stopped || this.child !== child) return;
      if (this.spec.mayRestart && !this.spec.mayRestart()) {
        this.spec.log(`${this.spec.description} (pid ${child.pid}) exited with ${signal ?? code} during shutdown`);
        return;
      }
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.backoffMs = FIRST_BACKOFF_MS;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.spec.log(`${this.spec.description} (pid ${child.pid}) exited with ${signal ?? code}; restarting in ${delay / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restarts += 1;
        this.start();
      }, delay);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (this.child) await stopChild(this.child, this.spec.graceMs, this.spec.stopSignal);
    this.spec.pids?.forget(this.spec.name);
  }
}
