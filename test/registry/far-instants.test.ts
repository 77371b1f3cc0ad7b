import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// Times far in the past or future, and durations that push a window's end out of range, are
// refused naming the field; before, a huge duration was a 500 and year 1 gave deadlines in 1900.

let t: TestApp;
afterEach(() => t?.close());

const BASE = { environments: ['acme-prod'], impact: 'Database upgrade' };

describe('instants and durations out of range', () => {
  it('refuses a window whose duration carries its end beyond 2199, naming duration or end', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const before = rowCounts(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ start: '2026-12-05T08:00:00Z', duration: 1e300 }, 'duration'],
      [{ start: '2026-12-05T08:00:00Z', duration: '99999999999999999999d' }, 'duration'],
      [{ start: '2199-12-31T23:00:00Z', duration: '2d' }, 'duration'],
      [{ start: '2026-12-05T08:00:00Z', end: '9999-12-31T23:00:00Z' }, 'end'],
      [{ start: '0001-01-01T00:00:00Z', duration: '2h' }, 'start'],
    ];
    for (const [times, field] of cases) {
      const answer = await t.call('POST', '/api/v1/maintenance', { token: sre, body: { ...BASE, ...times } });
      expect(answer.status, JSON.stringify(times)).toBe(400);
      expect(answer.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    const created = await t.call('POST', '/api/v1/maintenance', { token: sre, body: { ...BASE, start: '2026-12-05T08:00:00Z', duration: '2h' } });
    expect(created.status).toBe(201);
    const reschedule = await t.call('POST', `/api/v1/maintenance/${created.body.id}/reschedule`, {
      token: sre,
      body: { reason: 'later', start: '2026-12-06T08:00:00Z', duration: 9e15 },
    });
    expect(reschedule.status).toBe(400);
    expect(reschedule.body.error.fields).toEqual([{ field: 'duration', message: expect.stringContaining('2199') }]);
    expect(rowCounts(t).maintenance_versions).toBe(before.maintenance_versions! + 1);
  });

  it('refuses an incident imported from year 1 instead of giving it deadlines in 1900', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const before = rowCounts(t);
    const answer = await t.call('POST', '/api/v1/incidents', {
      token: sre,
      body: { title: 'Old ticket', priority: 'III', openedAt: '0001-01-01T00:00:00Z', externalRef: 'T-1' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ field: 'openedAt', message: expect.stringContaining('1900') }]);
    expect(rowCounts(t)).toEqual(before);
  });
});
