import type { DeliveryPolicy } from '../config/types.ts';

/**
 * The wait before the next attempt after `attempts` failed ones: the first retry, doubled
 * each time, capped. No jitter: one daemon sends, so there is no herd of clients to spread.
 */
export function retryDelay(attempts: number, policy: DeliveryPolicy): number {
  const doubled = policy.firstRetryMs * 2 ** Math.max(0, attempts - 1);
  return Math.min(doubled, policy.maxRetryMs);
}
