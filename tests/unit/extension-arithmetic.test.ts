/**
 * 延期: an approved extension of N working days moves the 办结 deadline to 24:00 of the N-th
 * working day after the current deadline's day. The spec the workflow sends (extensionSpec) is
 * built from the deadline and the receipt only, so the hour of the supervisor's approval cannot
 * enter the result (before this fix it started from the approval instant: approving at 14:50
 * Beijing time gave about 9 h more than N working days).
 */
import { computeOne } from '../../activities/shared/sla';
import { WorkCalendar } from '../../domain/shared/calendar';
import { chineseDaysCalendar } from '../../activities/shared/calendar-cn';
import { beijingTime } from '../../domain/shared/time';
import { extensionSpec } from '../../workflows/requests/handlers/deadlines';

const calendar = new WorkCalendar(chineseDaysCalendar());
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();
const extend = (deadline: string, amount: number, receivedAt = bj('2026-11-20T10:00')) =>
  beijingTime(computeOne(extensionSpec(deadline, { amount, unit: 'workday' }, receivedAt), calendar));

describe('延期 arithmetic', () => {
  test.each([
    // [current deadline (Beijing), N working days, new deadline (Beijing)]
    ['2026-12-10T24:00', 3, '2026-12-15 24:00'], // Thu → Fri, Mon, Tue
    ['2026-12-11T24:00', 1, '2026-12-14 24:00'], // Fri → the weekend does not count
    ['2026-12-10T14:50', 3, '2026-12-15 24:00'], // an hour-limit deadline mid-day: its day counts as day 0
    ['2026-09-29T24:00', 2, '2026-10-08 24:00'], // 09-30, then over 国庆 (10-01..10-07 off) to 10-08
  ])('deadline %s + %d WD → %s', (deadline, n, expected) => {
    expect(extend(midnightAware(deadline), n)).toBe(expected);
  });

  test('the receipt time (the only other input, for time-scaled drills) does not move a real-time result', () => {
    const deadline = midnightAware('2026-12-10T24:00');
    const results = ['08:00', '14:50', '23:30'].map((hour) => extend(deadline, 3, bj(`2026-11-20T${hour}`)));
    expect(new Set(results)).toEqual(new Set(['2026-12-15 24:00']));
  });

  test('past the calendar data the provisional rule counts Monday to Friday', () => {
    const provisional = calendar.withProvisionalRule();
    const next = computeOne(extensionSpec(midnightAware('2026-12-30T24:00'), { amount: 3, unit: 'workday' }, bj('2026-12-01T10:00')), provisional);
    expect(beijingTime(next)).toBe('2027-01-04 24:00'); // Thu 31, Fri 1 (provisionally a workday), Mon 4
  });
});

/** "24:00" of a Beijing date as an instant (the next day's 00:00). */
function midnightAware(local: string): string {
  if (!local.endsWith('T24:00')) return bj(local);
  const day = new Date(`${local.slice(0, 10)}T00:00+08:00`);
  return new Date(day.getTime() + 24 * 3600_000).toISOString();
}
