import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../store/database.ts';
import { maintenanceEnvironments, maintenanceVersions, maintenanceWindows } from '../store/schema/index.ts';

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

export function insertWindow(
  db: Db,
  input: { impact: string; environmentIds: readonly string[]; createdBy: string; createdAt: number; version: NewVersion },
): number {
  const { id } = db
    .insert(maintenanceWindows)
    .values({ impact: input.impact, createdBy: input.createdBy, createdAt: input.createdAt })
    .returning({ id: maintenanceWindows.id })
    .get();
  db.insert(maintenanceEnvironments)
    .values(input.environmentIds.map((envId) => ({ windowId: id, envId })))
    .run();
  insertVersion(db, id, input.version);
  return id;
}

export function insertVersion(db: Db, windowId: number, version: NewVersion): void {
  db.insert(maintenanceVersions).values({ windowId, ...version }).run();
}

/** Marks a window cancelled; false when it already was (the first cancellation stands). */
export function markCancelled(db: Db, windowId: number, input: { at: number; by: string; reason: string }): boolean {
  return (
    db
      .update(maintenanceWindows)
      .set({ cancelledAt: input.at, cancelledBy: input.by, cancelReason: input.reason })
      .where(and(eq(maintenanceWindows.id, windowId), isNull(maintenanceWindows.cancelledAt)))
      .run().changes > 0
  );
}

export function findWindow(db: Db, id: number): MaintenanceWindow | null {
  return loadWindows(db, [id])[0] ?? null;
}

/** Every window, oldest first. The registry holds tens of windows a year: no paging needed. */
export function allWindows(db: Db): MaintenanceWindow[] {
  return loadWindows(db, null);
}

function loadWindows(db: Db, ids: number[] | null): MaintenanceWindow[] {
  const windows = db
    .select()
    .from(maintenanceWindows)
    .where(ids ? inArray(maintenanceWindows.id, ids) : undefined)
    .orderBy(asc(maintenanceWindows.id))
    .all();
  if (windows.length === 0) return [];
  const windowIds = windows.map((window) => window.id);
  const versions = db
    .select()
    .from(maintenanceVersions)
    .where(inArray(maintenanceVersions.windowId, windowIds))
    .orderBy(asc(maintenanceVersions.id))
    .all();
  const environments = db.select().from(maintenanceEnvironments).where(inArray(maintenanceEnvironments.windowId, windowIds)).all();
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
