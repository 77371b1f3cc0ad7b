import type { NotificationsConfig } from '../../config/types.ts';
import type { Sender, SenderOptions } from './channel.ts';
import { postJson } from './http-post.ts';

/** Slack-compatible incoming webhook: `{"text": ...}`; the secret is the URL itself. */
export function slackSender(config: NotificationsConfig, options: SenderOptions): Sender {
  return {
    async send(delivery) {
      const channel = config.channels[delivery.channel];
      if (!channel || channel.type !== 'slack') {
        return { ok: false, error: `no slack channel "${delivery.channel}" in the configuration any more`, permanent: true };
      }
      return postJson(delivery.recipient, JSON.stringify(delivery.payload ?? { text: delivery.body }), {}, options.timeoutMs);
    },
  };
}
