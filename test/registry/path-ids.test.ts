import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// An id in a path is written in decimal digits, nothing else: a typo must not act on another
// record. " 1", "1e1", "0x10" and "+2" would all have been read as numbers.

let t: TestApp;
afterEach(() => t?.close());

const WINDOW = {
  environments: ['acme-prod'],
  start: '2026-11-20T22:00:00-05:00',
  end: '2026-11-21T02:00:00-05:00',
  impact: 'Database upgrade',
};

describe('ids in paths', () => {
  it('refuses ids that are not plain decimal digits, with a 400 naming id, and changes nothing', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    // Sixteen windows, so that "0x10" and "1e1" would each name an existing one.
    for (let i = 0; i < 16; i++) expect((await t.call('POST', '/api/v1/maintenance', { token: sre, body: WINDOW })).status).toBe(201);
    const before = rowCounts(t);
    for (const id of ['%201', '1%20', '0x10', '1e1', '+2', '01', '1.0', '9007199254740993']) {
      const cancel = await t.call('POST', `/api/v1/maintenance/${id}/cancel`, { token: sre, body: { reason: 'typo' } });
      expect(cancel.status, id).toBe(400);
      expect(cancel.body.error.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
      expect((await t.call('GET', `/api/v1/maintenance/${id}`, { token: sre })).status, id).toBe(400);
      expect((await t.call('POST', `/api/v1/incidents/${id}/respond`, { token: sre, body: {} })).status, id).toBe(400);
      expect((await t.call('POST', `/api/v1/outages/${id}/close`, { token: sre, body: {} })).status, id).toBe(400);
      expect((await t.call('POST', `/api/v1/exclusions/${id}/revoke`, { token: sre, body: { reason: 'typo' } })).status, id).toBe(400);
    }
    expect(rowCounts(t)).toEqual(before);
    const cancelled = t.deps.database.sqlite.prepare('select count(*) as n from maintenance_windows where cancelled_at is not null').get() as { n: number };
    expect(cancelled.n).toBe(0);
  });

  it('still finds a record by its id', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const created = await t.call('POST', '/api/v1/maintenance', { token: sre, body: WINDOW });
    expect((await t.call('GET', `/api/v1/maintenance/${created.body.id}`, { token: sre })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/maintenance/999', { token: sre })).status).toBe(404);
  });
});
