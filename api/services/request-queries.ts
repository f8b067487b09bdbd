import type { PrismaClient, Request as RequestRow } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { requestLiveFieldsSchema, requestRowSchema, type RequestView } from '../../domain/requests/views';
import type { Principal } from '../auth/tokens';
import { forbidden, notFound } from '../errors';
import { requestViewFor } from '../requests/view-for-caller';
import { canSee } from './scope';
import { shapeRequest } from '../privacy/shape';
import { shapedRequestPersonalSchema } from '../privacy/views';

/** A request as GET /v1/requests lists it: the row with its personal fields shaped for the caller. */
export const requestSummarySchema = requestRowSchema.extend(shapedRequestPersonalSchema.shape);
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** GET /v1/requests/{id}: the row merged with the workflow's live view. */
export const requestDetailSchema = requestSummarySchema.extend(requestLiveFieldsSchema.shape);
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export interface QueryDeps {
  prisma: PrismaClient;
  temporal: Client;
  namespace: string;
  temporalUiUrl?: string;
}

/** The request row, or 404; 403 when the caller may not see it. */
export async function loadVisibleRequest(deps: QueryDeps, id: string, who: Principal): Promise<RequestRow> {
  const row = await deps.prisma.request.findUnique({ where: { id } });
  if (!row) throw notFound(`request ${id}`);
  if (!(await canSee(deps.prisma, who, row))) throw forbidden(`request ${id} is outside your scope`);
  return row;
}

/** The row as a view, its personal fields shaped for the caller (api/privacy/shape.ts). */
export function presentRow(row: RequestRow, who: Principal): RequestSummary {
  return shapeRequest(fullRow(row), who);
}

function fullRow(row: RequestRow) {
  return {
    id: row.id,
    categoryCode: row.categoryCode,
    // The row stores these as text; the enums they were written from narrow them back.
    type: requestRowSchema.shape.type.parse(row.type),
    urgency: requestRowSchema.shape.urgency.parse(row.urgency),
    channel: requestRowSchema.shape.channel.parse(row.channel),
    description: row.description,
    location: { unitCode: row.locationUnitCode, address: row.address },
    citizen: { name: row.citizenName, phone: row.citizenPhone },
    status: requestRowSchema.shape.status.parse(row.status),
    currentUnitCode: row.currentUnitCode,
    tier: row.tier,
    deadlines: {
      sign: row.signDeadline?.toISOString() ?? null,
      respond: row.respondDeadline?.toISOString() ?? null,
      resolve: row.resolveDeadline?.toISOString() ?? null,
      provisional: row.deadlinesProvisional,
    },
    overdue: row.overdue,
    escalationLevel: row.escalationLevel,
    supervisionLevel: row.supervisionLevel,
    resolved: row.resolved,
    satisfaction: requestRowSchema.shape.satisfaction.parse(row.satisfaction),
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The live state from the workflow merged over the read model. The query answers even for a
 * closed workflow while its history is retained; if Temporal is unreachable the read model alone
 * is returned and `live` says so.
 */
export async function requestDetail(deps: QueryDeps, row: RequestRow, who: Principal): Promise<RequestDetail> {
  let live: RequestView | null = null;
  let liveError: string | null = null;
  try {
    live = await deps.temporal.workflow.getHandle(row.id).query<RequestView>('state');
  } catch (err) {
    liveError = err instanceof Error ? err.message : String(err);
  }
  const base = presentRow(row, who);
  // The UI's list filtered by workflow id: it works without a run id and shows every run of the
  // request (continue-as-new), one click from its history.
  const ui = deps.temporalUiUrl
    ? `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows?query=${encodeURIComponent(`WorkflowId="${row.id}"`)}`
    : null;
  return {
    ...base,
    ...(live
      ? {
          status: live.status,
          statusLabel: live.statusLabel,
          currentUnitCode: live.unit?.code ?? base.currentUnitCode,
          unit: live.unit,
          deadlines: { ...base.deadlines, ...live.deadlines },
          overdue: live.overdue,
          escalationLevel: live.escalationLevel,
          supervisionLevel: live.supervisionLevel,
        }
      : {}),
    live: live && requestViewFor(who, live),
    liveError,
    temporalUiUrl: ui,
  };
}
