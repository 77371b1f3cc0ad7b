import { PRIORITIES, type Priority } from '../config/types.ts';
import type { IncidentDeadlineRow, ReportReads } from '../store/report-reads.ts';
import type { Interval } from '../time/interval.ts';

export interface PrioritySummary {
  count: number;
  responseMet: number;
  resolutionMet: number;
}

/**
 * The report's incident block: incidents opened in the month, per priority, and how many
 * met each deadline (rule 8). Priority IV has no resolution deadline: resolved means met.
 * `publicOnly`: only the incidents marked public.
 */
export async function readIncidentSummary(reads: ReportReads, span: Interval, options: { publicOnly: boolean }): Promise<Record<Priority, PrioritySummary>> {
  return countDeadlines(await reads.incidentsOpenedIn(span, options));
}

function countDeadlines(rows: readonly IncidentDeadlineRow[]): Record<Priority, PrioritySummary> {
  const summary = Object.fromEntries(PRIORITIES.map((p) => [p, { count: 0, responseMet: 0, resolutionMet: 0 }])) as Record<Priority, PrioritySummary>;
  for (const row of rows) {
    const entry = summary[row.priority];
    entry.count++;
    if (row.respondedAt !== null && row.respondedAt <= row.responseDueAt) entry.responseMet++;
    if (row.resolvedAt !== null && (row.resolutionDueAt === null || row.resolvedAt <= row.resolutionDueAt)) entry.resolutionMet++;
  }
  return summary;
}
