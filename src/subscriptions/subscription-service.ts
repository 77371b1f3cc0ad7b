import type { Config, Language } from '../config/types.ts';
import { enqueueDeliveries, recordEvent } from '../notify/event-store.ts';
import { SUBSCRIBERS_CHANNEL } from '../notify/lanes.ts';
import { unsubscribeLinks } from '../notify/subscriber-fanout.ts';
import { confirmationMessage, withUnsubscribe } from '../notify/templates/subscriber-messages.ts';
import { ApiError } from '../server/api-error.ts';
import type { Store } from '../store/store.ts';
import { findByConfirmHash, findByEmail, findByUnsubscribeToken, insertPending, markConfirmed, markUnsubscribed, renewPending } from './subscription-store.ts';
import { hashToken, isTokenShape, newToken } from './subscription-tokens.ts';

// Public e-mail subscriptions with double opt-in: an address receives nothing but the
// confirmation until its owner opens the link. Answers never reveal whether an address is
// subscribed, so the form cannot be used to test addresses.

export interface SubscriptionDeps {
  readonly store: Store;
  readonly config: Config;
}

/** A new confirmation for the same address is sent at most this often. */
export const RESEND_AFTER_MS = 3_600_000;
/** A confirmation link is good for this long. */
export const CONFIRM_WITHIN_MS = 7 * 86_400_000;

function requireSetup(config: Config): { publicUrl: string } {
  const { publicUrl, smtp } = config.notifications;
  if (!publicUrl || !smtp) {
    throw new ApiError(503, 'subscriptions_unavailable', 'e-mail subscriptions are not set up here (notifications.publicUrl and notifications.smtp); follow the Atom feed instead');
  }
  return { publicUrl };
}

/**
 * Records a pending subscription and queues its confirmation e-mail (the address is already
 * validated); says whether a mail was queued. `mayMail: false` (the mailbox's limit is reached)
 * changes nothing.
 */
export async function subscribe(deps: SubscriptionDeps, input: { email: string; language: Language; mayMail?: boolean }, now: number): Promise<'queued' | 'unchanged'> {
  const { publicUrl } = requireSetup(deps.config);
  if (input.mayMail === false) return 'unchanged';
  return deps.store.transaction(async (tx) => {
    const existing = await findByEmail(tx, input.email);
    if (existing?.status === 'active') return 'unchanged';
    if (existing?.status === 'pending' && existing.confirmationSentAt !== null && now - existing.confirmationSentAt < RESEND_AFTER_MS) return 'unchanged';
    const token = newToken();
    const subscription = existing ?? (await insertPending(tx, { email: input.email, language: input.language, confirmTokenHash: hashToken(token), unsubscribeToken: newToken(), now }));
    if (existing) await renewPending(tx, existing.id, { language: input.language, confirmTokenHash: hashToken(token), now });
    const eventId = await recordEvent(
      tx,
      { key: `subscription-confirmation:${subscription.id}:${now}`, kind: 'subscription_confirmation', subject: `subscription:${subscription.id}`, occurredAt: now },
      now,
    );
    if (eventId === null) return 'unchanged';
    const links = unsubscribeLinks(publicUrl, subscription.unsubscribeToken);
    const message = withUnsubscribe(confirmationMessage({ confirmUrl: `${publicUrl}/subscriptions/confirm?token=${token}`, language: input.language }), {
      unsubscribeUrl: links.page,
      language: input.language,
    });
    await enqueueDeliveries(
      tx,
      eventId,
      [
        {
          channel: SUBSCRIBERS_CHANNEL,
          channelType: 'email',
          recipient: subscription.email,
          language: input.language,
          subject: message.subject,
          body: message.text,
          payload: { headers: { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
        },
      ],
      now,
    );
    return 'queued';
  });
}

export type ConfirmResult = 'confirmed' | 'invalid';

export async function confirm(deps: SubscriptionDeps, token: unknown, now: number): Promise<ConfirmResult> {
  if (!isTokenShape(token)) return 'invalid';
  return deps.store.transaction(async (tx) => {
    const subscription = await findByConfirmHash(tx, hashToken(token));
    if (!subscription || subscription.status !== 'pending') return 'invalid';
    if (subscription.confirmationSentAt === null || now - subscription.confirmationSentAt > CONFIRM_WITHIN_MS) return 'invalid';
    await markConfirmed(tx, subscription.id, now);
    return 'confirmed';
  });
}

/** Unsubscribing twice is fine: the answer is the same. */
export async function unsubscribe(deps: SubscriptionDeps, token: unknown, now: number): Promise<'unsubscribed' | 'invalid'> {
  if (!isTokenShape(token)) return 'invalid';
  return deps.store.transaction(async (tx) => {
    const subscription = await findByUnsubscribeToken(tx, token);
    if (!subscription) return 'invalid';
    if (subscription.status !== 'unsubscribed') await markUnsubscribed(tx, subscription.id, now);
    return 'unsubscribed';
  });
}
