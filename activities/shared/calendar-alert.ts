import type { PrismaClient } from '@prisma/client';
import { FINAL_CONSULTATION_STATUSES } from '../../domain/consultations/model';
import { FINAL_STATUSES } from '../../domain/requests/model';
import type { NotificationChannel } from './channels/channel';
import { createNotificationActivities } from './notifications';

export interface ProvisionalCalendarAlert {
  /** The year (YYYY) the calendar data lacks. */
  year: string;
  coveredUntil: string;
  calendarVersion: string;
  /** The request or consultation item that first needed it. */
  sourceId: string;
  sourceKind: 'request' | 'consultation';
}

/**
 * Tells operators, once per missing year, that deadlines are being counted with the provisional
 * Monday–Friday rule, and how many open requests and items hold such deadlines now. The outbox
 * key is the year, so every workflow that meets the gap may call this: only the first delivers.
 */
export function createCalendarAlertActivities(prisma: PrismaClient, channel: NotificationChannel) {
  const outbox = createNotificationActivities(prisma, channel);
  return {
    async alertProvisionalCalendar(a: ProvisionalCalendarAlert): Promise<'delivered' | 'already-delivered'> {
      const [requests, items] = await Promise.all([
        prisma.request.count({ where: { deadlinesProvisional: true, status: { notIn: [...FINAL_STATUSES] } } }),
        prisma.consultationItem.count({
          where: { deadlinesProvisional: true, status: { notIn: [...FINAL_CONSULTATION_STATUSES] } },
        }),
      ]);
      // The workflow that calls this has not projected its own provisional deadline yet.
      const openRequests = requests + (a.sourceKind === 'request' ? 1 : 0);
      const openItems = items + (a.sourceKind === 'consultation' ? 1 : 0);
      return outbox.notify({
        idempotencyKey: `calendar-provisional:${a.year}`,
        requestId: a.sourceId,
        kind: 'CALENDAR_PROVISIONAL',
        recipientUnitCode: null,
        message:
          `法定节假日数据 (${a.calendarVersion}) 只到 ${a.coveredUntil}，${a.year} 年的时限暂按周一至周五工作日计算` +
          `（现有 ${openRequests} 件工单、${openItems} 个议事事项使用临时时限）。请尽快导入 ${a.year} 年国务院节假日安排 (PUT /v1/calendar/days)。`,
        data: { year: a.year, coveredUntil: a.coveredUntil, calendarVersion: a.calendarVersion, openRequests, openItems },
      });
    },
  };
}
