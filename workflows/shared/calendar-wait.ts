/**
 * Deadlines beyond the statutory calendar's data: record the gap, alert once, and wait for new
 * data (the calendarUpdated signal, or a daily retry). Shared by every workflow that computes
 * deadlines.
 */
import * as wf from '@temporalio/workflow';

export interface CalendarGapHooks {
  /** The gap currently recorded on the item (its lastError), or null. */
  current(): string | null;
  set(message: string | null): void;
  record(type: 'CALENDAR_GAP' | 'CALENDAR_GAP_CLOSED', reason?: string): Promise<void>;
  alert(message: string): Promise<void>;
  /** Called when an admin has loaded calendar days (the workflow recounts provisional deadlines). */
  onNudge?(): void;
  /** Time compression of the workflow's clock: the daily retry is a day of its (virtual) time. */
  scale(): number;
}

/**
 * Runs SLA computations until the calendar covers them. The workflow sets the calendarUpdated
 * signal's handler with its other handlers and passes the signal on to `nudge`.
 */
export class CalendarWait {
  private nudged = false;

  constructor(private readonly hooks: CalendarGapHooks) {}

  /** An admin loaded calendar days: a waiting computation retries now, provisional ones recount. */
  nudge(): void {
    this.nudged = true;
    this.hooks.onNudge?.();
  }

  async untilCovered<T>(compute: () => Promise<T>): Promise<T> {
    const { hooks } = this;
    for (;;) {
      try {
        const result = await compute();
        if (hooks.current()) {
          hooks.set(null);
          await hooks.record('CALENDAR_GAP_CLOSED');
        }
        return result;
      } catch (err) {
        // A regular activity's failure arrives wrapped in ActivityFailure; a local activity's
        // arrives as the ApplicationFailure itself.
        const failure = err instanceof wf.ActivityFailure ? err.cause : err;
        if (!(failure instanceof wf.ApplicationFailure) || failure.type !== 'CalendarCoverageError') throw err;
        if (hooks.current() !== failure.message) {
          hooks.set(failure.message);
          await hooks.record('CALENDAR_GAP', failure.message);
          await hooks.alert(failure.message);
        }
        this.nudged = false;
        const retryMs = Math.max(1000, 86_400_000 / hooks.scale());
        await wf.condition(() => this.nudged, retryMs, { summary: 'waiting for calendar data' });
      }
    }
  }
}

/** What a workflow's state holds for calendar gaps and provisional deadlines. */
export interface CalendarWaitState {
  lastError: string | null;
  calendarNudged?: boolean;
  version: number;
  provisional?: { batches: unknown[] } | null;
}

/**
 * The calendar wait of a workflow whose state keeps the gap in `lastError`: a nudge while it holds
 * provisional deadlines asks the main loop to recount them (`calendarNudged`).
 */
export function calendarWaitOn(s: CalendarWaitState, hooks: Pick<CalendarGapHooks, 'record' | 'alert' | 'scale'>): CalendarWait {
  return new CalendarWait({
    current: () => s.lastError,
    set: (message) => (s.lastError = message),
    onNudge: () => {
      if (!s.provisional?.batches.length) return;
      s.calendarNudged = true;
      s.version++;
    },
    ...hooks,
  });
}
