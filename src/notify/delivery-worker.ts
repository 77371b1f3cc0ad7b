import { eq } from 'drizzle-orm';
import type { Config } from '../config/types.ts';
import type { HeldLease, Leases } from '../lease/lease-store.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { retryDelay } from './backoff.ts';
import type { DeliveryOutcome } from './channels/channel.ts';
import type { Senders } from './channels/index.ts';
import { LANES, type Lane } from './lanes.ts';
import { CLIENT_NOTICE_CHANNEL } from './maintenance-notices.ts';
import { completeNotice } from './notice-completion.ts';
import { dueDeliveries, recordFailure, recordSent, type Delivery } from './outbox-store.ts';
import { alertTeam } from './team-fanout.ts';
import { noticeFailedAlert } from './templates/team-alerts.ts';

export interface DeliveryWorkerDeps {
  readonly store: Store;
  readonly config: Config;
  /** The formal lane's senders (lanes.ts). */
  readonly senders: Senders;
  /** The public lane's own senders (own connections); absent, the formal lane's are shared. */
  readonly publicSenders?: Senders;
  /** Read after each answer: the instant a receiver accepted a message is what gets recorded. */
  readonly clock: () => number;
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

/**
 * The lease a delivery run works under (src/lease/lease-keeper.ts gives it to the job): the
 * run sends nothing once `signal` aborts, and records each outcome only while `lease` is
 * still its holder's.
 */
export interface DeliveryFence {
  readonly leases: Leases;
  readonly lease: HeldLease;
  readonly signal: AbortSignal;
}

export interface RunSummary {
  sent: number;
  retried: number;
  failed: number;
  /** Left for a later run because their channel had just failed. */
  deferred: number;
}

export interface DeliveryWorker {
  /**
   * Sends what is due at `now`, each lane (lanes.ts) on its own; a lane whose previous run is
   * still in progress is left to it, so a lane stuck on a slow receiver holds up only itself.
   * Under `fence`, the run stops as soon as the lease is lost (see sendGroup).
   */
  runOnce(now?: number, fence?: DeliveryFence): Promise<RunSummary>;
}

/**
 * Sends the outbox. Deliveries to different channels go in parallel, those of one channel one
 * after the other; after a failure that may pass, the rest of that channel waits for the next
 * run instead of each timing out in turn. Nothing here runs inside a probe: a dead channel
 * delays only its own messages.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const running = new Set<Lane>();
  const runLane = async (lane: Lane, now: number, summary: RunSummary, run: FencedRun): Promise<void> => {
    if (running.has(lane)) return;
    running.add(lane);
    try {
      const senders = lane === 'public' ? (deps.publicSenders ?? deps.senders) : deps.senders;
      const groups = new Map<string, Delivery[]>();
      for (const delivery of await dueDeliveries(deps.store, now, deps.batchSize ?? 100, lane)) {
        const key = delivery.channelType === 'email' ? 'smtp' : `${delivery.channel} ${delivery.recipient}`;
        groups.set(key, [...(groups.get(key) ?? []), delivery]);
      }
      await Promise.all([...groups.values()].map((group) => sendGroup(deps, senders, group, now, summary, run)));
    } finally {
      running.delete(lane);
    }
  };
  return {
    async runOnce(now = deps.clock(), fence) {
      const summary: RunSummary = { sent: 0, retried: 0, failed: 0, deferred: 0 };
      const run = fencedRun(deps, fence);
      await Promise.all(LANES.map((lane) => runLane(lane, now, summary, run)));
      return summary;
    },
  };
}

/**
 * One run's view of its lease: whether it may still send, and the transaction that records an
 * outcome only under the lease's current fencing number. Without a fence (one process, no
 * lease) it always may.
 */
interface FencedRun {
  stopped(): boolean;
  /** Runs `write` in a transaction that first asks whether the lease is still held; false (nothing written) when it is not. */
  recordUnderLease(write: (tx: StoreTx) => Promise<void>): Promise<boolean>;
}

function fencedRun(deps: DeliveryWorkerDeps, fence: DeliveryFence | undefined): FencedRun {
  let lost = false;
  return {
    stopped: () => lost || (fence?.signal.aborted ?? false),
    recordUnderLease: (write) =>
      deps.store.transaction(async (tx) => {
        if (fence && !(await fence.leases.stillHeld(tx, fence.lease))) {
          lost = true;
          return false;
        }
        await write(tx);
        return true;
      }),
  };
}

/**
 * Sends one group's messages in order. Under a lease, before each message the run stops if the
 * lease was lost (the keeper aborted its signal), and each outcome is recorded in a transaction
 * that first checks the lease is still held under this run's fencing number: a holder that
 * paused past its expiry, or whose renewals failed, neither sends again nor writes over the
 * next holder's record. Its whole run stops there, every group and lane.
 *
 * What remains at-least-once: a message handed to its receiver (the SMTP server accepted its
 * data, a webhook answered) after the lease was lost, or just before the holder died, is not
 * recorded sent, so the next holder sends it again. Nothing can close that gap for mail: the
 * acceptance and the record are in two systems, and SMTP has no way to ask a server whether it
 * already took a message, nor to take one back. A message sent twice is the lesser harm next to
 * a message lost (recording before sending would lose one whenever the holder dies between the
 * two). The send itself is never cut off mid-way: an SMTP transaction aborted after DATA
 * leaves the message's fate unknown too, so the run waits for the answer, then records it under
 * the check above.
 */
async function sendGroup(deps: DeliveryWorkerDeps, senders: Senders, group: readonly Delivery[], now: number, summary: RunSummary, run: FencedRun): Promise<void> {
  for (let i = 0; i < group.length; i++) {
    if (run.stopped()) return;
    const delivery = group[i]!;
    const outcome = await sendOne(senders, delivery);
    const at = deps.clock();
    if (!(await run.recordUnderLease((tx) => record(tx, deps, delivery, outcome, at, now, summary)))) {
      (deps.log ?? ((line: string) => console.error(line)))(
        `notifications: the lease was lost while delivery ${delivery.id} was being sent; nothing recorded, the next holder sends it again`,
      );
      return;
    }
    if (!outcome.ok && !outcome.permanent) {
      summary.deferred += group.length - i - 1;
      return;
    }
  }
}

async function sendOne(senders: Senders, delivery: Delivery): Promise<DeliveryOutcome> {
  try {
    return await senders[delivery.channelType].send(delivery);
  } catch (error) {
    // A sender that throws has a bug; keep the message and say so rather than lose it.
    return { ok: false, error: `internal error: ${(error as Error).message}`, permanent: false };
  }
}

async function record(tx: StoreTx, deps: DeliveryWorkerDeps, delivery: Delivery, outcome: DeliveryOutcome, at: number, now: number, summary: RunSummary): Promise<void> {
  if (outcome.ok) {
    await recordSent(tx, delivery.id, { at, ref: outcome.ref });
    if (delivery.windowVersionId !== null) await completeNotice(tx, delivery.windowVersionId, at);
    summary.sent++;
    return;
  }
  const attempts = delivery.attempts + 1;
  const giveUp = outcome.permanent || attempts >= deps.config.notifications.delivery.maxAttempts;
  await recordFailure(tx, delivery, { at, error: outcome.error, retryAt: giveUp ? null : now + retryDelay(attempts, deps.config.notifications.delivery) });
  if (!giveUp) {
    summary.retried++;
    return;
  }
  summary.failed++;
  if (delivery.channel === CLIENT_NOTICE_CHANNEL && delivery.windowVersionId !== null) {
    // The window will never have this notice: the team must know, or it will count on an exclusion it does not have.
    const { windowId, environmentIds } = await windowOfVersion(tx, delivery.windowVersionId);
    await alertTeam(
      tx,
      deps.config,
      {
        key: `notice-failed:${delivery.windowVersionId}:${delivery.recipient.toLowerCase()}`,
        kind: 'notice_failed',
        subject: `window:${windowId}`,
        occurredAt: at,
        details: { versionId: delivery.windowVersionId, recipient: delivery.recipient, error: outcome.error },
      },
      environmentIds,
      noticeFailedAlert({ windowId, recipient: delivery.recipient, error: outcome.error }),
      at,
    );
  }
}

/** The window a version belongs to and the environments it covers, to route the alert like the window. */
async function windowOfVersion({ db, t }: AnyDialect, versionId: number): Promise<{ windowId: number; environmentIds: string[] }> {
  const [version] = await db.select({ windowId: t.maintenanceVersions.windowId }).from(t.maintenanceVersions).where(eq(t.maintenanceVersions.id, versionId));
  const windowId = version?.windowId ?? 0;
  const environments = await db
    .select({ envId: t.maintenanceEnvironments.envId })
    .from(t.maintenanceEnvironments)
    .where(eq(t.maintenanceEnvironments.windowId, windowId))
    .orderBy(t.maintenanceEnvironments.envId);
  return { windowId, environmentIds: environments.map((row) => row.envId) };
}
