import type { NotificationsConfig } from '../../config/types.ts';
import type { Sender, SenderOptions } from './channel.ts';
import { emailSender } from './email.ts';
import { slackSender } from './slack.ts';
import { webhookSender } from './webhook.ts';

// The registry of channel kinds: the only place besides each kind's own file that names them.

export type ChannelType = 'webhook' | 'slack' | 'email';

export type Senders = Readonly<Record<ChannelType, Sender>>;

export function createSenders(config: NotificationsConfig, options: SenderOptions): Senders {
  return {
    webhook: webhookSender(config, options),
    slack: slackSender(config, options),
    email: emailSender(config.smtp, options),
  };
}

export function closeSenders(senders: Senders): void {
  for (const sender of Object.values(senders)) sender.close?.();
}
