import type { ConsultationItem, PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  consultationLiveFieldsSchema,
  consultationRowSchema,
  type ConsultationView,
  type ProgressReply,
} from '../../domain/consultations/views';
import type { Principal } from '../auth/tokens';
import { forbidden, notFound } from '../errors';
import { unitSubtree } from './scope';
import { shapeConsultation } from '../privacy/shape';
import { shapedProposerSchema } from '../privacy/views';
import { consultationViewFor } from '../requests/view-for-caller';

/** A consultation item as GET /v1/consultations lists it: the row with the proposer shaped for the caller. */
export const consultationSummarySchema = consultationRowSchema.extend(shapedProposerSchema.shape);
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

/** GET /v1/consultations: one page, newest first; nextCursor is the `cursor` of the next page. */
export const consultationPageSchema = z.object({ items: z.array(consultationSummarySchema), nextCursor: z.string().nullable() });
export type ConsultationPage = z.infer<typeof consultationPageSchema>;

/** GET /v1/consultations/{id}: the row merged with the workflow's live view. */
export const consultationDetailSchema = consultationSummarySchema.extend(consultationLiveFieldsSchema.shape);
export type ConsultationDetail = z.infer<typeof consultationDetailSchema>;

export interface ConsultationQueryDeps {
  prisma: PrismaClient;
  temporal: Client;
  namespace: string;
  temporalUiUrl?: string;
}

/**
 * May this caller see or act on items of this community? Conveners: their own community only.
 * Handlers: a community at or below their unit (street, district), or the community their grid is
 * in (grid workers). Everyone else (intake, dispatcher, supervisor, auditor, admin): all items.
 */
export async function inCommunityScope(prisma: PrismaClient, who: Principal, communityCode: string): Promise<boolean> {
  if (who.role === 'convener') return !!who.unitCode && who.unitCode === communityCode;
  if (who.role === 'handler') {
    if (!who.unitCode) return false;
    if ((await unitSubtree(prisma, who.unitCode)).has(communityCode)) return true;
    return (await unitSubtree(prisma, communityCode)).has(who.unitCode);
  }
  return true;
}

/** The community codes a caller may list, or null for all. */
export async function visibleCommunities(prisma: PrismaClient, who: Principal): Promise<string[] | null> {
  if (who.role === 'convener') return who.unitCode ? [who.unitCode] : [];
  if (who.role !== 'handler') return null;
  const communities = await prisma.unit.findMany({ where: { tier: 'COMMUNITY' }, select: { code: true } });
  const visible: string[] = [];
  for (const c of communities) if (await inCommunityScope(prisma, who, c.code)) visible.push(c.code);
  return visible;
}

/** The item row, or 404; 403 when the caller may not see it. */
export async function loadVisibleItem(deps: { prisma: PrismaClient }, id: string, who: Principal): Promise<ConsultationItem> {
  const row = await deps.prisma.consultationItem.findUnique({ where: { id } });
  if (!row) throw notFound(`consultation item ${id}`);
  if (!(await inCommunityScope(deps.prisma, who, row.communityCode))) {
    throw forbidden(`consultation item ${id} is outside your community`);
  }
  return row;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The row as a view, the proposer shaped for the caller (api/privacy/shape.ts). */
export function presentItem(row: ConsultationItem, who: Principal): ConsultationSummary {
  return shapeConsultation(fullItem(row), who, row);
}

function fullItem(row: ConsultationItem) {
  return {
    id: row.id,
    communityCode: row.communityCode,
    title: row.title,
    description: row.description,
    source: row.source,
    track: row.track,
    proposer: { residentId: row.proposerResidentId, name: row.proposerName, phone: row.proposerPhone },
    hotspotRequestIds: row.hotspotRequestIds,
    status: row.status,
    step: row.step,
    overdue: row.overdue,
    deadline: iso(row.deadline),
    deadlinesProvisional: row.deadlinesProvisional,
    meetingAt: iso(row.meetingAt),
    publicityEndsAt: iso(row.publicityEndsAt),
    ownerLabel: row.ownerLabel,
    progressPercent: row.progressPercent,
    noConsensusCount: row.noConsensusCount,
    routedRequestId: row.routedRequestId,
    outcome: row.outcome,
    collectedAt: row.collectedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The live state from the workflow merged over the read model; if Temporal cannot answer, the
 * read model alone with `liveError` saying why.
 */
export async function itemDetail(deps: ConsultationQueryDeps, row: ConsultationItem, who: Principal): Promise<ConsultationDetail> {
  let live: ConsultationView | null = null;
  let liveError: string | null = null;
  try {
    live = await deps.temporal.workflow.getHandle(row.id).query<ConsultationView>('consultationState');
  } catch (err) {
    liveError = err instanceof Error ? err.message : String(err);
  }
  const base = presentItem(row, who);
  const ui = deps.temporalUiUrl
    ? `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(row.id)}`
    : null;
  return {
    ...base,
    ...(live ? { status: live.status, step: live.step, progressPercent: live.progressPercent, outcome: live.outcome } : {}),
    live: live && consultationViewFor(who, live),
    liveError,
    temporalUiUrl: ui,
  };
}

/** 督: the progress checkpoints (dated timeline entries) from the read model, oldest first. */
export async function progressOf(prisma: PrismaClient, row: ConsultationItem): Promise<ProgressReply> {
  const events = await prisma.consultationEvent.findMany({
    where: { itemId: row.id, type: { in: ['PROGRESS', 'ASSIGNED', 'REOPENED', 'IMPLEMENTATION_COMPLETED'] } },
    orderBy: { seq: 'asc' },
  });
  const items = events
    .filter((e) => e.type === 'PROGRESS')
    .map((e) => {
      const data = (e.data ?? {}) as { percent?: number; date?: string; evidence?: string[]; cycle?: number };
      return {
        date: data.date ?? e.at.toISOString().slice(0, 10),
        percent: data.percent ?? 0,
        note: e.reason ?? '',
        evidence: data.evidence ?? [],
        cycle: data.cycle ?? 1,
        recordedAt: e.at.toISOString(),
        by: e.actor,
      };
    });
  return {
    itemId: row.id,
    status: row.status,
    owner: row.ownerLabel,
    deadline: row.step === '办' ? iso(row.deadline) : null,
    progressPercent: row.progressPercent,
    items,
  };
}
