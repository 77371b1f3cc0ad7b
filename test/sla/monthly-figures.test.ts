import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import { computeMonthlyFigures } from '../../src/sla/monthly-figures.ts';
import type { EnvironmentFigure, SlaEnvironmentInput, SlaWindow } from '../../src/sla/types.ts';
import { H, MIN, at, environment, outage, partsAddUp, toronto, window } from './fixtures.ts';

// November 2026 in Toronto: 21 business days, B = 168 h = 604,800,000 ms; at 99 % the budget
// is 6,048,000 ms (100.8 min). Every day named below is in November 2026 (EST, -05:00).
const B_NOVEMBER = 604_800_000;
const BUDGET_NOVEMBER = 6_048_000;
const END_OF_NOVEMBER = '2026-12-01T00:00:00-05:00';

function figureOf(env: Partial<SlaEnvironmentInput>, windows: SlaWindow[] = [], now = END_OF_NOVEMBER): EnvironmentFigure {
  const report = computeMonthlyFigures({ month: '2026-11', target: 99, now: at(now), environments: [environment(env)], windows, defaultCalendar: toronto });
  const figure = report.environments[0]!;
  expect(partsAddUp(figure)).toBe(true);
  return figure;
}

describe('a month without downtime', () => {
  it('has the whole budget left and 100 %', () => {
    const report = computeMonthlyFigures({ month: '2026-11', target: 99, now: at(END_OF_NOVEMBER), environments: [environment()], windows: [], defaultCalendar: toronto });
    expect(report).toEqual({
      month: '2026-11',
      timeZone: 'America/Toronto',
      target: 99,
      complete: true,
      coverageMinimum: 95,
      environments: [
        {
          id: 'acme-prod', name: 'Acme production', type: 'production',
          businessMs: B_NOVEMBER, rawDowntimeMs: 0, outsideBusinessMs: 0, excludedMaintenanceMs: 0, excludedOtherMs: 0,
          downtimeMs: 0, unmonitoredMs: 0, availability: 100, met: true, budgetMs: BUDGET_NOVEMBER, budgetLeftMs: BUDGET_NOVEMBER,
          observedMs: B_NOVEMBER, coverage: 1, coverageSufficient: true, verdict: 'met',
        },
      ],
    });
  });
});

describe('business hours (rule 2)', () => {
  it('an outage across 17:00 counts only until closing', () => {
    const f = figureOf({ outages: [outage(1, '2026-11-03T16:30:00-05:00', '2026-11-03T17:30:00-05:00')] });
    expect(f).toMatchObject({ rawDowntimeMs: 60 * MIN, outsideBusinessMs: 30 * MIN, downtimeMs: 30 * MIN, budgetLeftMs: BUDGET_NOVEMBER - 30 * MIN });
    expect(f.availability).toBeCloseTo(99.70238095238095, 12);
    expect(f.met).toBe(true);
  });

  it('an outage across a weekend counts Friday 16:00–17:00 and Monday 09:00–10:00', () => {
    const f = figureOf({ outages: [outage(1, '2026-11-06T16:00:00-05:00', '2026-11-09T10:00:00-05:00')] });
    expect(f).toMatchObject({ rawDowntimeMs: 66 * H, outsideBusinessMs: 64 * H, downtimeMs: 2 * H, met: false, budgetLeftMs: -1_152_000 });
    expect(f.availability).toBeCloseTo(98.80952380952381, 12);
  });

  it('two overlapping outages count once', () => {
    const f = figureOf({
      outages: [outage(1, '2026-11-04T10:00:00-05:00', '2026-11-04T11:00:00-05:00'), outage(2, '2026-11-04T10:30:00-05:00', '2026-11-04T11:30:00-05:00')],
    });
    expect(f).toMatchObject({ rawDowntimeMs: 90 * MIN, downtimeMs: 90 * MIN });
  });

  it('an outage from October is counted from local midnight of November 1 (a 25 h day)', () => {
    const f = figureOf({ outages: [outage(1, '2026-10-30T16:00:00-04:00', '2026-11-02T10:00:00-05:00')] });
    expect(f).toMatchObject({ rawDowntimeMs: 35 * H, downtimeMs: H, outsideBusinessMs: 34 * H });
  });
});

describe('maintenance windows (rule 5)', () => {
  const thursdayWindow = window('w', [{ start: '2026-11-05T10:00:00-05:00', end: '2026-11-05T12:00:00-05:00', notice: '2026-11-05T09:30:00-05:00' }]);

  it('exclude an outage that began after the notice, not one that began before it', () => {
    // A began 09:00, before the 09:30 notice: all of it counts, its part in the window too.
    // B began 10:15, after the notice: its part in the window is excluded.
    const f = figureOf(
      { outages: [outage('A', '2026-11-05T09:00:00-05:00', '2026-11-05T10:30:00-05:00'), outage('B', '2026-11-05T10:15:00-05:00', '2026-11-05T11:30:00-05:00')] },
      [thursdayWindow],
    );
    expect(f).toMatchObject({ rawDowntimeMs: 150 * MIN, downtimeMs: 90 * MIN, excludedMaintenanceMs: 60 * MIN });
  });

  it('a notice sent at the very instant the outage began is not before it', () => {
    const f = figureOf({ outages: [outage(1, '2026-11-05T09:30:00-05:00', '2026-11-05T11:00:00-05:00')] }, [thursdayWindow]);
    expect(f).toMatchObject({ downtimeMs: 90 * MIN, excludedMaintenanceMs: 0 });
  });

  it('an overrun past the window counts', () => {
    const w = window('w', [{ start: '2026-11-09T10:00:00-05:00', end: '2026-11-09T11:00:00-05:00', notice: '2026-11-02T12:00:00-05:00' }]);
    const f = figureOf({ outages: [outage(1, '2026-11-09T10:15:00-05:00', '2026-11-09T11:45:00-05:00')] }, [w]);
    expect(f).toMatchObject({ rawDowntimeMs: 90 * MIN, excludedMaintenanceMs: 45 * MIN, downtimeMs: 45 * MIN });
  });

  it('maintenance outside business hours is reported as outside business hours, not as maintenance', () => {
    const w = window('w', [{ start: '2026-11-10T16:00:00-05:00', end: '2026-11-10T20:00:00-05:00', notice: '2026-11-02T12:00:00-05:00' }]);
    const f = figureOf({ outages: [outage(1, '2026-11-10T16:30:00-05:00', '2026-11-10T19:00:00-05:00')] }, [w]);
    expect(f).toMatchObject({ rawDowntimeMs: 150 * MIN, outsideBusinessMs: 120 * MIN, excludedMaintenanceMs: 30 * MIN, downtimeMs: 0 });
  });

  describe('changed after the outage began, a window can only shrink its exclusion', () => {
    const theOutage = outage(1, '2026-11-10T10:30:00-05:00', '2026-11-10T11:30:00-05:00');
    const v1 = { start: '2026-11-10T10:00:00-05:00', end: '2026-11-10T11:00:00-05:00', notice: '2026-11-03T12:00:00-05:00' };

    it('extended at 10:45: still only 10:30–11:00 excluded', () => {
      const w = window('w', [v1, { start: '2026-11-10T10:00:00-05:00', end: '2026-11-10T12:00:00-05:00', notice: '2026-11-10T10:45:00-05:00' }]);
      expect(figureOf({ outages: [theOutage] }, [w])).toMatchObject({ excludedMaintenanceMs: 30 * MIN, downtimeMs: 30 * MIN });
    });

    it('shortened at 10:45 to end at 10:40: only 10:30–10:40 excluded', () => {
      const w = window('w', [v1, { start: '2026-11-10T10:00:00-05:00', end: '2026-11-10T10:40:00-05:00', notice: '2026-11-10T10:45:00-05:00' }]);
      expect(figureOf({ outages: [theOutage] }, [w])).toMatchObject({ excludedMaintenanceMs: 10 * MIN, downtimeMs: 50 * MIN });
    });

    it('moved to the afternoon at 10:45: nothing excluded', () => {
      const w = window('w', [v1, { start: '2026-11-10T13:00:00-05:00', end: '2026-11-10T15:00:00-05:00', notice: '2026-11-10T10:45:00-05:00' }]);
      expect(figureOf({ outages: [theOutage] }, [w])).toMatchObject({ excludedMaintenanceMs: 0, downtimeMs: 60 * MIN });
    });

    it('an outage beginning after the change is judged by the new times', () => {
      const w = window('w', [v1, { start: '2026-11-10T10:00:00-05:00', end: '2026-11-10T12:00:00-05:00', notice: '2026-11-10T10:00:00-05:00' }]);
      expect(figureOf({ outages: [theOutage] }, [w])).toMatchObject({ excludedMaintenanceMs: 60 * MIN, downtimeMs: 0 });
    });
  });

  it('a cancelled window ends at its cancellation; cancelled before it began, it excludes nothing', () => {
    const versions = [{ start: '2026-11-11T10:00:00-05:00', end: '2026-11-11T12:00:00-05:00', notice: '2026-11-04T12:00:00-05:00' }];
    const theOutage = outage(1, '2026-11-11T10:00:00-05:00', '2026-11-11T11:00:00-05:00');
    expect(figureOf({ outages: [theOutage] }, [window('w', versions, { cancelledAt: '2026-11-11T10:30:00-05:00' })])).toMatchObject({
      excludedMaintenanceMs: 30 * MIN,
      downtimeMs: 30 * MIN,
    });
    expect(figureOf({ outages: [theOutage] }, [window('w', versions, { cancelledAt: '2026-11-10T09:00:00-05:00' })])).toMatchObject({
      excludedMaintenanceMs: 0,
      downtimeMs: 60 * MIN,
    });
  });

  it('windows for other environments do not apply; several windows unite', () => {
    const other = window('x', [{ start: '2026-11-12T10:00:00-05:00', end: '2026-11-12T12:00:00-05:00', notice: '2026-11-02T12:00:00-05:00' }], { environments: ['beta-prod'] });
    const first = window('a', [{ start: '2026-11-12T10:00:00-05:00', end: '2026-11-12T10:20:00-05:00', notice: '2026-11-02T12:00:00-05:00' }]);
    const second = window('b', [{ start: '2026-11-12T10:10:00-05:00', end: '2026-11-12T10:30:00-05:00', notice: '2026-11-02T12:00:00-05:00' }], { environments: ['beta-prod', 'acme-prod'] });
    const f = figureOf({ outages: [outage(1, '2026-11-12T10:00:00-05:00', '2026-11-12T11:00:00-05:00')] }, [other, first, second]);
    expect(f).toMatchObject({ excludedMaintenanceMs: 30 * MIN, downtimeMs: 30 * MIN });
  });
});

describe('other exclusions (rule 6)', () => {
  it('a partial exclusion removes its part only', () => {
    const f = figureOf({
      outages: [outage(1, '2026-11-12T10:00:00-05:00', '2026-11-12T12:00:00-05:00', [{ start: '2026-11-12T10:30:00-05:00', end: '2026-11-12T11:00:00-05:00', reason: 'client_internet' }])],
    });
    expect(f).toMatchObject({ excludedOtherMs: 30 * MIN, downtimeMs: 90 * MIN });
  });

  it('a revoked exclusion no longer applies', () => {
    const f = figureOf({
      outages: [outage(1, '2026-11-12T10:00:00-05:00', '2026-11-12T12:00:00-05:00', [{ start: '2026-11-12T10:30:00-05:00', end: '2026-11-12T11:00:00-05:00', revoked: true }])],
    });
    expect(f).toMatchObject({ excludedOtherMs: 0, downtimeMs: 120 * MIN });
  });

  it('an exclusion is clipped to its outage and covers no other outage', () => {
    const f = figureOf({
      outages: [
        outage('A', '2026-11-12T10:00:00-05:00', '2026-11-12T12:00:00-05:00', [{ start: '2026-11-12T08:00:00-05:00', end: '2026-11-12T15:00:00-05:00' }]),
        outage('B', '2026-11-12T11:00:00-05:00', '2026-11-12T11:30:00-05:00'),
      ],
    });
    expect(f).toMatchObject({ rawDowntimeMs: 120 * MIN, excludedOtherMs: 90 * MIN, downtimeMs: 30 * MIN });
  });

  it('maintenance is taken first, then other exclusions, each instant once', () => {
    const w = window('w', [{ start: '2026-11-13T10:00:00-05:00', end: '2026-11-13T11:00:00-05:00', notice: '2026-11-02T12:00:00-05:00' }]);
    const f = figureOf(
      { outages: [outage(1, '2026-11-13T10:00:00-05:00', '2026-11-13T12:00:00-05:00', [{ start: '2026-11-13T10:30:00-05:00', end: '2026-11-13T11:30:00-05:00', reason: 'client_equipment' }])] },
      [w],
    );
    expect(f).toMatchObject({ excludedMaintenanceMs: 60 * MIN, excludedOtherMs: 30 * MIN, downtimeMs: 30 * MIN });
  });
});

describe('scope and period (rules 1, 3, 7)', () => {
  it('only production environments appear', () => {
    const report = computeMonthlyFigures({
      month: '2026-11',
      target: 99,
      now: at(END_OF_NOVEMBER),
      environments: [environment({ id: 'acme-staging', type: 'staging' }), environment(), environment({ id: 'acme-training', type: 'training' })],
      windows: [],
      defaultCalendar: toronto,
    });
    expect(report.environments.map((e) => e.id)).toEqual(['acme-prod']);
  });

  it('a month in progress has the whole month as B and the downtime so far; an open outage counts up to now', () => {
    const now = '2026-11-16T12:00:00-05:00';
    const f = figureOf({ outages: [outage(1, '2026-11-16T11:00:00-05:00', null)] }, [], now);
    expect(f).toMatchObject({ businessMs: B_NOVEMBER, rawDowntimeMs: H, downtimeMs: H, budgetLeftMs: BUDGET_NOVEMBER - H });
    const report = computeMonthlyFigures({ month: '2026-11', target: 99, now: at(now), environments: [environment()], windows: [], defaultCalendar: toronto });
    expect(report.complete).toBe(false);
  });

  it('the month is complete from local midnight of December 1', () => {
    const complete = (now: string) => computeMonthlyFigures({ month: '2026-11', target: 99, now: at(now), environments: [], windows: [], defaultCalendar: toronto }).complete;
    expect(complete('2026-11-30T23:59:59.999-05:00')).toBe(false);
    expect(complete('2026-12-01T00:00:00-05:00')).toBe(true);
  });

  it('an open outage of a finished month counts up to the month end', () => {
    const f = figureOf({ outages: [outage(1, '2026-11-30T16:00:00-05:00', null)] }, [], '2026-12-05T12:00:00-05:00');
    expect(f).toMatchObject({ rawDowntimeMs: 8 * H, downtimeMs: H });
  });

  it('an slaStart inside the month starts B and the downtime there', () => {
    const f = figureOf({
      slaStart: at('2026-11-16T00:00:00-05:00'),
      outages: [outage(1, '2026-11-13T10:00:00-05:00', '2026-11-13T11:00:00-05:00'), outage(2, '2026-11-13T16:00:00-05:00', '2026-11-16T10:00:00-05:00')],
    });
    // November 16–30 holds 11 business days.
    expect(f).toMatchObject({ businessMs: 88 * H, budgetMs: 3_168_000, rawDowntimeMs: 10 * H, outsideBusinessMs: 9 * H, downtimeMs: H });
  });

  it('an slaStart after the month leaves nothing to measure', () => {
    const f = figureOf({ slaStart: at('2026-12-10T00:00:00-05:00'), outages: [outage(1, '2026-11-13T10:00:00-05:00', '2026-11-13T11:00:00-05:00')] });
    expect(f).toMatchObject({ businessMs: 0, downtimeMs: 0, availability: 100, met: true, budgetMs: 0 });
  });

  it('the verdict is none until some of the measured period has elapsed, then met or missed', () => {
    // A month not yet begun, and its very first instant (local midnight of November 1): nothing measured yet.
    expect(figureOf({}, [], '2026-10-20T12:00:00-04:00')).toMatchObject({ businessMs: B_NOVEMBER, met: true, verdict: 'none' });
    expect(figureOf({}, [], '2026-11-01T00:00:00-04:00')).toMatchObject({ businessMs: B_NOVEMBER, met: true, verdict: 'none' });
    // One millisecond later the month has begun, even on a Sunday outside business hours.
    expect(figureOf({}, [], '2026-11-01T00:00:00.001-04:00').verdict).toBe('met');
    // The same at an slaStart inside the month: none at that instant, met just after.
    const slaStart = at('2026-11-16T00:00:00-05:00');
    expect(figureOf({ slaStart }, [], '2026-11-16T00:00:00-05:00')).toMatchObject({ businessMs: 88 * H, verdict: 'none' });
    expect(figureOf({ slaStart }, [], '2026-11-16T00:00:00.001-05:00').verdict).toBe('met');
    // No business time at all: an slaStart after the month, or a calendar never open, even once the month is over.
    expect(figureOf({ slaStart: at('2026-12-10T00:00:00-05:00') }).verdict).toBe('none');
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const neverOpen = createBusinessCalendar({ ...defaultCalendarSpec(), hours: closed });
    expect(figureOf({ calendar: neverOpen, outages: [outage(1, '2026-11-03T10:00:00-05:00', '2026-11-03T11:00:00-05:00')] })).toMatchObject({
      businessMs: 0, rawDowntimeMs: H, outsideBusinessMs: H, downtimeMs: 0, met: true, verdict: 'none',
    });
  });

  it('unmonitored business time is reported and stays in B; not later than now', () => {
    const unmonitored = [{ start: at('2026-11-17T16:00:00-05:00'), end: at('2026-11-18T10:00:00-05:00') }, { start: at('2026-11-18T15:00:00-05:00'), end: at('2026-11-18T18:00:00-05:00') }];
    expect(figureOf({ unmonitored })).toMatchObject({ unmonitoredMs: 4 * H, businessMs: B_NOVEMBER, downtimeMs: 0 });
    expect(figureOf({ unmonitored }, [], '2026-11-18T16:00:00-05:00')).toMatchObject({ unmonitoredMs: 3 * H });
  });

  it('an environment on another calendar is measured in its own zone and hours', () => {
    const paris = createBusinessCalendar({ ...defaultCalendarSpec(), name: 'paris', timeZone: 'Europe/Paris', holidayRegions: ['FR'] });
    // 08:00–09:00 Toronto is 14:00–15:00 in Paris: business time there, not in Toronto.
    const f = figureOf({ calendar: paris, outages: [outage(1, '2026-11-03T08:00:00-05:00', '2026-11-03T09:00:00-05:00')] });
    expect(f).toMatchObject({ downtimeMs: H, outsideBusinessMs: 0 });
    // November 2026 in France: 21 weekdays, less Armistice (Wed 11th): 20 days.
    expect(f.businessMs).toBe(20 * 8 * H);
  });
});

describe('the target', () => {
  it('uses the exact decimal target for the budget: 99.9 % of November allows 604,800 ms', () => {
    const report = computeMonthlyFigures({ month: '2026-11', target: 99.9, now: at(END_OF_NOVEMBER), environments: [environment()], windows: [], defaultCalendar: toronto });
    expect(report.environments[0]!.budgetMs).toBe(604_800);
  });

  it('is met exactly at the boundary: a downtime equal to the budget still meets 99 %', () => {
    const f = figureOf({ outages: [outage(1, '2026-11-03T09:00:00-05:00', '2026-11-03T10:40:48-05:00')] });
    expect(f).toMatchObject({ downtimeMs: BUDGET_NOVEMBER, availability: 99, met: true, budgetLeftMs: 0 });
    const over = figureOf({ outages: [outage(1, '2026-11-03T09:00:00-05:00', '2026-11-03T10:40:48.001-05:00')] });
    expect(over.met).toBe(false);
  });
});

describe('bad input is a clear error naming the field', () => {
  const run = (overrides: Partial<Parameters<typeof computeMonthlyFigures>[0]>) => () =>
    computeMonthlyFigures({ month: '2026-11', target: 99, now: at(END_OF_NOVEMBER), environments: [environment()], windows: [], ...overrides });

  it.each([
    [{ month: '2026-13' }, /month: "2026-13"/],
    [{ target: 101 }, /target: 101/],
    [{ coverageMinimum: 101 }, /^coverageMinimum: 101 is not a percentage between 0 and 100$/],
    [{ now: Number.NaN }, /now/],
    [{ environments: [environment({ outages: [outage(7, '2026-11-03T10:00:00-05:00', '2026-11-03T09:00:00-05:00')] })] }, /outage 7\.end/],
    [{ windows: [{ id: 3, environmentIds: ['acme-prod'], versions: [], cancelledAt: null }] }, /windows\[0\] \(id 3\)\.versions/],
  ] as Array<[Partial<Parameters<typeof computeMonthlyFigures>[0]>, RegExp]>)('%o', (overrides, message) => {
    expect(run(overrides)).toThrow(message);
  });

  it('defaults the report zone to rule 2’s when no default calendar is given', () => {
    expect(run({})().timeZone).toBe('America/Toronto');
  });
});
