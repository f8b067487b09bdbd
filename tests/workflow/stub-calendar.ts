/**
 * The workflow tests' stand-in for the statutory calendar: every Monday to Friday is a working
 * day, nothing else is. Small enough to check by hand, so the tests can state the instants they
 * expect; the real calendar and the 民法典 counting rules have their own unit tests.
 */
import type { SlaSpec } from '../../workflows/shared/definitions';
import { addLocalDays, DAY_MS, endOfLocalDate, HOUR_MS, localDateOf, startOfLocalDate, type LocalDate } from '../../domain/shared/time';

/** Monday to Friday in Beijing. */
export function isWeekday(date: LocalDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5;
}

/** The n-th weekday after `date` (n ≥ 1). */
export function nthWeekdayAfter(date: LocalDate, n: number): LocalDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addLocalDays(d, 1);
    if (isWeekday(d)) left--;
  }
  return d;
}

/**
 * One instant under the stub rules:
 * - hour / day limits: the start plus the amount of wall-clock time (a day is 24 h);
 * - workday limits and `workdaysAfter`: 24:00 of the n-th weekday after the instant's date;
 * - `nextWorkdayStart`: 00:00 of the next weekday;
 * - `fraction`: that share of the wall-clock span from the start to the due instant.
 * Pauses and time compression are refused: these tests run at real limits without pauses.
 */
export function stubInstant(spec: SlaSpec): string {
  if ((spec.scale ?? 1) !== 1) throw new Error(`the workflow tests run at real limits; got scale ${spec.scale}`);
  switch (spec.kind) {
    case 'due': {
      if (spec.pauses?.length) throw new Error('the stub calendar does not count pauses');
      const start = Date.parse(spec.start);
      const { amount, unit } = spec.limit;
      const due =
        unit === 'hour'
          ? start + amount * HOUR_MS
          : unit === 'day'
            ? start + amount * DAY_MS
            : endOfLocalDate(nthWeekdayAfter(localDateOf(new Date(start)), amount)).getTime();
      return new Date(start + (due - start) * (spec.fraction ?? 1)).toISOString();
    }
    case 'workdaysAfter':
      return endOfLocalDate(nthWeekdayAfter(localDateOf(new Date(spec.instant)), spec.workdays)).toISOString();
    case 'nextWorkdayStart':
      return startOfLocalDate(nthWeekdayAfter(localDateOf(new Date(spec.instant)), 1)).toISOString();
  }
}
