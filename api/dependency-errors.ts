import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { HttpError } from './errors';

/** The services the API cannot answer without. */
export type Dependency = 'postgresql' | 'temporal';

/** Seconds a client should wait before retrying a call that met an outage. */
export const RETRY_AFTER_SECONDS = 5;

/** 503 naming the dependency; the error handler adds `Retry-After`. */
export const dependencyDown = (dependency: Dependency, message: string, details: Record<string, unknown> = {}) =>
  new HttpError(503, 'DEPENDENCY_UNAVAILABLE', message, { dependency, ...details });

// gRPC status codes that mean "the server is not there or did not answer in time".
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

// Connection-level failures of the pg driver (Node socket errors) and PostgreSQL's own
// "cannot connect now" / "too many connections" / admin shutdown SQLSTATEs.
const PG_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
// Prisma's own codes for "cannot reach the database server" and "timed out fetching a connection".
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
const PG_CONNECTION_MESSAGES = /Connection terminated|connection timeout|Connection refused|ECONNREFUSED|server closed the connection|terminating connection/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and the errors it wraps (cause chains, AggregateError), a few levels deep. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 12) {
    const next = queue.shift();
    if (!next || typeof next !== 'object') continue;
    const e = next as ErrorLike;
    out.push(e);
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return out;
}

function isPostgresOutage(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (PG_CONNECTION_CODES.has(code) || PRISMA_CONNECTION_CODES.has(code))) return true;
    // The pg driver adapter reports a lost database as a DriverAdapterError whose message is the
    // driver's ("Connection terminated unexpectedly", "connect ECONNREFUSED …").
    const prismaLike = typeof e.name === 'string' && /Prisma|DriverAdapter/.test(e.name);
    return prismaLike && typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message);
  });
}

function isTemporalOutage(err: unknown): boolean {
  return chain(err).some(
    (e) =>
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (e instanceof ServiceError && /Failed to connect/i.test(String(e.message))) ||
      (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)),
  );
}

/**
 * A 503 for an error that means a dependency is down or too slow, or undefined. Used by the
 * error handler so that no route has to know how Prisma or the Temporal client report outages.
 */
export function outageOf(err: unknown): HttpError | undefined {
  if (isTemporalOutage(err)) return dependencyDown('temporal', 'the workflow service (Temporal) is unavailable; retry later');
  if (isPostgresOutage(err)) return dependencyDown('postgresql', 'the database (PostgreSQL) is unavailable; retry later');
  return undefined;
}
