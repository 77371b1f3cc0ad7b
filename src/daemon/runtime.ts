import type { Hono } from 'hono';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { startNotifier, type Notifier } from '../notify/notifier-service.ts';
import { openProber, type Prober } from '../prober/prober.ts';
import { workerReportComputer, type ReportComputer } from '../reports/report-computer.ts';
import { createApp, type AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import type { DatabaseWrites } from '../store/database-writes.ts';
import type { LocationShare } from '../share/location-share.ts';
import type { DaemonDatabase } from './daemon-database.ts';
import { createReadyAnswers, type ReadyAnswers } from '../web/ready-answers.ts';
import { recordEnvironmentsSeen } from './record-environments-seen.ts';

// What the daemon builds from one configuration around its database: the notifier, the HTTP
// app and the prober (the work done once, under leases, is the daemon's: once-only-work.ts). Loading a new configuration builds a new runtime and stops the old one;
// the database, the daemon lock and the listening socket outlive them.

/** What every runtime of one daemon shares. */
export interface RuntimeBase {
  readonly database: Omit<DaemonDatabase, 'close'>;
  /** Whether the database takes writes (src/store/database-writes.ts). */
  readonly writes?: DatabaseWrites;
  readonly clock: () => number;
  /** false with `--no-probe`. */
  readonly probe: boolean;
  /** The location the prober probes as (`--location`); the implicit one when absent. */
  readonly location?: string;
  /** The local address its probes leave from (`--source-address`), whatever the configuration says; absent, the configuration's. */
  readonly sourceAddress?: string;
  /** On a database several probers share: what the prober takes to probe only the shards this daemon holds (src/share/location-share.ts). */
  readonly share?: LocationShare['probing'];
  /** Reloads the configuration file (POST /api/v1/admin/reload); absent when there is no file. */
  readonly reloadConfig?: AppDeps['reloadConfig'];
}

export interface Runtime {
  readonly config: Config;
  /** Its event sink and delivery; its timers are the daemon's once-only work (src/daemon/once-only-work.ts). */
  readonly notifier: Notifier;
  readonly app: Hono<AppEnv>;
  /** The app's answers the server gives again before asking it (src/web/ready-answers.ts). */
  readonly readyAnswers: ReadyAnswers;
  /** Started by `startProbing`, once the app is being served. */
  readonly prober: () => Prober | null;
  /** Records the environments seen, then starts the prober (unless `--no-probe`). */
  startProbing(): Promise<void>;
  /** The prober first (writing what it queued, telling the notifier), then the notifier. */
  stop(): Promise<void>;
}

/** Builds the app and starts the notifier; nothing is written to the database yet. */
export function createRuntime(base: RuntimeBase, config: Config): Runtime {
  const { database, clock } = base;
  const calendars = buildCalendars(config);
  const notifier: Notifier = startNotifier({ store: database.store, config, calendars, clock });
  let prober: Prober | null = null;
  const reportComputer = reportComputerOf(database, config);
  const readyAnswers = createReadyAnswers();
  const deps: AppDeps = {
    database: { store: database.store, ...(database.sqlite ? { sqlite: database.sqlite.sqlite } : {}) },
    config,
    calendars,
    clock,
    proberHealth: base.probe ? () => prober?.health() ?? { ok: false, details: { probing: false } } : undefined,
    notifications: notifier.events,
    reloadConfig: base.reloadConfig,
    ...(base.writes ? { databaseWrites: base.writes } : {}),
    reportComputer,
    readyAnswers,
  };
  let stopped: Promise<void> | null = null;
  return {
    config,
    notifier,
    app: createApp(deps),
    readyAnswers,
    prober: () => prober,
    async startProbing() {
      // Only a runtime that is served records anything: a failed start must not mark the
      // environments seen (their default slaStart) nor open gaps and outages.
      await recordEnvironmentsSeen(database.store, config, clock());
      if (base.probe) {
        // The outages of removed checks are closed under their lease (once-only-work.ts), not here.
        prober = await openProber({ store: database.store, config, calendars, clock, notices: notifier.events, ...(base.location ? { location: base.location } : {}), localAddress: base.sourceAddress, ...(base.writes ? { writes: base.writes } : {}), ...base.share });
      }
    },
    stop() {
      stopped ??= (async () => {
        await prober?.stop();
        await notifier.stop();
        await reportComputer?.stop();
      })();
      return stopped;
    },
  };
}

/**
 * Reports are computed in a worker thread on a connection of its own, off the prober's thread:
 * read-only to the SQLite file, or a pool of its own to the PostgreSQL server. An in-memory
 * SQLite database cannot be opened twice: its reports are computed on this thread.
 */
function reportComputerOf(database: RuntimeBase['database'], config: Config): ReportComputer | undefined {
  if (database.url !== null) return workerReportComputer({ url: database.url, config });
  const file = database.sqlite?.sqlite.name;
  return file && file !== ':memory:' && !database.sqlite!.sqlite.memory ? workerReportComputer({ file, config }) : undefined;
}
