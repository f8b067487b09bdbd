import { WorkCalendar } from './calendar';
import { addLocalDays, endOfLocalDate, HOUR_MS, localDateOf, startOfLocalDate } from './time';

/** How a time limit is counted: wall-clock hours (7×24), natural days (日), or working days (工作日). */
export type TimeUnit = 'hour' | 'day' | 'workday';
export const TIME_UNITS = ['hour', 'day', 'workday'] as const;

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

/** An interval during which the business clock stood still (SLA pause); `to` absent = still paused. */
export interface PauseInterval {
  from: Date;
  to?: Date;
}

/** Which instants advance the clock: every instant, or only those inside working days. */
type ClockKind = 'continuous' | 'workdays';

const clockOf = (unit: TimeUnit): ClockKind => (unit === 'workday' ? 'workdays' : 'continuous');

function validateLimit(limit: TimeLimit): void {
  if (!(limit.amount > 0) || !Number.isFinite(limit.amount)) {
    throw new RangeError(`time limit amount must be positive, got ${limit.amount}`);
  }
  if (limit.unit !== 'hour' && !Number.isInteger(limit.amount)) {
    throw new RangeError(`a ${limit.unit} limit must be a whole number, got ${limit.amount}`);
  }
}

/**
 * The due instant with no pauses:
 * - hour: start + amount hours, wall clock.
 * - day: 民法典 201/203: counting starts the day after the start day, the period ends at 24:00 of
 *   the last day, and a last day that is not a working day moves to the next working day.
 * - workday: 24:00 of the amount-th working day after the start day.
 */
function unpausedDue(start: Date, limit: TimeLimit, calendar: WorkCalendar): Date {
  const startDate = localDateOf(start);
  switch (limit.unit) {
    case 'hour':
      return new Date(start.getTime() + limit.amount * HOUR_MS);
    case 'day':
      return endOfLocalDate(calendar.workdayOnOrAfter(addLocalDays(startDate, limit.amount)));
    case 'workday':
      return endOfLocalDate(calendar.nthWorkdayAfter(startDate, limit.amount));
  }
}

function sortedPauses(pauses: readonly PauseInterval[]): PauseInterval[] {
  return [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Walks forward from `start` until `budgetMs` of running clock time has passed, skipping paused
 * intervals (and, for the working-day clock, non-working days). Returns null while an open pause
 * stops the clock before the budget is used up: there is no deadline while paused.
 */
function advance(
  start: Date,
  budgetMs: number,
  kind: ClockKind,
  calendar: WorkCalendar,
  pauses: readonly PauseInterval[],
): Date | null {
  const sorted = sortedPauses(pauses);
  let cursor = start.getTime();
  let remaining = budgetMs;
  for (let guard = 0; guard < 100_000; guard++) {
    let segmentEnd = Number.POSITIVE_INFINITY;
    if (kind === 'workdays') {
      const day = localDateOf(new Date(cursor));
      segmentEnd = endOfLocalDate(day).getTime();
      if (!calendar.isWorkday(day)) {
        cursor = segmentEnd;
        continue;
      }
    }
    const pause = sorted.find((p) => (p.to === undefined || p.to.getTime() > cursor) && p.from.getTime() < segmentEnd);
    if (pause && pause.from.getTime() <= cursor) {
      if (pause.to === undefined) return null;
      cursor = pause.to.getTime();
      continue;
    }
    const stop = Math.min(pause ? pause.from.getTime() : Number.POSITIVE_INFINITY, segmentEnd);
    if (cursor + remaining <= stop) return new Date(cursor + remaining);
    remaining -= stop - cursor;
    cursor = stop;
  }
  throw new Error('SLA walk did not terminate');
}

/** Running clock time between `from` and `to` with no pauses (the budget of a limit). */
function clockTimeBetween(from: Date, to: Date, kind: ClockKind, calendar: WorkCalendar): number {
  if (kind === 'continuous') return to.getTime() - from.getTime();
  let total = 0;
  let cursor = from.getTime();
  while (cursor < to.getTime()) {
    const day = localDateOf(new Date(cursor));
    const dayEnd = Math.min(endOfLocalDate(day).getTime(), to.getTime());
    if (calendar.isWorkday(day)) total += dayEnd - cursor;
    cursor = dayEnd;
  }
  return total;
}

/**
 * The due instant of `limit` counted from `start`, with business time stopped during `pauses`.
 * Returns null when the clock is currently paused. Throws CalendarCoverageError when a needed
 * date is beyond the calendar's data.
 */
export function dueAt(
  start: Date,
  limit: TimeLimit,
  calendar: WorkCalendar,
  pauses: readonly PauseInterval[] = [],
): Date | null {
  return dueAtFraction(start, limit, calendar, 1, pauses);
}

/**
 * The instant at which `fraction` of the limit's business time has run (0.5 and 0.75 for the
 * 督办 reminders). Fraction 1 is the deadline itself.
 */
export function dueAtFraction(
  start: Date,
  limit: TimeLimit,
  calendar: WorkCalendar,
  fraction: number,
  pauses: readonly PauseInterval[] = [],
): Date | null {
  validateLimit(limit);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
  const kind = clockOf(limit.unit);
  const base = unpausedDue(start, limit, calendar);
  const budget = clockTimeBetween(start, base, kind, calendar) * fraction;
  const due = advance(start, budget, kind, calendar, pauses);
  if (due === null || fraction < 1 || limit.unit !== 'day' || pauses.length === 0) return due;
  // A pause pushed a natural-day deadline; 民法典 203 still applies to where it lands.
  const landing = localDateOf(new Date(due.getTime() - 1));
  return calendar.isWorkday(landing) ? due : endOfLocalDate(calendar.workdayOnOrAfter(landing));
}

/** 24:00 of the n-th working day after the day an instant falls in (e.g. breach + 5 WD → 通报). */
export function workdaysAfter(instant: Date, n: number, calendar: WorkCalendar): Date {
  // An instant at exactly 24:00 belongs to the day that just ended.
  const day = localDateOf(new Date(instant.getTime() - 1));
  return endOfLocalDate(calendar.nthWorkdayAfter(day, n));
}

/** The next working day's start (09:00 is the office convention; we use 00:00 +08:00 and let the
 * callback centre's queue order the day) after the day `instant` falls in. */
export function nextWorkdayStart(instant: Date, calendar: WorkCalendar): Date {
  return startOfLocalDate(calendar.nthWorkdayAfter(localDateOf(instant), 1));
}
