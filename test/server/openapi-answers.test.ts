import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_OPERATIONS } from '../../src/server/openapi/api-operations.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';

// The answers the description promises are the answers the routes give: each call below goes
// through the app, and its JSON must parse with the schema described for that route and status.

const t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
// A world with probe results, open outages and https checks, for the status document.
const seeded = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
await seedStatusWorld(seeded.deps);
afterAll(() => {
  t.close();
  seeded.close();
});
const sre = t.token('sre');
const viewer = t.token('viewer');
const admin = t.token('admin');

/** The schema described for the answer of `method path` with `status`, the path written as called. */
function describedAnswer(method: string, path: string, status: number): z.ZodType {
  const bare = path.split('?')[0]!;
  const template = Object.keys(API_OPERATIONS).find((candidate) => new RegExp(`^${candidate.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare));
  const response = template ? (API_OPERATIONS[template] as Record<string, { responses: Record<string, any> }>)[method.toLowerCase()]?.responses[String(status)] : undefined;
  const schema = response?.content?.['application/json']?.schema as z.ZodType | undefined;
  if (!schema) throw new Error(`${method} ${path}: no answer described for ${status}`);
  return schema;
}

/** Calls the app, expects `status`, and checks the answer against its description. */
async function call(method: string, path: string, status: number, options: { token?: string; body?: unknown } = {}, app: TestApp = t) {
  const response = await app.call(method, path, options);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  const parsed = describedAnswer(method, path, status).safeParse(response.body);
  expect(parsed.success ? [] : parsed.error.issues, `${method} ${path}`).toEqual([]);
  return response.body;
}

describe('answers described in GET /api/v1/openapi.json', () => {
  it('finds the described schema, and a wrong answer fails it', () => {
    expect(describedAnswer('GET', '/api/v1/outages/12', 200).safeParse({ id: 12 }).success).toBe(false);
    expect(() => describedAnswer('GET', '/api/v1/outages/12', 299)).toThrow(/no answer described/);
  });

  it('match the maintenance registry, signed in and anonymous', async () => {
    const window = await call('POST', '/api/v1/maintenance', 201, {
      token: sre,
      body: { environments: ['acme-prod'], start: '2026-11-20T08:00:00-05:00', duration: '2h', impact: 'Database upgrade' },
    });
    await call('POST', `/api/v1/maintenance/${window.id}/reschedule`, 200, { token: sre, body: { start: '2026-11-21T08:00:00-05:00', end: '2026-11-21T09:00:00-05:00', reason: 'moved' } });
    await call('GET', `/api/v1/maintenance/${window.id}`, 200);
    await call('GET', `/api/v1/maintenance/${window.id}`, 200, { token: viewer });
    await call('GET', '/api/v1/maintenance', 200);
    await call('GET', '/api/v1/maintenance', 200, { token: viewer });
    await call('POST', `/api/v1/maintenance/${window.id}/cancel`, 200, { token: sre, body: { reason: 'not needed' } });
  });

  it('match outages and exclusions', async () => {
    const outage = await call('POST', '/api/v1/outages', 201, { token: sre, body: { check: 'acme-web', start: '2026-11-16T10:00:00-05:00', reason: 'seen by a client' } });
    const exclusion = await call('POST', `/api/v1/outages/${outage.id}/exclusions`, 201, { token: sre, body: { reason: 'client_internet', justification: 'their ISP' } });
    await call('POST', `/api/v1/exclusions/${exclusion.id}/revoke`, 200, { token: sre, body: { reason: 'wrong' } });
    await call('POST', `/api/v1/outages/${outage.id}/close`, 200, { token: sre, body: {} });
    await call('GET', `/api/v1/outages/${outage.id}`, 200, { token: viewer });
    await call('GET', '/api/v1/outages', 200, { token: viewer });
  });

  it('match the support desk, signed in and anonymous', async () => {
    const incident = await call('POST', '/api/v1/incidents', 201, { token: sre, body: { title: 'Login slow', priority: 'II', environments: ['acme-prod'], public: true } });
    await call('POST', `/api/v1/incidents/${incident.id}/respond`, 200, { token: sre, body: {} });
    await call('POST', `/api/v1/incidents/${incident.id}/priority`, 200, { token: sre, body: { priority: 'I', reason: 'all clients' } });
    await call('POST', `/api/v1/incidents/${incident.id}/updates`, 200, { token: sre, body: { message: 'A fix is being deployed' } });
    await call('POST', `/api/v1/incidents/${incident.id}/resolve`, 200, { token: sre, body: { message: 'Fixed' } });
    await call('GET', `/api/v1/incidents/${incident.id}`, 200);
    await call('GET', '/api/v1/incidents', 200);
    await call('GET', '/api/v1/incidents', 200, { token: viewer });
  });

  it('match the current status, signed in and anonymous', async () => {
    const anonymous = await call('GET', '/api/v1/status', 200, {}, seeded);
    const full = await call('GET', '/api/v1/status', 200, { token: seeded.token('viewer') }, seeded);
    expect(anonymous.environments.length).toBeGreaterThan(0);
    const checks = full.environments.flatMap((environment: { checks: Array<Record<string, unknown>> }) => environment.checks);
    expect(checks.some((check: Record<string, unknown>) => check.lastResult !== null && check.outage !== null)).toBe(true);
    expect(checks.some((check: Record<string, unknown>) => 'certificateExpiresAt' in check)).toBe(true);
  });

  it('match the report, tokens and the audit log', async () => {
    await call('GET', '/api/v1/reports/monthly?month=2026-11', 200);
    await call('GET', '/api/v1/reports/monthly?month=2026-11', 200, { token: viewer });
    await call('POST', '/api/v1/tokens', 201, { token: admin, body: { role: 'viewer', name: 'Dashboard' } });
    await call('GET', '/api/v1/tokens', 200, { token: admin });
    await call('GET', '/api/v1/audit', 200, { token: admin });
  });

  it('match the refusals', async () => {
    await call('GET', '/api/v1/outages', 401);
    await call('POST', '/api/v1/maintenance', 400, { token: sre, body: { environments: [], start: 'tomorrow' } });
    await call('GET', '/api/v1/audit', 403, { token: viewer });
    await call('GET', '/api/v1/incidents/999999', 404, { token: viewer });
  });
});
