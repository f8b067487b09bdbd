import { Prisma, type PrismaClient } from '@prisma/client';
import type { RequestProjection, TimelineEvent } from '../../workflows/requests/definitions';

const toDate = (iso?: string) => (iso ? new Date(iso) : null);

/** Projects workflow transitions into PostgreSQL for lists, metrics and the timeline. */
export function createReadModelActivities(prisma: PrismaClient) {
  return {
    /**
     * Appends the timeline events of one workflow step and updates the request row once, in one
     * transaction. Idempotent: events are keyed by (request, seq), and the row only moves forward
     * (an older seq never overwrites a newer one).
     */
    async recordEvents(events: TimelineEvent[], projection: RequestProjection): Promise<void> {
      const last = events[events.length - 1];
      if (!last) return;
      await prisma.$transaction(async (tx) => {
        // INSERT … ON CONFLICT DO NOTHING: the runtime role may not UPDATE events (append-only).
        await tx.requestEvent.createMany({
          skipDuplicates: true,
          data: events.map((event) => ({
            requestId: event.requestId,
            seq: event.seq,
            type: event.type,
            actor: event.actor,
            at: new Date(event.at),
            reason: event.reason ?? null,
            data: (event.data ?? {}) as Prisma.InputJsonValue,
          })),
        });
        await tx.request.updateMany({
          where: { id: last.requestId, lastEventSeq: { lt: last.seq } },
          data: {
            lastEventSeq: last.seq,
            status: projection.status,
            currentUnitCode: projection.unitCode,
            tier: projection.tier,
            signDeadline: toDate(projection.deadlines.sign),
            respondDeadline: toDate(projection.deadlines.respond),
            resolveDeadline: toDate(projection.deadlines.resolve),
            deadlinesProvisional: projection.deadlines.provisional ?? false,
            overdue: projection.overdue,
            escalationLevel: projection.escalationLevel,
            supervisionLevel: projection.supervisionLevel,
            resolved: projection.resolved,
            satisfaction: projection.satisfaction,
          },
        });
      });
    },
  };
}
