// The outbox is sent in two lanes that never wait for each other:
// - `formal`: formal maintenance notices to clients and the team's alerts. A window excuses
//   downtime only if its notice was sent before the outage, so nothing the public does may
//   hold these up;
// - `public`: what members of the public asked for (subscription confirmations, notices to
//   subscribers), which anyone can make plentiful.
// Each lane takes its own due messages and has its own connections to the receivers.

export type Lane = 'formal' | 'public';
export const LANES: readonly Lane[] = ['formal', 'public'];

/** The outbox channel of every message to a public subscriber. */
export const SUBSCRIBERS_CHANNEL = 'subscribers';

export function laneOf(channel: string): Lane {
  return channel === SUBSCRIBERS_CHANNEL ? 'public' : 'formal';
}
