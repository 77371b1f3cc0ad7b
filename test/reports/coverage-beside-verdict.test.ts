import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../status-page/format.ts';
import { ReportEnvironment } from '../../status-page/components/report-environment.tsx';
import { availabilityBadge } from '../../src/interop/availability-badge.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { MonthlyReport } from '../../src/reports/monthly-report.ts';
import { formatReportTable } from '../../src/reports/report-table.ts';
import { computeMonthlyFigures } from '../../src/sla/monthly-figures.ts';
import type { EnvironmentFigure } from '../../src/sla/types.ts';
import { reportCsv } from '../../src/web/report/report-csv.ts';
import { at, environment, toronto } from '../sla/fixtures.ts';
import { configIssues } from '../support/config-issues.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { publicCard } from './render-card.ts';

// November 2026 in Toronto: B = 168 business hours. A daemon that ran only on Monday 2
// November observed 8 h of them: 4.76 % of the month, with no downtime counted.
const B = 604_800_000;
const H = 3_600_000;
const END_OF_NOVEMBER = '2026-12-01T00:00:00-05:00';

function figures(now: string, unmonitored: Array<[string, string]> = [], coverageMinimum?: number) {
  return computeMonthlyFigures({
    month: '2026-11',
    target: 99,
    ...(coverageMinimum === undefined ? {} : { coverageMinimum }),
    now: at(now),
    environments: [environment({ unmonitored: unmonitored.map(([start, end]) => ({ start: at(start), end: at(end) })) })],
    windows: [],
    defaultCalendar: toronto,
  });
}

const MOSTLY_UNOBSERVED: Array<[string, string]> = [['2026-11-03T00:00:00-05:00', END_OF_NOVEMBER]];

describe('coverage in the monthly figures', () => {
  it('is observed business time over B, and below the minimum the figure says so', () => {
    const report = figures(END_OF_NOVEMBER, MOSTLY_UNOBSERVED);
    expect(report.coverageMinimum).toBe(95);
    expect(report.environments[0]).toMatchObject({
      businessMs: B,
      unmonitoredMs: B - 8 * H,
      observedMs: 8 * H,
      coverage: (8 * H) / B,
      availability: 100,
      met: true,
      verdict: 'met',
      coverageSufficient: false,
    });
  });

  it('a month fully observed has coverage 1 and a supported verdict', () => {
    expect(figures(END_OF_NOVEMBER).environments[0]).toMatchObject({ observedMs: B, coverage: 1, coverageSufficient: true, verdict: 'met' });
  });

  it('compares with the minimum exactly: 95 % observed is enough, one ms less is not', () => {
    // 5 % of B unmonitored = 8.4 h: Monday 30 November 09:00 to 17:00 and 0.4 h on Friday the 27th.
    const exactly = figures(END_OF_NOVEMBER, [['2026-11-27T16:36:00-05:00', END_OF_NOVEMBER]]).environments[0]!;
    expect(exactly.unmonitoredMs).toBe(B * 0.05);
    expect(exactly.coverageSufficient).toBe(true);
    const less = figures(END_OF_NOVEMBER, [['2026-11-27T16:35:59.999-05:00', END_OF_NOVEMBER]]).environments[0]!;
    expect(less.coverageSufficient).toBe(false);
  });

  it('takes a configured minimum', () => {
    expect(figures(END_OF_NOVEMBER, MOSTLY_UNOBSERVED, 4).environments[0]!.coverageSufficient).toBe(true);
  });

  it('a month not yet begun has no verdict (met stays true, as the contract computes it)', () => {
    const report = figures('2026-10-20T12:00:00-04:00');
    expect(report.environments[0]).toMatchObject({ met: true, verdict: 'none', coverage: 1 });
  });

  it('a month without business time (slaStart after it) has no verdict, coverage 1', () => {
    const report = computeMonthlyFigures({
      month: '2026-11',
      target: 99,
      now: at(END_OF_NOVEMBER),
      environments: [environment({ slaStart: at('2026-12-15T00:00:00-05:00') })],
      windows: [],
      defaultCalendar: toronto,
    });
    expect(report.environments[0]).toMatchObject({ businessMs: 0, observedMs: 0, coverage: 1, verdict: 'none' });
  });
});

describe('the configuration key coverageMinimum', () => {
  it('defaults to 95 and is validated as a percentage', () => {
    expect(parseConfig(TEST_CONFIG_YAML, 'test.yaml').coverageMinimum).toBe(95);
    expect(parseConfig(`coverageMinimum: 90\n${TEST_CONFIG_YAML}`, 'test.yaml').coverageMinimum).toBe(90);
    expect(configIssues(`coverageMinimum: 120\n${TEST_CONFIG_YAML}`)).toEqual(['coverageMinimum: must be a percentage from 0 to 100']);
    expect(configIssues(`coverageMinimum: high\n${TEST_CONFIG_YAML}`)).toHaveLength(1);
  });
});

function report(figure: EnvironmentFigure, complete = true): MonthlyReport {
  const none = { count: 0, responseMet: 0, resolutionMet: 0 };
  return { month: '2026-11', timeZone: 'America/Toronto', target: 99, complete, coverageMinimum: 95, environments: [figure], incidents: { I: none, II: none, III: none, IV: none } };
}

const unobserved = figures(END_OF_NOVEMBER, MOSTLY_UNOBSERVED).environments[0]!;
const observed = figures(END_OF_NOVEMBER).environments[0]!;
const notBegun = figures('2026-10-20T12:00:00-04:00').environments[0]!;

describe('coverage beside every verdict', () => {
  it('the CSV: observed minutes, coverage, whether it suffices and the verdict', () => {
    const [header, row] = reportCsv(report(unobserved)).replace('\uFEFF', '').split('\r\n');
    const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]]));
    expect(cells).toMatchObject({ observed_minutes: '480.000', coverage_percent: '4.7', coverage_sufficient: 'false', verdict: 'met', met: 'true' });
    const future = Object.fromEntries(header!.split(',').map((name, i) => [name, reportCsv(report(notBegun, false)).split('\r\n')[1]!.split(',')[i]]));
    expect(future.verdict).toBe('none');
  });

  it('the terminal table', () => {
    const table = formatReportTable(report(unobserved));
    expect(table).toMatch(/coverage/);
    expect(table).toContain('4.7 %');
    expect(table).toMatch(/acme-prod: the verdict rests on too little observation: 4\.7 % of business time observed, under the minimum of 95 %/);
    expect(formatReportTable(report(observed))).not.toMatch(/too little observation/);
    const row = formatReportTable(report(notBegun, false), { started: false })
      .split('\n')
      .find((line) => line.startsWith('acme-prod'))!;
    expect(row).toMatch(/—$/);
  });

  it('the report page (and its print)', () => {
    const f = createFormatter('fr', 'fr-CA', 'America/Toronto');
    const html = String(ReportEnvironment({ f, figure: unobserved, exclusions: [], trend: [], target: 99, coverageMinimum: 95, index: 0 }));
    expect(html).toContain('4,7 %');
    expect(html).toContain('trop peu d’observation');
    expect(String(ReportEnvironment({ f, figure: observed, exclusions: [], trend: [], target: 99, coverageMinimum: 95, index: 0 }))).not.toContain('trop peu');
    const future = String(ReportEnvironment({ f, figure: notBegun, exclusions: [], trend: [], target: 99, coverageMinimum: 95, index: 0 }));
    expect(future).not.toContain('cible atteinte');
    expect(future).toContain('aucun verdict');
  });

  it('the public page', () => {
    expect(publicCard(unobserved, 'fr')).toContain('4,7 %');
    expect(publicCard(unobserved, 'fr')).toContain('trop peu d’observation');
    expect(publicCard(unobserved, 'en')).toContain('too little observation');
    expect(publicCard(observed, 'en')).toContain('100.0 %');
    expect(publicCard(observed, 'en')).not.toContain('too little observation');
  });

  it('the badge: coverage beside the figure, grey when it does not support the verdict', () => {
    const f = createFormatter('en', 'en-CA', 'America/Toronto');
    const low = availabilityBadge({ f, label: 'Acme 2026-11', figure: unobserved, target: 99 });
    expect(low).toContain('4.7 % observed');
    expect(low).toContain('#57606a');
    const full = availabilityBadge({ f, label: 'Acme 2026-11', figure: observed, target: 99 });
    expect(full).toContain('100.0 % observed');
    expect(full).toContain('#2e7d32');
  });
});
