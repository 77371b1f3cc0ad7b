import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, tokens } from '../../src/store/schema/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('tokens (rule 9)', () => {
  it('stores only a hash of the secret', () => {
    t = createTestApp();
    const secret = t.token('viewer');
    const rows = t.deps.database.db.select().from(tokens).all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets an admin create, list and revoke tokens, audited; a revoked token is refused', async () => {
    t = createTestApp();
    const admin = t.token('admin', 'root');
    const created = await t.call('POST', '/api/v1/tokens', { token: admin, body: { role: 'sre', name: 'Alice' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'sre', name: 'Alice', token: expect.stringMatching(/^veille_/) });
    const list = await t.call('GET', '/api/v1/tokens', { token: admin });
    expect(list.body.tokens.map((x: { name: string }) => x.name)).toEqual(['root', 'Alice']);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expect((await t.call('GET', '/api/v1/reports/monthly?month=2026-01', { token: created.body.token })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/tokens/${created.body.id}/revoke`, { token: admin })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/tokens/${created.body.id}/revoke`, { token: admin })).status).toBe(409);
    expect((await t.call('GET', '/api/v1/reports/monthly?month=2026-01', { token: created.body.token })).status).toBe(401);
    const actions = t.deps.database.db.select().from(auditLog).all().map((row) => `${row.actor} ${row.action}`);
    expect(actions).toEqual(['root token.create', 'root token.revoke']);
  });

  it('answers 401 without a token and 403 for a lower role, and 400 naming bad fields', async () => {
    t = createTestApp();
    expect((await t.call('GET', '/api/v1/tokens')).status).toBe(401);
    const sre = await t.call('GET', '/api/v1/tokens', { token: t.token('sre') });
    expect(sre.status).toBe(403);
    expect(sre.body.error.code).toBe('forbidden');
    const bad = await t.call('POST', '/api/v1/tokens', { token: t.token('admin'), body: { role: 'root', name: '', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'name', 'role']);
    expect(t.deps.database.db.select().from(tokens).all()).toHaveLength(2);
  });

  it('refuses a malformed Authorization header', async () => {
    t = createTestApp();
    const response = await t.app.request('/api/v1/reports/monthly?month=2026-01', { headers: { authorization: 'Token abc' } });
    expect(response.status).toBe(401);
  });
});
