import { z } from 'zod';

/**
 * Date and month query parameters, shared by every route that filters by time. PostgreSQL and
 * the Beijing-time arithmetic both fail on instants outside years 1–9999 (`0000-01-01T00:00Z`,
 * or `0001-01-01T00:00-14:00` a year earlier in UTC), which once answered 500.
 */
const FIRST = Date.UTC(1970, 0, 1);
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** An instant moved into years 1970–9999 (see queryInstant). */
export const clampInstant = (instant: Date): Date => new Date(Math.min(Math.max(instant.getTime(), FIRST), LAST));

/**
 * An ISO-8601 date-time with offset. As a filter bound, an instant before 1970 or after 9999
 * selects the same rows as those years' ends, so it is clamped there instead of refused.
 */
export const queryInstant = () =>
  z.iso
    .datetime({ offset: true })
    .transform((value) => clampInstant(new Date(value)).toISOString());

/** A calendar month `YYYY-MM` of years 1970–2999 (the pattern is in the OpenAPI document). */
export const MONTH_PATTERN = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/;
export const queryMonth = () => z.string().regex(MONTH_PATTERN, 'a month YYYY-MM of years 1970–2999');
