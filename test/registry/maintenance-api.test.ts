import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreTx } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// The maintenance registry through the HTTP API (rule 5, docs/api.md). The clock is fixed at
// 2026-11-16T12:00:00-05:00 unless a test moves it.

let t: TestApp;
afterEach(() => t?.close());

const WINDOW = {
  environments: ['acme-prod'],
  start: '2026-11-20T22:00:00-05:00',
  end: '2026-11-21T02:00:00-05:00',
  impact: 'Database upgrade: the platform is unavailable',
};

describe('POST /api/v1/maintenance', () => {
  it('registers a window with the server clock as notice time and answers 201 with every version', async () => {
    t = createTestApp();
    const sre = t.token('sre', 'alice');
    const { status, body } = await t.call('POST', '/api/v1/maintenance', { token: sre, body: WINDOW });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.any(Number),
      environments: ['acme-prod'],
      start: '2026-11-21T03:00:00.000Z',
      end: '2026-11-21T07:00:00.000Z',
      durationMs: 4 * 3_600_000,
      impact: WINDOW.impact,
      status: 'upcoming',
      noticeSentAt: '2026-11-16T17:00:00.000Z',
      noticeRef: null,
      recordedAt: '2026-11-16T17:00:00.000Z',
      recordedBy: 'alice',
      cancelledAt: null,
    });
    expect(body.versions).toHaveLength(1);
    const audit = t.deps.database.sqlite.prepare('select actor, action, target from audit_log').all();
    expect(audit).toEqual([{ actor: 'alice', action: 'maintenance.create', target: `maintenance:${body.id}` }]);
  });

  it('accepts a duration instead of an end, in milliseconds or written', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const { start, environments, impact } = WINDOW;
    const inMs = await t.call('POST', '/api/v1/maintenance', { token: sre, body: { environments, start, impact, duration: 5_400_000 } });
    const written = await t.call('POST', '/api/v1/maintenance', { token: sre, body: { environments, start, impact, duration: '90m' } });
    expect(inMs.body.end).toBe('2026-11-21T04:30:00.000Z');
    expect(written.body.end).toBe('2026-11-21T04:30:00.000Z');
  });

  it('keeps an explicit past notice with its reference, and the recording time apart', async () => {
    t = createTestApp();
    const { status, body } = await t.call('POST', '/api/v1/maintenance', {
      token: t.token('sre'),
      body: { ...WINDOW, noticeSentAt: '2026-11-13T16:30:00-05:00', noticeRef: 'email 2026-11-13 to Acme IT' },
    });
    expect(status).toBe(201);
    expect(body.noticeSentAt).toBe('2026-11-13T21:30:00.000Z');
    expect(body.noticeRef).toBe('email 2026-11-13 to Acme IT');
    expect(body.recordedAt).toBe('2026-11-16T17:00:00.000Z');
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['a start without offset', { ...WINDOW, start: '2026-11-20T22:00:00' }, 'start'],
    ['an end without offset', { ...WINDOW, end: '2026-11-21T02:00' }, 'end'],
    ['an impossible date', { ...WINDOW, start: '2026-02-30T10:00:00-05:00' }, 'start'],
    ['end before start', { ...WINDOW, end: '2026-11-20T21:00:00-05:00' }, 'end'],
    ['end equal to start', { ...WINDOW, end: WINDOW.start }, 'end'],
    ['neither end nor duration', { environments: ['acme-prod'], start: WINDOW.start, impact: 'x' }, 'end'],
    ['both end and duration', { ...WINDOW, duration: '1h' }, 'duration'],
    ['a zero duration', { environments: ['acme-prod'], start: WINDOW.start, impact: 'x', duration: 0 }, 'duration'],
    ['a duration that is not one', { environments: ['acme-prod'], start: WINDOW.start, impact: 'x', duration: '2 hours' }, 'duration'],
    ['an unknown environment', { ...WINDOW, environments: ['acme-prod', 'initech-prod'] }, 'environments[1]'],
    ['an environment listed twice', { ...WINDOW, environments: ['acme-prod', 'acme-prod'] }, 'environments[1]'],
    ['no environment', { ...WINDOW, environments: [] }, 'environments'],
    ['a missing impact', { environments: WINDOW.environments, start: WINDOW.start, end: WINDOW.end }, 'impact'],
    ['an empty impact', { ...WINDOW, impact: '   ' }, 'impact'],
    ['an impact over 10,000 characters', { ...WINDOW, impact: 'x'.repeat(10_001) }, 'impact'],
    ['an unknown field', { ...WINDOW, severity: 'high' }, 'severity'],
    ['environments of the wrong type', { ...WINDOW, environments: 'acme-prod' }, 'environments'],
    ['a start of the wrong type', { ...WINDOW, start: 1_790_000_000_000 }, 'start'],
    ['a notice in the future', { ...WINDOW, noticeSentAt: '2026-11-16T12:00:01-05:00', noticeRef: 'email' }, 'noticeSentAt'],
    ['a notice without reference', { ...WINDOW, noticeSentAt: '2026-11-13T16:30:00-05:00' }, 'noticeRef'],
  ];
  it.each(refused)('refuses %s with 400 naming the field, writing nothing', async (_what, body, field) => {
    t = createTestApp();
    const before = rowCounts(t);
    const { status, body: answer } = await t.call('POST', '/api/v1/maintenance', { token: t.token('sre'), body });
    expect(status).toBe(400);
    expect(answer.error.code).toBe('invalid_input');
    expect(answer.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(answer.error.message).toContain(field);
    expect(rowCounts(t)).toEqual(before);
  });

  it('refuses a body that is not JSON', async () => {
    t = createTestApp();
    const { status, body } = await t.call('POST', '/api/v1/maintenance', { token: t.token('sre'), body: '{"environments": [' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_json');
  });
});

describe('changing and cancelling a window', () => {
  async function registered() {
    t = createTestApp();
    const sre = t.token('sre', 'alice');
    const { body } = await t.call('POST', '/api/v1/maintenance', { token: sre, body: WINDOW });
    return { sre, id: body.id as number };
  }

  it('records a change as a new version with its own notice, keeping the old one', async () => {
    const { sre, id } = await registered();
    t.setNow('2026-11-17T10:00:00-05:00');
    const { status, body } = await t.call('POST', `/api/v1/maintenance/${id}/reschedule`, {
      token: sre,
      body: { start: '2026-11-20T23:00:00-05:00', duration: '2h', reason: 'vendor asked for a later start' },
    });
    expect(status).toBe(200);
    expect(body.start).toBe('2026-11-21T04:00:00.000Z');
    expect(body.end).toBe('2026-11-21T06:00:00.000Z');
    expect(body.noticeSentAt).toBe('2026-11-17T15:00:00.000Z');
    expect(body.versions.map((v: { start: string; changeReason: string | null }) => [v.start, v.changeReason])).toEqual([
      ['2026-11-21T03:00:00.000Z', null],
      ['2026-11-21T04:00:00.000Z', 'vendor asked for a later start'],
    ]);
  });

  it('cancels once: 200, then 409; a cancelled window cannot be changed', async () => {
    const { sre, id } = await registered();
    t.setNow('2026-11-18T08:00:00-05:00');
    const first = await t.call('POST', `/api/v1/maintenance/${id}/cancel`, { token: sre, body: { reason: 'upgrade postponed' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'cancelled', cancelledAt: '2026-11-18T13:00:00.000Z', cancelledBy: 'alice', cancelReason: 'upgrade postponed' });
    const before = rowCounts(t);
    const second = await t.call('POST', `/api/v1/maintenance/${id}/cancel`, { token: sre, body: { reason: 'again' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    const change = await t.call('POST', `/api/v1/maintenance/${id}/reschedule`, {
      token: sre,
      body: { start: '2026-11-27T22:00:00-05:00', duration: '1h', reason: 'new date' },
    });
    expect(change.status).toBe(409);
    expect(rowCounts(t)).toEqual(before);
  });

  it('answers 404 for an unknown window and 400 for a bad id or a missing reason', async () => {
    const { sre, id } = await registered();
    expect((await t.call('POST', '/api/v1/maintenance/999/cancel', { token: sre, body: { reason: 'x' } })).status).toBe(404);
    const badId = await t.call('POST', '/api/v1/maintenance/abc/cancel', { token: sre, body: { reason: 'x' } });
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields[0].field).toBe('id');
    const noReason = await t.call('POST', `/api/v1/maintenance/${id}/cancel`, { token: sre, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');
  });
});

describe('GET /api/v1/maintenance', () => {
  async function registry() {
    t = createTestApp({ now: '2026-11-10T12:00:00-05:00' });
    const sre = t.token('sre');
    const add = async (body: Record<string, unknown>) => (await t.call('POST', '/api/v1/maintenance', { token: sre, body })).body.id as number;
    const past = await add({ environments: ['acme-prod'], start: '2026-11-02T20:00:00-05:00', duration: '1h', impact: 'past' });
    const current = await add({ environments: ['acme-prod', 'globex-prod'], start: '2026-11-16T11:00:00-05:00', duration: '2h', impact: 'current' });
    const upcoming = await add({ environments: ['acme-prod'], start: '2026-11-20T20:00:00-05:00', duration: '1h', impact: 'upcoming' });
    const hidden = await add({ environments: ['globex-prod'], start: '2026-11-18T20:00:00-05:00', duration: '1h', impact: 'private' });
    const cancelled = await add({ environments: ['acme-prod'], start: '2026-11-25T20:00:00-05:00', duration: '1h', impact: 'cancelled' });
    await t.call('POST', `/api/v1/maintenance/${cancelled}/cancel`, { token: sre, body: { reason: 'not needed' } });
    t.setNow('2026-11-16T12:00:00-05:00');
    return { past, current, upcoming, hidden, cancelled };
  }

  it('shows anyone the public environments’ windows, grouped, without private ids or internal details', async () => {
    const ids = await registry();
    const { status, body } = await t.call('GET', '/api/v1/maintenance');
    expect(status).toBe(200);
    expect(body.upcoming.map((w: { id: number }) => w.id)).toEqual([ids.upcoming]);
    expect(body.current.map((w: { id: number }) => w.id)).toEqual([ids.current]);
    expect(body.past.map((w: { id: number }) => w.id)).toEqual([ids.past]);
    expect(body.cancelled.map((w: { id: number }) => w.id)).toEqual([ids.cancelled]);
    expect(body.current[0]).toEqual({
      id: ids.current,
      environments: ['acme-prod'],
      start: '2026-11-16T16:00:00.000Z',
      end: '2026-11-16T18:00:00.000Z',
      durationMs: 7_200_000,
      impact: 'current',
      status: 'current',
      cancelledAt: null,
    });
    expect(JSON.stringify(body)).not.toContain('globex');
  });

  it('shows a viewer every window with its history', async () => {
    const ids = await registry();
    const { body } = await t.call('GET', '/api/v1/maintenance', { token: t.token('viewer') });
    expect(body.upcoming.map((w: { id: number }) => w.id)).toEqual([ids.hidden, ids.upcoming]);
    expect(body.current[0].environments).toEqual(['acme-prod', 'globex-prod']);
    expect(body.current[0].versions).toHaveLength(1);
  });

  it('limits the listing to windows overlapping from–to', async () => {
    const ids = await registry();
    const { body } = await t.call('GET', '/api/v1/maintenance?from=2026-11-16T00:00:00-05:00&to=2026-11-19T00:00:00-05:00', { token: t.token('viewer') });
    expect([...body.upcoming, ...body.current, ...body.past, ...body.cancelled].map((w: { id: number }) => w.id)).toEqual([ids.hidden, ids.current]);
    const bad = await t.call('GET', '/api/v1/maintenance?from=2026-11-16T00:00:00');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('from');
  });

  it('hides a private window from anonymous readers of a single window', async () => {
    const ids = await registry();
    expect((await t.call('GET', `/api/v1/maintenance/${ids.hidden}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/maintenance/${ids.upcoming}`)).body.noticeRef).toBeUndefined();
    expect((await t.call('GET', `/api/v1/maintenance/${ids.hidden}`, { token: t.token('viewer') })).body.environments).toEqual(['globex-prod']);
  });
});

describe('notices sent by veille itself (notify)', () => {
  it('refuses notify where nothing can be sent, and notify with a notice sent otherwise', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const before = rowCounts(t);
    const unwired = await t.call('POST', '/api/v1/maintenance', { token: sre, body: { ...WINDOW, notify: true } });
    expect(unwired.status).toBe(400);
    expect(unwired.body.error.fields[0].field).toBe('notify');
    const both = await t.call('POST', '/api/v1/maintenance', {
      token: sre,
      body: { ...WINDOW, notify: true, noticeSentAt: '2026-11-13T16:30:00-05:00', noticeRef: 'email' },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].field).toBe('notify');
    expect(rowCounts(t)).toEqual(before);
  });

  it('records a pending notice and tells the notifier inside the same transaction', async () => {
    t = createTestApp();
    const calls: string[] = [];
    // The notifier reads the window in the transaction it is handed: it must already be there.
    const windowVisible = async (tx: StoreTx, id: number) => (await tx.db.select().from(tx.t.maintenanceWindows).where(eq(tx.t.maintenanceWindows.id, id))).length > 0;
    const notifications = {
      windowRegistered: async (tx: StoreTx, e: { windowId: number; notify: boolean }) => void calls.push(`registered ${e.windowId} ${e.notify} ${await windowVisible(tx, e.windowId)}`),
      windowRescheduled: async (_tx: StoreTx, e: { windowId: number; notify?: boolean }) => void calls.push(`rescheduled ${e.windowId} ${e.notify}`),
      windowCancelled: async (_tx: StoreTx, e: { windowId: number; notify?: boolean }) => void calls.push(`cancelled ${e.windowId} ${e.notify}`),
    };
    const { createApp } = await import('../../src/server/app.ts');
    const app = createApp({ ...t.deps, notifications } as typeof t.deps);
    const sre = t.token('sre');
    const post = async (path: string, body: unknown) => {
      const response = await app.request(path, { method: 'POST', headers: { authorization: `Bearer ${sre}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any };
    };
    const created = await post('/api/v1/maintenance', { ...WINDOW, notify: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ noticeSentAt: null, noticeStatus: 'pending', noticeRef: null });
    await post(`/api/v1/maintenance/${created.body.id}/reschedule`, { start: WINDOW.start, duration: '1h', reason: 'shorter' });
    await post(`/api/v1/maintenance/${created.body.id}/cancel`, { reason: 'called off', notify: true });
    expect(calls).toEqual([`registered ${created.body.id} true true`, `rescheduled ${created.body.id} undefined`, `cancelled ${created.body.id} true`]);
  });

  it('leaves nothing behind when the notifier refuses', async () => {
    t = createTestApp();
    const { createApp } = await import('../../src/server/app.ts');
    const { badRequest } = await import('../../src/server/api-error.ts');
    const refuse = () => {
      throw badRequest('notify', 'client Acme has no contact');
    };
    const app = createApp({ ...t.deps, notifications: { windowRegistered: refuse, windowRescheduled: refuse, windowCancelled: refuse } } as typeof t.deps);
    const sre = t.token('sre');
    const before = rowCounts(t);
    const response = await app.request('/api/v1/maintenance', {
      method: 'POST',
      headers: { authorization: `Bearer ${sre}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...WINDOW, notify: true }),
    });
    expect(response.status).toBe(400);
    expect(rowCounts(t)).toEqual(before);
  });
});
