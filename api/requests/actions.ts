import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  REQUEST_ACTION_PAYLOADS,
  REQUEST_ACTION_SPECS,
  REQUEST_ACTIONS,
  type RequestAction,
  type RequestActionSchema,
} from '../../domain/requests/actions';
import { REQUEST_ACTION_UPDATES, type RequestView } from '../../workflows/requests/definitions';
import { narrowDetails, requestActionsFor } from '../auth/allowed-actions';
import type { Principal } from '../auth/tokens';
import { forbidden, HttpError, notFound } from '../errors';
import { httpErrorFromTemporal } from '../temporal-errors';
import { parseOr400 } from '../validate';
import { loadVisibleRequest, type QueryDeps } from '../services/request-queries';
import { requestViewFor } from './view-for-caller';

/** The part of a whistled department's payload that says who reports (报到). */
const reportingDepartment = z.object({ department: z.string() });

async function loadReportingRequest(deps: QueryDeps, id: string, who: Principal, department: string) {
  if (who.unitCode !== department) throw forbidden(`a ${department} handler must report for ${department}`);
  const row = await deps.prisma.request.findUnique({ where: { id } });
  if (!row) throw notFound(`request ${id}`);
  return row;
}

export interface ActionDeps extends QueryDeps {
  prisma: PrismaClient;
  temporal: Client;
}

/**
 * Authorises, validates and forwards one action to the request's workflow as an Update, all by
 * the action's table entry. The workflow decides whether the state allows it; its refusal
 * comes back as 409/422.
 */
export async function performAction<A extends RequestAction>(
  deps: ActionDeps,
  id: string,
  action: A,
  who: Principal,
  body: unknown,
): Promise<RequestView & { id: string }> {
  const spec = REQUEST_ACTION_SPECS[action];
  if (!spec.roles.includes(who.role)) {
    throw new HttpError(403, 'FORBIDDEN', `role ${who.role} may not ${action}`, { allowedRoles: spec.roles });
  }
  const input = parseOr400<RequestActionSchema<A>>(REQUEST_ACTION_PAYLOADS[action].schema, body);
  // 报到 comes from a department that the request is not assigned to: it may act on its own
  // report only (the workflow checks that it was whistled).
  const row =
    spec.scope === 'whistledDepartment'
      ? await loadReportingRequest(deps, id, who, reportingDepartment.parse(input).department)
      : await loadVisibleRequest(deps, id, who);
  if (who.role === 'handler' && !row.currentUnitCode) throw forbidden('the request is not assigned yet');
  try {
    const view = await deps.temporal.workflow.getHandle(id).executeUpdate(REQUEST_ACTION_UPDATES[action], {
      args: [{ actor: { subject: who.subject, role: who.role, unitCode: who.unitCode }, input }],
    });
    return requestViewFor(who, view);
  } catch (err) {
    const mapped = httpErrorFromTemporal(err, id, row.status);
    if (!mapped) throw err;
    // A refusal's details list what the state allows: what this caller could do instead.
    const narrow = (actions: RequestAction[]) =>
      requestActionsFor(who, actions, { currentUnitCode: row.currentUnitCode, pendingReports: [] });
    throw new HttpError(mapped.status, mapped.code, mapped.message, narrowDetails(mapped.details, narrow, REQUEST_ACTIONS));
  }
}
