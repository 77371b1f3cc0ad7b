import type { Config } from '../config/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { currentVersion, windowStatus } from './window-status.ts';
import { allWindows, type MaintenanceWindow } from './window-store.ts';
import { publicWindowView, windowView } from './window-view.ts';

export interface WindowQuery {
  readonly now: number;
  /** Anonymous readers see only windows of public environments, and only those ids (rule 9). */
  readonly publicOnly: boolean;
  /** Keep windows whose current times overlap [from, to). */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/**
 * The registry grouped as the status page shows it: upcoming and current (soonest first),
 * past and cancelled (latest first). Each window also carries its `status`.
 */
export async function listWindows(deps: { store: AnyDialect; config: Config }, query: WindowQuery) {
  const publicIds = new Set(deps.config.environments.filter((environment) => environment.public).map((environment) => environment.id));
  const selected = (await allWindows(deps.store)).filter(
    (window) => (!query.publicOnly || window.environmentIds.some((id) => publicIds.has(id))) && overlaps(window, query),
  );
  const view = (window: MaintenanceWindow) =>
    query.publicOnly ? publicWindowView(window, query.now, publicIds) : windowView(window, query.now);
  const byStart = (a: MaintenanceWindow, b: MaintenanceWindow) => currentVersion(a).start - currentVersion(b).start || a.id - b.id;
  const group = (status: string, order: 1 | -1) =>
    selected
      .filter((window) => windowStatus(window, query.now) === status)
      .sort((a, b) => order * byStart(a, b))
      .map(view);
  return {
    upcoming: group('upcoming', 1),
    current: group('current', 1),
    past: group('past', -1),
    cancelled: group('cancelled', -1),
  };
}

function overlaps(window: MaintenanceWindow, query: WindowQuery): boolean {
  const { start, end } = currentVersion(window);
  return (query.from === undefined || end > query.from) && (query.to === undefined || start < query.to);
}
