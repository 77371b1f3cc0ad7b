// Local months and dates of a zone, for callers without a business calendar at hand.
import { describe, expect, it } from 'vitest';
import { isLocalDate, monthSpanInZone } from '../../src/calendar/local-days.ts';

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};

describe('monthSpanInZone', () => {
  it('runs from local midnight of the 1st to local midnight of the next 1st', () => {
    expect(monthSpanInZone('America/Toronto', '2026-11')).toEqual({ start: at('2026-11-01T00:00:00-04:00'), end: at('2026-12-01T00:00:00-05:00') });
    expect(monthSpanInZone('America/Toronto', '2026-12')).toEqual({ start: at('2026-12-01T00:00:00-05:00'), end: at('2027-01-01T00:00:00-05:00') });
    expect(monthSpanInZone('Asia/Tokyo', '2026-01')).toEqual({ start: at('2026-01-01T00:00:00+09:00'), end: at('2026-02-01T00:00:00+09:00') });
  });

  it('in a zone that skips a midnight within the month (Havana: March 8, 2026 begins at 01:00), the month still spans 1st to 1st', () => {
    expect(monthSpanInZone('America/Havana', '2026-03')).toEqual({ start: at('2026-03-01T00:00:00-05:00'), end: at('2026-04-01T00:00:00-04:00') });
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', ' 2026-11', '2026-11 ', '2026/11'])('refuses "%s", naming the field', (month) => {
    expect(() => monthSpanInZone('America/Toronto', month)).toThrow(`month: "${month}" is not a month written YYYY-MM`);
  });
});

describe('isLocalDate', () => {
  it('accepts real dates written YYYY-MM-DD', () => {
    for (const date of ['2026-11-02', '2028-02-29', '2026-12-31', '1900-01-01']) expect(isLocalDate(date), date).toBe(true);
  });

  it('refuses impossible dates and other spellings', () => {
    for (const date of ['2026-02-29', '2026-11-31', '2026-13-01', '2026-00-10', '2026-11-00', '2026-1-02', '2026-11-2', 'x2026-11-02', '2026-11-02x', '2026-11-02T00:00', '']) {
      expect(isLocalDate(date), date).toBe(false);
    }
  });
});
