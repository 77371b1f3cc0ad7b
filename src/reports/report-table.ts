import { BUDGET_PARTS, DURATION_PARTS, minutesText } from './figure-parts.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { shownAvailability, shownCoverage, shownThreshold } from './shown-figures.ts';

/** The report as a terminal table: minutes with 3 decimals (rule 7), one row per environment. */
export function formatReportTable(report: MonthlyReport, when: { started: boolean } = { started: true }): string {
  const header = ['environment', 'business', 'raw down', 'outside hrs', 'maint.', 'other excl.', 'counted', 'unmonitored', 'availability', 'budget', 'left', 'coverage', 'verdict'];
  const VERDICT = { met: 'met', missed: 'MISSED', none: '—' } as const;
  const minimum = shownThreshold(report.coverageMinimum).text;
  const thin = report.environments.filter((e) => e.verdict !== 'none' && !e.coverageSufficient);
  const rows = report.environments.map((e) => [
    e.id,
    ...DURATION_PARTS.map((part) => minutesText(e[part], part)),
    `${shownAvailability(e, report.target).text} %`,
    ...BUDGET_PARTS.map((part) => minutesText(e[part], part)),
    `${shownCoverage(e, report.coverageMinimum).text} %`,
    `${VERDICT[e.verdict]}${thin.includes(e) ? ' *' : ''}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const incidents = Object.entries(report.incidents)
    .map(([priority, s]) => `${priority}: ${s.count} opened, ${s.responseMet} response met, ${s.resolutionMet} resolution met`)
    .join('\n  ');
  return [
    `veille availability report ${report.month} (${report.timeZone}), target ${report.target} %${report.complete ? '' : when.started ? ' — month in progress' : ' — month not begun yet'}`,
    'Durations in business minutes; coverage: the share of business time observed.',
    '',
    line(header),
    ...rows.map(line),
    ...(rows.length === 0 ? ['(no production environment)'] : []),
    // Below the minimum the verdict stands, but it must not read as a plain "met".
    ...thin.map(
      (e) => `* ${e.id}: the verdict rests on too little observation: ${shownCoverage(e, report.coverageMinimum).text} % of business time observed, under the minimum of ${minimum} %`,
    ),
    '',
    'Incidents opened this month:',
    `  ${incidents}`,
  ].join('\n');
}
