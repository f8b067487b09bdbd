import type { CalendarData } from '../../domain/shared/calendar';
import type { LocalDate } from '../../domain/shared/time';

/**
 * Builds calendar data from the `chinese-days` package (State Council notices 2004–its last year)
 * plus operator-supplied days (e.g. next year's notice, loaded before the package ships it).
 * Not for workflow code: workflows receive computed instants, never the package.
 */
export interface CalendarOverride {
  date: LocalDate;
  work: boolean;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('chinese-days/package.json') as { version: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysJson;

export function chineseDaysCalendar(overrides: readonly CalendarOverride[] = [], overrideVersion = 0): CalendarData {
  const holidays = new Set(Object.keys(data.holidays));
  const workingWeekends = new Set(Object.keys(data.workdays));
  const years = [...holidays, ...workingWeekends].map((d) => Number(d.slice(0, 4)));
  let lastYear = Math.max(...years);
  for (const o of overrides) {
    holidays.delete(o.date);
    workingWeekends.delete(o.date);
    const weekday = new Date(`${o.date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (o.work && weekend) workingWeekends.add(o.date);
    if (!o.work && !weekend) holidays.add(o.date);
    lastYear = Math.max(lastYear, Number(o.date.slice(0, 4)));
  }
  // A year counts as covered once any of its official days is known; the package publishes a
  // year as a whole, and operators are expected to load a whole notice at once.
  return {
    version: `chinese-days@${packageJson.version}` + (overrides.length ? `+overrides:${overrideVersion}` : ''),
    coveredFrom: `${Math.min(...years)}-01-01`,
    coveredUntil: `${lastYear}-12-31`,
    holidays: [...holidays].sort(),
    workingWeekends: [...workingWeekends].sort(),
  };
}
