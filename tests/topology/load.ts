import type { Accepted, RequestsApi } from './requests';

export interface Load {
  /** Stops starting new creates and resolves with every accepted one (in flight ones finish). */
  stop(): Promise<Accepted[]>;
  /** How many were accepted so far. */
  readonly count: number;
}

/**
 * `concurrency` clients creating requests back to back, each retrying its own create until it is
 * accepted (requests.ts). Runs until stop(); a create that cannot be accepted within
 * `perCreateMs` fails the load.
 */
export function startLoad(api: RequestsApi, prefix: string, concurrency: number, perCreateMs = 90_000): Load {
  const accepted: Accepted[] = [];
  let running = true;
  let next = 0;
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) {
      const n = next++;
      accepted.push(await api.createUntilAccepted(`${prefix}-${n}`, n, Date.now() + perCreateMs));
    }
  });
  const all = Promise.all(clients);
  // A failure surfaces in stop(); until then it must not count as unhandled.
  all.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await all;
      return accepted;
    },
    get count() {
      return accepted.length;
    },
  };
}
