import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store } from '../store/store.ts';
import { nowSql, type LeaseClock } from './lease-clock.ts';

/** A lease as one holder has it: the fencing number its work carries, and when it expires. */
export interface HeldLease {
  readonly name: string;
  readonly holder: string;
  readonly fence: number;
  /** Epoch ms on the lease's clock. */
  readonly expiresAt: number;
}

export type TakeOutcome =
  | { readonly taken: true; readonly lease: HeldLease }
  /** Someone else holds it until `expiresAt` (epoch ms on the lease's clock). */
  | { readonly taken: false; readonly holder: string | null; readonly expiresAt: number };

export interface LeaseRow {
  readonly name: string;
  readonly holder: string | null;
  readonly fence: number;
  readonly takenAt: number;
  readonly expiresAt: number;
}

/** A lease as the table has it now, judged by the lease's clock: live while it has a holder and has not expired. */
export interface ListedLease extends LeaseRow {
  readonly live: boolean;
}

export interface Leases {
  /**
   * Takes the lease for `holder` for `ttlMs`, or renews it if `holder` has it: taken only if it
   * is free (never taken, released), expired, or already `holder`'s. One conditional upsert,
   * so two processes asking at once cannot both get it. A change of holder increments the
   * fencing number; a renewal keeps it.
   */
  takeOrRenew(name: string, holder: string, ttlMs: number): Promise<TakeOutcome>;
  /** Gives the lease up at once (another may take it now), if `holder` still has it. */
  release(name: string, holder: string): Promise<boolean>;
  /**
   * Whether `lease` is still its holder's: same holder and fencing number, not expired. Work
   * under a lease writes its effects in a transaction that asks this first: the lease cannot
   * change hands during that transaction (taking one is a write, and writes wait for each
   * other), so an effect is written only under the number that is current.
   */
  stillHeld(tx: AnyDialect, lease: HeldLease): Promise<boolean>;
  /**
   * The fencing numbers of those of `names` whose row names `holder`, expired or not, read in
   * `tx`. Expiry does not matter here: another holder taking a lease changes its holder and its
   * number, and a release clears its holder, so a row still naming `holder` under a number means
   * nobody else held it since that number was given, even if it lapsed meanwhile.
   */
  fencesOf(tx: AnyDialect, names: readonly string[], holder: string): Promise<Map<string, number>>;
  /**
   * Frees at once, keeping their numbers, every lease, or those whose holder id begins with
   * `heldBy` (`host:pid:`, one process): for a process that knows their holder is dead (the
   * daemon that took a SQLite file's daemon lock from a killed one), so that the work of its
   * killed predecessor does not wait for the leases to expire. Returns how many.
   */
  freeAll(heldBy?: string): Promise<number>;
  read(name: string): Promise<LeaseRow | null>;
  /**
   * Renews at once, in one statement, those of `names` that `holder` still holds unexpired, all
   * to the same expiry; returns them. One that lapsed or changed hands is left alone (and not
   * returned): renewing it would hide that another may have worked under it meanwhile.
   */
  renewAll(names: readonly string[], holder: string, ttlMs: number): Promise<HeldLease[]>;
  /** Every lease whose name begins with `prefix`, in the order of their names. */
  list(prefix: string): Promise<ListedLease[]>;
  /**
   * Deletes the leases whose name begins with `prefix` that expired at least `expiredForMs`
   * ago: for leases named after their holder (a membership), which nobody takes again once it
   * is gone. Never for a lease others may take: its fencing number would start over.
   */
  forgetExpired(prefix: string, expiredForMs: number): Promise<number>;
}

/** The leases of a store, their expiries judged by `clock` (by default, the database's: lease-clock.ts). */
export function leasesOf(store: Store, clock: LeaseClock = 'database'): Leases {
  const { t } = store;
  const now = () => nowSql(store.dialect, clock);
  // substr rather than LIKE: a name may hold an underscore or a percent sign, which LIKE takes for wildcards.
  const startsWith = (prefix: string) => sql`substr(${t.leases.name}, 1, ${prefix.length}) = ${prefix}`;
  return {
    takeOrRenew(name, holder, ttlMs) {
      if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError(`a lease lasts a whole number of milliseconds, at least 1 (got ${ttlMs})`);
      return store.transaction(async (tx) => {
        const at = now();
        const taken = await tx.db
          .insert(t.leases)
          .values({ name, holder, fence: 1, takenAt: at, expiresAt: sql`${at} + ${ttlMs}` })
          .onConflictDoUpdate({
            target: t.leases.name,
            set: {
              fence: sql`case when ${t.leases.holder} = excluded.holder then ${t.leases.fence} else ${t.leases.fence} + 1 end`,
              takenAt: sql`case when ${t.leases.holder} = excluded.holder then ${t.leases.takenAt} else excluded.taken_at end`,
              holder: sql`excluded.holder`,
              expiresAt: sql`excluded.expires_at`,
            },
            // A released lease has no holder and has expired: anyone may take it.
            setWhere: sql`${t.leases.holder} = excluded.holder or ${t.leases.expiresAt} <= ${now()}`,
          })
          .returning({ fence: t.leases.fence, expiresAt: t.leases.expiresAt });
        const row = taken[0];
        if (row) return { taken: true, lease: { name, holder, fence: row.fence, expiresAt: row.expiresAt } };
        const [current] = await tx.db.select({ holder: t.leases.holder, expiresAt: t.leases.expiresAt }).from(t.leases).where(eq(t.leases.name, name));
        return { taken: false, holder: current?.holder ?? null, expiresAt: current?.expiresAt ?? 0 };
      });
    },
    release(name, holder) {
      return store.transaction(async (tx) => {
        // The row stays, with its fencing number: the next holder's must be larger.
        const released = await tx.db
          .update(t.leases)
          .set({ holder: null, expiresAt: now() })
          .where(and(eq(t.leases.name, name), eq(t.leases.holder, holder)))
          .returning({ name: t.leases.name });
        return released.length > 0;
      });
    },
    async stillHeld(tx, lease) {
      const rows = await tx.db
        .select({ fence: t.leases.fence })
        .from(t.leases)
        .where(and(eq(t.leases.name, lease.name), eq(t.leases.holder, lease.holder), eq(t.leases.fence, lease.fence), gt(t.leases.expiresAt, now())));
      return rows.length > 0;
    },
    async fencesOf(tx, names, holder) {
      if (names.length === 0) return new Map();
      const rows = await tx.db
        .select({ name: t.leases.name, fence: t.leases.fence })
        .from(t.leases)
        .where(and(inArray(t.leases.name, [...names]), eq(t.leases.holder, holder)));
      return new Map(rows.map((row) => [row.name, Number(row.fence)]));
    },
    freeAll(heldBy) {
      // substr rather than LIKE: a host name may hold an underscore, which LIKE takes for any character.
      const held = heldBy === undefined ? undefined : sql`substr(${t.leases.holder}, 1, ${heldBy.length}) = ${heldBy}`;
      return store.transaction(async (tx) => (await tx.db.update(t.leases).set({ holder: null, expiresAt: now() }).where(held).returning({ name: t.leases.name })).length);
    },
    renewAll(names, holder, ttlMs) {
      if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError(`a lease lasts a whole number of milliseconds, at least 1 (got ${ttlMs})`);
      if (names.length === 0) return Promise.resolve([]);
      return store.transaction(async (tx) => {
        const renewed = await tx.db
          .update(t.leases)
          .set({ expiresAt: sql`${now()} + ${ttlMs}` })
          .where(and(inArray(t.leases.name, [...names]), eq(t.leases.holder, holder), gt(t.leases.expiresAt, now())))
          .returning({ name: t.leases.name, fence: t.leases.fence, expiresAt: t.leases.expiresAt });
        return renewed.map((row) => ({ name: row.name, holder, fence: row.fence, expiresAt: row.expiresAt })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      });
    },
    async list(prefix) {
      const rows = await store.db
        .select({
          name: t.leases.name,
          holder: t.leases.holder,
          fence: t.leases.fence,
          takenAt: t.leases.takenAt,
          expiresAt: t.leases.expiresAt,
          live: sql<unknown>`case when ${t.leases.holder} is not null and ${t.leases.expiresAt} > ${now()} then 1 else 0 end`,
        })
        .from(t.leases)
        .where(startsWith(prefix))
        .orderBy(t.leases.name);
      return rows.map((row) => ({ ...row, live: Number(row.live) === 1 }));
    },
    forgetExpired(prefix, expiredForMs) {
      return store.transaction(
        async (tx) =>
          (await tx.db.delete(t.leases).where(and(startsWith(prefix), sql`${t.leases.expiresAt} <= ${now()} - ${expiredForMs}`)).returning({ name: t.leases.name })).length,
      );
    },
    async read(name) {
      const [row] = await store.db.select().from(t.leases).where(eq(t.leases.name, name));
      return row ?? null;
    },
  };
}
