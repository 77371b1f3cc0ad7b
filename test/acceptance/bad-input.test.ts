// Acceptance, from outside: bad input over HTTP is a 400 that names the field, and nothing is
// written: the listings and the audit log (every write is audited, rule 9) read the same after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTANCE_CONFIG_YAML } from './support/acceptance-config.ts';
import { expectCall } from './support/registry-driver.ts';
import { startVeille, type Veille } from './support/veille-process.ts';

let veille: Veille;
let outageId: number;
let exclusionId: number;
let incidentId: number;

beforeAll(async () => {
  veille = await startVeille(ACCEPTANCE_CONFIG_YAML);
  const sre = veille.tokens.sre;
  // One good record of each kind, so that bad requests can aim at something that exists.
  outageId = (
    await expectCall(veille, 'POST', '/api/v1/outages', sre, { check: 'acme-web', start: '2026-06-10T10:00:00-04:00', end: '2026-06-10T11:00:00-04:00', reason: 'seen by a client' }, 201)
  ).body.id;
  exclusionId = (await expectCall(veille, 'POST', `/api/v1/outages/${outageId}/exclusions`, sre, { reason: 'client_internet', justification: 'their ISP' }, 201)).body.id;
  await expectCall(veille, 'POST', '/api/v1/maintenance', sre, {
    environments: ['acme-prod'], start: '2026-06-11T10:00:00-04:00', end: '2026-06-11T11:00:00-04:00', impact: 'upgrade',
    noticeSentAt: '2026-06-01T09:00:00-04:00', noticeRef: 'mail 1',
  }, 201);
  incidentId = (await expectCall(veille, 'POST', '/api/v1/incidents', sre, { title: 'slow pages', priority: 'III', openedAt: '2026-06-10T10:00:00-04:00', externalRef: 'T-1' }, 201)).body.id;
});
afterAll(async () => {
  await veille?.stop();
});

/** Everything a reader can see of what was written: listings and the audit log. */
async function snapshot() {
  const { viewer, admin } = veille.tokens;
  const outages = await veille.call('GET', '/api/v1/outages', { token: viewer });
  const maintenance = await veille.call('GET', '/api/v1/maintenance', { token: viewer });
  const incidents = await veille.call('GET', '/api/v1/incidents', { token: viewer });
  const audit = await veille.call('GET', '/api/v1/audit', { token: admin });
  for (const answer of [outages, maintenance, incidents, audit]) expect(answer.status).toBe(200);
  return {
    outages: outages.body,
    maintenance: maintenance.body.upcoming.concat(maintenance.body.current, maintenance.body.past, maintenance.body.cancelled),
    // An open incident's time left moves with the clock: compare what was recorded.
    incidents: incidents.body.incidents.map((i: Record<string, unknown>) => ({ ...i, timeLeft: undefined })),
    audit: audit.body.entries,
  };
}

const FUTURE = new Date(Date.now() + 7 * 86_400_000).toISOString();

/** [what is wrong, method, path, body, the field the answer must name]. */
const BAD: Array<[string, string, () => string, unknown, string]> = [
  ['outage start without an offset', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00', end: '2026-06-12T11:00:00-04:00', reason: 'x' }, 'start'],
  ['outage end that is not a date', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', end: 'soon', reason: 'x' }, 'end'],
  ['impossible date (February 30)', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-02-30T10:00:00-05:00', end: '2026-03-01T11:00:00-05:00', reason: 'x' }, 'start'],
  ['unknown check', 'POST', () => '/api/v1/outages', { check: 'acme-wbe', start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', reason: 'x' }, 'check'],
  ['outage ending before it starts', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T09:00:00-04:00', reason: 'x' }, 'end'],
  ['outage ending in the future', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', end: FUTURE, reason: 'x' }, 'end'],
  ['outage without a reason', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00' }, 'reason'],
  ['an unknown field', 'POST', () => '/api/v1/outages', { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', reason: 'x', severity: 'high' }, 'severity'],
  ['window for an unknown environment', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod', 'acme-prd'], start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', impact: 'x', noticeSentAt: '2026-06-01T09:00:00-04:00', noticeRef: 'm' }, 'environments[1]'],
  ['notice sent in the future', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', impact: 'x', noticeSentAt: FUTURE, noticeRef: 'm' }, 'noticeSentAt'],
  ['notice without its reference', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', impact: 'x', noticeSentAt: '2026-06-01T09:00:00-04:00' }, 'noticeRef'],
  ['window end without an offset', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00', impact: 'x', noticeSentAt: '2026-06-01T09:00:00-04:00', noticeRef: 'm' }, 'end'],
  ['window on April 31', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-04-31T10:00:00-04:00', end: '2026-05-01T11:00:00-04:00', impact: 'x', noticeSentAt: '2026-04-01T09:00:00-04:00', noticeRef: 'm' }, 'start'],
  ['window without impact', 'POST', () => '/api/v1/maintenance', { environments: ['acme-prod'], start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', noticeSentAt: '2026-06-01T09:00:00-04:00', noticeRef: 'm' }, 'impact'],
  ['exclusion for a reason rule 6 does not know', 'POST', () => `/api/v1/outages/${outageId}/exclusions`, { reason: 'weather', justification: 'rain' }, 'reason'],
  ['exclusion starting before the outage', 'POST', () => `/api/v1/outages/${outageId}/exclusions`, { reason: 'force_majeure', justification: 'storm', start: '2026-06-10T09:59:59.999-04:00', end: '2026-06-10T10:30:00-04:00' }, 'start'],
  ['exclusion ending after the outage', 'POST', () => `/api/v1/outages/${outageId}/exclusions`, { reason: 'force_majeure', justification: 'storm', start: '2026-06-10T10:00:00-04:00', end: '2026-06-10T11:00:00.001-04:00' }, 'end'],
  ['exclusion time without an offset', 'POST', () => `/api/v1/outages/${outageId}/exclusions`, { reason: 'force_majeure', justification: 'storm', start: '2026-06-10T10:15:00' }, 'start'],
  ['exclusion without justification', 'POST', () => `/api/v1/outages/${outageId}/exclusions`, { reason: 'force_majeure' }, 'justification'],
  ['revocation without a reason', 'POST', () => `/api/v1/exclusions/${exclusionId}/revoke`, {}, 'reason'],
  ['priority V', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'V' }, 'priority'],
  ['incident opened at a time without an offset', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'I', openedAt: '2026-06-12T10:00:00', externalRef: 'T-2' }, 'openedAt'],
  ['incident opened in month 13', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'I', openedAt: '2026-13-01T10:00:00-05:00', externalRef: 'T-2' }, 'openedAt'],
  ['incident opened in the future', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'I', openedAt: FUTURE, externalRef: 'T-2' }, 'openedAt'],
  ['imported incident without its external reference', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'I', openedAt: '2026-06-12T10:00:00-04:00' }, 'externalRef'],
  ['incident for an unknown environment', 'POST', () => '/api/v1/incidents', { title: 't', priority: 'I', environments: ['nowhere'] }, 'environments[0]'],
  ['response time without an offset', 'POST', () => `/api/v1/incidents/${incidentId}/respond`, { at: '2026-06-10T10:30:00' }, 'at'],
  ['response before the incident was opened', 'POST', () => `/api/v1/incidents/${incidentId}/respond`, { at: '2026-06-10T09:59:59.999-04:00' }, 'at'],
  ['resolution in the future', 'POST', () => `/api/v1/incidents/${incidentId}/resolve`, { at: FUTURE }, 'at'],
];

describe('bad input over HTTP', () => {
  it('is a 400 naming the field, and nothing is written', async () => {
    const before = await snapshot();
    for (const [what, method, path, body, field] of BAD) {
      const answer = await veille.call(method, path(), { token: veille.tokens.sre, body });
      const context = `${what}: ${method} ${path()} ${JSON.stringify(body)} → ${answer.status} ${JSON.stringify(answer.body)}`;
      expect(answer.status, context).toBe(400);
      expect(answer.body.error?.code, context).toEqual(expect.any(String));
      expect(answer.body.error?.message, context).toContain(field);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a report month that is not YYYY-MM is a 400 naming month', async () => {
    for (const month of ['2026-13', '2026-1', 'November', '']) {
      const answer = await veille.call('GET', `/api/v1/reports/monthly?month=${month}`, { token: veille.tokens.viewer });
      expect(answer.status, month).toBe(400);
      expect(answer.body.error.message, month).toContain('month');
    }
  });

  it('listing filters: a time without an offset or an unknown environment is a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/outages?from=2026-06-01T00:00:00', 'from'],
      ['/api/v1/outages?environment=nowhere', 'environment'],
      ['/api/v1/outages?from=2026-06-31T00:00:00Z', 'from'],
      ['/api/v1/incidents?to=2026-06-01', 'to'],
      ['/api/v1/maintenance?from=yesterday', 'from'],
    ];
    for (const [path, field] of cases) {
      const answer = await veille.call('GET', path, { token: veille.tokens.viewer });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.message, path).toContain(field);
    }
  });

  it('what conflicts with a rule is a 409, and nothing is written', async () => {
    const sre = veille.tokens.sre;
    const window = await expectCall(veille, 'POST', '/api/v1/maintenance', sre, {
      environments: ['globex-prod'], start: '2026-06-15T10:00:00-04:00', end: '2026-06-15T11:00:00-04:00', impact: 'x',
      noticeSentAt: '2026-06-01T09:00:00-04:00', noticeRef: 'mail 2',
    }, 201);
    await expectCall(veille, 'POST', `/api/v1/maintenance/${window.body.id}/cancel`, sre, { reason: 'not needed' }, 200);
    const revocable = await expectCall(veille, 'POST', `/api/v1/outages/${outageId}/exclusions`, sre, { reason: 'client_equipment', justification: 'their laptop' }, 201);
    await expectCall(veille, 'POST', `/api/v1/exclusions/${revocable.body.id}/revoke`, sre, { reason: 'ours' }, 200);
    const incident = await expectCall(veille, 'POST', '/api/v1/incidents', sre, { title: 'x', priority: 'II', openedAt: '2026-06-10T10:00:00-04:00', externalRef: 'T-3' }, 201);
    await expectCall(veille, 'POST', `/api/v1/incidents/${incident.body.id}/resolve`, sre, { at: '2026-06-10T11:00:00-04:00' }, 200);

    const before = await snapshot();
    const conflicts: Array<[string, unknown]> = [
      [`/api/v1/maintenance/${window.body.id}/cancel`, { reason: 'again' }],
      [`/api/v1/maintenance/${window.body.id}/reschedule`, { reason: 'revive', start: '2026-06-16T10:00:00-04:00', end: '2026-06-16T11:00:00-04:00', noticeSentAt: '2026-06-02T09:00:00-04:00', noticeRef: 'mail 3' }],
      [`/api/v1/exclusions/${revocable.body.id}/revoke`, { reason: 'again' }],
      [`/api/v1/incidents/${incident.body.id}/resolve`, { at: '2026-06-10T12:00:00-04:00' }],
      [`/api/v1/incidents/${incident.body.id}/respond`, { at: '2026-06-10T10:30:00-04:00' }],
    ];
    for (const [path, body] of conflicts) {
      const answer = await veille.call('POST', path, { token: sre, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(409);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a body that is not JSON, no token, or too low a role: refused, nothing written', async () => {
    const before = await snapshot();
    const notJson = await fetch(`${veille.baseUrl}/api/v1/outages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${veille.tokens.sre}`, 'content-type': 'application/json' },
      body: '{"check": "acme-web",',
    });
    expect(notJson.status).toBe(400);
    const good = { check: 'acme-web', start: '2026-06-12T10:00:00-04:00', end: '2026-06-12T11:00:00-04:00', reason: 'x' };
    expect((await veille.call('POST', '/api/v1/outages', { body: good })).status).toBe(401);
    expect((await veille.call('POST', '/api/v1/outages', { token: veille.tokens.viewer, body: good })).status).toBe(403);
    expect((await veille.call('POST', '/api/v1/outages', { token: 'veille_not-a-real-token-at-all', body: good })).status).toBe(401);
    expect((await veille.call('GET', '/api/v1/outages')).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});
