import { Prisma, type PointLedgerEntry, type PrismaClient } from '@prisma/client';
import { reversalKey } from '../../domain/consultations/points';
import { pointEntrySchema, type PointEntry, type ResidentPoints } from '../../domain/consultations/views';
import { HttpError, notFound } from '../errors';

export function presentEntry(e: PointLedgerEntry & { reversedBy?: { id: number } | null }): PointEntry {
  return {
    id: e.id,
    // The ledger stores the event as text; the enum it was written from narrows it back.
    event: pointEntrySchema.shape.event.parse(e.event),
    points: e.points,
    itemId: e.itemId,
    reason: e.reason,
    reversesId: e.reversesId,
    reversedById: e.reversedBy?.id ?? null,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}

/** A resident's 治理积分: the balance (sum of all entries, reversals included) and the history, newest first. */
export async function pointsOf(prisma: PrismaClient, residentId: string, limit = 200): Promise<ResidentPoints> {
  const [sum, entries] = await Promise.all([
    prisma.pointLedgerEntry.aggregate({ where: { residentId }, _sum: { points: true }, _count: { _all: true } }),
    prisma.pointLedgerEntry.findMany({
      where: { residentId },
      orderBy: { id: 'desc' },
      take: limit,
      include: { reversedBy: { select: { id: true } } },
    }),
  ]);
  return {
    residentId,
    balance: sum._sum.points ?? 0,
    entryCount: sum._count._all,
    entries: entries.map(presentEntry),
  };
}

/**
 * A correction: a new entry with the opposite points that references the original. Entries are
 * never edited. Reversing the same entry again returns the existing reversal (idempotent).
 */
export async function reverseEntry(
  prisma: PrismaClient,
  residentId: string,
  input: { entryId: number; reason: string },
  by: string,
): Promise<{ created: boolean; entry: ReturnType<typeof presentEntry> }> {
  const original = await prisma.pointLedgerEntry.findUnique({ where: { id: input.entryId } });
  if (!original || original.residentId !== residentId) throw notFound(`entry ${input.entryId} of resident ${residentId}`);
  if (original.event === 'REVERSAL') {
    throw new HttpError(422, 'RULE_VIOLATION', 'a reversal cannot itself be reversed', { rule: 'reverseReversal' });
  }
  const key = reversalKey(original.id);
  try {
    const entry = await prisma.pointLedgerEntry.create({
      data: {
        residentId,
        itemId: original.itemId,
        event: 'REVERSAL',
        points: -original.points,
        awardKey: key,
        reversesId: original.id,
        reason: input.reason,
        createdBy: by,
      },
    });
    return { created: true, entry: presentEntry(entry) };
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    const existing = await prisma.pointLedgerEntry.findUniqueOrThrow({ where: { awardKey: key } });
    return { created: false, entry: presentEntry(existing) };
  }
}
