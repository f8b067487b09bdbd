import type { NotificationRequest } from '../../../workflows/shared/definitions';

/** Where reminders, 催办, 督办单, 通报 and callback tasks go. Every delivery carries its idempotency key. */
export interface NotificationChannel {
  readonly name: string;
  /** Throws on failure; the activity's retry policy retries with backoff. */
  deliver(notification: NotificationRequest): Promise<void>;
}
