import type { PrismaClient } from '@prisma/client';
import { createCalendarAlertActivities } from './calendar-alert';
import { CalendarSource } from './calendar-source';
import { createConsultationActivities } from './consultation'; // consultation
import type { NotificationChannel } from './channels/channel';
import { createNotificationActivities } from './notifications';
import { createPlanningActivities } from './planning';
import { createReadModelActivities } from './read-model';
import { createSlaActivities } from './sla';
import type { ArchiveKeys } from '../infra/archive-keys';
import { createClockActivities } from './clock';

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
    ...createConsultationActivities(prisma, channel, { archiveKeys }), // consultation
  };
}

export type Activities = ReturnType<typeof createActivities>;
