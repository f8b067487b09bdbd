import { ApplicationFailure } from '@temporalio/activity';
import { CalendarCoverageError, type WorkCalendar } from '../../domain/shared/calendar';
import { dueAtFraction, nextWorkdayStart, workdaysAfter } from '../../domain/shared/sla';
import type { SlaResult, SlaSpec } from '../../workflows/shared/definitions';
import type { CalendarSource } from './calendar-source';

export type { SlaResult };

/**
 * Compresses time for drills and tests: `scale` = 1000 makes a 7-day limit last about 10 minutes,
 * measured from `origin`. Calendar rules are applied in real (virtual) time, then compressed.
 */
function withScale(spec: SlaSpec, compute: (toVirtual: (iso: string) => Date) => Date | null): string | null {
  const scale = spec.scale ?? 1;
  const originIso = spec.origin ?? (spec.kind === 'due' ? spec.start : spec.instant);
  const origin = Date.parse(originIso);
  const toVirtual = (iso: string) => new Date(origin + (Date.parse(iso) - origin) * scale);
  const virtualResult = compute(toVirtual);
  if (virtualResult === null) return null;
  return new Date(origin + (virtualResult.getTime() - origin) / scale).toISOString();
}

export function computeOne(spec: SlaSpec, calendar: WorkCalendar): string | null {
  return withScale(spec, (toVirtual) => {
    switch (spec.kind) {
      case 'due':
        return dueAtFraction(
          toVirtual(spec.start),
          spec.limit,
          calendar,
          spec.fraction ?? 1,
          (spec.pauses ?? []).map((p) => ({ from: toVirtual(p.from), to: p.to ? toVirtual(p.to) : undefined })),
        );
      case 'workdaysAfter':
        return workdaysAfter(toVirtual(spec.instant), spec.workdays, calendar);
      case 'nextWorkdayStart':
        return nextWorkdayStart(toVirtual(spec.instant), calendar);
    }
  });
}

/**
 * One instant with the loaded calendar; when that needs a date past the data's last year, the
 * same computation under the provisional rule (Monday–Friday), flagged so the workflow can show
 * it, alert once and recompute it when the year's notice is loaded.
 */
function computeWithFallback(spec: SlaSpec, calendar: WorkCalendar): { instant: string | null; provisional: boolean } {
  try {
    return { instant: computeOne(spec, calendar), provisional: false };
  } catch (err) {
    if (!(err instanceof CalendarCoverageError) || err.date <= err.coveredUntil) throw err;
    return { instant: computeOne(spec, calendar.withProvisionalRule()), provisional: true };
  }
}

/** Computes due instants with the statutory calendar, outside the workflow (deterministic replay). */
export function createSlaActivities(calendars: CalendarSource) {
  return {
    async computeSla(specs: SlaSpec[]): Promise<SlaResult> {
      const calendar = await calendars.current();
      try {
        const computed = specs.map((s) => computeWithFallback(s, calendar));
        const result: SlaResult = { instants: computed.map((c) => c.instant), calendarVersion: calendar.version };
        if (computed.some((c) => c.provisional)) {
          result.provisional = computed.map((c) => c.provisional);
          result.coveredUntil = calendar.data.coveredUntil;
        }
        return result;
      } catch (err) {
        if (err instanceof CalendarCoverageError) {
          // Only a date before the data's first year gets here; retrying cannot help.
          throw ApplicationFailure.nonRetryable(err.message, 'CalendarCoverageError', {
            date: err.date,
            coveredUntil: err.coveredUntil,
          });
        }
        if (err instanceof RangeError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidTimeLimit');
        throw err;
      }
    },
  };
}
