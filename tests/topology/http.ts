import http from 'node:http';

export interface Reply {
  status: number;
  /** X-Huiying-Instance: which API replica behind the shared port answered. */
  instance?: string;
  body: unknown;
}

/**
 * One HTTP call on a connection of its own (no keep-alive agent), so Node's cluster module hands
 * successive calls to successive API replicas. Network errors (a replica killed mid-call) reject.
 */
export function call(base: string, method: string, pathname: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${pathname}`,
      {
        method,
        agent: false,
        timeout: 30_000,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text for the failure message
          }
          const instance = res.headers['x-huiying-instance'];
          resolve({ status: res.statusCode ?? 0, instance: typeof instance === 'string' ? instance : undefined, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
