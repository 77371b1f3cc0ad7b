import { BUDGET_PARTS, DURATION_PARTS, minutesText } from '../../reports/figure-parts.ts';
import type { MonthlyReport } from '../../reports/monthly-report.ts';
import { shownAvailability, shownCoverage } from '../../reports/shown-figures.ts';

// The monthly report as CSV (RFC 4180: CRLF, fields quoted when needed), one row per
// environment, minutes with 3 decimals and a "." decimal point so any spreadsheet reads them as
// numbers. It starts with a UTF-8 byte order mark: without it Excel opens UTF-8 as the local
// code page and mangles accented names; LibreOffice and Google Sheets ignore it. Cells that a
// spreadsheet would run as formulas (=, +, -, @ first) are prefixed with an apostrophe.

export const CSV_BOM = '\uFEFF';

const HEADER = [
  'month',
  'time_zone',
  'complete',
  'environment_id',
  'environment_name',
  'business_minutes',
  'raw_downtime_minutes',
  'outside_business_minutes',
  'excluded_maintenance_minutes',
  'excluded_other_minutes',
  'downtime_minutes',
  'unmonitored_minutes',
  'availability_percent',
  'target_percent',
  'met',
  'budget_minutes',
  'budget_left_minutes',
  // Added after the first columns so that spreadsheets reading them by position keep working.
  'observed_minutes',
  'coverage_percent',
  'coverage_sufficient',
  'verdict',
];

/** Free text (a name) that a spreadsheet must not take for a formula. */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: MonthlyReport): string {
  const rows = report.environments.map((e) => [
    report.month,
    report.timeZone,
    report.complete,
    e.id,
    inert(e.name),
    ...DURATION_PARTS.map((part) => minutesText(e[part], part)),
    shownAvailability(e, report.target).text,
    report.target,
    e.met,
    ...BUDGET_PARTS.map((part) => minutesText(e[part], part)),
    minutesText(e.observedMs),
    shownCoverage(e, report.coverageMinimum).text,
    e.coverageSufficient,
    e.verdict,
  ]);
  return CSV_BOM + [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
