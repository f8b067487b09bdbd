import { ApplicationFailure } from '@temporalio/activity';
import { CalendarCoverageError, type WorkCalendar } from '../domain/calendar';
import { dueAtFraction, nextWorkdayStart, workdaysAfter } from '../domain/sla';
import type { SlaSpec } from '../workflows/definitions';
import type { CalendarSource } from './calendar-source';

export interface SlaResult {
  instants: (string | null)[];
  calendarVersion: string;
}

/**
 * Compresses time for drills and tests: `scale` = 1000 makes a 7-day limit last about 10 minutes,
 * measured from `origin`. Calendar rules are applied in real (virtual) time, then compressed.
 */
function withScale(spec: SlaSpec, compute: (toVirtual: (iso: string) => Date) => Date | null): string | null {
  const scale = spec.scale ?? 1;
  const originIso = spec.kind === 'due' ? spec.start : (spec.origin ?? spec.instant);
  const origin = Date.parse(originIso);
  const toVirtual = (iso: string) => new Date(origin + (Date.parse(iso) - origin) * scale);
  const virtualResult = compute(toVirtual);
  if (virtualResult === null) return null;
  return new Date(origin + (virtualResult.getTime() - origin) / scale).toISOString();
}

function computeOne(spec: SlaSpec, calendar: WorkCalendar): string | null {
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

/** Computes due instants with the statutory calendar, outside the workflow (deterministic replay). */
export function createSlaActivities(calendars: CalendarSource) {
  return {
    async computeSla(specs: SlaSpec[]): Promise<SlaResult> {
      const calendar = await calendars.current();
      try {
        return { instants: specs.map((s) => computeOne(s, calendar)), calendarVersion: calendar.version };
      } catch (err) {
        if (err instanceof CalendarCoverageError) {
          // Retrying cannot help until an operator loads the missing year; the workflow decides.
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
