import { createHmac } from 'node:crypto';
import type { NotificationRequest } from '../../../workflows/shared/definitions';
import type { NotificationChannel } from './channel';

export const SIGNATURE_HEADER = 'x-huiying-signature';
export const TIMESTAMP_HEADER = 'x-huiying-timestamp';

/** HMAC-SHA256 over `${timestamp}.${body}`, hex, prefixed `sha256=` (receivers verify the same way). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * POSTs each notification as JSON to a configured URL, signed, with the idempotency key as a
 * header so the receiver can drop duplicates. Non-2xx and network errors throw (retried).
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async deliver(n: NotificationRequest): Promise<void> {
    const body = JSON.stringify({
      id: n.idempotencyKey,
      kind: n.kind,
      requestId: n.requestId,
      recipientUnitCode: n.recipientUnitCode,
      message: n.message,
      data: n.data ?? {},
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': n.idempotencyKey,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(this.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
