import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// Working an incident through the API (rule 8): respond, resolve, priority changes, updates,
// and who may read what (rule 9). Clock: Monday 2026-11-16T12:00-05:00.

let t: TestApp;
afterEach(() => t?.close());

async function desk() {
  t = createTestApp();
  const sre = t.token('sre', 'carol');
  const open = async (body: Record<string, unknown>) => {
    const created = await t.call('POST', '/api/v1/incidents', { token: sre, body: { title: 'Acme: login fails', ...body } });
    expect(created.status).toBe(201);
    return created.body as { id: number; [key: string]: any };
  };
  return { sre, open };
}

describe('responding and resolving', () => {
  it('meets a deadline at the instant it falls due, misses it a millisecond later', async () => {
    const { sre, open } = await desk();
    // Opened Monday 09:00: response due 09:30, resolution 13:00.
    const incident = await open({ priority: 'I', openedAt: '2026-11-16T09:00:00-05:00', externalRef: 'HD-10' });
    const responded = await t.call('POST', `/api/v1/incidents/${incident.id}/respond`, { token: sre, body: { at: '2026-11-16T09:30:00-05:00' } });
    expect(responded.status).toBe(200);
    expect(responded.body).toMatchObject({ state: 'responded', respondedAt: '2026-11-16T14:30:00.000Z', responseMet: true, resolutionMet: null, timeLeft: { responseMs: 0 } });
    t.setNow('2026-11-16T14:00:00-05:00');
    const resolved = await t.call('POST', `/api/v1/incidents/${incident.id}/resolve`, { token: sre, body: { at: '2026-11-16T13:00:00.001-05:00', message: 'SSO certificate renewed' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'resolved', responseMet: true, resolutionMet: false, timeLeft: { responseMs: 0, resolutionMs: -1 } });
    expect(resolved.body.events.map((e: { type: string }) => e.type)).toEqual(['opened', 'responded', 'resolved']);
  });

  it('stops both clocks at now when no time is given; resolving first counts as the response', async () => {
    const { sre, open } = await desk();
    const incident = await open({ priority: 'II', openedAt: '2026-11-16T11:30:00-05:00', externalRef: 'HD-11' });
    const resolved = await t.call('POST', `/api/v1/incidents/${incident.id}/resolve`, { token: sre, body: {} });
    expect(resolved.body).toMatchObject({ respondedAt: '2026-11-16T17:00:00.000Z', resolvedAt: '2026-11-16T17:00:00.000Z', responseMet: true, resolutionMet: true });
  });

  it('gives priority IV its resolution as met: it has no deadline to miss', async () => {
    const { sre, open } = await desk();
    const incident = await open({ priority: 'IV', kind: 'question', channel: 'phone' });
    const resolved = await t.call('POST', `/api/v1/incidents/${incident.id}/resolve`, { token: sre });
    expect(resolved.body).toMatchObject({ resolutionDueAt: null, resolutionMet: true, timeLeft: { resolutionMs: null } });
  });

  it('refuses a second response or resolution (409), and instants outside [openedAt, now] (400 at)', async () => {
    const { sre, open } = await desk();
    const incident = await open({ priority: 'I', openedAt: '2026-11-16T10:00:00-05:00', externalRef: 'HD-12' });
    const path = `/api/v1/incidents/${incident.id}`;
    const before = rowCounts(t);
    for (const at of ['2026-11-16T12:00:01-05:00', '2026-11-16T09:59:59-05:00', '2026-11-16T10:30:00', '2026-02-30T10:00:00-05:00']) {
      const refused = await t.call('POST', `${path}/respond`, { token: sre, body: { at } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields[0].field).toBe('at');
    }
    expect(rowCounts(t)).toEqual(before);
    await t.call('POST', `${path}/respond`, { token: sre, body: { at: '2026-11-16T10:20:00-05:00' } });
    const twice = await t.call('POST', `${path}/respond`, { token: sre, body: {} });
    expect(twice.status).toBe(409);
    const early = await t.call('POST', `${path}/resolve`, { token: sre, body: { at: '2026-11-16T10:10:00-05:00' } });
    expect(early.status).toBe(400);
    await t.call('POST', `${path}/resolve`, { token: sre, body: {} });
    expect((await t.call('POST', `${path}/resolve`, { token: sre, body: {} })).status).toBe(409);
    expect((await t.call('POST', '/api/v1/incidents/999/respond', { token: sre, body: {} })).status).toBe(404);
  });
});

describe('changing the priority', () => {
  it('recomputes both deadlines from the opening instant and records the change', async () => {
    const { sre, open } = await desk();
    // Opened Friday 2026-11-13 16:00 as III (response due 09:30 Monday).
    const incident = await open({ priority: 'III', openedAt: '2026-11-13T16:00:00-05:00', externalRef: 'HD-20' });
    expect(incident.responseDueAt).toBe('2026-11-16T14:30:00.000Z');
    const changed = await t.call('POST', `/api/v1/incidents/${incident.id}/priority`, { token: sre, body: { priority: 'I', reason: 'every client affected' } });
    expect(changed.status).toBe(200);
    // As I: 30 min → 16:30 Friday; 4 h → 1 h Friday + 3 h Monday → 12:00 Monday.
    expect(changed.body).toMatchObject({ priority: 'I', responseDueAt: '2026-11-13T21:30:00.000Z', resolutionDueAt: '2026-11-16T17:00:00.000Z' });
    const event = changed.body.events.at(-1);
    expect(event).toMatchObject({ type: 'priority', actor: 'carol', message: 'every client affected', details: { from: 'III', to: 'I' } });
    const audit = t.deps.database.sqlite.prepare("select actor, action from audit_log where action = 'incident.priority'").all();
    expect(audit).toEqual([{ actor: 'carol', action: 'incident.priority' }]);
  });

  it('refuses the same priority, a resolved incident (409), and a priority outside I–IV (400)', async () => {
    const { sre, open } = await desk();
    const incident = await open({ priority: 'II' });
    const path = `/api/v1/incidents/${incident.id}/priority`;
    expect((await t.call('POST', path, { token: sre, body: { priority: 'II', reason: 'x' } })).status).toBe(409);
    const bad = await t.call('POST', path, { token: sre, body: { priority: 'V', reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('priority');
    const noReason = await t.call('POST', path, { token: sre, body: { priority: 'I' } });
    expect(noReason.body.error.fields[0].field).toBe('reason');
    await t.call('POST', `/api/v1/incidents/${incident.id}/resolve`, { token: sre });
    expect((await t.call('POST', path, { token: sre, body: { priority: 'I', reason: 'x' } })).status).toBe(409);
  });
});

describe('POST /api/v1/incidents: bad input', () => {
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['a priority not among I–IV', { title: 'x', priority: 'urgent' }, 'priority'],
    ['a missing priority', { title: 'x' }, 'priority'],
    ['a missing title', { priority: 'I' }, 'title'],
    ['a title over 10,000 characters', { title: 'x'.repeat(10_001), priority: 'I' }, 'title'],
    ['a future openedAt', { title: 'x', priority: 'I', openedAt: '2026-11-16T12:00:01-05:00', externalRef: 'HD' }, 'openedAt'],
    ['an openedAt without externalRef', { title: 'x', priority: 'I', openedAt: '2026-11-16T09:00:00-05:00' }, 'externalRef'],
    ['an openedAt without offset', { title: 'x', priority: 'I', openedAt: '2026-11-16T09:00:00', externalRef: 'HD' }, 'openedAt'],
    ['an impossible openedAt', { title: 'x', priority: 'I', openedAt: '2026-02-30T09:00:00-05:00', externalRef: 'HD' }, 'openedAt'],
    ['an unknown environment', { title: 'x', priority: 'I', environments: ['acme-prod', 'nowhere'] }, 'environments[1]'],
    ['an unknown kind', { title: 'x', priority: 'I', kind: 'complaint' }, 'kind'],
    ['the monitor channel', { title: 'x', priority: 'I', channel: 'monitor' }, 'channel'],
    ['public of the wrong type', { title: 'x', priority: 'I', public: 'yes' }, 'public'],
    ['an unknown field', { title: 'x', priority: 'I', severity: 1 }, 'severity'],
  ];
  it.each(refused)('refuses %s with 400 naming the field, writing nothing', async (_what, body, field) => {
    const { sre } = await desk();
    const before = rowCounts(t);
    const answer = await t.call('POST', '/api/v1/incidents', { token: sre, body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(rowCounts(t)).toEqual(before);
  });
});

describe('reading incidents', () => {
  it('shows viewers every incident, and anyone only the public ones without private details', async () => {
    const { sre, open } = await desk();
    const visible = await open({ priority: 'I', environments: ['globex-prod', 'acme-prod'], public: true });
    const hidden = await open({ priority: 'II', title: 'Globex invoices', environments: ['globex-prod'] });
    await t.call('POST', `/api/v1/incidents/${visible.id}/updates`, { token: sre, body: { message: 'We are restoring the login service.' } });
    await t.call('POST', `/api/v1/incidents/${visible.id}/updates`, { token: sre, body: { message: 'Fix deployed; watching.', monitoring: true } });

    const anonymous = await t.call('GET', '/api/v1/incidents');
    expect(anonymous.body.incidents.map((i: { id: number }) => i.id)).toEqual([visible.id]);
    expect(anonymous.body.incidents[0]).toMatchObject({ environments: ['acme-prod'], state: 'open' });
    expect(anonymous.body.incidents[0].updates.map((u: { message: string }) => u.message)).toEqual(['We are restoring the login service.', 'Fix deployed; watching.']);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/globex|carol/i);
    expect((await t.call('GET', `/api/v1/incidents/${hidden.id}`)).status).toBe(404);

    const viewer = await t.call('GET', '/api/v1/incidents', { token: t.token('viewer') });
    expect(viewer.body.incidents.map((i: { id: number }) => i.id).sort()).toEqual([visible.id, hidden.id].sort());
    const open_ = await t.call('GET', '/api/v1/incidents?state=resolved', { token: t.token('viewer') });
    expect(open_.body.incidents).toEqual([]);
  });

  it('counts incidents and met deadlines per priority in the monthly report', async () => {
    const { sre, open } = await desk();
    const a = await open({ priority: 'I', openedAt: '2026-11-16T09:00:00-05:00', externalRef: 'HD-30' });
    const b = await open({ priority: 'I', openedAt: '2026-11-13T09:00:00-05:00', externalRef: 'HD-31' });
    await open({ priority: 'III', openedAt: '2026-10-30T09:00:00-04:00', externalRef: 'HD-32' }); // October: not counted
    await t.call('POST', `/api/v1/incidents/${a.id}/resolve`, { token: sre, body: { at: '2026-11-16T09:20:00-05:00' } });
    await t.call('POST', `/api/v1/incidents/${b.id}/respond`, { token: sre, body: { at: '2026-11-13T09:45:00-05:00' } });
    const report = await t.call('GET', '/api/v1/reports/monthly?month=2026-11', { token: t.token('viewer') });
    expect(report.body.incidents).toEqual({
      I: { count: 2, responseMet: 1, resolutionMet: 1 },
      II: { count: 0, responseMet: 0, resolutionMet: 0 },
      III: { count: 0, responseMet: 0, resolutionMet: 0 },
      IV: { count: 0, responseMet: 0, resolutionMet: 0 },
    });
  });
});
