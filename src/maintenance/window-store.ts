import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { AnyDialect, Tables } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';

// The maintenance registry's storage: a window row (impact, cancellation), its versions (every
// recorded state of its times with the notice that announced it) and the environments it covers.
// Nothing is ever deleted or overwritten except the one-way cancellation columns.

export interface WindowVersion {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  /** null while veille is still sending the notice itself: no notice yet, so no exclusion (rule 5). */
  readonly noticeSentAt: number | null;
  readonly noticeRef: string | null;
  readonly recordedAt: number;
  readonly recordedBy: string;
  readonly changeReason: string | null;
}

export interface MaintenanceWindow {
  readonly id: number;
  readonly impact: string;
  readonly environmentIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly cancelledAt: number | null;
  readonly cancelledBy: string | null;
  readonly cancelReason: string | null;
  /** Chronological; the last one holds the window's current times. */
  readonly versions: readonly WindowVersion[];
}

/** A version about to be recorded: everything but the id the store gives it. */
export type NewVersion = Omit<WindowVersion, 'id'>;

export interface NewWindow {
  readonly impact: string;
  readonly environmentIds: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly version: NewVersion;
}

/** Writes a window, the environments it covers and its first version, in the caller's transaction; its id. */
export async function insertWindow(tx: StoreTx, input: NewWindow): Promise<number> {
  const { db, t } = tx;
  const [row] = await db
    .insert(t.maintenanceWindows)
    .values({ impact: input.impact, createdBy: input.createdBy, createdAt: input.createdAt })
    .returning({ id: t.maintenanceWindows.id });
  const id = row!.id;
  await db.insert(t.maintenanceEnvironments).values(input.environmentIds.map((envId) => ({ windowId: id, envId })));
  await insertVersion(tx, id, input.version);
  return id;
}

export async function insertVersion(tx: StoreTx, windowId: number, version: NewVersion): Promise<void> {
  await tx.db.insert(tx.t.maintenanceVersions).values({ windowId, ...version });
}

/** Marks a window cancelled; false when it already was (the first cancellation stands). */
export async function markCancelled(tx: StoreTx, windowId: number, input: { at: number; by: string; reason: string }): Promise<boolean> {
  // The rows changed, from RETURNING: SQLite and PostgreSQL report a bare update's count differently.
  const cancelled = await tx.db
    .update(tx.t.maintenanceWindows)
    .set({ cancelledAt: input.at, cancelledBy: input.by, cancelReason: input.reason })
    .where(and(eq(tx.t.maintenanceWindows.id, windowId), isNull(tx.t.maintenanceWindows.cancelledAt)))
    .returning({ id: tx.t.maintenanceWindows.id });
  return cancelled.length > 0;
}

/** Marks a version's notice pending: veille e-mails it, and it counts once every message is accepted. */
export async function markNoticePending(tx: StoreTx, versionId: number): Promise<void> {
  await tx.db.update(tx.t.maintenanceVersions).set({ noticeSentAt: null, noticeRef: null }).where(eq(tx.t.maintenanceVersions.id, versionId));
}

export async function findWindow(dialect: AnyDialect, id: number): Promise<MaintenanceWindow | null> {
  return (await readWindows(dialect, [id]))[0] ?? null;
}

/** Every window, oldest first. The registry holds tens of windows a year: no paging needed. */
export function allWindows(dialect: AnyDialect): Promise<MaintenanceWindow[]> {
  return readWindows(dialect, null);
}

async function readWindows({ db, t }: AnyDialect, ids: number[] | null): Promise<MaintenanceWindow[]> {
  const windows = await db
    .select()
    .from(t.maintenanceWindows)
    .where(ids ? inArray(t.maintenanceWindows.id, ids) : undefined)
    .orderBy(asc(t.maintenanceWindows.id));
  if (windows.length === 0) return [];
  const windowIds = windows.map((window) => window.id);
  const versions = await db.select().from(t.maintenanceVersions).where(inArray(t.maintenanceVersions.windowId, windowIds)).orderBy(asc(t.maintenanceVersions.id));
  // Ordered as SQLite's primary key gives them, so that both databases list environments alike.
  const environments = await db
    .select()
    .from(t.maintenanceEnvironments)
    .where(inArray(t.maintenanceEnvironments.windowId, windowIds))
    .orderBy(asc(t.maintenanceEnvironments.windowId), asc(t.maintenanceEnvironments.envId));
  return assemble(windows, versions, environments);
}

function assemble(
  windows: readonly Tables['maintenanceWindows']['$inferSelect'][],
  versions: readonly Tables['maintenanceVersions']['$inferSelect'][],
  environments: readonly Tables['maintenanceEnvironments']['$inferSelect'][],
): MaintenanceWindow[] {
  return windows.map((window) => ({
    id: window.id,
    impact: window.impact,
    environmentIds: environments.filter((row) => row.windowId === window.id).map((row) => row.envId),
    createdBy: window.createdBy,
    createdAt: window.createdAt,
    cancelledAt: window.cancelledAt,
    cancelledBy: window.cancelledBy,
    cancelReason: window.cancelReason,
    versions: versions
      .filter((row) => row.windowId === window.id)
      .map(({ windowId: _windowId, ...version }) => version),
  }));
}
