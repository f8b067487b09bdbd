import { CalendarCoverageError, WorkCalendar } from '../../domain/shared/calendar';
import { chineseDaysCalendar } from '../../activities/shared/calendar-cn';
import { dueAt, dueAtFraction, nextWorkdayStart, workdaysAfter } from '../../domain/shared/sla';
import { isLocalDate } from '../../domain/shared/time';

const calendar = new WorkCalendar(chineseDaysCalendar());
/** A Beijing wall-clock time as an instant. */
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date | null) => d?.toISOString();

describe('statutory calendar (chinese-days)', () => {
  test('2026 Spring Festival and 调休', () => {
    expect(calendar.isWorkday('2026-02-14')).toBe(true); // Saturday 调休
    expect(calendar.isWorkday('2026-02-16')).toBe(false); // 春节
    expect(calendar.isWorkday('2026-02-24')).toBe(true);
    expect(calendar.nthWorkdayAfter('2026-02-14', 1)).toBe('2026-02-24');
    expect(calendar.nthWorkdayAfter('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.isWorkday('2026-10-10')).toBe(true); // Saturday 调休 after 国庆
  });

  test('a date beyond the data fails loudly instead of assuming Mon–Fri', () => {
    expect(() => calendar.isWorkday('2027-01-04')).toThrow(CalendarCoverageError);
    expect(() => calendar.nthWorkdayAfter('2026-12-30', 3)).toThrow(/covers dates up to 2026-12-31/);
  });

  test('operator-loaded days extend coverage and win over the package', () => {
    const extended = new WorkCalendar(
      chineseDaysCalendar([
        { date: '2027-01-01', work: false },
        { date: '2026-12-31', work: false },
      ]),
    );
    expect(extended.data.coveredUntil).toBe('2027-12-31');
    expect(extended.isWorkday('2026-12-31')).toBe(false);
    expect(extended.isWorkday('2027-01-04')).toBe(true);
  });
});

describe('dueAt', () => {
  test('workday: 1 working day after 2026-02-14 ends at 24:00 on 2026-02-24', () => {
    expect(iso(dueAt(bj('2026-02-14T10:00:00'), { amount: 1, unit: 'workday' }, calendar))).toBe(
      bj('2026-02-25T00:00:00').toISOString(),
    );
  });

  test('workday across 国庆: 3 working days after 2026-09-29', () => {
    // 09-30 (1), 10-08 (2), 10-09 (3)
    expect(iso(dueAt(bj('2026-09-29T15:00:00'), { amount: 3, unit: 'workday' }, calendar))).toBe(
      bj('2026-10-10T00:00:00').toISOString(),
    );
  });

  test('day: counting starts the next day; a last day on a holiday moves to the next working day (民法典 201/203)', () => {
    // 2026-09-28 + 7 days = 10-05 (国庆) → next working day 10-08.
    expect(iso(dueAt(bj('2026-09-28T09:00:00'), { amount: 7, unit: 'day' }, calendar))).toBe(
      bj('2026-10-09T00:00:00').toISOString(),
    );
    // 2026-11-10 (Tue) + 7 = 11-17 (Tue), a working day: ends 24:00 that day.
    expect(iso(dueAt(bj('2026-11-10T09:00:00'), { amount: 7, unit: 'day' }, calendar))).toBe(
      bj('2026-11-18T00:00:00').toISOString(),
    );
  });

  test('hour: wall clock, 7×24, fractional hours allowed', () => {
    expect(iso(dueAt(bj('2026-02-16T23:30:00'), { amount: 2, unit: 'hour' }, calendar))).toBe(
      bj('2026-02-17T01:30:00').toISOString(),
    );
    expect(iso(dueAt(bj('2026-02-16T23:30:00'), { amount: 0.25, unit: 'hour' }, calendar))).toBe(
      bj('2026-02-16T23:45:00').toISOString(),
    );
  });

  test('a pause stops the clock: hour limits move by the paused time', () => {
    const start = bj('2026-03-02T09:00:00');
    const pauses = [{ from: bj('2026-03-02T10:00:00'), to: bj('2026-03-02T13:00:00') }];
    expect(iso(dueAt(start, { amount: 24, unit: 'hour' }, calendar, pauses))).toBe(bj('2026-03-03T12:00:00').toISOString());
  });

  test('a pause over a weekend costs no working time on the workday clock', () => {
    const start = bj('2026-03-06T09:00:00'); // Friday
    const pauses = [{ from: bj('2026-03-07T00:00:00'), to: bj('2026-03-09T00:00:00') }]; // Sat–Sun
    expect(iso(dueAt(start, { amount: 1, unit: 'workday' }, calendar, pauses))).toBe(
      iso(dueAt(start, { amount: 1, unit: 'workday' }, calendar)),
    );
    const weekdayPause = [{ from: bj('2026-03-09T00:00:00'), to: bj('2026-03-10T00:00:00') }]; // Monday
    expect(iso(dueAt(start, { amount: 1, unit: 'workday' }, calendar, weekdayPause))).toBe(
      bj('2026-03-11T00:00:00').toISOString(),
    );
  });

  test('while paused there is no deadline', () => {
    const start = bj('2026-03-02T09:00:00');
    expect(dueAt(start, { amount: 24, unit: 'hour' }, calendar, [{ from: bj('2026-03-02T10:00:00') }])).toBeNull();
  });

  test('50 % and 75 % of the business time', () => {
    const start = bj('2026-03-02T00:00:00');
    const limit = { amount: 4, unit: 'day' as const }; // ends 24:00 03-06 → 5 days of clock
    expect(iso(dueAtFraction(start, limit, calendar, 0.5))).toBe(bj('2026-03-04T12:00:00').toISOString());
    expect(iso(dueAtFraction(start, limit, calendar, 0.75))).toBe(bj('2026-03-05T18:00:00').toISOString());
  });

  test('rejects nonsense limits', () => {
    expect(() => dueAt(new Date(), { amount: 0, unit: 'hour' }, calendar)).toThrow(RangeError);
    expect(() => dueAt(new Date(), { amount: 1.5, unit: 'workday' }, calendar)).toThrow(/whole number/);
  });
});

describe('通报 and 回访 instants', () => {
  test('breach + 5 working days skips the Spring Festival', () => {
    // Breach at 24:00 on Thu 02-12. Working days after it: 02-13 (1), Sat 02-14 调休 (2), then
    // 春节 02-15…02-23, then 02-24 (3), 02-25 (4), 02-26 (5) → 24:00 on 02-26.
    expect(iso(workdaysAfter(bj('2026-02-13T00:00:00'), 5, calendar))).toBe(bj('2026-02-27T00:00:00').toISOString());
  });
  test('the callback starts the next working day', () => {
    expect(iso(nextWorkdayStart(bj('2026-09-30T16:00:00'), calendar))).toBe(bj('2026-10-08T00:00:00').toISOString());
  });
});

describe('isLocalDate', () => {
  test('accepts real dates only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2027-02-30')).toBe(false);
    expect(isLocalDate('2027-2-3')).toBe(false);
  });
});
