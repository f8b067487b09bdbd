import type { RequestAction } from '../../domain/request-model';
import type { ConsultationAction } from '../../domain/consultation-model'; // consultation

// consultation: 'convener' (社区党组织书记) runs 社区议事协商 items of the community in the token's `unit`.
export const ROLES = ['intake', 'dispatcher', 'handler', 'supervisor', 'auditor', 'admin', 'convener'] as const;
export type Role = (typeof ROLES)[number];

/** Who may take each lifecycle action (the API's part of the rules; states are the workflow's). */
export const ACTION_ROLES: Record<RequestAction, readonly Role[]> = {
  sign: ['handler'],
  respond: ['handler'],
  progress: ['handler'],
  resolve: ['handler'],
  return: ['handler'],
  requestExtension: ['handler'],
  pause: ['handler'],
  resume: ['handler', 'supervisor'],
  escalate: ['handler', 'dispatcher', 'supervisor'],
  review: ['dispatcher'],
  decideReturn: ['dispatcher'],
  decideExtension: ['supervisor'],
  decidePause: ['supervisor'],
  overrideDeadline: ['supervisor'],
  withdraw: ['intake'],
  callback: ['intake'],
  whistle: ['handler'],
  report: ['handler'],
  merge: ['dispatcher'],
  flagUnreasonable: ['dispatcher'],
  decideUnreasonable: ['supervisor'],
  answer: ['intake', 'dispatcher'],
  dispatch: ['dispatcher'],
  recheck: ['intake'],
};

export const CREATE_ROLES: readonly Role[] = ['intake', 'dispatcher'];
/** Roles bound to a unit: they act only on requests at their unit or below. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['handler', 'convener']; // consultation: conveners see requests of their community only

// consultation ------------------------------------------------------------------------------
/** Who may take each 社区议事协商 step action; a convener only on items of their own community. */
export const CONSULTATION_ACTION_ROLES: Record<ConsultationAction, readonly Role[]> = {
  screen: ['convener'],
  setParticipants: ['convener'],
  scheduleMeeting: ['convener'],
  recordMeeting: ['convener'],
  publish: ['convener'],
  // Residents are not API users: hotline staff and grid workers record objections and ratings for them.
  object: ['convener', 'intake', 'handler'],
  decideObjection: ['convener'],
  assign: ['convener'],
  dispatchRequest: ['convener'],
  progress: ['convener', 'handler'],
  evaluate: ['convener', 'intake', 'handler'],
};
/** Who may collect (集) a consultation item. */
export const CONSULTATION_CREATE_ROLES: readonly Role[] = ['intake', 'handler', 'convener'];
/** Who maintains the 五议五不议 catalogue and corrects 治理积分 (reversal entries). */
export const CONSULTATION_ADMIN_ROLES: readonly Role[] = ['admin'];
