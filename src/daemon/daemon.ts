import { serve, type ServerType } from '@hono/node-server';
import { buildCalendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { createApp } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { acquireDaemonLock, type DaemonLock } from '../store/daemon-lock.ts';
import { openDatabase, type OpenDatabase } from '../store/database.ts';
import { recordEnvironmentsSeen } from './record-environments-seen.ts';
import { startProber } from '../prober/prober.ts';
import { startNotifier } from '../notify/notifier-service.ts';
import { startRetention } from '../retention/retention-job.ts';

export interface DaemonOptions {
  readonly config: Config;
  readonly dbFile: string;
  readonly port: number;
  readonly host: string;
  readonly probe: boolean;
  readonly clock?: () => number;
}

export interface RunningDaemon {
  readonly port: number;
  readonly database: OpenDatabase;
  stop(): Promise<void>;
}

/** Something the daemon starts beside the HTTP server and stops before closing the database. */
export interface DaemonService {
  stop(): Promise<void> | void;
}

const HEARTBEAT_MS = 10_000;

/**
 * The composition root: opens the database (taking the daemon lock), wires the HTTP app and
 * the background services, and tears them down in reverse order on stop.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const clock = options.clock ?? Date.now;
  const database = openDatabase(options.dbFile);
  let lock: DaemonLock;
  try {
    lock = acquireDaemonLock(database.sqlite, clock());
  } catch (error) {
    database.close();
    throw error;
  }
  const services: DaemonService[] = [];
  const heartbeat = setInterval(() => lock.beat(clock()), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const calendars = buildCalendars(options.config);
    // Started first, stopped last: the prober and the API queue notifications until the end.
    const notifier = startNotifier({ db: database.db, config: options.config, calendars, clock });
    services.push(notifier);
    services.push(startRetention({ database, config: () => options.config, clock }));
    let prober: ReturnType<typeof startProber> | null = null;
    const deps: AppDeps = {
      database,
      config: options.config,
      calendars,
      clock,
      proberHealth: options.probe ? () => prober?.health() ?? { ok: false, details: { probing: false } } : undefined,
      notifications: notifier.events,
    };
    const app = createApp(deps);
    const server = await listen(app.fetch, options.port, options.host);
    // Only a daemon that could listen records anything: a failed start must not mark the
    // environments seen (their default slaStart) nor open gaps and outages.
    try {
      recordEnvironmentsSeen(database.db, options.config, clock());
      if (options.probe) {
        prober = startProber({ database, config: options.config, calendars, clock, notices: notifier.events });
        services.push(prober);
      }
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    let stopped = false;
    return {
      port,
      database,
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        for (const service of services.reverse()) await service.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        lock.release();
        database.close();
      },
    };
  } catch (error) {
    clearInterval(heartbeat);
    for (const service of services.reverse()) await service.stop();
    lock.release();
    database.close();
    throw error;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}
