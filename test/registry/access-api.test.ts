import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// Rule 9 on every registry write, the 1 MiB body limit, and the admin's audit listing.

let t: TestApp;
afterEach(() => t?.close());

const WRITES: Array<[string, Record<string, unknown>]> = [
  ['/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-11-20T22:00:00-05:00', duration: '1h', impact: 'x' }],
  ['/api/v1/maintenance/1/reschedule', { start: '2026-11-20T22:00:00-05:00', duration: '1h', reason: 'x' }],
  ['/api/v1/maintenance/1/cancel', { reason: 'x' }],
  ['/api/v1/outages', { check: 'acme-web', start: '2026-11-16T09:00:00-05:00', reason: 'x' }],
  ['/api/v1/outages/1/close', {}],
  ['/api/v1/outages/1/exclusions', { reason: 'client_internet', justification: 'x' }],
  ['/api/v1/exclusions/1/revoke', { reason: 'x' }],
  ['/api/v1/incidents', { title: 'x', priority: 'I' }],
  ['/api/v1/incidents/1/respond', {}],
  ['/api/v1/incidents/1/resolve', {}],
  ['/api/v1/incidents/1/priority', { priority: 'II', reason: 'x' }],
  ['/api/v1/incidents/1/updates', { message: 'x' }],
];

describe('who may write', () => {
  it.each(WRITES)('POST %s: 401 without or with an unknown token, 403 for a viewer, nothing written', async (path, body) => {
    t = createTestApp();
    const viewer = t.token('viewer', 'manager');
    const before = rowCounts(t);
    const anonymous = await t.call('POST', path, { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    expect((await t.call('POST', path, { body, token: 'veille_not-a-token' })).status).toBe(401);
    const forbidden = await t.call('POST', path, { body, token: viewer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expect(rowCounts(t)).toEqual(before);
  });

  it('refuses a body over 1 MiB with 413, writing nothing', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const before = rowCounts(t);
    const body = JSON.stringify({ title: 'x'.repeat(1024 * 1024), priority: 'I' });
    const response = await t.app.request('/api/v1/incidents', {
      method: 'POST',
      headers: { authorization: `Bearer ${sre}`, 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(rowCounts(t)).toEqual(before);
  });
});

describe('GET /api/v1/audit', () => {
  it('lists every write with its actor, newest first, for admins only', async () => {
    t = createTestApp();
    const sre = t.token('sre', 'alice');
    await t.call('POST', '/api/v1/incidents', { token: sre, body: { title: 'x', priority: 'III' } });
    t.setNow('2026-11-16T13:00:00-05:00');
    await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start: '2026-11-16T09:00:00-05:00', end: '2026-11-16T09:10:00-05:00', reason: 'x' } });
    expect((await t.call('GET', '/api/v1/audit', { token: t.token('sre') })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/audit')).status).toBe(401);
    const admin = t.token('admin');
    const all = await t.call('GET', '/api/v1/audit', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.entries.map((e: { actor: string; action: string; at: string }) => [e.actor, e.action, e.at])).toEqual([
      ['alice', 'outage.record', '2026-11-16T18:00:00.000Z'],
      ['alice', 'incident.open', '2026-11-16T17:00:00.000Z'],
    ]);
    const first = await t.call('GET', '/api/v1/audit?to=2026-11-16T12:30:00-05:00', { token: admin });
    expect(first.body.entries.map((e: { action: string }) => e.action)).toEqual(['incident.open']);
    const bad = await t.call('GET', '/api/v1/audit?from=2026-11-16', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('from');
  });
});
