import { createRateLimiter } from '../../server/rate-limit.ts';

// Failed sign-ins are counted per client address and per token prefix, and past either limit
// the form answers 429 with Retry-After before even looking the token up. Per address stops
// one client trying many tokens; per prefix stops many clients (or one hopping addresses)
// working on the same token. Only failures count: people who know their token are never held.

export const SIGN_IN_LIMITS = {
  /** Failed attempts one client address may make per window. */
  perAddress: 10,
  /** Failed attempts with one token prefix per window, whatever the address. */
  perPrefix: 5,
  windowMs: 15 * 60_000,
} as const;

/** The start of a token that names the attempt in the audit log and keys its limit: never the whole secret. */
export function tokenPrefix(secret: string): string {
  return secret.slice(0, 12);
}

export interface SignInThrottle {
  /** How long (ms) this attempt must wait; 0: it may be made. */
  wait(address: string, secret: string): number;
  /** Counts a failed attempt. */
  failed(address: string, secret: string): void;
}

export function createSignInThrottle(clock: () => number): SignInThrottle {
  const byAddress = createRateLimiter({ limit: SIGN_IN_LIMITS.perAddress, windowMs: SIGN_IN_LIMITS.windowMs, clock });
  const byPrefix = createRateLimiter({ limit: SIGN_IN_LIMITS.perPrefix, windowMs: SIGN_IN_LIMITS.windowMs, clock });
  return {
    wait: (address, secret) => Math.max(byAddress.retryAfter(address), byPrefix.retryAfter(tokenPrefix(secret))),
    failed(address, secret) {
      byAddress.hit(address);
      byPrefix.hit(tokenPrefix(secret));
    },
  };
}
