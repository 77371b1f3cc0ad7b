import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Query strings are checked like bodies: an unknown parameter, or one given twice, is a 400
// naming it; a filter silently ignored would show a script more (or less) than it asked for.

let t: TestApp;
afterEach(() => t?.close());

describe('query parameters', () => {
  it('the monthly report refuses unknown parameters like every other listing', async () => {
    t = createTestApp();
    const answer = await t.call('GET', '/api/v1/reports/monthly?month=2026-11&environment=acme-prod');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ field: 'environment', message: 'unknown field' }]);
    expect((await t.call('GET', '/api/v1/reports/monthly?month=2026-11')).status).toBe(200);
  });

  it('a parameter given twice is refused, naming it, instead of the first one winning', async () => {
    t = createTestApp();
    const viewer = t.token('viewer');
    for (const path of [
      '/api/v1/reports/monthly?month=2026-11&month=2026-10',
      '/api/v1/outages?environment=acme-prod&environment=globex-prod',
      '/api/v1/maintenance?from=2026-11-01T00:00:00Z&from=2026-10-01T00:00:00Z',
      '/api/v1/incidents?state=open&state=resolved',
    ]) {
      const answer = await t.call('GET', path, { token: viewer });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.fields, path).toEqual([{ field: expect.stringMatching(/^(month|environment|from|state)$/), message: 'given more than once' }]);
    }
  });

  it('the audit limit says what is wrong with it', async () => {
    t = createTestApp();
    const admin = t.token('admin');
    const message = async (limit: string) => (await t.call('GET', `/api/v1/audit?limit=${limit}`, { token: admin })).body.error.fields[0].message;
    expect(await message('0')).toBe('must be at least 1');
    expect(await message('10001')).toBe('must be at most 10000');
    expect(await message('1.5')).toBe('must be a whole number');
    expect(await message('ten')).toBe('must be a whole number');
    expect((await t.call('GET', '/api/v1/audit?limit=10', { token: admin })).status).toBe(200);
  });
});

describe('token revocation', () => {
  it('answers 404 for a token that does not exist and 409 for one already revoked', async () => {
    t = createTestApp();
    const admin = t.token('admin');
    const missing = await t.call('POST', '/api/v1/tokens/999/revoke', { token: admin });
    expect(missing.status).toBe(404);
    const created = await t.call('POST', '/api/v1/tokens', { token: admin, body: { role: 'viewer', name: 'dashboard' } });
    expect((await t.call('POST', `/api/v1/tokens/${created.body.id}/revoke`, { token: admin })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/tokens/${created.body.id}/revoke`, { token: admin })).status).toBe(409);
  });
});

describe('empty query parameters', () => {
  it('read as absent, so the listing written in docs/api.md (?environment=&from=&to=) lists everything', async () => {
    t = createTestApp();
    const viewer = t.token('viewer');
    const sre = t.token('sre');
    expect((await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start: '2026-11-16T09:00:00-05:00', end: '2026-11-16T09:30:00-05:00', reason: 'seen by a client' } })).status).toBe(201);
    const all = await t.call('GET', '/api/v1/outages?environment=&from=&to=', { token: viewer });
    expect(all.status).toBe(200);
    expect(all.body.outages).toHaveLength(1);
    const month = await t.call('GET', '/api/v1/reports/monthly?month=');
    expect(month.status).toBe(400);
    expect(month.body.error.fields).toEqual([{ field: 'month', message: 'month is required, written YYYY-MM' }]);
  });
});
