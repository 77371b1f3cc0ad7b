// The status page's daily bars at their edges: no days, days not yet begun, an SLA that starts
// after them.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import { dailyCountedDowntime } from '../../src/sla/daily-downtime.ts';
import { H, MIN, at, environment, outage } from './fixtures.ts';

const ownCalendar = () => createBusinessCalendar(defaultCalendarSpec());

describe('daily counted downtime at its edges', () => {
  it('no days is an empty list', () => {
    const env = environment({ calendar: ownCalendar(), outages: [outage(1, '2026-11-04T10:00:00-05:00', null)] });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 0, now: at('2026-11-05T12:00:00-05:00') })).toEqual([]);
  });

  it('days after now have their business time but no downtime, even under an open outage', () => {
    const env = environment({ calendar: ownCalendar(), outages: [outage(1, '2026-11-02T10:00:00-05:00', null)] });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 2, now: at('2026-11-03T12:00:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: 0, businessMs: 8 * H },
      { date: '2026-11-05', downtimeMs: 0, businessMs: 8 * H },
    ]);
  });

  it('now at the first day’s midnight counts nothing yet', () => {
    const env = environment({ calendar: ownCalendar(), outages: [outage(1, '2026-11-03T10:00:00-05:00', null)] });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 1, now: at('2026-11-04T00:00:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: 0, businessMs: 8 * H },
    ]);
  });

  it('an SLA starting after the days leaves them without business time or downtime', () => {
    const env = environment({ calendar: ownCalendar(), slaStart: at('2026-11-10T00:00:00-05:00'), outages: [outage(1, '2026-11-04T10:00:00-05:00', '2026-11-04T11:00:00-05:00')] });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 2, now: at('2026-11-30T12:00:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: 0, businessMs: 0 },
      { date: '2026-11-05', downtimeMs: 0, businessMs: 0 },
    ]);
  });

  it('a bad outage is refused, naming it, even when no day has begun to count', () => {
    const bad = { ...outage(7, '2026-11-03T10:00:00-05:00', null), start: Number.NaN };
    const env = environment({ calendar: ownCalendar(), outages: [bad] });
    expect(() => dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 1, now: at('2026-11-04T00:00:00-05:00') })).toThrow(
      'outage 7.start: NaN is not an instant',
    );
  });

  it('an SLA starting mid-day counts that day from its start, the next day whole', () => {
    const env = environment({
      calendar: ownCalendar(),
      slaStart: at('2026-11-04T15:00:00-05:00'),
      outages: [outage(1, '2026-11-04T14:00:00-05:00', '2026-11-05T09:30:00-05:00')],
    });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 2, now: at('2026-11-30T12:00:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: 2 * H, businessMs: 2 * H },
      { date: '2026-11-05', downtimeMs: 30 * MIN, businessMs: 8 * H },
    ]);
  });
});
