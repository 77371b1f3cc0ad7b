// The support clocks of rule 8 at their edges: clocks in business days, clocks of zero, bad
// settings and bad instants, and the status of a clock stopped exactly at its deadline.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import type { ClockSetting } from '../../src/config/types.ts';
import { computeDeadlines, deadlineStatus, defaultDeadlineClocks } from '../../src/incidents/deadlines.ts';

const MIN = 60_000;
const H = 60 * MIN;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
const toronto = () => createBusinessCalendar(defaultCalendarSpec());
const TUESDAY_10H = at('2026-11-03T10:00:00-05:00');
const withResponse = (response: ClockSetting) => ({ I: { response, resolution: null } });

describe('rule 8’s table', () => {
  it('is the table of the contract, in full', () => {
    expect(defaultDeadlineClocks(toronto())).toEqual({
      I: { response: { ms: 30 * MIN, clock: 'business' }, resolution: { ms: 4 * H, clock: 'business' } },
      II: { response: { ms: 60 * MIN, clock: 'business' }, resolution: { ms: 16 * H, clock: 'business' } },
      III: { response: { ms: 90 * MIN, clock: 'business' }, resolution: { ms: 80 * H, clock: 'business' } },
      IV: { response: { ms: 24 * H, clock: 'elapsed' }, resolution: null },
    });
  });
});

describe('configured clocks', () => {
  it('a clock in business days uses the calendar’s business day', () => {
    const long = createBusinessCalendar({ ...defaultCalendarSpec(), businessDayMs: 4 * H });
    expect(computeDeadlines({ priority: 'I', openedAt: TUESDAY_10H, calendar: long, clocks: withResponse({ businessDays: 1, clock: 'business' }) }).responseDueAt).toBe(
      at('2026-11-03T14:00:00-05:00'),
    );
    expect(computeDeadlines({ priority: 'I', openedAt: TUESDAY_10H, calendar: long, clocks: withResponse({ businessDays: 1, clock: 'elapsed' }) }).responseDueAt).toBe(
      TUESDAY_10H + 4 * H,
    );
  });

  it('ms wins over business days when a clock has both', () => {
    expect(
      computeDeadlines({ priority: 'I', openedAt: TUESDAY_10H, calendar: toronto(), clocks: withResponse({ ms: 15 * MIN, businessDays: 1, clock: 'business' }) }).responseDueAt,
    ).toBe(at('2026-11-03T10:15:00-05:00'));
  });

  it('a clock of zero is due when the incident opens, even outside business hours', () => {
    const saturday = at('2026-11-07T10:00:00-05:00');
    expect(computeDeadlines({ priority: 'I', openedAt: saturday, calendar: toronto(), clocks: withResponse({ ms: 0, clock: 'business' }) }).responseDueAt).toBe(saturday);
    expect(computeDeadlines({ priority: 'I', openedAt: saturday, calendar: toronto(), clocks: withResponse({ businessDays: 0, clock: 'business' }) }).responseDueAt).toBe(saturday);
  });

  it.each([
    [{ clock: 'business' }],
    [{ ms: -1, clock: 'business' }],
    [{ ms: Number.NaN, clock: 'elapsed' }],
    [{ ms: Number.POSITIVE_INFINITY, clock: 'elapsed' }],
    [{ businessDays: -1, clock: 'business' }],
  ] as Array<[ClockSetting]>)('refuses the clock %o, naming it', (response) => {
    expect(() => computeDeadlines({ priority: 'I', openedAt: TUESDAY_10H, calendar: toronto(), clocks: withResponse(response) })).toThrow(
      'clocks.I.response: needs a duration (ms) or a number of business days',
    );
  });

  it('names the resolution clock when that is the bad one', () => {
    const clocks = { II: { response: { ms: MIN, clock: 'business' as const }, resolution: { clock: 'business' as const } } };
    expect(() => computeDeadlines({ priority: 'II', openedAt: TUESDAY_10H, calendar: toronto(), clocks })).toThrow('clocks.II.resolution: needs a duration');
  });
});

describe('bad incidents', () => {
  it('an opening instant that is not a number', () => {
    for (const openedAt of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => computeDeadlines({ priority: 'I', openedAt, calendar: toronto() })).toThrow(`openedAt: ${openedAt} is not an instant`);
    }
  });

  it('a priority outside I–IV', () => {
    expect(() => computeDeadlines({ priority: 'i' as 'I', openedAt: TUESDAY_10H, calendar: toronto() })).toThrow('priority: "i" is not one of I, II, III, IV');
  });
});

describe('the status of a resolution', () => {
  const due = { responseDueAt: at('2026-11-03T10:30:00-05:00'), resolutionDueAt: at('2026-11-03T14:00:00-05:00') };

  it('resolved exactly at the deadline meets it, with nothing left', () => {
    expect(deadlineStatus({ ...due, respondedAt: due.responseDueAt, resolvedAt: due.resolutionDueAt, now: at('2026-11-04T09:00:00-05:00') })).toEqual({
      responseMet: true,
      resolutionMet: true,
      responseLeftMs: 0,
      resolutionLeftMs: 0,
    });
  });

  it('resolved early shows the time that was left when it stopped, not now', () => {
    expect(deadlineStatus({ ...due, respondedAt: null, resolvedAt: at('2026-11-03T13:00:00-05:00'), now: at('2026-11-05T09:00:00-05:00') })).toMatchObject({
      responseMet: null,
      resolutionMet: true,
      resolutionLeftMs: H,
    });
  });
});
