// The sets of rule 7 for one environment over one span, checked outage by outage: what an
// outage must be to count at all, and how its exclusions and maintenance cut it.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import { downtimeParts, unmonitoredBusiness } from '../../src/sla/downtime-parts.ts';
import type { SlaOutage } from '../../src/sla/types.ts';
import { at, outage, window } from './fixtures.ts';

// Tuesday November 3, 2026, Toronto (EST, -05:00), open 09:00–17:00.
const DAY = { start: at('2026-11-03T00:00:00-05:00'), end: at('2026-11-04T00:00:00-05:00') };
const NOW = at('2026-11-30T12:00:00-05:00');
const t = (hhmm: string) => at(`2026-11-03T${hhmm}:00-05:00`);
const parts = (outages: SlaOutage[], overrides: { span?: { start: number; end: number }; now?: number; windows?: ReturnType<typeof window>[] } = {}) =>
  downtimeParts({
    outages,
    windows: overrides.windows ?? [],
    calendar: createBusinessCalendar(defaultCalendarSpec()),
    span: overrides.span ?? DAY,
    now: overrides.now ?? NOW,
  });
const none = { raw: [], inBusiness: [], afterMaintenance: [], counted: [] };

describe('what an outage must be to count', () => {
  it('a zero-length outage (start = end) counts nothing and is no error', () => {
    expect(parts([outage(1, '2026-11-03T10:00:00-05:00', '2026-11-03T10:00:00-05:00')])).toEqual(none);
  });

  it('an outage outside the span counts nothing; one across its edge counts inside it', () => {
    expect(parts([outage(1, '2026-11-02T10:00:00-05:00', '2026-11-02T11:00:00-05:00')])).toEqual(none);
    expect(parts([outage(1, '2026-11-03T16:00:00-05:00', '2026-11-04T10:00:00-05:00')])).toEqual({
      raw: [{ start: t('16:00'), end: DAY.end }],
      inBusiness: [{ start: t('16:00'), end: t('17:00') }],
      afterMaintenance: [{ start: t('16:00'), end: t('17:00') }],
      counted: [{ start: t('16:00'), end: t('17:00') }],
    });
    expect(parts([outage(1, '2026-11-02T16:00:00-05:00', '2026-11-03T09:30:00-05:00')]).counted).toEqual([{ start: t('09:00'), end: t('09:30') }]);
  });

  it('an outage entirely outside business hours is raw downtime only', () => {
    expect(parts([outage(1, '2026-11-03T18:00:00-05:00', '2026-11-03T19:00:00-05:00')])).toEqual({ ...none, raw: [{ start: t('18:00'), end: t('19:00') }] });
  });

  it('an open outage runs to now, and an outage ending at the span start counts nothing', () => {
    expect(parts([outage(1, '2026-11-03T16:00:00-05:00', null)], { now: t('16:20') }).counted).toEqual([{ start: t('16:00'), end: t('16:20') }]);
    expect(parts([outage(1, '2026-11-02T16:00:00-05:00', '2026-11-03T00:00:00-05:00')])).toEqual(none);
  });

  it.each([
    [{ id: 7, start: Number.NaN, end: null }, 'outage 7.start: NaN is not an instant'],
    [{ id: 7, start: Number.POSITIVE_INFINITY, end: null }, 'outage 7.start: Infinity is not an instant'],
    [{ id: 'x', start: Number.NEGATIVE_INFINITY, end: t('10:00') }, 'outage x.start: -Infinity is not an instant'],
    [{ id: 8, start: t('10:00'), end: t('09:59') }, 'outage 8.end: '],
    [{ id: 8, start: t('10:00'), end: Number.NaN }, 'outage 8.end: NaN is not an instant at or after its start'],
    [{ id: 8, start: t('10:00'), end: Number.POSITIVE_INFINITY }, 'outage 8.end: Infinity is not an instant at or after its start'],
  ])('refuses an outage %o, naming it', (bad, message) => {
    expect(() => parts([{ ...bad, exclusions: [] }])).toThrow(message);
  });
});

describe('exclusions of one outage (rule 6)', () => {
  it('several exclusions of one outage unite; revoked ones are ignored', () => {
    const o = outage(1, '2026-11-03T10:00:00-05:00', '2026-11-03T12:00:00-05:00', [
      { start: '2026-11-03T11:00:00-05:00', end: '2026-11-03T11:30:00-05:00' },
      { start: '2026-11-03T10:00:00-05:00', end: '2026-11-03T10:15:00-05:00' },
      { start: '2026-11-03T10:10:00-05:00', end: '2026-11-03T10:20:00-05:00' },
      { start: '2026-11-03T11:30:00-05:00', end: '2026-11-03T12:00:00-05:00', revoked: true },
    ]);
    expect(parts([o]).counted).toEqual([
      { start: t('10:20'), end: t('11:00') },
      { start: t('11:30'), end: t('12:00') },
    ]);
  });

  it('an instant two outages cover counts while either has no exclusion there', () => {
    const a = outage('A', '2026-11-03T10:00:00-05:00', '2026-11-03T11:00:00-05:00', [{ start: '2026-11-03T10:00:00-05:00', end: '2026-11-03T11:00:00-05:00' }]);
    const b = outage('B', '2026-11-03T10:30:00-05:00', '2026-11-03T11:30:00-05:00');
    expect(parts([a, b]).counted).toEqual([{ start: t('10:30'), end: t('11:30') }]);
  });
});

describe('maintenance, judged by each outage’s own start (rule 5)', () => {
  it('a window announced between two outages’ starts excludes from the later one only', () => {
    const w = window('w', [{ start: '2026-11-03T10:00:00-05:00', end: '2026-11-03T12:00:00-05:00', notice: '2026-11-03T10:30:00-05:00' }]);
    const result = parts(
      [outage('A', '2026-11-03T10:00:00-05:00', '2026-11-03T10:45:00-05:00'), outage('B', '2026-11-03T11:00:00-05:00', '2026-11-03T12:30:00-05:00')],
      { windows: [w] },
    );
    expect(result.afterMaintenance).toEqual([
      { start: t('10:00'), end: t('10:45') },
      { start: t('12:00'), end: t('12:30') },
    ]);
    expect(result.counted).toEqual(result.afterMaintenance);
  });
});

describe('unmonitored business time', () => {
  const calendar = () => createBusinessCalendar(defaultCalendarSpec());

  it('is the unmonitored spans’ part in business hours, within the span', () => {
    const unmonitored = [{ start: t('16:00'), end: t('18:00') }, { start: t('08:00'), end: t('09:30') }, { start: t('09:15'), end: t('10:00') }];
    expect(unmonitoredBusiness(unmonitored, calendar(), { start: t('09:45'), end: DAY.end })).toEqual([
      { start: t('09:45'), end: t('10:00') },
      { start: t('16:00'), end: t('17:00') },
    ]);
  });

  it('is nothing over an empty or reversed span', () => {
    const unmonitored = [{ start: t('10:00'), end: t('11:00') }];
    expect(unmonitoredBusiness(unmonitored, calendar(), { start: t('10:30'), end: t('10:30') })).toEqual([]);
    expect(unmonitoredBusiness(unmonitored, calendar(), { start: t('11:00'), end: t('10:00') })).toEqual([]);
  });
});
