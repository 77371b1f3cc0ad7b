import { createRateLimiter } from '../server/rate-limit.ts';
import { RESEND_AFTER_MS } from './subscription-service.ts';

// Subscribing mails a stranger's address through the operator's SMTP server, so it is bounded
// three ways: per client (one client cannot mail many addresses), in all (many clients cannot
// either), and per mailbox, sub-addresses folded (one mailbox cannot be flooded by
// `victim+1@`, `victim+2@`, …). The first two answer 429 with Retry-After; the per-mailbox one
// answers as usual and sends nothing, so that the answer tells nothing about the address.

export const SUBSCRIBE_LIMITS = {
  perClient: { limit: 5, windowMs: 10 * 60_000 },
  global: { limit: 60, windowMs: 10 * 60_000 },
  /** Confirmation mails to one mailbox: as often as to one exact address. */
  perMailbox: { limit: 1, windowMs: RESEND_AFTER_MS },
} as const;

export interface SubscriptionLimits {
  /** Counts a request from `client`; how long (ms) it must wait instead, or 0. */
  admit(client: string): number;
  /** Whether a confirmation may be mailed to this mailbox now (mailbox.ts). */
  mayMail(mailbox: string): boolean;
  /** Counts a confirmation mailed. */
  mailed(mailbox: string): void;
}

export function createSubscriptionLimits(clock: () => number): SubscriptionLimits {
  const perClient = createRateLimiter({ ...SUBSCRIBE_LIMITS.perClient, clock });
  const global = createRateLimiter({ ...SUBSCRIBE_LIMITS.global, clock });
  const perMailbox = createRateLimiter({ ...SUBSCRIBE_LIMITS.perMailbox, clock });
  return {
    admit(client) {
      const wait = perClient.take(client);
      return wait > 0 ? wait : global.take('all');
    },
    mayMail: (mailbox) => perMailbox.retryAfter(mailbox) === 0,
    mailed: (mailbox) => perMailbox.hit(mailbox),
  };
}
