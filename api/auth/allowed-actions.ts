/**
 * `allowedActions` as the caller reads it: the workflow lists what the state allows, and this
 * keeps only what this caller may do now, by the roles of the action tables (the routes enforce
 * the same) and the scope checks of the action services.
 * The caller has already passed the visibility check of the item it reads.
 */
import { CONSULTATION_ACTION_SPECS, type ConsultationAction } from '../../domain/consultations/actions';
import { REQUEST_ACTION_SPECS, type RequestAction } from '../../domain/requests/actions';
import type { Principal } from './tokens';

export interface RequestScope {
  /** The request's current unit: a handler acts only once it is assigned (request-actions.ts). */
  currentUnitCode: string | null | undefined;
  /** Departments whistled and not yet reported: 报到 is theirs alone. */
  pendingReports: readonly string[];
}

export function requestActionsFor(who: Principal, actions: readonly RequestAction[], scope: RequestScope): RequestAction[] {
  return actions.filter((a) => {
    const spec = REQUEST_ACTION_SPECS[a];
    if (!spec.roles.includes(who.role)) return false;
    if (spec.scope === 'whistledDepartment') return !!who.unitCode && scope.pendingReports.includes(who.unitCode);
    if (who.role === 'handler') return !!scope.currentUnitCode;
    return true;
  });
}

export function consultationActionsFor(who: Principal, actions: readonly ConsultationAction[]): ConsultationAction[] {
  return actions.filter((a) => CONSULTATION_ACTION_SPECS[a].roles.includes(who.role));
}

/** A 409's details list the state's actions: narrow them for the caller like a reply's. */
export function narrowDetails<A extends string>(details: unknown, narrow: (actions: A[]) => A[], known: readonly A[]): unknown {
  if (!details || typeof details !== 'object' || !('allowedActions' in details)) return details;
  const listed = details.allowedActions;
  if (!Array.isArray(listed)) return details;
  const actions = known.filter((a) => listed.includes(a));
  return { ...details, allowedActions: narrow(actions) };
}
