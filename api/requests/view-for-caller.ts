/**
 * A workflow's view as one caller receives it: `id` (the name every reply uses; `requestId` /
 * `itemId` stay as deprecated aliases, docs/decisions.md) and `allowedActions` narrowed to what
 * this caller may do now (api/auth/allowed-actions.ts).
 */
import type { CallerConsultationView, ConsultationView } from '../../domain/consultations/views';
import type { CallerRequestView, RequestView } from '../../domain/requests/views';
import { consultationActionsFor, requestActionsFor } from '../auth/allowed-actions';
import type { Principal } from '../auth/tokens';

export function requestViewFor(who: Principal, view: RequestView): CallerRequestView {
  return {
    id: view.requestId,
    ...view,
    allowedActions: requestActionsFor(who, view.allowedActions, {
      currentUnitCode: view.unit?.code ?? null,
      pendingReports: view.pendingReports,
    }),
  };
}

export function consultationViewFor(who: Principal, view: ConsultationView): CallerConsultationView {
  return { id: view.itemId, ...view, allowedActions: consultationActionsFor(who, view.allowedActions) };
}
