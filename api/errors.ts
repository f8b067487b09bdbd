/** The one error shape of the API: `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'INVALID_INPUT', message, details);
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);
/** The workflow service (Temporal) did not take a call; details name it for clients and operators. */
export const unavailable = (message: string, details?: Record<string, unknown>) =>
  new HttpError(503, 'DEPENDENCY_UNAVAILABLE', message, { dependency: 'temporal', ...details });
