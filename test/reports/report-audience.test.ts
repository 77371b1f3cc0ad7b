import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Rule 9: anyone reads the public environments' availability and the public incidents; the
// incident block of an anonymous report must not count what anonymous readers may not see.

let t: TestApp;
afterEach(() => t?.close());

describe('the monthly report for anonymous readers', () => {
  it('counts only public incidents in its incident block; a viewer gets every incident', async () => {
    t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
    const sre = t.token('sre');
    const open = (body: Record<string, unknown>) => t.call('POST', '/api/v1/incidents', { token: sre, body });
    expect((await open({ title: 'Login down for everyone', priority: 'I', environments: ['acme-prod'], public: true })).status).toBe(201);
    expect((await open({ title: 'Globex invoicing export', priority: 'II', environments: ['globex-prod'] })).status).toBe(201);
    expect((await open({ title: 'A client question', priority: 'IV' })).status).toBe(201);

    const anonymous = await t.call('GET', '/api/v1/reports/monthly?month=2026-11');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.incidents).toEqual({
      I: { count: 1, responseMet: 0, resolutionMet: 0 },
      II: { count: 0, responseMet: 0, resolutionMet: 0 },
      III: { count: 0, responseMet: 0, resolutionMet: 0 },
      IV: { count: 0, responseMet: 0, resolutionMet: 0 },
    });

    const viewer = await t.call('GET', '/api/v1/reports/monthly?month=2026-11', { token: t.token('viewer') });
    expect(viewer.body.incidents).toMatchObject({ I: { count: 1 }, II: { count: 1 }, III: { count: 0 }, IV: { count: 1 } });
  });
});
