import { eq } from 'drizzle-orm';
import type { Config } from '../config/types.ts';
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
   */
  runOnce(now?: number): Promise<RunSummary>;
}

/**
 * Sends the outbox. Deliveries to different channels go in parallel, those of one channel one
 * after the other; after a failure that may pass, the rest of that channel waits for the next
 * run instead of each timing out in turn. Nothing here runs inside a probe: a dead channel
 * delays only its own messages.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const running = new Set<Lane>();
  const runLane = async (lane: Lane, now: number, summary: RunSummary): Promise<void> => {
    if (running.has(lane)) return;
    running.add(lane);
    try {
      const senders = lane === 'public' ? (deps.publicSenders ?? deps.senders) : deps.senders;
      const groups = new Map<string, Delivery[]>();
      for (const delivery of await dueDeliveries(deps.store, now, deps.batchSize ?? 100, lane)) {
        const key = delivery.channelType === 'email' ? 'smtp' : `${delivery.channel} ${delivery.recipient}`;
        groups.set(key, [...(groups.get(key) ?? []), delivery]);
      }
      await Promise.all([...groups.values()].map((group) => sendGroup(deps, senders, group, now, summary)));
    } finally {
      running.delete(lane);
    }
  };
  return {
    async runOnce(now = deps.clock()) {
      const summary: RunSummary = { sent: 0, retried: 0, failed: 0, deferred: 0 };
      await Promise.all(LANES.map((lane) => runLane(lane, now, summary)));
      return summary;
    },
  };
}

async function sendGroup(deps: DeliveryWorkerDeps, senders: Senders, group: readonly Delivery[], now: number, summary: RunSummary): Promise<void> {
  for (let i = 0; i < group.length; i++) {
    const delivery = group[i]!;
    const outcome = await sendOne(senders, delivery);
    const at = deps.clock();
    await deps.store.transaction((tx) => record(tx, deps, delivery, outcome, at, now, summary));
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
