/**
 * Deadlines beyond the statutory calendar's data: record the gap, alert once, and wait for new
 * data (the calendarUpdated signal, or a daily retry). Shared by every workflow that computes
 * deadlines.
 */
import * as wf from '@temporalio/workflow';
import { calendarUpdatedSignal } from '../definitions';

export interface CalendarGapHooks {
  /** The gap currently recorded on the item (its lastError), or null. */
  current(): string | null;
  set(message: string | null): void;
  record(type: 'CALENDAR_GAP' | 'CALENDAR_GAP_CLOSED', reason?: string): Promise<void>;
  alert(message: string): Promise<void>;
  /** Called when an admin has loaded calendar days (the workflow recounts provisional deadlines). */
  onNudge?(): void;
  /** Time compression of the workflow: the daily retry is a day of its (virtual) time. */
  scale?: number;
}

/** Registers the signal handler; returns a wrapper that runs a computation until the data is there. */
export function createCalendarWait(hooks: CalendarGapHooks) {
  let nudged = false;
  wf.setHandler(calendarUpdatedSignal, () => {
    nudged = true;
    hooks.onNudge?.();
  });
  const retryMs = Math.max(1000, 86_400_000 / (hooks.scale ?? 1));
  return async function untilCalendarCovers<T>(compute: () => Promise<T>): Promise<T> {
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
        nudged = false;
        await wf.condition(() => nudged, retryMs, { summary: 'waiting for calendar data' });
      }
    }
  };
}
