import type { Config } from '../config/types.ts';
import type { StoreTx } from '../store/store.ts';
import { enqueueDeliveries, recordEvent, type NewDelivery, type NewEvent } from './event-store.ts';
import { channelsFor } from './routing.ts';
import type { Localized } from './templates/rendered.ts';

/**
 * The deliveries of one team alert: one per routed channel (one per address for e-mail
 * channels), each in its channel's language. Webhooks get the event as data, in English.
 */
export function teamDeliveries(config: Config, event: NewEvent, environmentIds: readonly string[], message: Localized, options: { duringMaintenance?: boolean } = {}): NewDelivery[] {
  return channelsFor(config, environmentIds, options).flatMap((channel): NewDelivery[] => {
    switch (channel.type) {
      case 'webhook':
        return [
          {
            channel: channel.id,
            channelType: 'webhook',
            recipient: channel.url,
            language: 'en',
            subject: message.en.subject,
            body: message.en.text,
            payload: {
              event: event.kind,
              key: event.key,
              subject: event.subject,
              environments: environmentIds,
              occurredAt: new Date(event.occurredAt).toISOString(),
              title: message.en.subject,
              text: message.en.text,
              details: event.details ?? null,
            },
          },
        ];
      case 'slack': {
        const rendered = message[channel.language];
        return [{ channel: channel.id, channelType: 'slack', recipient: channel.url, language: channel.language, subject: rendered.subject, body: rendered.text, payload: { text: rendered.text } }];
      }
      case 'email': {
        const rendered = message[channel.language];
        return channel.to.map((address) => ({
          channel: channel.id,
          channelType: 'email' as const,
          recipient: address,
          language: channel.language,
          subject: `[veille] ${rendered.subject}`,
          body: rendered.text,
        }));
      }
    }
  });
}

/** Records the transition and queues its alert, in the caller's transaction; false when it had been told already. */
export async function alertTeam(
  tx: StoreTx,
  config: Config,
  event: NewEvent,
  environmentIds: readonly string[],
  message: Localized,
  now: number,
  options: { duringMaintenance?: boolean } = {},
): Promise<boolean> {
  const id = await recordEvent(tx, event, now);
  if (id === null) return false;
  await enqueueDeliveries(tx, id, teamDeliveries(config, event, environmentIds, message, options), now);
  return true;
}
