import type { HeldLease, Leases } from '../lease/lease-store.ts';
import { newHolderId } from '../lease/holder-id.ts';
import { realTimers, type Timers } from '../schedule/timers.ts';
import { SHARDS_PER_LOCATION } from './shard-of.ts';
import { planShards } from './shard-plan.ts';

/** What the prober does when shards change hands (src/prober/prober.ts: adopt, settle). */
export interface ShardWork {
  /** Shards just taken: restore their checks' detector states from the database, before any is probed. */
  adopt(shards: readonly number[]): Promise<void>;
  /** Shards no longer probed here: wait for their probes in progress and write their results, before they are released. */
  settle(shards: readonly number[]): Promise<void>;
}

export interface ShardKeeperOptions {
  readonly leases: Leases;
  readonly location: string;
  /**
   * How long a lease lasts (src/share/shard-ttl.ts); a function when it may change while the
   * keeper runs (a daemon's reload), read at each turn: that turn's renewals stamp it, and the
   * next turn comes a quarter of it later.
   */
  readonly ttlMs: number | (() => number);
  readonly holder?: string;
  readonly shards?: number;
  /** Monotonic time and timers (real ones unless a test drives them). */
  readonly timers?: Pick<Timers, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** false: no turn runs on its own; `turn()` drives the keeper (tests). */
  readonly schedule?: boolean;
  readonly log?: (line: string) => void;
}

export interface ShardKeeper {
  readonly holder: string;
  /** Settles after the first turn (the shards then taken adopted). */
  readonly ready: Promise<void>;
  /**
   * Whether a probe of a check of `shard` may start now: the shard is held with at least half its
   * lease left, or held while the database cannot be reached (a turn failed, or has not answered
   * for a quarter of the lease), its results then written only if nobody took it meanwhile.
   */
  mayProbe(shard: number): boolean;
  /** The fencing number a probe of `shard` starting now carries to its write (src/share/write-fence.ts); undefined when it may not start. */
  fenceOf(shard: number): number | undefined;
  /** The shards probed here now. */
  held(): number[];
  /** One turn now (after the one in progress): renew, look, give up and take; the next comes a quarter of the lease after it. */
  turn(): Promise<void>;
  /** Settles once the shards being given up are written and released (or failed to be). */
  given(): Promise<void>;
  /** Stops probing every shard, settles them, then releases them and the membership. */
  stop(): Promise<void>;
}

/** The leases of a location's probers: `probe/LOCATION/member/HOLDER` and `probe/LOCATION/shard/N`. */
export const shardLeasePrefix = (location: string) => `probe/${location}/`;
/** Where the memberships of a location's probers are named. */
export const memberPrefix = (location: string) => `${shardLeasePrefix(location)}member/`;
/** The membership of one prober of a location. */
export const memberLeaseName = (location: string, holder: string) => `${memberPrefix(location)}${holder}`;
/** The lease of one shard of a location. */
export const shardLeaseName = (location: string, shard: number) => `${shardLeasePrefix(location)}shard/${shard}`;

// Memberships of probers gone this long are deleted (each process leaves one row behind when killed).
const FORGET_MEMBERS_AFTER_MS = 24 * 3_600_000;
const FORGET_EVERY_TURNS = 1_000;

/**
 * Shares a location's checks among its probers, by shard (src/share/shard-of.ts), each shard a
 * lease. Every quarter of the lease's time to live, in one statement, the prober renews its
 * membership (a lease named after itself, the roll of live probers) and every shard it holds,
 * to one expiry; it reads the location's leases, and plans from them (src/share/shard-plan.ts)
 * which free shards to take, or which to give up, toward its fair share among the live probers.
 *
 * A shard is probed while at least half of its lease is left, counted on this process's
 * monotonic clock from before the renewal was asked (never later than the expiry the database
 * stamped): a renewal may fail once without a pause, and a probe started in time is written
 * before the lease can lapse. So a prober paused (its turns not running) stops on its own before
 * another may take its shards. One whose database is out of reach (a turn failed, or has not
 * answered for a quarter of the lease) goes on probing the shards it held, its results kept in
 * the writer's bounded queue: every result carries the shard's fencing number, and is written
 * only if nobody took the shard since (src/share/write-fence.ts); a lapsed shard nobody took is
 * held again once the database answers. A shard given up stops being probed at once, and is released only once
 * its probes in progress are written; a shard taken has its detector states read from the
 * database before its first probe. A prober killed leaves its shards to expire: the others take
 * them at their next turn after that, with its membership, which expired at the same instant.
 */
export function keepShards(options: ShardKeeperOptions, work: ShardWork): ShardKeeper {
  const { leases, location } = options;
  const holder = options.holder ?? newHolderId();
  const shards = options.shards ?? SHARDS_PER_LOCATION;
  const timers = options.timers ?? realTimers;
  const log = options.log ?? ((line: string) => console.error(line));
  const configured = options.ttlMs;
  const ttlOf = typeof configured === 'function' ? configured : () => configured;
  // The lease length in force, read again at each turn.
  let ttlMs = ttlOf();
  let renewEveryMs = Math.max(1, Math.floor(ttlMs / 4));
  const member = memberLeaseName(location, holder);
  const names = Array.from({ length: shards }, (_, shard) => shardLeaseName(location, shard));
  const shardOfName = new Map(names.map((name, shard) => [name, shard]));

  /** Shards held and probed, with the monotonic instant past which none of their probes may start. */
  const probeUntil = new Map<number, number>();
  /** The fencing number of each shard held and probed. */
  const fences = new Map<number, number>();
  /** Shards being given up: no longer probed, still renewed until their probes are written and they are released. */
  const giving = new Set<number>();
  let turns = 0;
  let failing = false;
  /** When the turn in progress asked its first statement; null between turns. */
  let turnAskedAt: number | null = null;
  let stopped = false;
  let next: unknown = null;
  let current: Promise<void> = Promise.resolve();
  let givingUp: Promise<void> = Promise.resolve();

  const lose = (shard: number, why: string) => {
    if (probeUntil.delete(shard)) log(`probe ${location}: shard ${shard}: ${why}: no longer probed here`);
    fences.delete(shard);
    giving.delete(shard);
  };

  const giveUp = (given: number[]) => {
    for (const shard of given) {
      probeUntil.delete(shard);
      fences.delete(shard);
      giving.add(shard);
    }
    // In the background: its probes in progress may take their timeout, and the turns must go on renewing the rest meanwhile.
    const done = work
      .settle(given)
      .then(async () => {
        for (const shard of given) {
          if (!giving.delete(shard)) continue;
          await leases.release(names[shard]!, holder);
        }
      })
      .catch((error: unknown) => {
        // No longer renewed: they expire, and another takes them then.
        for (const shard of given) giving.delete(shard);
        log(`probe ${location}: giving up shards ${given.join(', ')}: ${(error as Error).message} (they will expire instead)`);
      });
    givingUp = Promise.all([givingUp, done]).then(() => undefined);
  };

  const take = async (wanted: readonly number[]) => {
    const taken: { shard: number; askedAt: number; fence: number }[] = [];
    for (const shard of wanted) {
      if (stopped) break;
      const askedAt = timers.now();
      const outcome = await leases.takeOrRenew(names[shard]!, holder, ttlMs);
      if (outcome.taken) taken.push({ shard, askedAt, fence: outcome.lease.fence });
    }
    if (taken.length === 0) return;
    try {
      await work.adopt(taken.map(({ shard }) => shard));
    } catch (error) {
      log(`probe ${location}: could not restore the checks of shards ${taken.map(({ shard }) => shard).join(', ')}: ${(error as Error).message}; releasing them`);
      for (const { shard } of taken) await leases.release(names[shard]!, holder).catch(() => false);
      return;
    }
    if (stopped) return;
    for (const { shard, askedAt, fence } of taken) {
      probeUntil.set(shard, askedAt + ttlMs / 2);
      fences.set(shard, fence);
    }
  };

  /**
   * A shard probed here whose lease lapsed (renewals that could not reach the database): taken
   * again if nobody took it meanwhile, which its fencing number, unchanged, proves; the results
   * probed while it lapsed are then written. Taken by another since: lost.
   */
  const revive = async (shard: number): Promise<boolean> => {
    const outcome = await leases.takeOrRenew(names[shard]!, holder, ttlMs);
    if (outcome.taken && outcome.lease.fence === fences.get(shard)) {
      log(`probe ${location}: shard ${shard}: its lease had lapsed and nobody took it meanwhile: held again`);
      return true;
    }
    // Another held it in between: its checks would have to be read again first; free it for the plan to hand out.
    if (outcome.taken) await leases.release(names[shard]!, holder);
    return false;
  };

  const once = async () => {
    if (stopped) return;
    ttlMs = ttlOf();
    renewEveryMs = Math.max(1, Math.floor(ttlMs / 4));
    const askedAt = timers.now();
    turnAskedAt = askedAt;
    try {
      const mine = [...probeUntil.keys(), ...giving];
      const renewed: HeldLease[] = await leases.renewAll([member, ...mine.map((shard) => names[shard]!)], holder, ttlMs);
      const kept = new Map(renewed.map((lease) => [lease.name, lease]));
      if (!kept.has(member) && !(await leases.takeOrRenew(member, holder, ttlMs)).taken) throw new Error(`the membership ${member} is held by another`);
      for (const shard of mine) {
        const lease = kept.get(names[shard]!);
        if (!probeUntil.has(shard)) {
          if (!lease) lose(shard, 'its lease lapsed or changed hands');
        } else if (lease || (await revive(shard))) {
          probeUntil.set(shard, askedAt + ttlMs / 2);
        } else {
          lose(shard, 'its lease lapsed and another took it');
        }
      }
      if (failing) log(`probe ${location}: the database answers again`);
      failing = false;

      const listed = await leases.list(shardLeasePrefix(location));
      const members = listed.filter((lease) => lease.live && lease.name.startsWith(memberPrefix(location))).map((lease) => lease.holder!);
      const holders = Array<string | null>(shards).fill(null);
      for (const lease of listed) {
        const shard = shardOfName.get(lease.name);
        if (shard !== undefined && lease.live) holders[shard] = lease.holder;
      }
      // A shard this process believes it probes but the table says otherwise is not probed.
      for (const shard of [...probeUntil.keys()]) if (holders[shard] !== holder) lose(shard, 'the table gives it to another');
      const plan = planShards({ shards, me: holder, members, holders });
      const toGive = plan.give.filter((shard) => probeUntil.has(shard));
      if (toGive.length > 0) giveUp(toGive);
      if (plan.take.length > 0 && giving.size === 0) await take(plan.take);
      if (++turns % FORGET_EVERY_TURNS === 1) await leases.forgetExpired(memberPrefix(location), FORGET_MEMBERS_AFTER_MS);
    } catch (error) {
      // The probing of each shard stops on its own when its time runs out; nothing else to undo.
      if (!failing) log(`probe ${location}: cannot renew or share the shards: ${(error as Error).message}`);
      failing = true;
    } finally {
      turnAskedAt = null;
    }
  };

  // The database out of reach: the last turn failed, or the one in progress has not answered for a quarter of the lease.
  const outOfReach = () => failing || (turnAskedAt !== null && timers.now() - turnAskedAt >= renewEveryMs);
  const mayProbe = (shard: number) => {
    const until = probeUntil.get(shard);
    return until !== undefined && (timers.now() < until || outOfReach());
  };

  const scheduling = options.schedule ?? true;
  // The next turn comes a quarter of the lease after the last, whatever asked for it: a turn
  // asked for early (a reload that shortened the lease) moves the next one too.
  const scheduleNext = () => {
    if (stopped || !scheduling) return;
    if (next !== null) timers.clearTimeout(next);
    next = timers.setTimeout(cycle, renewEveryMs);
    (next as { unref?: () => void } | null)?.unref?.();
  };
  const turn = (): Promise<void> => {
    current = current.then(once).then(scheduleNext);
    return current;
  };
  function cycle() {
    next = null;
    void turn();
  }
  cycle();
  const ready = current;

  return {
    holder,
    ready,
    mayProbe,
    fenceOf: (shard) => (mayProbe(shard) ? fences.get(shard) : undefined),
    held: () => [...probeUntil.keys()].sort((a, b) => a - b),
    turn,
    given: () => givingUp,
    async stop() {
      stopped = true;
      if (next !== null) timers.clearTimeout(next);
      await current;
      await givingUp;
      const all = [...new Set([...probeUntil.keys(), ...giving])];
      probeUntil.clear();
      fences.clear();
      giving.clear();
      try {
        await work.settle(all);
        for (const shard of all) await leases.release(names[shard]!, holder);
        await leases.release(member, holder);
      } catch (error) {
        log(`probe ${location}: could not release the shards: ${(error as Error).message} (they will expire)`);
      }
    },
  };
}
