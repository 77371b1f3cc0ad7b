import type { Delivery } from '../outbox-store.ts';

/** What a receiver answered: accepted (with its reference), or refused, for now or for good. */
export type DeliveryOutcome = { ok: true; ref: string | null } | { ok: false; error: string; permanent: boolean };

/** One kind of channel. A refusal is an outcome, not an exception: exceptions are bugs. */
export interface Sender {
  send(delivery: Delivery): Promise<DeliveryOutcome>;
  close?(): void;
}

export interface SenderOptions {
  /** Longest wait for one receiver, so that a dead one holds up nothing for long. */
  readonly timeoutMs: number;
  /** Read when signing, so that signatures carry the sending time. */
  readonly clock: () => number;
}
