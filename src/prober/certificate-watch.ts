import type { CheckConfig } from '../config/types.ts';
import type { Db, OpenDatabase } from '../store/database.ts';
import { checkCertificates } from '../store/schema/index.ts';

/** Told when an https check's certificate enters its warning period or has expired; never throws. */
export interface CertificateNotices {
  certificateExpiring(db: Db, input: { checkId: string; notAfter: number }, now: number): void;
}

interface Known {
  readonly notAfter: number;
  /** The team was told of this certificate (by this process, or before a restart: the event key dedups). */
  readonly told: boolean;
}

/**
 * The certificate each https check last presented, kept in memory (restored from
 * `check_certificates` at start). A row is written only when the certificate changes, and the
 * alert is raised once per certificate: the event key (check, notAfter) makes a second call,
 * even after a restart, queue nothing. Changes are staged inside the batch transaction and kept
 * only once it commits, so a failed batch is replayed in full.
 */
export class CertificateWatch {
  private readonly known = new Map<string, Known>();
  private staged = new Map<string, Known>();

  constructor(database: OpenDatabase) {
    for (const row of database.db.select().from(checkCertificates).all()) this.known.set(row.checkId, { notAfter: row.notAfter, told: false });
  }

  /** The notAfter last seen for a check, or null. */
  notAfter(checkId: string): number | null {
    return (this.staged.get(checkId) ?? this.known.get(checkId))?.notAfter ?? null;
  }

  observe(tx: Db, check: CheckConfig, notAfter: number, at: number, notices: Partial<CertificateNotices> | undefined, now: number): void {
    let current = this.staged.get(check.id) ?? this.known.get(check.id);
    if (current?.notAfter !== notAfter) {
      tx.insert(checkCertificates)
        .values({ checkId: check.id, notAfter, checkedAt: at })
        .onConflictDoUpdate({ target: checkCertificates.checkId, set: { notAfter, checkedAt: at } })
        .run();
      current = { notAfter, told: false };
    }
    if (!current.told && check.certificateWarningMs !== null && notAfter - at <= check.certificateWarningMs) {
      notices?.certificateExpiring?.(tx, { checkId: check.id, notAfter }, now);
      current = { notAfter, told: true };
    }
    this.staged.set(check.id, current);
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
