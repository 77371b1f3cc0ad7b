import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type { OpenDatabase } from '../store/database.ts';
import type { ActorResolver } from '../auth/middleware.ts';

/** Everything the HTTP layer needs, wired once by the composition root (or a test). */
export interface AppDeps {
  readonly database: OpenDatabase;
  readonly config: Config;
  readonly calendars: Calendars;
  /** The only clock the server reads; tests inject a fixed one. */
  readonly clock: () => number;
  /** Extra ways to recognise a caller besides bearer tokens (browser sessions). */
  readonly actorResolvers?: readonly ActorResolver[];
  /** Whether the prober keeps its schedule; absent when the daemon runs with --no-probe. */
  readonly proberHealth?: () => { ok: boolean; details: Record<string, unknown> };
}
