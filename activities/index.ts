import type { PrismaClient } from '@prisma/client';
import { createCalendarAlertActivities } from './shared/calendar-alert';
import { CalendarSource } from './shared/calendar-source';
import { createConsultationActivities } from './consultations/activities';
import type { NotificationChannel } from './shared/channels/channel';
import { createNotificationActivities } from './shared/notifications';
import { createPlanningActivities } from './requests/planning';
import { createReadModelActivities } from './requests/read-model';
import { createSlaActivities } from './shared/sla';
import type { ArchiveKeys } from '../infra/archive-keys';
import { createClockActivities } from './shared/clock';

export interface ActivityDeps {
  prisma: PrismaClient;
  channel: NotificationChannel;
  /** Keys that sign the archive chain; default: from the environment (infra/archive-keys.ts). */
  archiveKeys?: ArchiveKeys;
  /** Time compression of drills and tests (HUIYING_TIME_SCALE); 1 = real time, the default. */
  clockScale?: number;
}

/** All activities, bound to their dependencies (the samples' "activities factory" shape). */
export function createActivities({ prisma, channel, archiveKeys, clockScale = 1 }: ActivityDeps) {
  return {
    ...createClockActivities(clockScale),
    ...createPlanningActivities(prisma),
    ...createSlaActivities(new CalendarSource(prisma)),
    ...createReadModelActivities(prisma),
    ...createNotificationActivities(prisma, channel),
    ...createCalendarAlertActivities(prisma, channel),
    ...createConsultationActivities(prisma, channel, { archiveKeys }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
