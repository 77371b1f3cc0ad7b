import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { openDaemonDatabase } from '../daemon/daemon-database.ts';
import { recordEnvironmentsSeen } from '../daemon/record-environments-seen.ts';
import { createNotificationEvents } from '../notify/events.ts';
import { openProber, type Prober } from '../prober/prober.ts';
import { DatabaseWrites } from '../store/database-writes.ts';
import { checkIdsProbedFrom, shareLocation } from './location-share.ts';
import { joinFileProbers } from '../store/daemon-lock.ts';
import { memberLeaseName, type ShardKeeper } from './shard-keeper.ts';
import { shardLeaseTtlMs } from './shard-ttl.ts';

export interface ProbeProcessOptions {
  readonly config: Config;
  /** A SQLite file or a PostgreSQL URL. */
  readonly db: string;
  /** One of the configuration's locations (`default` when it names none). */
  readonly location: string;
  /** The local address probes leave from (`--source-address`); by default the configuration's for the location. */
  readonly sourceAddress?: string;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
}

export interface ProbeProcess {
  readonly prober: Prober;
  readonly shards: ShardKeeper;
  /** The checks this location probes, all shards together. */
  readonly checks: number;
  /** Stops taking shards and probing, writes what is queued, releases the shards, closes the database. */
  stop(): Promise<void>;
}

/**
 * `veille probe --location NAME`: probing only (no HTTP, none of the work done once), as one of
 * any number of probers of the location. The location's checks are shared out by shard among
 * its live probers (src/share/shard-keeper.ts): this process probes those of the shards it
 * holds, takes over those of a prober that died, and gives some up when another joins
 * (src/share/location-share.ts).
 */
export async function startProbeProcess(options: ProbeProcessOptions): Promise<ProbeProcess> {
  const { config, location } = options;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => console.error(line));
  // The location's checks, refusing a location the configuration does not name (probed-from.ts).
  const { checks, ids: checkIds } = checkIdsProbedFrom(config, location);

  const opened = await openDaemonDatabase(options.db);
  let prober: Prober | null = null;
  let keeper: ShardKeeper | null = null;
  try {
    const ttlMs = shardLeaseTtlMs(checks);
    const share = shareLocation({ store: opened.store, location, ttlMs, log });
    // On a SQLite file, refused before anything is written while the file's veille start probes
    // this location; otherwise a member at once, which a veille start starting later sees.
    const sqlite = opened.sqlite?.sqlite;
    if (sqlite) await opened.store.transaction(async () => joinFileProbers(sqlite, location, { name: memberLeaseName(location, share.holder), holder: share.holder, ttlMs }, clock()));
    await recordEnvironmentsSeen(opened.store, config, clock());
    const calendars = buildCalendars(config);
    const writes = new DatabaseWrites({ clock, log });
    prober = await openProber({
      store: opened.store,
      config,
      calendars,
      clock,
      location,
      localAddress: options.sourceAddress,
      writes,
      notices: createNotificationEvents({ config, calendars, log }),
      ...share.probing,
    });
    const running = prober;
    keeper = share.keep(() => running, () => checkIds);
    await keeper.ready;
  } catch (error) {
    await keeper?.stop().catch(() => undefined);
    await prober?.stop().catch(() => undefined);
    await opened.close();
    throw error;
  }
  const shards = keeper;
  const running = prober;
  let stopped: Promise<void> | null = null;
  return {
    prober: running,
    shards,
    checks: checks.length,
    stop() {
      stopped ??= (async () => {
        // The shards first: each is settled (its results written) and released, for another to take at once.
        await shards.stop();
        await running.stop();
        await opened.close();
      })();
      return stopped;
    },
  };
}
