import { Prisma, type PrismaClient } from '@prisma/client';
import { SHARED_EVENTS } from '../../domain/shared/event-catalogue';
import type { Client } from '@temporalio/client';
import { FINAL_CONSULTATION_STATUSES } from '../../domain/consultations/model';
import { FINAL_STATUSES } from '../../domain/requests/model';
import { calendarUpdatedSignal } from '../../workflows/shared/definitions';

/** Owners (requests or items) whose latest CALENDAR_GAP has no CALENDAR_GAP_CLOSED after it. */
function openCalendarGaps(
  prisma: PrismaClient,
  timeline: 'RequestEvent' | 'ConsultationEvent',
  owner: 'requestId' | 'itemId',
): Promise<{ id: string }[]> {
  // Identifiers cannot be bound parameters: both come from the fixed unions above.
  const events = Prisma.raw(`"${timeline}"`);
  const ownerColumn = Prisma.raw(`"${owner}"`);
  return prisma.$queryRaw<{ id: string }[]>`
    SELECT g.${ownerColumn} AS id FROM ${events} g
     WHERE g.type = ${gapOpened}
       AND NOT EXISTS (SELECT 1 FROM ${events} c
                        WHERE c.${ownerColumn} = g.${ownerColumn} AND c.type = ${gapClosed} AND c.seq > g.seq)
     GROUP BY g.${ownerColumn}`;
}

const gapOpened: keyof typeof SHARED_EVENTS = 'CALENDAR_GAP';
const gapClosed: keyof typeof SHARED_EVENTS = 'CALENDAR_GAP_CLOSED';

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
    openCalendarGaps(prisma, 'RequestEvent', 'requestId'),
    openCalendarGaps(prisma, 'ConsultationEvent', 'itemId'),
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
