import { addLocalDays, type LocalDate } from './time';

/**
 * The statutory working-day calendar (法定节假日 and 调休) as plain data, so it can be computed
 * outside workflows, versioned, and passed around as a value.
 */
export interface CalendarData {
  /** Identifies the data set, e.g. `chinese-days@1.5.7+db:3`; recorded with every deadline. */
  version: string;
  /** First and last civil dates the data is authoritative for. */
  coveredFrom: LocalDate;
  coveredUntil: LocalDate;
  /** Public holidays that fall on weekdays or weekends (days off). */
  holidays: readonly LocalDate[];
  /** Weekend days that are working days (调休上班). */
  workingWeekends: readonly LocalDate[];
}

/**
 * Thrown when a strict computation needs a date the calendar has no data for. Callers that must
 * answer anyway (every deadline does) retry with `withProvisionalRule()` and say so.
 */
export class CalendarCoverageError extends Error {
  constructor(
    readonly date: LocalDate,
    readonly coveredUntil: LocalDate,
    readonly calendarVersion: string,
  ) {
    super(
      `Working-day calendar ${calendarVersion} covers dates up to ${coveredUntil}; ${date} is beyond it. ` +
        `Load the State Council holiday notice for that year before computing this deadline.`,
    );
    this.name = 'CalendarCoverageError';
  }
}

const isWeekend = (date: LocalDate) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

export class WorkCalendar {
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly workingWeekends: ReadonlySet<LocalDate>;

  /**
   * @param provisional when true, dates after `coveredUntil` follow the provisional rule
   *   (Monday–Friday working, no holidays) instead of throwing: the State Council publishes the
   *   next year's notice only weeks before it starts, and a deadline cannot wait for it.
   */
  constructor(
    readonly data: CalendarData,
    readonly provisional = false,
  ) {
    this.holidays = new Set(data.holidays);
    this.workingWeekends = new Set(data.workingWeekends);
  }

  get version(): string {
    return this.data.version;
  }

  /** The same data, extended past its last covered date by the provisional rule. */
  withProvisionalRule(): WorkCalendar {
    return new WorkCalendar(this.data, true);
  }

  covers(date: LocalDate): boolean {
    return date >= this.data.coveredFrom && date <= this.data.coveredUntil;
  }

  /** True for a working day: Mon–Fri unless a holiday, plus 调休 weekends. */
  isWorkday(date: LocalDate): boolean {
    if (!this.covers(date)) {
      if (this.provisional && date > this.data.coveredUntil) return !isWeekend(date);
      throw new CalendarCoverageError(date, this.data.coveredUntil, this.data.version);
    }
    if (this.workingWeekends.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /** The n-th working day strictly after `date` (n >= 1). */
  nthWorkdayAfter(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    let current = date;
    let found = 0;
    while (found < n) {
      current = addLocalDays(current, 1);
      if (this.isWorkday(current)) found++;
    }
    return current;
  }

  /** `date` itself when it is a working day, otherwise the next working day. */
  workdayOnOrAfter(date: LocalDate): LocalDate {
    return this.isWorkday(date) ? date : this.nthWorkdayAfter(date, 1);
  }
}
