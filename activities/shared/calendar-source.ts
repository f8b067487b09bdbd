import type { PrismaClient } from '@prisma/client';
import { WorkCalendar } from '../../domain/shared/calendar';
import { chineseDaysCalendar } from './calendar-cn';

/**
 * The working-day calendar as activities see it: the packaged statutory data plus the operator's
 * CalendarDay rows. Rebuilt when the rows change, so loading a new year needs no redeploy.
 */
export class CalendarSource {
  private cached?: { stamp: string; calendar: WorkCalendar };

  constructor(private readonly prisma: PrismaClient) {}

  async current(): Promise<WorkCalendar> {
    const agg = await this.prisma.calendarDay.aggregate({ _count: { _all: true }, _max: { createdAt: true } });
    const stamp = `${agg._count._all}:${agg._max.createdAt?.getTime() ?? 0}`;
    if (this.cached?.stamp === stamp) return this.cached.calendar;
    const rows = agg._count._all ? await this.prisma.calendarDay.findMany() : [];
    const calendar = new WorkCalendar(
      chineseDaysCalendar(
        rows.map((r) => ({ date: r.date, work: r.work })),
        agg._count._all,
      ),
    );
    this.cached = { stamp, calendar };
    return calendar;
  }
}
