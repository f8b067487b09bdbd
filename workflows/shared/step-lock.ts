import * as wf from '@temporalio/workflow';

/**
 * The one mutex of a workflow: update handlers and the main loop's timer steps take turns. Without
 * it a handler and a due step can run their activities side by side in one workflow task, and
 * local-activity results then resolve in a different order on replay than they did live (a
 * nondeterminism error on the next worker).
 *
 * Waiters are served first come, first served, and `busy` stays true while anyone waits, so a
 * main loop with steps due back to back (compressed time) cannot starve the updates.
 */
export class StepLock<Holder extends string> {
  private current: Holder | 'step' | null = null;
  private readonly queue: number[] = [];
  private tickets = 0;

  /** Someone holds the lock or waits for it. */
  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  async run<T>(holder: Holder | 'step', work: () => Promise<T>): Promise<T> {
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

  /**
   * Runs a timer step of the main loop. While updates hold or wait for the lock it lets them all
   * go first and runs nothing: they may have changed which step is due, so the loop looks again.
   */
  async step(work: () => Promise<void>): Promise<void> {
    if (this.busy) {
      await wf.condition(() => !this.busy);
      return;
    }
    await this.run('step', work);
  }
}
