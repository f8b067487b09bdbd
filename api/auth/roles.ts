import type { RequestAction } from '../../domain/request-model';

export const ROLES = ['intake', 'dispatcher', 'handler', 'supervisor', 'auditor', 'admin'] as const;
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
export const UNIT_SCOPED_ROLES: readonly Role[] = ['handler'];
