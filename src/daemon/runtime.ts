import type { Hono } from 'hono';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { startNotifier, type Notifier } from '../notify/notifier-service.ts';
import { startProber, type Prober } from '../prober/prober.ts';
import { workerReportComputer } from '../reports/report-computer.ts';
import { createApp, type AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import type { OpenDatabase } from '../store/database.ts';
import type { DatabaseWrites } from '../store/database-writes.ts';
import { recordEnvironmentsSeen } from './record-environments-seen.ts';

// What the daemon builds from one configuration around its database: the notifier, the HTTP
// app and the prober (the work done once, under leases, is the daemon's: once-only-work.ts). Loading a new configuration builds a new runtime and stops the old one;
// the database, the daemon lock and the listening socket outlive them.

/** What every runtime of one daemon shares. */
export interface RuntimeBase {
  readonly database: OpenDatabase;
  /** Whether the database takes writes (src/store/database-writes.ts). */
  readonly writes?: DatabaseWrites;
  readonly clock: () => number;
  /** false with `--no-probe`. */
  readonly probe: boolean;
  /** Reloads the configuration file (POST /api/v1/admin/reload); absent when there is no file. */
  readonly reloadConfig?: AppDeps['reloadConfig'];
}

export interface Runtime {
  readonly config: Config;
  /** Its event sink and delivery; its timers are the daemon's once-only work (src/daemon/once-only-work.ts). */
  readonly notifier: Notifier;
  readonly app: Hono<AppEnv>;
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
  const notifier: Notifier = startNotifier({ db: database.db, store: database.store, config, calendars, clock });
  let prober: Prober | null = null;
  // Reports are computed in a worker thread on its own connection, off the prober's thread
  // (an in-memory database cannot be opened twice: it is computed here).
  const file = database.sqlite.name;
  const reportComputer = file && file !== ':memory:' && !database.sqlite.memory ? workerReportComputer({ file, config }) : undefined;
  const deps: AppDeps = {
    database,
    config,
    calendars,
    clock,
    proberHealth: base.probe ? () => prober?.health() ?? { ok: false, details: { probing: false } } : undefined,
    notifications: notifier.events,
    reloadConfig: base.reloadConfig,
    ...(base.writes ? { databaseWrites: base.writes } : {}),
    reportComputer,
  };
  let stopped: Promise<void> | null = null;
  return {
    config,
    notifier,
    app: createApp(deps),
    prober: () => prober,
    async startProbing() {
      // Only a runtime that is served records anything: a failed start must not mark the
      // environments seen (their default slaStart) nor open gaps and outages.
      await recordEnvironmentsSeen(database.store, config, clock());
      if (base.probe) {
        prober = startProber({ database, config, calendars, clock, notices: notifier.events, closeRemovedChecks: false, ...(base.writes ? { writes: base.writes } : {}) });
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
