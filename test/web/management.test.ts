import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, hiddenField, newJar, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';
import { listTokens, revokeToken } from '../../src/auth/token-store.ts';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

describe('sign-in and sign-out', () => {
  it('sends a reader without a session to the sign-in form, which carries a CSRF token', async () => {
    const jar = newJar();
    const report = await browse(t, jar, '/reports/2026-11');
    expect(report.response.status).toBe(303);
    expect(report.response.headers.get('location')).toBe('/sign-in?next=%2Freports%2F2026-11');
    const form = await browse(t, jar, '/sign-in?next=/reports/2026-11');
    expect(form.response.status).toBe(200);
    expect(form.text).toContain('<form method="post" action="/sign-in"');
    expect(hiddenField(form.text, 'csrf')).toMatch(/^[\w-]{20,}$/);
    expect(hiddenField(form.text, 'next')).toBe('/reports/2026-11');
    expect(form.text).toContain('type="password"');
  });

  it('exchanges a token for an HttpOnly, SameSite=Strict session cookie and goes where it was asked', async () => {
    const jar = newJar();
    const form = await browse(t, jar, '/sign-in?next=/reports/2026-10');
    const result = await browse(t, jar, '/sign-in', { form: { token: t.token('viewer', 'Marie (direction)'), csrf: hiddenField(form.text, 'csrf'), next: '/reports/2026-10' } });
    expect(result.response.status).toBe(303);
    expect(result.response.headers.get('location')).toBe('/reports/2026-10');
    const cookie = result.response.headers.getSetCookie().find((line) => line.startsWith('veille_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const report = await browse(t, jar, '/reports/2026-10');
    expect(report.response.status).toBe(200);
    expect(report.text).toContain('Connecté : Marie (direction) (viewer)');
  });

  it('refuses an unknown token, and a form without its CSRF pair', async () => {
    const jar = newJar();
    const form = await browse(t, jar, '/sign-in');
    const csrf = hiddenField(form.text, 'csrf');
    const bad = await browse(t, jar, '/sign-in', { form: { token: 'veille_not-a-token', csrf, next: '/reports' } });
    expect(bad.response.status).toBe(401);
    expect(bad.text).toContain('Jeton inconnu ou révoqué.');
    expect(bad.response.headers.getSetCookie().some((line) => line.startsWith('veille_session='))).toBe(false);

    const forged = await browse(t, newJar(), '/sign-in', { form: { token: t.token('viewer'), csrf, next: '/reports' } });
    expect(forged.response.status).toBe(403);
    const crossSite = await browse(t, jar, '/sign-in', { form: { token: t.token('viewer'), csrf: hiddenField((await browse(t, jar, '/sign-in')).text, 'csrf'), next: '/' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.response.status).toBe(403);
  });

  it('never redirects off the site after sign-in', async () => {
    const jar = newJar();
    const form = await browse(t, jar, '/sign-in');
    const result = await browse(t, jar, '/sign-in', { form: { token: t.token('viewer'), csrf: hiddenField(form.text, 'csrf'), next: '//evil.example/x' } });
    expect(result.response.headers.get('location')).toBe('/reports');
  });

  it('signs out only with the session’s CSRF token, and the session is then gone', async () => {
    const { jar, csrf } = await signIn(t, 'viewer');
    const refused = await browse(t, jar, '/sign-out', { form: { csrf: 'wrong' } });
    expect(refused.response.status).toBe(403);
    expect((await browse(t, jar, '/reports/2026-11')).response.status).toBe(200);
    const done = await browse(t, jar, '/sign-out', { form: { csrf } });
    expect(done.response.status).toBe(303);
    expect((await browse(t, jar, '/reports/2026-11')).response.status).toBe(303);
  });

  it('ends the sessions of a revoked token', async () => {
    const jar = newJar();
    const form = await browse(t, jar, '/sign-in');
    const token = t.token('viewer', 'soon-revoked');
    await browse(t, jar, '/sign-in', { form: { token, csrf: hiddenField(form.text, 'csrf'), next: '/reports' } });
    expect((await browse(t, jar, '/reports/2026-11')).response.status).toBe(200);
    const id = (await listTokens(t.deps.database.store)).find((row) => row.name === 'soon-revoked')!.id;
    await t.deps.database.store.transaction((tx) => revokeToken(tx, id, t.now()));
    expect((await browse(t, jar, '/reports/2026-11')).response.status).toBe(303);
  });
});

describe('/reports/YYYY-MM', () => {
  it('gives every production environment (private ones too) with all figures in minutes, 3 decimals', async () => {
    const { jar } = await signIn(t, 'viewer');
    const { response, text } = await browse(t, jar, '/reports/2026-11');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(text).toContain('Rapport de disponibilité — novembre 2026');
    expect(text).toContain('Globex Secret Works');
    expect(text).not.toContain('Staging shown nowhere');
    expect(text).toContain('<th scope="row">Temps ouvrable (B)</th><td class="num">10\u00a0080,000</td>');
    expect(text).toContain('<th scope="row">Indisponibilité brute</th><td class="num">35,000</td>');
    expect(text).toContain('<th scope="row">Exclue : autres motifs</th><td class="num">5,000</td>');
    expect(text).toContain('<th scope="row">Indisponibilité comptée (D)</th><td class="num">30,000</td>');
    expect(text).toContain('<strong>99,702 %</strong>');
    expect(text).toContain('<th scope="row">Marge restante</th><td class="num">70,800</td>');
  });

  it('names the exclusion reasons, shows the incident block, a 12-month trend and month navigation', async () => {
    const { jar } = await signIn(t, 'viewer');
    const { text } = await browse(t, jar, '/reports/2026-11');
    expect(text).toContain('Connexion Internet du client');
    expect(text).toContain('Panne du fournisseur Internet du client');
    expect(text).toContain('<th scope="row">III</th><td class="num">1</td>');
    expect(text.match(/<svg class="trend-svg"/g)).toHaveLength(2);
    expect(text).toContain('novembre 2026 : 99,702 %');
    expect(text).toContain('décembre 2025 : aucune donnée');
    expect(text).toContain('<a href="/reports/2026-10" rel="prev">');
    expect(text).not.toContain('rel="next"');
    expect(text).toContain('href="/api/v1/reports/monthly.csv?month=2026-11"');
    const october = await browse(t, jar, '/reports/2026-10');
    expect(october.text).toContain('<a href="/reports/2026-11" rel="next">');
  });

  it('answers a bad month with an HTML page naming the problem', async () => {
    const { jar } = await signIn(t, 'viewer');
    const { response, text } = await browse(t, jar, '/reports/2026-13');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('month must be written YYYY-MM');
  });

  it('redirects /reports to the current month', async () => {
    const response = await t.app.request('/reports');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/reports/2026-11');
  });
});

describe('GET /api/v1/reports/monthly.csv', () => {
  it('is UTF-8 with a BOM, a header row and one row per environment the caller may see', async () => {
    const response = await t.app.request('/api/v1/reports/monthly.csv?month=2026-11', { headers: { authorization: `Bearer ${t.token('viewer')}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="veille-report-2026-11.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(
      'month,time_zone,complete,environment_id,environment_name,business_minutes,raw_downtime_minutes,outside_business_minutes,excluded_maintenance_minutes,excluded_other_minutes,downtime_minutes,unmonitored_minutes,availability_percent,target_percent,met,budget_minutes,budget_left_minutes,observed_minutes,coverage_percent,coverage_sufficient,verdict',
    );
    expect(lines[1]).toBe('2026-11,America/Toronto,false,acme-prod,Acme Construction,10080.000,35.000,0.000,0.000,5.000,30.000,0.000,99.702,99,true,100.800,70.800,10080.000,100.0,true,met');
    expect(lines[2]).toMatch(/^2026-11,America\/Toronto,false,globex-prod,Globex Secret Works,/);
    expect(lines[3]).toBe('');
  });

  it('gives anonymous callers the public environments only, and works with the page’s session', async () => {
    const anonymous = await (await t.app.request('/api/v1/reports/monthly.csv?month=2026-11')).text();
    expect(anonymous).toContain('acme-prod');
    expect(anonymous).not.toContain('globex-prod');
    const { jar } = await signIn(t, 'viewer');
    const withSession = await browse(t, jar, '/api/v1/reports/monthly.csv?month=2026-11');
    expect(withSession.text).toContain('globex-prod');
  });

  it('refuses a bad month with the API’s JSON error', async () => {
    const result = await t.call('GET', '/api/v1/reports/monthly.csv?month=November');
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('invalid_input');
    expect(result.body.error.message).toContain('month');
  });
});
