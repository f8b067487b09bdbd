import type { Express } from 'express';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  port: number;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

/**
 * `instance` (HUIYING_INSTANCE, set by `npm run start:cluster` per API process) is sent as the
 * X-Huiying-Instance header on every response, so an operator (and the topology tests) can see
 * which replica behind the shared port answered.
 */
export function listen(app: Express, port: number, host: string, instance?: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
            server.closeIdleConnections();
          }),
      });
    });
    if (instance) server.prependListener('request', (_req, res) => res.setHeader('X-Huiying-Instance', instance));
    server.on('error', reject);
  });
}
