import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { HttpError } from './errors';

/**
 * Maps a workflow's rejection of an update to the API's status codes. `knownStatus` is the read
 * model's status when the item exists there: an update to a finished workflow is then a 409.
 * `noun` names the item in messages (a request, a consultation item).
 */
export function httpErrorFromTemporal(
  err: unknown,
  requestId: string,
  knownStatus?: string,
  noun = 'request',
): HttpError | undefined {
  if (err instanceof WorkflowNotFoundError) {
    return knownStatus
      ? new HttpError(409, 'INVALID_STATE', `${noun} ${requestId} is closed (${knownStatus})`, {
          status: knownStatus,
          allowedActions: [],
        })
      : new HttpError(404, 'NOT_FOUND', `${noun} ${requestId} not found`);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const failure = err.cause;
    const details = failure.details?.[0] ?? null;
    switch (failure.type) {
      case 'InvalidState':
        return new HttpError(409, 'INVALID_STATE', failure.message, details);
      case 'RuleViolation':
        return new HttpError(422, 'RULE_VIOLATION', failure.message, details);
      case 'InvalidPayload':
        return new HttpError(400, 'INVALID_INPUT', failure.message, details);
    }
  }
  // An update sent to a request whose workflow has completed (archived, withdrawn).
  const message = err instanceof Error ? err.message : String(err);
  if (/workflow execution already completed/i.test(message)) {
    return new HttpError(409, 'INVALID_STATE', `${noun} ${requestId} is closed`, {
      status: knownStatus ?? null,
      allowedActions: [],
    });
  }
  return undefined;
}
