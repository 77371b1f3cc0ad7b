import { BusyError, createComputedCache } from '../cache/computed-cache.ts';
import { createDataVersionReader } from '../cache/data-version.ts';
import { ApiError } from '../server/api-error.ts';
import type { AppDeps } from '../server/deps.ts';
import { retryAfterSeconds } from '../server/rate-limit.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { reportReads } from '../store/report-reads.ts';
import { inlineReportComputer } from './report-computer.ts';

/** Probe results may make a report lag by this much, as the public page; registry writes show at once. */
export const REPORT_REFRESH_MS = 5_000;
/** Different reports computed at once; more at the same time are refused with 429. */
export const MAX_REPORTS_IN_FLIGHT = 2;

/** The monthly report as every route serves it: cached, computed off the event loop when it can be, bounded. */
export interface MonthlyReports {
  /** Throws ApiError 429 (with Retry-After) when MAX_REPORTS_IN_FLIGHT others are being computed. */
  get(input: { month: string; publicOnly: boolean }): Promise<MonthlyReport>;
}

export function createMonthlyReports(deps: AppDeps): MonthlyReports {
  const computer = deps.reportComputer ?? inlineReportComputer({ reads: reportReads(deps.database.store), config: deps.config, calendars: deps.calendars });
  const cache = createComputedCache<MonthlyReport>({
    clock: deps.clock,
    version: createDataVersionReader(deps.database),
    refreshMs: REPORT_REFRESH_MS,
    maxInFlight: MAX_REPORTS_IN_FLIGHT,
  });
  return {
    async get(input) {
      try {
        // A month in progress counts open outages and unmonitored time up to now: its report
        // is not kept (only shared by requests that arrive while it is computed); a month that
        // has ended no longer depends on the instant it is asked at.
        const ended = deps.calendars.default.monthSpan(input.month).end <= deps.clock();
        return await cache.get(`${input.month} ${input.publicOnly ? 'public' : 'all'}`, (now) => computer.monthly({ ...input, now }), { reusable: ended });
      } catch (error) {
        if (!(error instanceof BusyError)) throw error;
        throw new ApiError(429, 'too_many_requests', 'too many reports are being computed; try again shortly', [], { 'Retry-After': retryAfterSeconds(error.retryAfterMs) });
      }
    },
  };
}

/** The report through the app's cache (createApp always sets one; a bare deps object computes a fresh one). */
export function monthlyReport(deps: AppDeps, input: { month: string; publicOnly: boolean }): Promise<MonthlyReport> {
  return (deps.monthlyReports ?? createMonthlyReports(deps)).get(input);
}
