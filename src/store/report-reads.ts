import { and, eq, gt, gte, inArray, isNull, lt, max, or, type Column } from 'drizzle-orm';
import type { Interval } from '../time/interval.ts';
import { chunks } from '../prober/postgres-history-rows.ts';
import type { AnyDialect, Tables } from './any-dialect.ts';

export type OutageRow = Tables['outages']['$inferSelect'];
export type ExclusionRow = Tables['exclusions']['$inferSelect'];
export type UnmonitoredRow = Tables['unmonitoredSpans']['$inferSelect'];
export type WindowRow = Tables['maintenanceWindows']['$inferSelect'];
export type WindowVersionRow = Tables['maintenanceVersions']['$inferSelect'];
export type WindowEnvironmentRow = Tables['maintenanceEnvironments']['$inferSelect'];
export type IncidentDeadlineRow = Pick<Tables['incidents']['$inferSelect'], 'priority' | 'responseDueAt' | 'resolutionDueAt' | 'respondedAt' | 'resolvedAt'>;

export interface LastResult {
  readonly at: number;
  readonly status: 'up' | 'degraded' | 'down';
  readonly latencyMs: number | null;
  readonly reason: string | null;
}

/** A location's last result of a check. */
export interface LocatedResult extends LastResult {
  readonly location: string;
}

export type OpenOutageRow = Pick<OutageRow, 'id' | 'checkId' | 'envId' | 'start' | 'source'>;

/**
 * What the monthly report and the public view read from the database, asynchronously so that a PostgreSQL server
 * can answer it. Every list comes in id order, whichever database answers. Callers await one
 * read before the next: on a transaction they share one connection.
 */
export interface ReportReads {
  /** When the daemon first saw each environment (the default slaStart, rule 7). */
  environmentsSeen(): Promise<{ envId: string; firstSeenAt: number }[]>;
  /** Outages of any check overlapping the span (open ones included). */
  outagesOverlapping(span: Interval): Promise<OutageRow[]>;
  /** The exclusions of those outages, revoked ones included. */
  exclusionsOfOutagesOverlapping(span: Interval): Promise<ExclusionRow[]>;
  unmonitoredOverlapping(span: Interval): Promise<UnmonitoredRow[]>;
  /** Each check's last result instant; a check never probed is absent. */
  lastResultsAt(checkIds: readonly string[]): Promise<Map<string, number>>;
  /** Each check's last result, with its status, latency and reason: the newest of its locations'; a check never probed is absent. */
  lastResults(checkIds: readonly string[]): Promise<Map<string, LastResult>>;
  /** Each check's last result at each location that probed it, newest first; a check never probed is absent. */
  lastResultsByLocation(checkIds: readonly string[]): Promise<Map<string, LocatedResult[]>>;
  /** Outages still open, oldest first. */
  openOutages(): Promise<OpenOutageRow[]>;
  /** Every version of each window one of whose versions overlaps the span, ordered by window then version. */
  windowVersionsOverlapping(span: Interval): Promise<WindowVersionRow[]>;
  windows(ids: readonly number[]): Promise<WindowRow[]>;
  windowEnvironments(ids: readonly number[]): Promise<WindowEnvironmentRow[]>;
  /** Incidents opened within the span, only the public ones when asked. */
  incidentsOpenedIn(span: Interval, options: { publicOnly: boolean }): Promise<IncidentDeadlineRow[]>;
}

// The span conditions, shared by these reads and by the synchronous window read of src/reports.

/** Rows whose [start, end) overlaps the span; a null end (still open) when `openEnded`. */
export function overlaps(start: Column, end: Column, span: Interval, options: { openEnded: boolean }) {
  const endsAfter = gt(end, span.start);
  return and(lt(start, span.end), options.openEnded ? or(isNull(end), endsAfter) : endsAfter);
}

/** Rows whose instant lies in [start, end). */
export function within(at: Column, span: Interval) {
  return and(gte(at, span.start), lt(at, span.end));
}

/** Check ids named in one IN list at most: well under SQLite's and PostgreSQL's limits on parameters. */
const CHECKS_PER_QUERY = 500;
/** Queries naming checks at most, before one query over every check does better. */
const NAMED_QUERIES_AT_MOST = 10;

/** The report's reads on either database: SQLite (sqliteDialect) or PostgreSQL (postgresDialect). */
export function reportReads({ db, t }: AnyDialect): ReportReads {
  async function lastResultsByLocation(checkIds: readonly string[]): Promise<Map<string, LocatedResult[]>> {
    // A check's latest run at a location is its highest id there; with several locations the
    // check's highest id is only the run begun last, while another location's run may still be
    // growing (docs/locations.md); the index on (check_id, location) groups them without a sort
    // (at 50,000 checks on SQLite, 0.23 s against 0.44 s with a sort). The checks are named in
    // queries of CHECKS_PER_QUERY, a few round trips instead of a query per check (1,000 checks on
    // a server: 0.5-1.6 s against 0.1 s); past NAMED_QUERIES_AT_MOST of them, one query over
    // every check, kept to those asked, on SQLite at 50,000 checks as quick as a prepared lookup
    // each. Not that query for a few: the public view's 1,000 checks among 50,000 read the
    // 50,000 on the daemon's thread (about 120 ms every few seconds, readers and probes waiting).
    const last = new Map<string, LocatedResult[]>();
    if (checkIds.length === 0) return last;
    const whole = checkIds.length > CHECKS_PER_QUERY * NAMED_QUERIES_AT_MOST;
    const asked = whole ? new Set(checkIds) : null;
    const latestOf = (named: readonly string[] | null) =>
      db
        .select({ id: max(t.probeRuns.id) })
        .from(t.probeRuns)
        .where(named ? inArray(t.probeRuns.checkId, [...named]) : undefined)
        .groupBy(t.probeRuns.checkId, t.probeRuns.location);
    const rows = [];
    for (const named of whole ? [null] : chunks(checkIds, CHECKS_PER_QUERY)) {
      rows.push(
        ...(await db
          .select({
            checkId: t.probeRuns.checkId,
            location: t.probeRuns.location,
            at: t.probeRuns.lastAt,
            status: t.probeRuns.status,
            latencyMs: t.probeRuns.lastLatencyMs,
            reason: t.probeRuns.reason,
          })
          .from(t.probeRuns)
          .where(inArray(t.probeRuns.id, latestOf(named)))),
      );
    }
    for (const { checkId, ...result } of rows) {
      if (asked && !asked.has(checkId)) continue;
      const results = last.get(checkId);
      if (results) results.push(result);
      else last.set(checkId, [result]);
    }
    for (const results of last.values()) if (results.length > 1) results.sort((a, b) => b.at - a.at || (a.location < b.location ? -1 : 1));
    return last;
  }
  async function lastResults(checkIds: readonly string[]): Promise<Map<string, LastResult>> {
    const last = new Map<string, LastResult>();
    for (const [checkId, results] of await lastResultsByLocation(checkIds)) {
      const { location: _location, ...newest } = results[0]!;
      last.set(checkId, newest);
    }
    return last;
  }
  return {
    environmentsSeen: () => db.select().from(t.environmentsSeen).orderBy(t.environmentsSeen.envId),
    outagesOverlapping: (span) => db.select().from(t.outages).where(overlaps(t.outages.start, t.outages.end, span, { openEnded: true })).orderBy(t.outages.id),
    exclusionsOfOutagesOverlapping: async (span) =>
      (
        await db
          .select({ exclusion: t.exclusions })
          .from(t.exclusions)
          .innerJoin(t.outages, eq(t.exclusions.outageId, t.outages.id))
          .where(overlaps(t.outages.start, t.outages.end, span, { openEnded: true }))
          .orderBy(t.exclusions.id)
      ).map((row) => row.exclusion),
    unmonitoredOverlapping: (span) =>
      db.select().from(t.unmonitoredSpans).where(overlaps(t.unmonitoredSpans.start, t.unmonitoredSpans.end, span, { openEnded: false })).orderBy(t.unmonitoredSpans.id),
    lastResultsAt: async (checkIds) => new Map([...(await lastResults(checkIds))].map(([checkId, result]) => [checkId, result.at])),
    lastResults,
    lastResultsByLocation,
    openOutages: () =>
      db
        .select({ id: t.outages.id, checkId: t.outages.checkId, envId: t.outages.envId, start: t.outages.start, source: t.outages.source })
        .from(t.outages)
        .where(isNull(t.outages.end))
        .orderBy(t.outages.start, t.outages.id),
    windowVersionsOverlapping: (span) =>
      db
        .select()
        .from(t.maintenanceVersions)
        .where(
          inArray(
            t.maintenanceVersions.windowId,
            db.select({ id: t.maintenanceVersions.windowId }).from(t.maintenanceVersions).where(overlaps(t.maintenanceVersions.start, t.maintenanceVersions.end, span, { openEnded: false })),
          ),
        )
        .orderBy(t.maintenanceVersions.windowId, t.maintenanceVersions.id),
    windows: async (ids) => (ids.length === 0 ? [] : db.select().from(t.maintenanceWindows).where(inArray(t.maintenanceWindows.id, [...ids])).orderBy(t.maintenanceWindows.id)),
    windowEnvironments: async (ids) =>
      ids.length === 0
        ? []
        : db
            .select()
            .from(t.maintenanceEnvironments)
            .where(inArray(t.maintenanceEnvironments.windowId, [...ids]))
            .orderBy(t.maintenanceEnvironments.windowId, t.maintenanceEnvironments.envId),
    incidentsOpenedIn: (span, options) =>
      db
        .select({
          priority: t.incidents.priority,
          responseDueAt: t.incidents.responseDueAt,
          resolutionDueAt: t.incidents.resolutionDueAt,
          respondedAt: t.incidents.respondedAt,
          resolvedAt: t.incidents.resolvedAt,
        })
        .from(t.incidents)
        // An anonymous reader sees public incidents only (rule 9), in the counts as in the lists.
        .where(and(within(t.incidents.openedAt, span), ...(options.publicOnly ? [eq(t.incidents.public, true)] : [])))
        .orderBy(t.incidents.id),
  };
}
