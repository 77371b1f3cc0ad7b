// Instants read from text with their offset, and written back in UTC or in a zone.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instant, instantSchema, parseInstant, toIso, toIsoOrNull } from '../../src/time/iso.ts';

const NOV_2_14H_UTC = Date.UTC(2026, 10, 2, 14);

describe('the forms of an ISO instant that are read', () => {
  it.each([
    ['2026-11-02T09:00-05:00', NOV_2_14H_UTC],
    ['2026-11-02T09:00:00.5-05:00', NOV_2_14H_UTC + 500],
    ['2026-11-02T09:00:00.123456789-05:00', NOV_2_14H_UTC + 123],
    ['2026-11-02t14:00:00z', NOV_2_14H_UTC],
    ['2026-11-02T14:00:00+00:00', NOV_2_14H_UTC],
    ['2026-11-02T19:30:00+05:30', NOV_2_14H_UTC],
    ['2026-11-02T14:00:00-00:00', NOV_2_14H_UTC],
  ])('"%s"', (text, ms) => {
    expect(parseInstant(text)).toEqual({ ok: true, ms });
  });

  it.each([
    '2026-11-02T09:00:00',
    '2026-11-02 09:00:00-05:00',
    '2026-11-02T9:00:00-05:00',
    '2026-11-2T09:00:00-05:00',
    '26-11-02T09:00:00-05:00',
    '2026-11-02T09:00:00-5:00',
    '2026-11-02T09:00:00.-05:00',
    '2026-11-02T09:00:00.1234567890-05:00',
    '2026-11-02T09-05:00',
    'x2026-11-02T09:00:00-05:00',
    '2026-11-02T09:00:00-05:00x',
    '2026-11-02',
    '',
  ])('"%s" is refused as not an ISO time with an offset', (text) => {
    expect(parseInstant(text)).toEqual({ ok: false, message: `"${text}" is not an ISO 8601 time with an offset (e.g. 2026-11-02T09:00:00-05:00)` });
  });

  it('offsets up to ±14:00 are read, ±14:01 and minutes past 59 are not', () => {
    expect(parseInstant('2026-11-02T09:00:00-14:00')).toMatchObject({ ok: true });
    expect(parseInstant('2026-11-02T09:00:00+13:59')).toMatchObject({ ok: true });
    expect(parseInstant('2026-11-02T09:00:00+1400')).toMatchObject({ ok: true });
    for (const text of ['2026-11-02T09:00:00+14:01', '2026-11-02T09:00:00-14:01', '2026-11-02T09:00:00+00:60', '2026-11-02T09:00:00-1401']) {
      expect(parseInstant(text)).toEqual({ ok: false, message: `"${text}" has an offset beyond ±14:00 (write e.g. -05:00 or Z)` });
    }
  });

  it('an impossible date or time is refused, saying why', () => {
    // The explanation names the field that is out of range, not just "unit out of range".
    expect(parseInstant('2026-02-29T09:00:00Z')).toMatchObject({ ok: false, message: expect.stringMatching(/^"2026-02-29T09:00:00Z" is not a real date and time \(.*29.* as a day.*\)$/) });
    expect(parseInstant('2026-11-02T25:00:00Z')).toMatchObject({ ok: false, message: expect.stringContaining('is not a real date and time') });
    expect(parseInstant('2028-02-29T09:00:00Z')).toMatchObject({ ok: true });
  });

  it('a long text is cut in the message', () => {
    const text = `2026-11-02T09:00:00-05:00${'x'.repeat(100)}`;
    expect(parseInstant(text)).toEqual({ ok: false, message: `"${text.slice(0, 60)}…" is not an ISO 8601 time with an offset (e.g. 2026-11-02T09:00:00-05:00)` });
    const sixty = `2026-11-02T09:00:00${'x'.repeat(41)}`;
    expect(sixty).toHaveLength(60);
    expect(parseInstant(sixty)).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^"${sixty}" is not`)) });
  });

  it('24:00 is the end of its day, as ISO 8601 allows; past it is refused', () => {
    expect(parseInstant('2026-11-02T24:00:00Z')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 3) });
    expect(parseInstant('2026-11-02T24:00:01Z')).toMatchObject({ ok: false, message: expect.stringContaining('is not a real date and time') });
  });

  it('the years are told in the message when outside 1900–2199', () => {
    expect(parseInstant('2200-01-01T00:00:00Z')).toEqual({ ok: false, message: '"2200-01-01T00:00:00Z" is outside the years 1900–2199' });
  });
});

describe('instant and instantSchema', () => {
  it('instant gives the ms or throws the message', () => {
    expect(instant('2026-11-02T09:00:00-05:00')).toBe(NOV_2_14H_UTC);
    expect(() => instant('2026-11-02T09:00:00')).toThrow('"2026-11-02T09:00:00" is not an ISO 8601 time with an offset');
  });

  it('instantSchema parses to ms, or fails with the message', () => {
    expect(instantSchema.parse('2026-11-02T09:00:00-05:00')).toBe(NOV_2_14H_UTC);
    const failed = instantSchema.safeParse('2026-11-02T09:00:00');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues.map((issue) => issue.code)).toEqual(['custom']);
    expect(failed.error?.issues.map((issue) => issue.message)).toEqual(['"2026-11-02T09:00:00" is not an ISO 8601 time with an offset (e.g. 2026-11-02T09:00:00-05:00)']);
  });

  it('instantSchema describes itself to the API documentation: what it reads, with an example it reads', () => {
    const described = z.toJSONSchema(instantSchema, { io: 'input' });
    expect(described).toMatchObject({ type: 'string', description: 'An ISO 8601 time with an offset or Z, in the years 1900–2199.' });
    expect(described.examples).toEqual(['2026-11-02T09:00:00-05:00']);
    expect(instant(String(described.examples?.[0]))).toBe(NOV_2_14H_UTC);
  });
});

describe('writing instants', () => {
  it('in UTC with Z and milliseconds, or in a zone with its offset', () => {
    expect(toIso(NOV_2_14H_UTC)).toBe('2026-11-02T14:00:00.000Z');
    expect(toIso(NOV_2_14H_UTC + 7)).toBe('2026-11-02T14:00:00.007Z');
    expect(toIso(NOV_2_14H_UTC, 'America/Toronto')).toBe('2026-11-02T09:00:00.000-05:00');
    expect(toIso(Date.UTC(2026, 6, 1, 16), 'America/Toronto')).toBe('2026-07-01T12:00:00.000-04:00');
    expect(toIso(NOV_2_14H_UTC, 'UTC')).toBe('2026-11-02T14:00:00.000Z');
  });

  it('toIsoOrNull passes null and undefined through, and writes 0', () => {
    expect(toIsoOrNull(null)).toBeNull();
    expect(toIsoOrNull(undefined)).toBeNull();
    expect(toIsoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIsoOrNull(NOV_2_14H_UTC, 'America/Toronto')).toBe('2026-11-02T09:00:00.000-05:00');
  });
});
