import { describe, expect, it } from 'vitest';
import { MAX_INSTANT, MIN_INSTANT, parseInstant } from '../../src/time/iso.ts';

describe('parseInstant', () => {
  it('reads an instant with its offset, Z, or a compact offset', () => {
    expect(parseInstant('2026-11-02T09:00:00-05:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 2, 14) });
    expect(parseInstant('2026-11-02T14:00:00Z')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 2, 14) });
    expect(parseInstant('2026-11-02T23:00:00+0900')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 2, 14) });
    // The two 01:30 of the night DST ends in Toronto are told apart by their offsets.
    expect(parseInstant('2026-11-01T01:30:00-04:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 1, 5, 30) });
    expect(parseInstant('2026-11-01T01:30:00-05:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 1, 6, 30) });
    expect(parseInstant('2026-11-02T09:00:00+14:00').ok).toBe(true);
    expect(parseInstant('2026-11-02T09:00:00-12:00').ok).toBe(true);
  });

  it('refuses a time without an offset and impossible dates', () => {
    expect(parseInstant('2026-11-02T09:00:00')).toMatchObject({ ok: false, message: expect.stringContaining('offset') });
    expect(parseInstant('2026-02-30T09:00:00Z')).toMatchObject({ ok: false });
  });

  it('refuses offsets no place on Earth uses, instead of moving the instant by days', () => {
    for (const text of ['2026-12-05T08:00:00+99:99', '2026-12-05T08:00:00-23:59', '2026-12-05T08:00:00+15:00', '2026-12-05T08:00:00+05:60']) {
      expect(parseInstant(text), text).toMatchObject({ ok: false, message: expect.stringContaining('offset') });
    }
  });

  it('refuses years outside 1900–2199, which the calendar and the reports cannot handle', () => {
    // Year 1 used to give incident deadlines in 1900; year 9999 plus a duration could not be written back.
    for (const text of ['0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2200-01-01T00:00:00Z', '9999-12-31T23:00:00Z']) {
      expect(parseInstant(text), text).toMatchObject({ ok: false, message: expect.stringContaining('1900') });
    }
    expect(parseInstant('1900-01-01T00:00:00Z')).toEqual({ ok: true, ms: MIN_INSTANT });
    expect(parseInstant('2199-12-31T23:59:59.999Z')).toEqual({ ok: true, ms: MAX_INSTANT - 1 });
  });
});
