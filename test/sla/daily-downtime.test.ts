import { describe, expect, it } from 'vitest';
import { dailyCountedDowntime } from '../../src/sla/daily-downtime.ts';
import { H, MIN, at, environment, outage, window } from './fixtures.ts';

describe('daily counted downtime (the status page bars)', () => {
  it('gives each local day its counted downtime and business time, by the monthly rules', () => {
    const env = environment({
      outages: [
        outage(1, '2026-11-02T16:00:00-05:00', '2026-11-03T10:00:00-05:00'), // across midnight
        outage(2, '2026-11-03T14:00:00-05:00', '2026-11-03T15:00:00-05:00', [{ start: '2026-11-03T14:00:00-05:00', end: '2026-11-03T14:20:00-05:00' }]),
      ],
    });
    const w = window('w', [{ start: '2026-11-03T14:30:00-05:00', end: '2026-11-03T15:00:00-05:00', notice: '2026-10-30T12:00:00-04:00' }]);
    expect(dailyCountedDowntime({ environment: env, windows: [w], from: '2026-11-01', days: 4, now: at('2026-11-05T12:00:00-05:00') })).toEqual([
      { date: '2026-11-01', downtimeMs: 0, businessMs: 0 }, // Sunday, the 25 h day
      { date: '2026-11-02', downtimeMs: H, businessMs: 8 * H },
      { date: '2026-11-03', downtimeMs: H + 10 * MIN, businessMs: 8 * H },
      { date: '2026-11-04', downtimeMs: 0, businessMs: 8 * H },
    ]);
  });

  it('counts an open outage up to now; days after now have none', () => {
    const env = environment({ outages: [outage(1, '2026-11-04T16:00:00-05:00', null)] });
    expect(dailyCountedDowntime({ environment: env, windows: [], from: '2026-11-04', days: 3, now: at('2026-11-05T09:30:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: H, businessMs: 8 * H },
      { date: '2026-11-05', downtimeMs: 30 * MIN, businessMs: 8 * H },
      { date: '2026-11-06', downtimeMs: 0, businessMs: 8 * H },
    ]);
  });

  it('ignores windows of other environments and time before slaStart', () => {
    const env = environment({ slaStart: at('2026-11-04T12:00:00-05:00'), outages: [outage(1, '2026-11-04T10:00:00-05:00', '2026-11-04T13:00:00-05:00')] });
    const elsewhere = window('w', [{ start: '2026-11-04T09:00:00-05:00', end: '2026-11-04T17:00:00-05:00', notice: '2026-11-01T12:00:00-05:00' }], { environments: ['beta-prod'] });
    expect(dailyCountedDowntime({ environment: env, windows: [elsewhere], from: '2026-11-04', days: 1, now: at('2026-11-30T12:00:00-05:00') })).toEqual([
      { date: '2026-11-04', downtimeMs: H, businessMs: 5 * H },
    ]);
  });

  it('spans DST: the day of March 8, 2026 is 23 h long but its bar is one day', () => {
    const env = environment({ outages: [outage(1, '2026-03-06T16:30:00-05:00', '2026-03-09T09:30:00-04:00')] });
    const days = dailyCountedDowntime({ environment: env, windows: [], from: '2026-03-06', days: 4, now: at('2026-03-31T12:00:00-04:00') });
    expect(days.map((d) => [d.date, d.downtimeMs])).toEqual([
      ['2026-03-06', 30 * MIN],
      ['2026-03-07', 0],
      ['2026-03-08', 0],
      ['2026-03-09', 30 * MIN],
    ]);
  });

  it('rejects a bad start date or day count', () => {
    expect(() => dailyCountedDowntime({ environment: environment(), windows: [], from: '2026-11-31', days: 1, now: 0 })).toThrow(/from: "2026-11-31"/);
    expect(() => dailyCountedDowntime({ environment: environment(), windows: [], from: '2026-11-01', days: -1, now: 0 })).toThrow(/days/);
  });
});
