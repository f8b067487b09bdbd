import type { Logger } from '../../../infra/logger';
import type { NotificationRequest } from '../../../workflows/shared/definitions';
import type { NotificationChannel } from './channel';

/** Writes each notification as one structured log line (the embedded default). */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';

  constructor(private readonly log: Logger) {}

  async deliver(n: NotificationRequest): Promise<void> {
    this.log.info(
      { notification: { key: n.idempotencyKey, kind: n.kind, requestId: n.requestId, unit: n.recipientUnitCode } },
      n.message,
    );
  }
}
