import { Prisma, type PrismaClient } from '@prisma/client';
import type { NotificationRequest } from '../../workflows/shared/definitions';
import type { NotificationChannel } from './channels/channel';

/**
 * Delivers a notification through the outbox: the row is written first (nothing is lost if the
 * worker dies), delivery is skipped when the row already says DELIVERED (nothing is sent twice
 * by a retried or replayed activity), and failures are counted before the retry.
 */
export function createNotificationActivities(prisma: PrismaClient, channel: NotificationChannel) {
  return {
    async notify(n: NotificationRequest): Promise<'delivered' | 'already-delivered'> {
      const row = await prisma.notification.upsert({
        where: { idempotencyKey: n.idempotencyKey },
        create: {
          idempotencyKey: n.idempotencyKey,
          requestId: n.requestId,
          kind: n.kind,
          recipientUnitCode: n.recipientUnitCode,
          channel: channel.name,
          message: n.message,
          data: (n.data ?? {}) as Prisma.InputJsonValue,
          status: 'PENDING',
        },
        update: {},
      });
      if (row.status === 'DELIVERED') return 'already-delivered';
      try {
        await channel.deliver(n);
      } catch (err) {
        await prisma.notification.update({
          where: { idempotencyKey: n.idempotencyKey },
          data: { attempts: { increment: 1 }, lastError: String(err).slice(0, 500) },
        });
        throw err;
      }
      await prisma.notification.update({
        where: { idempotencyKey: n.idempotencyKey },
        data: { status: 'DELIVERED', attempts: { increment: 1 }, deliveredAt: new Date(), lastError: null },
      });
      return 'delivered';
    },
  };
}
