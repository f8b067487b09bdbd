import * as wf from '@temporalio/workflow';
import type { RequestAction } from '../../domain/requests/actions';
import { view, type RequestState } from './state';

/** Rejections carry a type the API maps to an HTTP status: InvalidState → 409, RuleViolation → 422. */
export const invalidState = (action: RequestAction, s: RequestState) =>
  wf.ApplicationFailure.create({
    type: 'InvalidState',
    message: `${action} is not allowed while the request is ${s.status}`,
    details: [{ status: s.status, allowedActions: view(s).allowedActions }],
    nonRetryable: true,
  });

export { ruleViolation } from '../shared/update-failures';
