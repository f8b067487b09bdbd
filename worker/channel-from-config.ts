import type { NotificationChannel } from '../activities/shared/channels/channel';
import { LogChannel } from '../activities/shared/channels/log-channel';
import { WebhookChannel } from '../activities/shared/channels/webhook-channel';
import type { Config } from '../infra/config';
import { logger } from '../infra/logger';

/** The webhook channel when configured, else structured log lines. */
export function channelFromConfig(cfg: Config): NotificationChannel {
  if (cfg.NOTIFY_WEBHOOK_URL && cfg.NOTIFY_WEBHOOK_SECRET) {
    return new WebhookChannel(cfg.NOTIFY_WEBHOOK_URL, cfg.NOTIFY_WEBHOOK_SECRET);
  }
  return new LogChannel(logger.child({ component: 'notifications' }));
}
