import type { CheckConfig } from '../config/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Db } from '../store/database.ts';
import { checkCertificates } from '../store/schema/index.ts';
import type { StoreTx } from '../store/store.ts';

/** Told in the batch's transaction when an https check's certificate enters its warning period or has expired; never rejects. */
export interface CertificateNotices {
  certificateExpiring(tx: StoreTx, input: { checkId: string; notAfter: number }, now: number): Promise<void>;
}

interface Known {
  readonly notAfter: number;
  /** The team was told of this certificate (by this process, or before a restart: the event key dedups). */
  readonly told: boolean;
}

/** What a batch must write for one observed certificate. */
export interface CertificateChange {
  /** The certificate differs from the one stored: its row is written (check_certificates). */
  readonly store: boolean;
  /** The team is told (certificateExpiring). */
  readonly tell: boolean;
}

/**
 * The certificate each https check last presented, kept in memory (restored from
 * `check_certificates` at start). A row is written only when the certificate changes, and the
 * alert is raised once per certificate: the event key (check, notAfter) makes a second call,
 * even after a restart, queue nothing. Changes are staged while a batch is written and kept
 * only once it commits, so a failed batch is replayed in full. The sinks write what `observe`
 * says.
 */
export class CertificateWatch {
  private readonly known = new Map<string, Known>();
  private staged = new Map<string, Known>();

  constructor(stored: Iterable<{ readonly checkId: string; readonly notAfter: number }>) {
    for (const row of stored) this.known.set(row.checkId, { notAfter: row.notAfter, told: false });
  }

  /** The certificates stored, on SQLite at once. */
  static readSync(db: Db): CertificateWatch {
    return new CertificateWatch(db.select().from(checkCertificates).all());
  }

  /** The certificates stored, on either database. */
  static async read({ db, t }: AnyDialect): Promise<CertificateWatch> {
    return new CertificateWatch(await db.select({ checkId: t.checkCertificates.checkId, notAfter: t.checkCertificates.notAfter }).from(t.checkCertificates));
  }

  /** The notAfter last seen for a check, or null. */
  notAfter(checkId: string): number | null {
    return (this.staged.get(checkId) ?? this.known.get(checkId))?.notAfter ?? null;
  }

  observe(check: CheckConfig, notAfter: number, at: number): CertificateChange {
    let current = this.staged.get(check.id) ?? this.known.get(check.id);
    const store = current?.notAfter !== notAfter;
    if (store) current = { notAfter, told: false };
    const tell = !current!.told && check.certificateWarningMs !== null && notAfter - at <= check.certificateWarningMs;
    if (tell) current = { notAfter, told: true };
    this.staged.set(check.id, current!);
    return { store, tell };
  }

  /** The batch committed: what it observed is now known. */
  commit(): void {
    for (const [checkId, value] of this.staged) this.known.set(checkId, value);
    this.staged = new Map();
  }

  /** The batch rolled back: it will be replayed. */
  discard(): void {
    this.staged = new Map();
  }
}
