import type { Config, Language } from '../config/types.ts';
import type { StoreTx } from '../store/store.ts';
import { activeSubscribers, type Subscription } from '../subscriptions/subscription-store.ts';
import { enqueueDeliveries, recordEvent, type NewDelivery, type NewEvent } from './event-store.ts';
import { SUBSCRIBERS_CHANNEL } from './lanes.ts';
import type { Rendered } from './templates/rendered.ts';
import { withUnsubscribe } from './templates/subscriber-messages.ts';

/** The two ways out every subscriber message offers: a page to click, and RFC 8058 one-click for mail clients. */
export function unsubscribeLinks(publicUrl: string, token: string) {
  return {
    page: `${publicUrl}/subscriptions/unsubscribe?token=${token}`,
    oneClick: `${publicUrl}/api/v1/subscriptions/unsubscribe?token=${token}`,
  };
}

/**
 * Tells every confirmed subscriber, each in their language with their own unsubscribe link, in
 * the caller's transaction. Nothing when subscriptions are not set up (no public URL or no
 * SMTP): nobody can have subscribed.
 */
export async function tellSubscribers(tx: StoreTx, config: Config, event: NewEvent, render: (language: Language) => Rendered, now: number): Promise<boolean> {
  const { publicUrl } = config.notifications;
  if (!publicUrl || !config.notifications.smtp) return false;
  const id = await recordEvent(tx, event, now);
  if (id === null) return false;
  await enqueueDeliveries(tx, id, subscriberDeliveries(publicUrl, await activeSubscribers(tx), render), now);
  return true;
}

function subscriberDeliveries(publicUrl: string, subscribers: readonly Subscription[], render: (language: Language) => Rendered): NewDelivery[] {
  const rendered = { fr: render('fr'), en: render('en') };
  return subscribers.map((subscriber) => {
    const links = unsubscribeLinks(publicUrl, subscriber.unsubscribeToken);
    const message = withUnsubscribe(rendered[subscriber.language], { unsubscribeUrl: links.page, language: subscriber.language });
    return {
      channel: SUBSCRIBERS_CHANNEL,
      channelType: 'email' as const,
      recipient: subscriber.email,
      language: subscriber.language,
      subject: message.subject,
      body: message.text,
      payload: { headers: { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
    };
  });
}
