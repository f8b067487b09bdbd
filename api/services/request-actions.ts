import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { REQUEST_ACTIONS, type RequestAction } from '../../domain/request-model';
import * as schemas from '../../domain/request-schemas';
import * as defs from '../../workflows/definitions';
import type { RequestView } from '../../workflows/definitions';
import { narrowDetails, requestActionsFor } from '../auth/allowed-actions';
import { ACTION_ROLES } from '../auth/roles';
import type { Principal } from '../auth/tokens';
import { forbidden, HttpError } from '../errors';
import { httpErrorFromTemporal } from '../temporal-errors';
import { parseOr400 } from '../validate';
import { loadVisibleRequest, type QueryDeps } from './request-queries';
import { requestViewFor } from './view-for-caller';
import { notFound } from '../errors';

async function loadReportingRequest(deps: QueryDeps, id: string, who: Principal, department: string) {
  if (who.unitCode !== department) throw forbidden(`a ${department} handler must report for ${department}`);
  const row = await deps.prisma.request.findUnique({ where: { id } });
  if (!row) throw notFound(`request ${id}`);
  return row;
}

interface ActionSpec<S extends z.ZodType> {
  schema: S;
  update: UpdateDefinition<RequestView, [defs.ActionArgs<S>]>;
}

const spec = <S extends z.ZodType>(schema: S, update: UpdateDefinition<RequestView, [defs.ActionArgs<S>]>) => ({
  schema,
  update,
});

/** Each lifecycle action: its payload schema and the workflow update that performs it. */
export const ACTIONS: { [A in RequestAction]: ActionSpec<z.ZodType> } = {
  sign: spec(schemas.signSchema, defs.signUpdate),
  respond: spec(schemas.respondSchema, defs.respondUpdate),
  progress: spec(schemas.progressSchema, defs.progressUpdate),
  resolve: spec(schemas.resolveSchema, defs.resolveUpdate),
  review: spec(schemas.reviewSchema, defs.reviewUpdate),
  return: spec(schemas.returnSchema, defs.returnUpdate),
  decideReturn: spec(schemas.decideReturnSchema, defs.decideReturnUpdate),
  requestExtension: spec(schemas.requestExtensionSchema, defs.requestExtensionUpdate),
  decideExtension: spec(schemas.decideExtensionSchema, defs.decideExtensionUpdate),
  overrideDeadline: spec(schemas.overrideDeadlineSchema, defs.overrideDeadlineUpdate),
  escalate: spec(schemas.escalateSchema, defs.escalateUpdate),
  pause: spec(schemas.pauseSchema, defs.pauseUpdate),
  decidePause: spec(schemas.decidePauseSchema, defs.decidePauseUpdate),
  resume: spec(schemas.resumeSchema, defs.resumeUpdate),
  withdraw: spec(schemas.withdrawSchema, defs.withdrawUpdate),
  callback: spec(schemas.callbackSchema, defs.callbackUpdate),
  whistle: spec(schemas.whistleSchema, defs.whistleUpdate),
  report: spec(schemas.reportSchema, defs.reportUpdate),
  merge: spec(schemas.mergeSchema, defs.mergeUpdate),
  flagUnreasonable: spec(schemas.flagUnreasonableSchema, defs.flagUnreasonableUpdate),
  decideUnreasonable: spec(schemas.decideUnreasonableSchema, defs.decideUnreasonableUpdate),
  answer: spec(schemas.answerSchema, defs.answerUpdate),
  dispatch: spec(schemas.dispatchSchema, defs.dispatchUpdate),
  recheck: spec(schemas.recheckSchema, defs.recheckUpdate),
} as { [A in RequestAction]: ActionSpec<z.ZodType> };

export interface ActionDeps extends QueryDeps {
  prisma: PrismaClient;
  temporal: Client;
}

/**
 * Authorises, validates and forwards one action to the request's workflow as an Update.
 * The workflow decides whether the state allows it; its refusal comes back as 409/422.
 */
export async function performAction(
  deps: ActionDeps,
  id: string,
  action: RequestAction,
  who: Principal,
  body: unknown,
): Promise<RequestView & { id: string }> {
  if (!ACTION_ROLES[action].includes(who.role)) {
    throw new HttpError(403, 'FORBIDDEN', `role ${who.role} may not ${action}`, { allowedRoles: ACTION_ROLES[action] });
  }
  const { schema, update } = ACTIONS[action];
  const input = parseOr400(schema, body);
  // 报到 comes from a department that the request is not assigned to: it may act on its own
  // report only (the workflow checks that it was whistled).
  const row =
    action === 'report'
      ? await loadReportingRequest(deps, id, who, (input as { department: string }).department)
      : await loadVisibleRequest(deps, id, who);
  if (who.role === 'handler' && !row.currentUnitCode) throw forbidden('the request is not assigned yet');
  try {
    const view = await deps.temporal.workflow.getHandle(id).executeUpdate(update, {
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
