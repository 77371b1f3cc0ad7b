import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';
import type { Priority } from '../../src/config/types.ts';
import { computeDeadlines, deadlineStatus, defaultDeadlineClocks } from '../../src/incidents/deadlines.ts';
import { perTest } from '../support/per-test.ts';

const MIN = 60_000;
const H = 60 * MIN;
const at = (iso: string): number => Date.parse(iso);
const toronto = perTest(() => createBusinessCalendar(defaultCalendarSpec()));
const deadlines = (priority: Priority, openedAt: string) => computeDeadlines({ priority, openedAt: at(openedAt), calendar: toronto });
const expectDue = (priority: Priority, openedAt: string, response: string, resolution: string | null) =>
  expect(deadlines(priority, openedAt)).toEqual({ responseDueAt: at(response), resolutionDueAt: resolution === null ? null : at(resolution) });

describe('rule 8 deadlines on a Tuesday morning (November 3, 2026)', () => {
  it('I: response 30 min, resolution 4 business hours', () => {
    expectDue('I', '2026-11-03T10:00:00-05:00', '2026-11-03T10:30:00-05:00', '2026-11-03T14:00:00-05:00');
  });
  it('II: response 60 min, resolution 2 business days (16 h)', () => {
    expectDue('II', '2026-11-03T10:00:00-05:00', '2026-11-03T11:00:00-05:00', '2026-11-05T10:00:00-05:00');
  });
  it('III: response 90 min, resolution 10 business days', () => {
    expectDue('III', '2026-11-03T10:00:00-05:00', '2026-11-03T11:30:00-05:00', '2026-11-17T10:00:00-05:00');
  });
  it('IV: response 24 h of elapsed time, no resolution deadline', () => {
    expectDue('IV', '2026-11-03T10:00:00-05:00', '2026-11-04T10:00:00-05:00', null);
  });
});

describe('clocks started late in the day, on Fridays, or outside business hours', () => {
  it('I at 15:00: resolution carries two hours into the next morning', () => {
    expectDue('I', '2026-11-03T15:00:00-05:00', '2026-11-03T15:30:00-05:00', '2026-11-04T11:00:00-05:00');
  });
  it('I in the evening starts at the next opening', () => {
    expectDue('I', '2026-11-03T19:00:00-05:00', '2026-11-04T09:30:00-05:00', '2026-11-04T13:00:00-05:00');
  });
  it('I at 16:30 has its response due at 17:00 sharp, not the next morning', () => {
    expectDue('I', '2026-11-03T16:30:00-05:00', '2026-11-03T17:00:00-05:00', '2026-11-04T12:30:00-05:00');
  });
  it('II on Friday 16:30 runs on into Monday and Tuesday', () => {
    expectDue('II', '2026-11-06T16:30:00-05:00', '2026-11-09T09:30:00-05:00', '2026-11-10T16:30:00-05:00');
  });
  it('III on a Saturday starts Monday 09:00', () => {
    expectDue('III', '2026-11-07T11:00:00-05:00', '2026-11-09T10:30:00-05:00', '2026-11-20T17:00:00-05:00');
  });
  it('IV on Friday 16:30 is due Saturday 16:30: elapsed time ignores the weekend', () => {
    expectDue('IV', '2026-11-06T16:30:00-05:00', '2026-11-07T16:30:00-05:00', null);
  });
});

describe('holidays and DST weekends', () => {
  it('I on Christmas Eve 15:00: Christmas Day and the weekend are skipped', () => {
    expectDue('I', '2026-12-24T15:00:00-05:00', '2026-12-24T15:30:00-05:00', '2026-12-28T11:00:00-05:00');
  });
  it('II on the eve of Good Friday: the response is due on Easter Monday (a business day)', () => {
    expectDue('II', '2026-04-02T16:30:00-04:00', '2026-04-06T09:30:00-04:00', '2026-04-07T16:30:00-04:00');
  });
  it('II opened on the Fête nationale starts the next morning; two full days end at Friday’s closing', () => {
    expectDue('II', '2026-06-24T10:00:00-04:00', '2026-06-25T10:00:00-04:00', '2026-06-26T17:00:00-04:00');
  });
  it('I across the weekend DST starts keeps local business hours', () => {
    expectDue('I', '2026-03-06T15:00:00-05:00', '2026-03-06T15:30:00-05:00', '2026-03-09T11:00:00-04:00');
  });
  it('III across the weekend DST ends keeps local business hours', () => {
    expectDue('III', '2026-10-30T16:00:00-04:00', '2026-11-02T09:30:00-05:00', '2026-11-13T16:00:00-05:00');
  });
  it('IV across the DST change is 24 real hours: 13:00 on the wall clock the next day', () => {
    expectDue('IV', '2026-03-07T12:00:00-05:00', '2026-03-08T13:00:00-04:00', null);
  });
});

describe('configured clocks and calendars', () => {
  it('the defaults follow the calendar’s business day', () => {
    const long = createBusinessCalendar({ ...defaultCalendarSpec(), businessDayMs: 10 * H });
    expect(defaultDeadlineClocks(long).II.resolution).toEqual({ ms: 20 * H, clock: 'business' });
    expect(defaultDeadlineClocks(toronto).III.resolution).toEqual({ ms: 80 * H, clock: 'business' });
  });

  it('a configured priority replaces its defaults; others keep theirs', () => {
    const clocks = {
      I: { response: { ms: 15 * MIN, clock: 'business' as const }, resolution: { businessDays: 1, clock: 'business' as const } },
      III: { response: { ms: 2 * H, clock: 'elapsed' as const }, resolution: null },
    };
    const opened = at('2026-11-06T16:30:00-05:00');
    expect(computeDeadlines({ priority: 'I', openedAt: opened, calendar: toronto, clocks })).toEqual({
      responseDueAt: at('2026-11-06T16:45:00-05:00'),
      resolutionDueAt: at('2026-11-09T16:30:00-05:00'),
    });
    expect(computeDeadlines({ priority: 'III', openedAt: opened, calendar: toronto, clocks })).toEqual({
      responseDueAt: at('2026-11-06T18:30:00-05:00'),
      resolutionDueAt: null,
    });
    expect(computeDeadlines({ priority: 'II', openedAt: opened, calendar: toronto, clocks }).responseDueAt).toBe(at('2026-11-09T09:30:00-05:00'));
  });

  it('a round-the-clock calendar makes business clocks elapsed ones', () => {
    const allDay = [{ from: '00:00', to: '24:00' }];
    const support = createBusinessCalendar({
      ...defaultCalendarSpec(),
      name: 'enterprise',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      holidayRegions: [],
      businessDayMs: 24 * H,
    });
    expect(computeDeadlines({ priority: 'I', openedAt: at('2026-11-07T23:00:00-05:00'), calendar: support })).toEqual({
      responseDueAt: at('2026-11-07T23:30:00-05:00'),
      resolutionDueAt: at('2026-11-08T03:00:00-05:00'),
    });
  });

  it('rejects an unknown priority or a clock without a duration', () => {
    expect(() => computeDeadlines({ priority: 'V' as Priority, openedAt: 0, calendar: toronto })).toThrow(/priority: "V"/);
    expect(() =>
      computeDeadlines({ priority: 'I', openedAt: 0, calendar: toronto, clocks: { I: { response: { clock: 'business' }, resolution: null } } }),
    ).toThrow(/clocks\.I\.response/);
  });
});

describe('deadline status', () => {
  const due = { responseDueAt: at('2026-11-03T10:30:00-05:00'), resolutionDueAt: at('2026-11-03T14:00:00-05:00') };

  it('open clocks are neither met nor missed yet, and show the time left', () => {
    expect(deadlineStatus({ ...due, respondedAt: null, resolvedAt: null, now: at('2026-11-03T10:10:00-05:00') })).toEqual({
      responseMet: null,
      resolutionMet: null,
      responseLeftMs: 20 * MIN,
      resolutionLeftMs: 230 * MIN,
    });
  });

  it('an open clock past its deadline shows negative time left', () => {
    expect(deadlineStatus({ ...due, respondedAt: null, resolvedAt: null, now: at('2026-11-03T10:40:00-05:00') }).responseLeftMs).toBe(-10 * MIN);
  });

  it('responding at the deadline meets it; a millisecond later does not', () => {
    expect(deadlineStatus({ ...due, respondedAt: due.responseDueAt, resolvedAt: null, now: at('2026-11-03T12:00:00-05:00') })).toMatchObject({
      responseMet: true,
      responseLeftMs: 0,
    });
    expect(deadlineStatus({ ...due, respondedAt: due.responseDueAt + 1, resolvedAt: null, now: at('2026-11-03T12:00:00-05:00') })).toMatchObject({
      responseMet: false,
      responseLeftMs: -1,
    });
  });

  it('resolution late is not met', () => {
    const status = deadlineStatus({ ...due, respondedAt: at('2026-11-03T10:05:00-05:00'), resolvedAt: at('2026-11-03T15:00:00-05:00'), now: at('2026-11-04T09:00:00-05:00') });
    expect(status).toEqual({ responseMet: true, resolutionMet: false, responseLeftMs: 25 * MIN, resolutionLeftMs: -H });
  });

  it('IV has no resolution deadline: met once resolved', () => {
    const iv = deadlines('IV', '2026-11-03T10:00:00-05:00');
    expect(deadlineStatus({ ...iv, respondedAt: null, resolvedAt: null, now: at('2026-11-03T11:00:00-05:00') })).toMatchObject({ resolutionMet: null, resolutionLeftMs: null });
    expect(deadlineStatus({ ...iv, respondedAt: at('2026-11-03T11:00:00-05:00'), resolvedAt: at('2026-11-20T11:00:00-05:00'), now: at('2026-11-21T11:00:00-05:00') })).toMatchObject({
      responseMet: true,
      resolutionMet: true,
      resolutionLeftMs: null,
    });
  });
});
