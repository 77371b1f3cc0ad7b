// Whether the database takes writes, as the daemon's last attempts found. A full disk, another
// process holding the write lock past busy_timeout, a read-only file, a PostgreSQL server out of
// reach must not stop the daemon: results wait in memory, API writes answer 503, /healthz and
// /metrics say so, and writing resumes on its own. This is what they all read and report to.

/** SQLite result codes that mean "the database cannot take writes now", not a bug in the query. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|BUSY|LOCKED|READONLY|IOERR|CANTOPEN|PROTOCOL)(_|$)/;

/**
 * PostgreSQL's (SQLSTATE): a lost or refused connection (class 08), insufficient resources (53:
 * disk full, out of memory, too many connections), a server shutting down or starting (57P01-03),
 * a read-only transaction (25006: a standby after a failover), an I/O error (58030).
 */
const POSTGRES_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-3]|25006|58030)$/;

/** The server cannot be reached: the socket's errors (a Unix socket's path missing is ENOENT). */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOENT|EAI_AGAIN)$/;

/** node-postgres's own errors when a connection ends or cannot be made in time; they carry no code. */
const CONNECTION_LOST = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

/**
 * Why the database is unwritable for now, as an error with a code (SQLite's result code,
 * PostgreSQL's SQLSTATE, the socket's error, or CONNECTION_LOST), or null for an error that is
 * a bug in the query. An error from either driver, whether drizzle wrapped it or not.
 */
export function databaseUnavailable(error: unknown): (Error & { code: string }) | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || UNREACHABLE.test(code))) return cause as Error & { code: string };
    if (code === undefined && CONNECTION_LOST.test(cause.message)) return Object.assign(new Error(cause.message), { code: 'CONNECTION_LOST' });
    // drizzle's DrizzleQueryError carries the driver's error as its cause; a refused connection
    // to a host of several addresses is an AggregateError of one per address.
    cause = cause instanceof AggregateError && cause.errors.length > 0 ? cause.errors[0] : cause.cause;
  }
  return null;
}

export interface WriteFailure {
  /** The code of the last failure: SQLite's (SQLITE_FULL, SQLITE_BUSY…), PostgreSQL's SQLSTATE, the socket's (ECONNREFUSED…) or CONNECTION_LOST. */
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
      const unavailable = databaseUnavailable(error);
      if (!unavailable) throw error;
      this.failed(unavailable);
      return false;
    }
    this.succeeded();
    return true;
  }
}
