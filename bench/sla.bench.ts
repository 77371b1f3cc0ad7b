// The pure SLA core, in memory: the monthly engine over 1,000 production environments with 50
// outages each, business time over a whole year, addBusinessMs, and the status page's 90 daily
// bars. Figures are printed, never asserted. Run alone: `npx tsx bench/sla.bench.ts`.
import { pathToFileURL } from 'node:url';
import { createBusinessCalendar } from '../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../src/calendar/spec.ts';
import { dailyCountedDowntime } from '../src/sla/daily-downtime.ts';
import { computeMonthlyFigures } from '../src/sla/monthly-figures.ts';
import type { SlaEnvironmentInput, SlaWindow } from '../src/sla/types.ts';

const ENVIRONMENTS = 1_000;
const OUTAGES_EACH = 50;
const MIN = 60_000;
const DAY = 86_400_000;

export async function main(): Promise<void> {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

  const createdAt = performance.now();
  const calendar = createBusinessCalendar(defaultCalendarSpec());
  const created = performance.now() - createdAt;
  const firstLayoutAt = performance.now();
  const month = calendar.monthSpan('2026-11');
  const firstLayout = performance.now() - firstLayoutAt;
  console.log(`calendar: created in ${created.toFixed(1)} ms; first year laid out (holidays, 365 days) in ${firstLayout.toFixed(1)} ms`);

  const now = Date.parse('2026-11-30T16:00:00-05:00');
  // 1,000 environments, 50 outages each (1 to 20 min, some still open, some with exclusions),
  // and 300 windows naming 5 environments each.
  const environments: SlaEnvironmentInput[] = [];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    const outages = [];
    for (let o = 0; o < OUTAGES_EACH; o++) {
      // One in ten environments has an outage still open, begun in the last hours before now.
      const open = o === 0 && e % 10 === 0;
      const start = open ? now - Math.ceil(random() * 180) * MIN : month.start + Math.floor(random() * 30 * DAY);
      const end = open ? null : start + Math.ceil(random() * 20) * MIN;
      const exclusions = random() < 0.1 ? [{ start, end: start + 10 * MIN, revoked: random() < 0.3, reason: 'force_majeure' as const }] : [];
      outages.push({ id: `${e}-${o}`, start, end, exclusions });
    }
    environments.push({ id: `env-${e}`, name: `Env ${e}`, type: 'production', slaStart: null, calendar, outages, unmonitored: [] });
  }
  const windows: SlaWindow[] = [];
  for (let w = 0; w < 300; w++) {
    const start = month.start + Math.floor(random() * 30 * DAY);
    const versions = [{ start, end: start + 2 * 60 * MIN, noticeSentAt: start - 7 * DAY }];
    if (random() < 0.3) versions.push({ start, end: start + 60 * MIN, noticeSentAt: start + 30 * MIN });
    const ids = Array.from({ length: 5 }, () => `env-${Math.floor(random() * ENVIRONMENTS)}`);
    windows.push({ id: w, environmentIds: ids, versions, cancelledAt: random() < 0.1 ? start + 45 * MIN : null });
  }

  const input = { month: '2026-11', target: 99, now, environments, windows, defaultCalendar: calendar };
  computeMonthlyFigures(input); // warm up
  const times: number[] = [];
  let report = computeMonthlyFigures(input);
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    report = computeMonthlyFigures(input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const mean = report.environments.reduce((sum, f) => sum + f.availability, 0) / report.environments.length;
  const met = report.environments.filter((f) => f.met).length;
  const first = report.environments[0]!;
  const minutes = (pick: (f: (typeof report.environments)[number]) => number) => (report.environments.reduce((sum, f) => sum + pick(f), 0) / MIN).toFixed(0);
  console.log(
    `monthly figures, ${ENVIRONMENTS} production environments × ${OUTAGES_EACH} outages, 300 windows: ` +
      `median ${times[3]!.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms (${((times[3]! * 1000) / ENVIRONMENTS).toFixed(1)} µs per environment)`,
  );
  console.log(
    `  figures: mean availability ${mean.toFixed(3)} %, ${met}/${ENVIRONMENTS} met 99 %; env-0: D = ${(first.downtimeMs / MIN).toFixed(3)} min, ` +
      `raw ${(first.rawDowntimeMs / MIN).toFixed(3)} min, B = ${(first.businessMs / MIN).toFixed(0)} min`,
  );
  console.log(
    `  all environments: raw ${minutes((f) => f.rawDowntimeMs)} min = outside ${minutes((f) => f.outsideBusinessMs)} + maintenance ${minutes((f) => f.excludedMaintenanceMs)} ` +
      `+ other ${minutes((f) => f.excludedOtherMs)} + counted ${minutes((f) => f.downtimeMs)} min`,
  );

  // Business time over a whole year, per call (layouts already built).
  const year = { start: Date.parse('2026-01-01T00:00:00-05:00'), end: Date.parse('2027-01-01T00:00:00-05:00') };
  calendar.businessMsBetween(year.start - DAY, year.end + DAY);
  const yearCalls = 200_000;
  let sink = 0;
  let started = performance.now();
  for (let k = 0; k < yearCalls; k++) sink += calendar.businessMsBetween(year.start + (k % 1000) * MIN, year.end - (k % 977) * MIN);
  const perYearCall = ((performance.now() - started) * 1000) / yearCalls;
  console.log(`businessMsBetween over a whole year: ${perYearCall.toFixed(3)} µs per call (${(sink / yearCalls / 3_600_000).toFixed(0)} business hours each)`);

  const intervalCalls = 20_000;
  started = performance.now();
  for (let k = 0; k < intervalCalls; k++) sink += calendar.businessIntervals({ start: year.start + (k % 1000) * MIN, end: year.end }).length;
  console.log(`businessIntervals over a whole year (253 intervals): ${(((performance.now() - started) * 1000) / intervalCalls).toFixed(2)} µs per call`);

  // addBusinessMs: random starts over the year, 30 min to 10 business days.
  const addCalls = 200_000;
  const starts = Array.from({ length: 1024 }, () => year.start + Math.floor(random() * 360 * DAY));
  const amounts = Array.from({ length: 1024 }, () => Math.ceil(random() * 160) * 30 * MIN);
  started = performance.now();
  for (let k = 0; k < addCalls; k++) sink += calendar.addBusinessMs(starts[k & 1023]!, amounts[(k * 7) & 1023]!);
  console.log(`addBusinessMs (30 min to 10 business days): ${(((performance.now() - started) * 1000) / addCalls).toFixed(3)} µs per call`);

  // The status page: 90 daily bars for each of 1,000 environments.
  started = performance.now();
  for (const environment of environments) dailyCountedDowntime({ environment, windows, from: '2026-09-02', days: 90, now });
  console.log(`dailyCountedDowntime, 90 days × ${ENVIRONMENTS} environments: ${(performance.now() - started).toFixed(1)} ms`);
  if (Number.isNaN(sink)) console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
