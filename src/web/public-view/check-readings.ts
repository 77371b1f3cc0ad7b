import { and, desc, eq, isNull } from 'drizzle-orm';
import type { CheckConfig } from '../../config/types.ts';
import { GAP_INTERVALS } from '../../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../../schedule/nominal-interval.ts';
import type { Db } from '../../store/database.ts';
import { outages, probeResults } from '../../store/schema/index.ts';
import type { CheckState } from './types.ts';

export interface CheckReading {
  state: CheckState;
  latencyMs: number | null;
  checkedAt: number | null;
}

/**
 * The state of one check as the public sees it: down while an outage is open (rule 4: only a
 * confirmed outage is "down"; downs not yet confirmed read as degraded), otherwise its last
 * result; unknown when nothing was observed for longer than 3 intervals, as the report does.
 */
export function readCheck(db: Db, check: CheckConfig, now: number, intervalMs = nominalIntervalMs(check)): CheckReading {
  const last = db
    .select({ at: probeResults.at, status: probeResults.status, latencyMs: probeResults.latencyMs })
    .from(probeResults)
    .where(eq(probeResults.checkId, check.id))
    .orderBy(desc(probeResults.at))
    .limit(1)
    .get();
  const open = db
    .select({ source: outages.source })
    .from(outages)
    .where(and(eq(outages.checkId, check.id), isNull(outages.end)))
    .limit(1)
    .get();
  const stale = !last || now - last.at > GAP_INTERVALS * intervalMs;
  // A manual outage is known to be ongoing without any probe; one the prober opened is only
  // as current as its last result.
  if (open && (open.source === 'manual' || !stale)) return { state: 'down', latencyMs: null, checkedAt: last?.at ?? null };
  if (!last || stale) return { state: 'unknown', latencyMs: null, checkedAt: last?.at ?? null };
  if (last.status === 'down') return { state: 'degraded', latencyMs: null, checkedAt: last.at };
  return { state: last.status, latencyMs: last.latencyMs, checkedAt: last.at };
}
