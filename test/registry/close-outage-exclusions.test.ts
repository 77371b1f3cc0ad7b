import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// An exclusion lies inside its outage (rule 6). Ending a manual outage before the end of one
// of its exclusions would leave an exclusion longer than the outage it excuses.

let t: TestApp;
afterEach(() => t?.close());

describe('ending a manual outage that has exclusions', () => {
  it('refuses an end before the end of an exclusion that applies, naming end; revoked ones do not count', async () => {
    t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
    const sre = t.token('sre');
    const outage = await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start: '2026-11-16T09:00:00-05:00', reason: 'client report' } });
    const exclusion = await t.call('POST', `/api/v1/outages/${outage.body.id}/exclusions`, {
      token: sre,
      body: { reason: 'client_internet', justification: 'their ISP', start: '2026-11-16T09:00:00-05:00', end: '2026-11-16T11:00:00-05:00' },
    });
    expect(exclusion.status).toBe(201);
    const before = rowCounts(t);
    const early = await t.call('POST', `/api/v1/outages/${outage.body.id}/close`, { token: sre, body: { end: '2026-11-16T10:00:00-05:00' } });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual([{ field: 'end', message: expect.stringContaining(`exclusion ${exclusion.body.id}`) }]);
    expect(rowCounts(t)).toEqual(before);

    expect((await t.call('POST', `/api/v1/exclusions/${exclusion.body.id}/revoke`, { token: sre, body: { reason: 'wrong' } })).status).toBe(200);
    const closed = await t.call('POST', `/api/v1/outages/${outage.body.id}/close`, { token: sre, body: { end: '2026-11-16T10:00:00-05:00' } });
    expect(closed.status).toBe(200);
    expect(closed.body.end).toBe('2026-11-16T15:00:00.000Z');
  });

  it('accepts an end at or after the exclusions, and with an open-ended one', async () => {
    t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
    const sre = t.token('sre');
    const outage = await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start: '2026-11-16T09:00:00-05:00', reason: 'client report' } });
    await t.call('POST', `/api/v1/outages/${outage.body.id}/exclusions`, { token: sre, body: { reason: 'force_majeure', justification: 'storm', end: '2026-11-16T10:00:00-05:00' } });
    await t.call('POST', `/api/v1/outages/${outage.body.id}/exclusions`, { token: sre, body: { reason: 'force_majeure', justification: 'storm', start: '2026-11-16T10:30:00-05:00' } });
    const closed = await t.call('POST', `/api/v1/outages/${outage.body.id}/close`, { token: sre, body: { end: '2026-11-16T10:45:00-05:00' } });
    expect(closed.status).toBe(200);
  });
});
