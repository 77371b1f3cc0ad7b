import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// Manual outages (rule 4) and exclusions (rule 6) through the HTTP API. Clock: 2026-11-16T12:00-05:00.

let t: TestApp;
afterEach(() => t?.close());

const OUTAGE = { check: 'acme-web', start: '2026-11-16T09:30:00-05:00', end: '2026-11-16T10:15:00-05:00', reason: 'client VPN reports, prober blind' };

async function withOutage(body: Record<string, unknown> = OUTAGE) {
  t = createTestApp();
  const sre = t.token('sre', 'bob');
  const created = await t.call('POST', '/api/v1/outages', { token: sre, body });
  expect(created.status).toBe(201);
  return { sre, outage: created.body };
}

describe('POST /api/v1/outages (a manual outage)', () => {
  it('records it as manual, on the check’s environment, with its duration in ms', async () => {
    const { outage } = await withOutage();
    expect(outage).toMatchObject({
      id: expect.any(Number),
      check: 'acme-web',
      environment: 'acme-prod',
      source: 'manual',
      manual: true,
      start: '2026-11-16T14:30:00.000Z',
      end: '2026-11-16T15:15:00.000Z',
      open: false,
      durationMs: 45 * 60_000,
      reason: OUTAGE.reason,
      createdBy: 'bob',
      exclusions: [],
    });
    const audit = t.deps.database.sqlite.prepare('select actor, action, target from audit_log').all();
    expect(audit).toEqual([{ actor: 'bob', action: 'outage.record', target: `outage:${outage.id}` }]);
  });

  it('records an outage still going on, counted up to now, and closes it later', async () => {
    const { sre, outage } = await withOutage({ check: 'acme-web', start: '2026-11-16T11:00:00-05:00', reason: 'ongoing' });
    expect(outage).toMatchObject({ end: null, open: true, durationMs: 3_600_000 });
    t.setNow('2026-11-16T12:30:00-05:00');
    const closed = await t.call('POST', `/api/v1/outages/${outage.id}/close`, { token: sre, body: { end: '2026-11-16T12:20:00-05:00' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ end: '2026-11-16T17:20:00.000Z', open: false, durationMs: 80 * 60_000 });
    const again = await t.call('POST', `/api/v1/outages/${outage.id}/close`, { token: sre, body: {} });
    expect(again.status).toBe(409);
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown check', { ...OUTAGE, check: 'initech-web' }, 'check'],
    ['a start without offset', { ...OUTAGE, start: '2026-11-16T09:30:00' }, 'start'],
    ['an impossible date', { ...OUTAGE, start: '2026-02-30T09:30:00-05:00' }, 'start'],
    ['end before start', { ...OUTAGE, end: '2026-11-16T09:00:00-05:00' }, 'end'],
    ['end equal to start', { ...OUTAGE, end: OUTAGE.start }, 'end'],
    ['a start in the future', { ...OUTAGE, start: '2026-11-16T12:00:01-05:00', end: undefined }, 'start'],
    ['an end in the future', { ...OUTAGE, end: '2026-11-16T13:00:00-05:00' }, 'end'],
    ['a missing reason', { check: 'acme-web', start: OUTAGE.start }, 'reason'],
    ['a reason over 10,000 characters', { ...OUTAGE, reason: 'x'.repeat(10_001) }, 'reason'],
    ['an unknown field', { ...OUTAGE, environment: 'acme-prod' }, 'environment'],
    ['a check of the wrong type', { ...OUTAGE, check: 42 }, 'check'],
  ];
  it.each(refused)('refuses %s with 400 naming the field, writing nothing', async (_what, body, field) => {
    t = createTestApp();
    const before = rowCounts(t);
    const { status, body: answer } = await t.call('POST', '/api/v1/outages', { token: t.token('sre'), body });
    expect(status).toBe(400);
    expect(answer.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(rowCounts(t)).toEqual(before);
  });

  it('does not let anyone close an outage the prober opened', async () => {
    t = createTestApp();
    const id = t.deps.database.sqlite
      .prepare("insert into outages (check_id, env_id, start, source, created_at) values ('acme-web', 'acme-prod', ?, 'probe', ?) returning id")
      .get(t.now() - 600_000, t.now()) as { id: number };
    const closed = await t.call('POST', `/api/v1/outages/${id.id}/close`, { token: t.token('sre'), body: {} });
    expect(closed.status).toBe(409);
  });
});

describe('GET /api/v1/outages', () => {
  it('lists probe and manual outages with their exclusions, filtered by environment and time', async () => {
    const { sre, outage } = await withOutage();
    const probe = t.deps.database.sqlite
      .prepare("insert into outages (check_id, env_id, start, end, source, created_at) values ('globex-web', 'globex-prod', ?, ?, 'probe', ?) returning id")
      .get(t.now() - 7_200_000, t.now() - 3_600_000, t.now()) as { id: number };
    await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, { token: sre, body: { reason: 'client_internet', justification: 'their ISP' } });
    const viewer = t.token('viewer');

    const all = await t.call('GET', '/api/v1/outages', { token: viewer });
    expect(all.status).toBe(200);
    expect(all.body.outages.map((o: { id: number; manual: boolean }) => [o.id, o.manual])).toEqual([
      [outage.id, true],
      [probe.id, false],
    ]);
    expect(all.body.outages[0].exclusions).toMatchObject([{ reason: 'client_internet', justification: 'their ISP', durationMs: 45 * 60_000, revoked: false }]);

    const acme = await t.call('GET', '/api/v1/outages?environment=acme-prod', { token: viewer });
    expect(acme.body.outages.map((o: { id: number }) => o.id)).toEqual([outage.id]);
    const late = await t.call('GET', '/api/v1/outages?from=2026-11-16T10:15:00-05:00&to=2026-11-17T00:00:00-05:00', { token: viewer });
    expect(late.body.outages.map((o: { id: number }) => o.id)).toEqual([probe.id]);
  });

  it('needs a viewer token, and names a bad filter', async () => {
    t = createTestApp();
    expect((await t.call('GET', '/api/v1/outages')).status).toBe(401);
    expect((await t.call('GET', '/api/v1/outages', { token: 'veille_unknown' })).status).toBe(401);
    const viewer = t.token('viewer');
    const unknown = await t.call('GET', '/api/v1/outages?environment=initech', { token: viewer });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('environment');
    const noOffset = await t.call('GET', '/api/v1/outages?from=2026-11-01', { token: viewer });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.error.fields[0].field).toBe('from');
  });
});

describe('exclusions (rule 6)', () => {
  it('excludes the whole outage by default, audited', async () => {
    const { sre, outage } = await withOutage();
    const { status, body } = await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, {
      token: sre,
      body: { reason: 'client_equipment', justification: 'their firewall dropped our probes' },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.any(Number),
      outageId: outage.id,
      reason: 'client_equipment',
      start: '2026-11-16T14:30:00.000Z',
      end: '2026-11-16T15:15:00.000Z',
      durationMs: 45 * 60_000,
      createdBy: 'bob',
      revoked: false,
    });
    const actions = t.deps.database.sqlite.prepare('select action from audit_log order by id').all();
    expect(actions).toEqual([{ action: 'outage.record' }, { action: 'exclusion.create' }]);
  });

  it('excludes a part of an outage, and an open outage until it ends', async () => {
    const { sre, outage } = await withOutage();
    const part = await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, {
      token: sre,
      body: { reason: 'force_majeure', justification: 'regional power cut', start: '2026-11-16T09:45:00-05:00', end: '2026-11-16T10:00:00-05:00' },
    });
    expect(part.status).toBe(201);
    expect(part.body.durationMs).toBe(15 * 60_000);
    const open = await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'globex-web', start: '2026-11-16T11:00:00-05:00', reason: 'ongoing' } });
    const untilEnd = await t.call('POST', `/api/v1/outages/${open.body.id}/exclusions`, {
      token: sre,
      body: { reason: 'prohibited_use', justification: 'load test against the contract', start: '2026-11-16T11:30:00-05:00' },
    });
    expect(untilEnd.status).toBe(201);
    expect(untilEnd.body).toMatchObject({ end: null, durationMs: 30 * 60_000 });
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['a reason not among the four', { reason: 'vendor_bug', justification: 'x' }, 'reason'],
    ['a missing justification', { reason: 'client_internet' }, 'justification'],
    ['a justification over 10,000 characters', { reason: 'client_internet', justification: 'x'.repeat(10_001) }, 'justification'],
    ['a start before the outage', { reason: 'client_internet', justification: 'x', start: '2026-11-16T09:29:59-05:00' }, 'start'],
    ['an end after the outage', { reason: 'client_internet', justification: 'x', end: '2026-11-16T10:15:01-05:00' }, 'end'],
    ['a start at the outage end', { reason: 'client_internet', justification: 'x', start: '2026-11-16T10:15:00-05:00' }, 'start'],
    ['end before start', { reason: 'client_internet', justification: 'x', start: '2026-11-16T10:00:00-05:00', end: '2026-11-16T09:45:00-05:00' }, 'end'],
    ['a start without offset', { reason: 'client_internet', justification: 'x', start: '2026-11-16T09:45:00' }, 'start'],
    ['an unknown field', { reason: 'client_internet', justification: 'x', until: 'forever' }, 'until'],
    ['a reason of the wrong type', { reason: 1, justification: 'x' }, 'reason'],
  ];
  it.each(refused)('refuses %s with 400 naming the field, writing nothing', async (_what, body, field) => {
    const { sre, outage } = await withOutage();
    const before = rowCounts(t);
    const { status, body: answer } = await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, { token: sre, body });
    expect(status).toBe(400);
    expect(answer.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(rowCounts(t)).toEqual(before);
  });

  it('refuses an end in the future for an outage still open', async () => {
    const { sre, outage } = await withOutage({ check: 'acme-web', start: '2026-11-16T11:00:00-05:00', reason: 'ongoing' });
    const { status, body } = await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, {
      token: sre,
      body: { reason: 'client_internet', justification: 'x', end: '2026-11-16T12:30:00-05:00' },
    });
    expect(status).toBe(400);
    expect(body.error.fields[0].field).toBe('end');
  });

  it('answers 404 for an unknown outage', async () => {
    const { sre } = await withOutage();
    expect((await t.call('POST', '/api/v1/outages/999/exclusions', { token: sre, body: { reason: 'client_internet', justification: 'x' } })).status).toBe(404);
  });

  it('revokes once: 200, then 409', async () => {
    const { sre, outage } = await withOutage();
    const exclusion = await t.call('POST', `/api/v1/outages/${outage.id}/exclusions`, { token: sre, body: { reason: 'client_internet', justification: 'x' } });
    t.setNow('2026-11-16T13:00:00-05:00');
    const revoked = await t.call('POST', `/api/v1/exclusions/${exclusion.body.id}/revoke`, { token: sre, body: { reason: 'the ISP was ours' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: true, revokedAt: '2026-11-16T18:00:00.000Z', revokedBy: 'bob', revokeReason: 'the ISP was ours' });
    const before = rowCounts(t);
    const again = await t.call('POST', `/api/v1/exclusions/${exclusion.body.id}/revoke`, { token: sre, body: { reason: 'again' } });
    expect(again.status).toBe(409);
    expect(rowCounts(t)).toEqual(before);
    expect((await t.call('POST', '/api/v1/exclusions/999/revoke', { token: sre, body: { reason: 'x' } })).status).toBe(404);
    const noReason = await t.call('POST', `/api/v1/exclusions/${exclusion.body.id}/revoke`, { token: sre, body: {} });
    expect(noReason.body.error.fields[0].field).toBe('reason');
  });
});
