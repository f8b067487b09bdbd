import * as wf from '@temporalio/workflow';

/**
 * One holder at a time for the work that writes a workflow's state and history: update handlers
 * and the main loop's timer steps. Without it a handler and a due step can run their activities
 * side by side in one workflow task, and local-activity results then resolve in a different
 * order on replay than they did live (a nondeterminism error on the next worker).
 *
 * Waiters are served first come, first served, and `busy` stays true while anyone waits, so a
 * main loop with steps due back to back (compressed time) cannot starve the updates.
 */
export class StepLock<Holder extends string> {
  private current: Holder | null = null;
  private readonly queue: number[] = [];
  private tickets = 0;

  /** Someone holds the lock or waits for it. */
  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  async run<T>(holder: Holder, work: () => Promise<T>): Promise<T> {
    if (this.busy) {
      const ticket = ++this.tickets;
      this.queue.push(ticket);
      await wf.condition(() => this.current === null && this.queue[0] === ticket);
      this.queue.shift();
    }
    this.current = holder;
    try {
      return await work();
    } finally {
      this.current = null;
    }
  }
}
