import { Connection, type TLSConfig } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../search-attributes';

/**
 * Registers the namespace on a fresh cluster (the dev server does this itself; a real server
 * starts with none but the system namespace) and Huiying's search attributes in it. Both are
 * idempotent. A new namespace reaches every service's cache within seconds, so registering the
 * search attributes is retried until it is accepted.
 */
export async function ensureNamespace(
  address: string,
  namespace: string,
  retentionHours: number,
  tls?: TLSConfig,
): Promise<'created' | 'found'> {
  const connection = await Connection.connect({ address, tls });
  try {
    let outcome: 'created' | 'found' = 'found';
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(retentionHours * 3_600_000),
      });
      outcome = 'created';
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await ensureSearchAttributes(connection, namespace);
        return outcome;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

/** '720h' → 720; the namespace API takes a duration, the configuration an hours string. */
export function retentionHours(retention: string): number {
  const match = /^(\d+)h$/.exec(retention);
  if (!match) throw new Error(`TEMPORAL_RETENTION must be hours like 720h (got ${retention})`);
  return Number(match[1]);
}
