/**
 * Time arithmetic shared by every clock. Beijing runs on UTC+8 with no daylight saving, so a
 * fixed offset is exact and keeps this module free of time-zone databases (workflow-safe).
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A civil date in Beijing, `YYYY-MM-DD`. */
export type LocalDate = string;

export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing civil date begins (00:00 +08:00). */
export function startOfLocalDate(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/** The instant a Beijing civil date ends: 24:00 of that day, i.e. 00:00 of the next (民法典 203). */
export function endOfLocalDate(date: LocalDate): Date {
  return new Date(startOfLocalDate(date).getTime() + DAY_MS);
}

export function addLocalDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A real calendar date in `YYYY-MM-DD` form (2027-02-30 is not: Date would roll it to March). */
export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * An instant as people in Beijing read it: `2026-12-03 15:05` (+08:00, minutes). For texts meant
 * for people (notifications, Temporal UI details, archive pages); machine fields stay ISO 8601.
 */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  // A deadline at midnight is the end of the day before (民法典 203): say "24:00" of that day.
  if (local.slice(11, 23) === '00:00:00.000') return `${addLocalDays(local.slice(0, 10), -1)} 24:00`;
  return local.slice(0, 16).replace('T', ' ');
}
