import type { PrismaClient } from '@prisma/client';

export interface DecodeRecord {
  subject: string;
  role: string;
  namespace?: string;
  workflowIds: string[];
  runId?: string;
  payloadCount: number;
  origin?: string;
}

/** Written before the decoded payloads are returned: no decode goes unrecorded. */
export async function recordDecode(prisma: PrismaClient, record: DecodeRecord): Promise<void> {
  await prisma.codecDecodeLog.create({ data: record });
}

/** Newest first; `beforeId` pages back. */
export async function listDecodes(prisma: PrismaClient, opts: { limit: number; beforeId?: number; subject?: string; workflowId?: string }) {
  const rows = await prisma.codecDecodeLog.findMany({
    where: {
      ...(opts.beforeId ? { id: { lt: opts.beforeId } } : {}),
      ...(opts.subject ? { subject: opts.subject } : {}),
      ...(opts.workflowId ? { workflowIds: { has: opts.workflowId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: opts.limit,
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
