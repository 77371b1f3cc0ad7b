import { describe, expect, it } from 'vitest';
import type { MonthlyReport } from '../../src/reports/monthly-report.ts';
import { formatReportTable } from '../../src/reports/report-table.ts';

const report = (complete: boolean): MonthlyReport => ({
  month: '2027-03',
  timeZone: 'America/Toronto',
  target: 99,
  complete,
  coverageMinimum: 95,
  environments: [],
  incidents: { I: { count: 0, responseMet: 0, resolutionMet: 0 }, II: { count: 0, responseMet: 0, resolutionMet: 0 }, III: { count: 0, responseMet: 0, resolutionMet: 0 }, IV: { count: 0, responseMet: 0, resolutionMet: 0 } },
});

describe('the report as a table', () => {
  it('says whether the month is over, in progress, or not yet begun', () => {
    expect(formatReportTable(report(true), { started: true }).split('\n')[0]).toBe('veille availability report 2027-03 (America/Toronto), target 99 %');
    expect(formatReportTable(report(false), { started: true }).split('\n')[0]).toMatch(/— month in progress$/);
    // A future month is not "in progress": nothing of it has been measured yet.
    expect(formatReportTable(report(false), { started: false }).split('\n')[0]).toMatch(/— month not begun yet$/);
  });
});
