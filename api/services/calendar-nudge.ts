import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { FINAL_CONSULTATION_STATUSES } from '../../domain/consultation-model';
import { FINAL_STATUSES } from '../../domain/request-model';
import { calendarUpdatedSignal } from '../../workflows/definitions';

export interface CalendarDeps {
  prisma: PrismaClient;
  temporal: Client;
}

/**
 * Open requests and consultation items that hold provisional deadlines (counted past the
 * calendar's data), or that still wait on an open calendar gap (items started before provisional
 * counting existed). Their workflows recount when signalled.
 */
export async function workflowsWaitingOnCalendar(prisma: PrismaClient): Promise<{ requests: string[]; items: string[] }> {
  const [provisionalRequests, provisionalItems, gapRequests, gapItems] = await Promise.all([
    prisma.request.findMany({
      where: { deadlinesProvisional: true, status: { notIn: [...FINAL_STATUSES] } },
      select: { id: true },
    }),
    prisma.consultationItem.findMany({
      where: { deadlinesProvisional: true, status: { notIn: [...FINAL_CONSULTATION_STATUSES] } },
      select: { id: true },
    }),
    prisma.$queryRaw<{ id: string }[]>`
      SELECT g."requestId" AS id FROM "RequestEvent" g
       WHERE g.type = 'CALENDAR_GAP'
         AND NOT EXISTS (SELECT 1 FROM "RequestEvent" c
                          WHERE c."requestId" = g."requestId" AND c.type = 'CALENDAR_GAP_CLOSED' AND c.seq > g.seq)
       GROUP BY g."requestId"`,
    prisma.$queryRaw<{ id: string }[]>`
      SELECT g."itemId" AS id FROM "ConsultationEvent" g
       WHERE g.type = 'CALENDAR_GAP'
         AND NOT EXISTS (SELECT 1 FROM "ConsultationEvent" c
                          WHERE c."itemId" = g."itemId" AND c.type = 'CALENDAR_GAP_CLOSED' AND c.seq > g.seq)
       GROUP BY g."itemId"`,
  ]);
  const unique = (rows: { id: string }[][]) => [...new Set(rows.flat().map((r) => r.id))];
  return { requests: unique([provisionalRequests, gapRequests]), items: unique([provisionalItems, gapItems]) };
}

/**
 * Signals every workflow that waits on calendar data, so it recounts now, not at its next daily
 * retry, and whatever the time scale. A workflow that finished meanwhile cannot be signalled:
 * that is fine, it has no deadline left to move.
 */
export async function nudgeWaitingWorkflows(deps: CalendarDeps): Promise<{ requests: number; items: number }> {
  const waiting = await workflowsWaitingOnCalendar(deps.prisma);
  const signal = async (ids: string[]) => {
    const results = await Promise.allSettled(ids.map((id) => deps.temporal.workflow.getHandle(id).signal(calendarUpdatedSignal)));
    return results.filter((r) => r.status === 'fulfilled').length;
  };
  return { requests: await signal(waiting.requests), items: await signal(waiting.items) };
}
