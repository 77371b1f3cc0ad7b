import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type Database from 'better-sqlite3';
import type { Store } from '../store/store.ts';
import type { ActorResolver } from '../auth/middleware.ts';
import type { NotificationEvents } from '../notify/events.ts';
import type { ReloadOutcome } from '../daemon/reload.ts';
import type { DatabaseWrites } from '../store/database-writes.ts';
import type { ReportComputer } from '../reports/report-computer.ts';
import type { MonthlyReports } from '../reports/monthly-reports.ts';
import type { ReadyAnswers } from '../web/ready-answers.ts';

/** Everything the HTTP layer needs, wired once by the composition root (or a test). */
export interface AppDeps {
  /**
   * The database, SQLite or PostgreSQL: every read and write goes through its store. On SQLite
   * its connection too, whose counters fingerprint the data for the caches (src/cache/data-version.ts).
   */
  readonly database: { readonly store: Store; readonly sqlite?: Database.Database };
  readonly config: Config;
  readonly calendars: Calendars;
  /** The only clock the server reads; tests inject a fixed one. */
  readonly clock: () => number;
  /** Extra ways to recognise a caller besides bearer tokens (browser sessions). */
  readonly actorResolvers?: readonly ActorResolver[];
  /** Whether the prober keeps its schedule; absent when the daemon runs with --no-probe. */
  readonly proberHealth?: () => { ok: boolean; details: Record<string, unknown> };
  /**
   * The notification sink (src/notify/events.ts); absent: nothing is told, `notify: true` is
   * refused. Partial so that a test may wire only the hooks it watches.
   */
  readonly notifications?: Partial<NotificationEvents>;
  /** Whether the database takes writes: /healthz, /metrics and 503 answers read it, failed API writes report to it. */
  readonly databaseWrites?: DatabaseWrites;
  /** Re-reads the daemon's configuration file and swaps it in (src/daemon/reload.ts); absent without a file. */
  readonly reloadConfig?: () => Promise<ReloadOutcome>;
  /** Where monthly reports are computed (a worker thread in the daemon); absent: on this thread. */
  readonly reportComputer?: ReportComputer;
  /** The cached, bounded monthly reports (src/reports/monthly-reports.ts); createApp makes one when absent. */
  readonly monthlyReports?: MonthlyReports;
  /** Where the answers to anonymous reads of the cached documents are kept for the server to give again (src/web/ready-answers.ts); absent: none kept. */
  readonly readyAnswers?: ReadyAnswers;
}
