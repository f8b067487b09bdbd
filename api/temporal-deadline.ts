import type { RequestHandler } from 'express';
import type { Client } from '@temporalio/client';

/** Default bound on the Temporal calls of one API call: an outage answers 503 before 10 s. */
export const TEMPORAL_CALL_DEADLINE_MS = 8_000;

/**
 * Every Temporal call made while answering this HTTP call (start, update, query, including the
 * client's own retries) shares one deadline. Without it, a stopped Temporal server keeps the
 * client retrying for tens of seconds and the caller hangs. The deadline rides on the client's
 * async-local call context, so services need no parameter for it; a missed deadline is a gRPC
 * DEADLINE_EXCEEDED, which the error handler answers as 503.
 */
export function temporalDeadline(temporal: Client, ms = TEMPORAL_CALL_DEADLINE_MS): RequestHandler {
  return (_req, _res, next) => {
    void temporal.connection.withDeadline(Date.now() + ms, async () => next());
  };
}
