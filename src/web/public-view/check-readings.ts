import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { CheckConfig } from '../../config/types.ts';
import { GAP_INTERVALS } from '../../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../../schedule/nominal-interval.ts';
import type { Db } from '../../store/database.ts';
import { outages, probeRuns } from '../../store/schema/index.ts';
import type { CheckState } from './types.ts';

export interface CheckReading {
  state: CheckState;
  latencyMs: number | null;
  checkedAt: number | null;
}

type LastResult = { at: number; status: 'up' | 'degraded' | 'down'; latencyMs: number | null } | undefined;
type OpenOutage = { source: 'probe' | 'manual' } | undefined;

/**
 * The state of one check as the public sees it: down while an outage is open (rule 4: only a
 * confirmed outage is "down"; downs not yet confirmed read as degraded), otherwise its last
 * result; unknown when nothing was observed for longer than 3 intervals, as the report does.
 */
function toReading(last: LastResult, open: OpenOutage, now: number, intervalMs: number): CheckReading {
  const stale = !last || now - last.at > GAP_INTERVALS * intervalMs;
  // A manual outage is known to be ongoing without any probe; one the prober opened is only
  // as current as its last result.
  if (open && (open.source === 'manual' || !stale)) return { state: 'down', latencyMs: null, checkedAt: last?.at ?? null };
  if (!last || stale) return { state: 'unknown', latencyMs: null, checkedAt: last?.at ?? null };
  if (last.status === 'down') return { state: 'degraded', latencyMs: null, checkedAt: last.at };
  return { state: last.status, latencyMs: last.latencyMs, checkedAt: last.at };
}

const lastResultQuery = (db: Db) =>
  db
    .select({ at: probeRuns.lastAt, status: probeRuns.status, latencyMs: probeRuns.lastLatencyMs })
    .from(probeRuns)
    .where(eq(probeRuns.checkId, sql.placeholder('checkId')))
    .orderBy(desc(probeRuns.id))
    .limit(1);

const openOutageQuery = (db: Db) =>
  db
    .select({ source: outages.source })
    .from(outages)
    .where(and(eq(outages.checkId, sql.placeholder('checkId')), isNull(outages.end)))
    .limit(1);

export function readCheck(db: Db, check: CheckConfig, now: number, intervalMs = nominalIntervalMs(check)): CheckReading {
  const params = { checkId: check.id };
  return toReading(lastResultQuery(db).get(params), openOutageQuery(db).get(params), now, intervalMs);
}
