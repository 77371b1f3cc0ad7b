import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../status-page/format.ts';
import { ReportEnvironment } from '../../status-page/components/report-environment.tsx';
import { availabilityBadge } from '../../src/interop/availability-badge.ts';
import type { MonthlyReport } from '../../src/reports/monthly-report.ts';
import { formatReportTable } from '../../src/reports/report-table.ts';
import { shownAvailability, shownOverrun } from '../../src/reports/shown-figures.ts';
import type { EnvironmentFigure } from '../../src/sla/types.ts';
import { reportCsv } from '../../src/web/report/report-csv.ts';
import { publicCard } from './render-card.ts';

// November 2026: B = 10,080 business min. 6,050,420 ms counted is 98.99959987… %: rounded to
// the nearest it reads 99.000 beside "target missed", and the 2,420 ms overrun reads 0.0 min.
const B = 604_800_000;
const MISSED_BY_A_HAIR = 6_050_420;

function figure(downtimeMs: number, met: boolean): EnvironmentFigure {
  const budgetMs = 6_048_000;
  return {
    id: 'acme-prod',
    name: 'Acme',
    type: 'production',
    businessMs: B,
    rawDowntimeMs: downtimeMs,
    outsideBusinessMs: 0,
    excludedMaintenanceMs: 0,
    excludedOtherMs: 0,
    downtimeMs,
    unmonitoredMs: 0,
    availability: (100 * (B - downtimeMs)) / B,
    met,
    budgetMs,
    budgetLeftMs: budgetMs - downtimeMs,
    observedMs: B,
    coverage: 1,
    coverageSufficient: true,
    verdict: met ? 'met' : 'missed',
  };
}

const missed = figure(MISSED_BY_A_HAIR, false);

function report(environment: EnvironmentFigure): MonthlyReport {
  const none = { count: 0, responseMet: 0, resolutionMet: 0 };
  return { month: '2026-11', timeZone: 'America/Toronto', target: 99, complete: true, coverageMinimum: 95, environments: [environment], incidents: { I: none, II: none, III: none, IV: none } };
}

describe('a shown availability never contradicts its verdict', () => {
  it('cuts a missed figure down below the target, with 3 decimals', () => {
    expect(shownAvailability(missed, 99).text).toBe('98.999');
  });

  it('shows a met figure at or above the target, and 100 only when nothing was counted', () => {
    expect(shownAvailability(figure(6_048_000, true), 99).text).toBe('99.000');
    expect(shownAvailability(figure(1, true), 99).text).toBe('99.999');
    expect(shownAvailability(figure(0, true), 99).text).toBe('100.000');
    expect(shownAvailability({ businessMs: 0, downtimeMs: 0 }, 99).text).toBe('100.000');
  });

  it('uses the target’s decimals when it has more than 3', () => {
    // 99.99951 % against 99.9995: three decimals would show 99.999, below the target it meets.
    const b = 100_000_000;
    expect(shownAvailability({ businessMs: b, downtimeMs: 490 }, 99.9995)).toMatchObject({ text: '99.9995', decimals: 4 });
    expect(shownAvailability({ businessMs: b, downtimeMs: 510 }, 99.9995)).toMatchObject({ text: '99.9994', decimals: 4 });
  });

  it('writes an overrun under 0.1 min in seconds, and never as zero', () => {
    expect(shownOverrun(2_420)).toMatchObject({ text: '2.4', unit: 's' });
    expect(shownOverrun(40)).toMatchObject({ text: '0.1', unit: 's' });
    expect(shownOverrun(5_990)).toMatchObject({ text: '6.0', unit: 's' });
    expect(shownOverrun(6_000)).toMatchObject({ text: '0.1', unit: 'min' });
    expect(shownOverrun(90_001)).toMatchObject({ text: '1.5', unit: 'min' });
  });
});

describe('every place that shows the figure beside its verdict', () => {
  it('the CSV', () => {
    const row = reportCsv(report(missed)).split('\r\n')[1]!.split(',');
    expect(row[12]).toBe('98.999');
    expect(row[14]).toBe('false');
  });

  it('the terminal table', () => {
    const table = formatReportTable(report(missed));
    expect(table).toContain('98.999 %');
    expect(table).not.toContain('99.000 %');
  });

  it('the report page (and its print)', () => {
    for (const [language, locale, expected] of [['fr', 'fr-CA', '98,999'], ['en', 'en-CA', '98.999']] as const) {
      const f = createFormatter(language, locale, 'America/Toronto');
      const html = String(ReportEnvironment({ f, figure: missed, exclusions: [], trend: [], target: 99, coverageMinimum: 95, index: 0 }));
      expect(html).toContain(`${expected} %`);
      expect(html).not.toMatch(/99[,.]000 %/);
    }
  });

  it('the public page: the figure and an overrun in seconds', () => {
    const html = publicCard(missed, 'fr');
    expect(html).toContain('98,999 %');
    expect(html).not.toContain('99,000 %');
    expect(html).toMatch(/dépassée de 2,4\s+s/);
    const english = publicCard(missed, 'en');
    expect(english).toMatch(/overrun by 2\.4\s+s/);
  });

  it('the badge', () => {
    const svg = availabilityBadge({ f: createFormatter('fr', 'fr-CA', 'America/Toronto'), label: 'Acme 2026-11', figure: missed, target: 99 });
    expect(svg).toContain('98,999 %');
    expect(svg).toContain('#b91c1c');
  });
});
