import type { NotificationsConfig } from '../../config/types.ts';
import type { Sender, SenderOptions } from './channel.ts';
import { postJson } from './http-post.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './signature.ts';

/** Generic webhook: the event as JSON, signed with the channel's secret (see signature.ts). */
export function webhookSender(config: NotificationsConfig, options: SenderOptions): Sender {
  return {
    async send(delivery) {
      const channel = config.channels[delivery.channel];
      if (!channel || channel.type !== 'webhook') {
        return { ok: false, error: `no webhook channel "${delivery.channel}" in the configuration any more`, permanent: true };
      }
      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(options.clock() / 1000);
      return postJson(
        delivery.recipient,
        body,
        {
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signBody(channel.secret, timestamp, body),
          'x-veille-delivery': String(delivery.id),
        },
        options.timeoutMs,
      );
    },
  };
}
