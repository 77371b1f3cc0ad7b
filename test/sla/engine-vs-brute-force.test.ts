// The engine against a minute-by-minute count on random months. The count below knows nothing
// of intervals: for each minute it asks "is this a business minute?", "is an outage covering
// it?", and for each covering outage "is this minute excused for that outage?".
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeMonthlyFigures } from '../../src/sla/monthly-figures.ts';
import { dailyCountedDowntime } from '../../src/sla/daily-downtime.ts';
import type { SlaOutage, SlaWindow } from '../../src/sla/types.ts';
import { environment, toronto } from './fixtures.ts';

const ZONE = 'America/Toronto';
const MIN = 60_000;
// Rule 2's list for 2026, written out by hand rather than asked of date-holidays.
const CLOSED_2026 = new Set(['2026-01-01', '2026-04-03', '2026-05-18', '2026-06-24', '2026-07-01', '2026-09-07', '2026-10-12', '2026-12-25']);

interface MonthGrid {
  month: string;
  start: number;
  minutes: number;
  days: number;
  business: Uint8Array;
}

function monthGrid(year: number, month: number): MonthGrid {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  const next = first.plus({ months: 1 });
  const minutes = (next.toMillis() - first.toMillis()) / MIN;
  const business = new Uint8Array(minutes);
  for (let k = 0; k < minutes; k++) {
    const local = DateTime.fromMillis(first.toMillis() + k * MIN, { zone: ZONE });
    const minuteOfDay = local.hour * 60 + local.minute;
    const open = local.weekday <= 5 && !CLOSED_2026.has(local.toFormat('yyyy-MM-dd')) && minuteOfDay >= 9 * 60 && minuteOfDay < 17 * 60;
    business[k] = open ? 1 : 0;
  }
  return { month: first.toFormat('yyyy-MM'), start: first.toMillis(), minutes, days: first.daysInMonth!, business };
}

// March (DST starts), April (Good Friday), November (DST ends; the rules' example month).
const GRIDS = [monthGrid(2026, 3), monthGrid(2026, 4), monthGrid(2026, 11)];
const TARGETS_TENTHS = [990, 995, 950, 999];

interface Case {
  /** Index into GRIDS (kept small so a counterexample prints readably). */
  gridIndex: number;
  targetTenths: number;
  slaStart: number | null;
  now: number;
  outages: SlaOutage[];
  windows: SlaWindow[];
  unmonitored: Array<{ start: number; end: number }>;
}

/** Every instant lies on a 5-minute grid within 12 hours of one focus point, so events overlap often. */
const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    gridIndex: fc.nat({ max: GRIDS.length - 1 }),
    // A focus day from just before the month to just after it, mostly around business hours.
    focusDay: fc.integer({ min: -1, max: 31 }),
    focusMinute: fc.integer({ min: 6 * 60, max: 20 * 60 }),
    targetIndex: fc.nat({ max: TARGETS_TENTHS.length - 1 }),
  })
  .chain(({ gridIndex, focusDay, focusMinute, targetIndex }) => {
    const grid = GRIDS[gridIndex]!;
    const centre = Math.round((focusDay * 1440 + focusMinute) / 5) * 5;
    const point = fc.integer({ min: -144, max: 144 }).map((k) => grid.start + (centre + k * 5) * MIN);
    const length = fc.integer({ min: 1, max: 150 }).map((k) => k * 5 * MIN);
    const exclusion = fc.record({ start: point, length, revoked: fc.boolean() });
    const outageArb = fc.record({ start: point, length, open: fc.boolean(), exclusions: fc.array(exclusion, { maxLength: 3 }) });
    // Half the notices go out a week ahead, as they should; the others at any point near the outages.
    const version = fc.record({ start: point, length, noticeSentAt: fc.oneof(point, fc.constant(grid.start - 7 * 1440 * MIN)) });
    const windowArb = fc.record({
      versions: fc.array(version, { minLength: 1, maxLength: 3 }),
      environments: fc.subarray(['acme-prod', 'beta-prod'], { minLength: 1 }),
      cancelledAt: fc.option(point, { nil: null }),
    });
    const endOfMonthAndMore = grid.start + (grid.minutes + 2880) * MIN;
    return fc
      .record({
        slaStart: fc.oneof(
          { arbitrary: fc.constant(null), weight: 3 },
          { arbitrary: point, weight: 1 },
          { arbitrary: fc.integer({ min: -1440, max: grid.minutes }).map((k) => grid.start + k * MIN), weight: 1 },
        ),
        now: fc.oneof({ arbitrary: fc.constant(endOfMonthAndMore), weight: 2 }, { arbitrary: point, weight: 1 }),
        outages: fc.array(outageArb, { minLength: 1, maxLength: 6 }),
        windows: fc.array(windowArb, { minLength: 1, maxLength: 4 }),
        unmonitored: fc.array(fc.record({ start: point, length }), { maxLength: 2 }),
      })
      .map((drawn): Case => ({
        gridIndex,
        targetTenths: TARGETS_TENTHS[targetIndex]!,
        slaStart: drawn.slaStart,
        now: drawn.now,
        outages: drawn.outages.map((o, k) => ({
          id: k,
          start: o.start,
          // Only an outage that had begun by `now` can still be open.
          end: o.open && o.start <= drawn.now ? null : o.start + o.length,
          exclusions: o.exclusions.map((e) => ({ start: e.start, end: e.start + e.length, revoked: e.revoked, reason: 'client_internet' as const })),
        })),
        windows: drawn.windows.map((w, k) => ({
          id: k,
          environmentIds: w.environments,
          versions: w.versions.map((v) => ({ start: v.start, end: v.start + v.length, noticeSentAt: v.noticeSentAt })),
          cancelledAt: w.cancelledAt,
        })),
        unmonitored: drawn.unmonitored.map((u) => ({ start: u.start, end: u.start + u.length })),
      }));
  });

/** Minute by minute, in whole minutes. */
function bruteForce(c: Case, grid: MonthGrid) {
  const count = { business: 0, raw: 0, outside: 0, maintenance: 0, other: 0, down: 0, unmonitored: 0 };
  const mine = c.windows.filter((w) => w.environmentIds.includes('acme-prod'));
  const excusedByMaintenance = (o: SlaOutage, t: number) =>
    mine.some((w) => {
      let announced = null;
      for (const v of w.versions) if (v.noticeSentAt < o.start) announced = v;
      const latest = w.versions[w.versions.length - 1]!;
      return (
        announced !== null &&
        announced.start <= t && t < announced.end &&
        latest.start <= t && t < latest.end &&
        (w.cancelledAt === null || t < w.cancelledAt)
      );
    });
  const excusedOtherwise = (o: SlaOutage, t: number) => o.exclusions.some((e) => !e.revoked && e.start <= t && t < e.end);

  for (let k = 0; k < grid.minutes; k++) {
    const t = grid.start + k * MIN;
    if (c.slaStart !== null && t < c.slaStart) continue;
    const business = grid.business[k] === 1;
    if (business) count.business++;
    if (t >= c.now) continue;
    if (business && c.unmonitored.some((u) => u.start <= t && t < u.end)) count.unmonitored++;
    const covering = c.outages.filter((o) => o.start <= t && t < (o.end ?? c.now));
    if (covering.length === 0) continue;
    count.raw++;
    if (!business) {
      count.outside++;
      continue;
    }
    const notMaintenance = covering.filter((o) => !excusedByMaintenance(o, t));
    if (notMaintenance.length === 0) count.maintenance++;
    else if (notMaintenance.every((o) => excusedOtherwise(o, t))) count.other++;
    else count.down++;
  }
  return count;
}

describe('the engine agrees with a minute-by-minute count', () => {
  it('on random outages, windows (notices, versions, cancellation), exclusions, slaStart and now', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const grid = GRIDS[c.gridIndex]!;
        const target = c.targetTenths / 10;
        const env = environment({ slaStart: c.slaStart, outages: c.outages, unmonitored: c.unmonitored });
        const report = computeMonthlyFigures({ month: grid.month, target, now: c.now, environments: [env], windows: c.windows, defaultCalendar: toronto });
        const figure = report.environments[0]!;
        const n = bruteForce(c, grid);
        const B = n.business * MIN;
        const D = n.down * MIN;
        const budget = Math.floor((B * (1000 - c.targetTenths)) / 1000);
        const U = n.unmonitored * MIN;
        const met = (B - D) * 1000 >= c.targetTenths * B;
        const nothingElapsed = c.now <= Math.max(grid.start, c.slaStart ?? -Infinity);
        expect(figure).toEqual({
          id: 'acme-prod',
          name: 'Acme production',
          type: 'production',
          businessMs: B,
          rawDowntimeMs: n.raw * MIN,
          outsideBusinessMs: n.outside * MIN,
          excludedMaintenanceMs: n.maintenance * MIN,
          excludedOtherMs: n.other * MIN,
          downtimeMs: D,
          unmonitoredMs: n.unmonitored * MIN,
          availability: expect.closeTo(B === 0 ? 100 : (100 * (B - D)) / B, 9),
          met,
          budgetMs: budget,
          budgetLeftMs: budget - D,
          observedMs: B - U,
          coverage: B === 0 ? 1 : expect.closeTo((B - U) / B, 12),
          coverageSufficient: (B - U) * 100 >= 95 * B,
          verdict: B === 0 || nothingElapsed ? 'none' : met ? 'met' : 'missed',
        });
        expect(report.complete).toBe(c.now >= grid.start + grid.minutes * MIN);

        // The daily bars of the month add up to the month.
        const days = dailyCountedDowntime({ environment: env, windows: c.windows, from: `${grid.month}-01`, days: grid.days, now: c.now });
        expect(days.reduce((sum, d) => sum + d.downtimeMs, 0)).toBe(D);
        expect(days.reduce((sum, d) => sum + d.businessMs, 0)).toBe(B);
      }),
      { numRuns: 300 },
    );
  });
});
