// Whether the database takes writes, as the daemon's last attempts found. A full disk, another
// process holding the write lock past busy_timeout, or a read-only file must not stop the
// daemon: results wait in memory, API writes answer 503, /healthz and /metrics say so, and
// writing resumes on its own. This is what they all read and report to.

/** SQLite result codes that mean "the database cannot take writes now", not a bug in the query. */
const UNAVAILABLE = /^SQLITE_(FULL|BUSY|LOCKED|READONLY|IOERR|CANTOPEN|PROTOCOL)(_|$)/;

/** An error from better-sqlite3 that says the database is unwritable for now (disk full, locked, read-only). */
export function isDatabaseUnavailable(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && UNAVAILABLE.test(code);
}

export interface WriteFailure {
  /** The SQLite code of the last failure (SQLITE_FULL, SQLITE_BUSY…). */
  readonly code: string;
  readonly message: string;
  /** Wall-clock time of the first failure of this run of failures. */
  readonly since: number;
}

// The first retry comes a second after a failure; each further failure doubles the wait up to
// this. Every attempt against a locked database blocks the event loop for busy_timeout (5 s):
// spacing them keeps probing going while another process holds the lock.
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

export interface DatabaseWritesOptions {
  /** Wall-clock time, for `since`. */
  readonly clock: () => number;
  /** Monotonic milliseconds, for the retry spacing (a wall clock set back must not delay it). */
  readonly ticks?: () => number;
  readonly log?: (line: string) => void;
}

export class DatabaseWrites {
  private current: WriteFailure | null = null;
  private retryAt = 0;
  private retryMs = FIRST_RETRY_MS;
  /** Writes that failed because the database was unavailable, since the daemon started. */
  errors = 0;
  private readonly clock: () => number;
  private readonly ticks: () => number;
  private readonly log: (line: string) => void;

  constructor(options: DatabaseWritesOptions) {
    this.clock = options.clock;
    this.ticks = options.ticks ?? (() => performance.now());
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** The failure in progress; null while writes work. */
  get failure(): WriteFailure | null {
    return this.current;
  }

  /**
   * Whether a background write (results, heartbeat) should be attempted now: always while
   * writes work; after a failure, once its retry time has come.
   */
  mayTry(): boolean {
    return this.current === null || this.ticks() >= this.retryAt;
  }

  /** Seconds a client should wait before retrying a write refused meanwhile. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.retryAt - this.ticks()) / 1000));
  }

  failed(error: Error & { code: string }): void {
    this.errors++;
    if (this.current === null) {
      this.current = { code: error.code, message: error.message, since: this.clock() };
      this.retryMs = FIRST_RETRY_MS;
      this.log(`database: writes are failing (${error.code}: ${error.message}); results are kept in memory and API writes answer 503 until it works again`);
    } else {
      this.current = { ...this.current, code: error.code, message: error.message };
      this.retryMs = Math.min(LONGEST_RETRY_MS, this.retryMs * 2);
    }
    this.retryAt = this.ticks() + this.retryMs;
  }

  succeeded(): void {
    if (this.current === null) return;
    this.log(`database: writes work again (failing since ${new Date(this.current.since).toISOString()})`);
    this.current = null;
    this.retryMs = FIRST_RETRY_MS;
  }

  /**
   * Runs a background write, reporting its outcome. An unavailable database is reported and
   * swallowed (false); any other error is a bug and is thrown.
   */
  attempt(write: () => void): boolean {
    try {
      write();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.failed(error);
      return false;
    }
    this.succeeded();
    return true;
  }
}
