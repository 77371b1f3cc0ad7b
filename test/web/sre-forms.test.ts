import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';
import { allWindows } from '../../src/maintenance/window-store.ts';
import { exclusionsOf } from '../../src/exclusions/exclusion-store.ts';
import { instant } from '../../src/time/iso.ts';

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedStatusWorld>>;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  seeded = await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

const WINDOW_FORM = {
  environments: ['acme-prod'],
  start: '2026-11-25T21:00',
  end: '2026-11-25T22:30',
  impact: 'Migration du stockage des pièces jointes',
};

describe('/sre — maintenance windows from the browser', () => {
  it('is for the sre role: viewers get 403, strangers are sent to sign in', async () => {
    const viewer = await signIn(t, 'viewer');
    expect((await browse(t, viewer.jar, '/sre')).response.status).toBe(403);
    const stranger = await t.app.request('/sre');
    expect(stranger.status).toBe(303);
    const viewerPost = await browse(t, viewer.jar, '/sre/maintenance', { form: { ...WINDOW_FORM, csrf: viewer.csrf } });
    expect(viewerPost.response.status).toBe(403);
    expect(await allWindows(t.deps.database.store)).toHaveLength(1);
  });

  it('registers a window typed in the calendar’s local time; it appears on the public page', async () => {
    const { jar, csrf } = await signIn(t, 'sre', 'sre-bob');
    const form = await browse(t, jar, '/sre');
    // The zone in words, as on the client pages (never the IANA name).
    expect(form.text).toContain('Heure locale (heure de l’Est).');
    expect(form.text).not.toContain('America/Toronto');
    const english = await browse(t, jar, '/sre?lang=en');
    expect(english.text).toContain('Local time (Eastern Time).');
    expect(english.text).not.toContain('America/Toronto');
    await browse(t, jar, '/sre?lang=fr');
    const result = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, csrf } });
    expect(result.response.status).toBe(303);
    expect(result.response.headers.get('location')).toBe('/sre?saved=1#windows-title');
    const created = (await allWindows(t.deps.database.store)).at(-1)!;
    expect(created.versions[0]!.start).toBe(instant('2026-11-25T21:00:00-05:00'));
    expect(created.versions[0]!.end).toBe(instant('2026-11-25T22:30:00-05:00'));
    expect(created.versions[0]!.noticeSentAt).toBe(t.now());
    expect(created.createdBy).toBe('sre-bob');
    const publicPage = await (await t.app.request('/')).text();
    expect(publicPage).toContain('Migration du stockage des pièces jointes');
    expect(publicPage).toContain('25\u00a0nov.\u00a02026, 21\u00a0h\u00a0HNE');
  });

  it('refuses what the API refuses, naming the field, and keeps what was typed', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const backwards = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, end: '2026-11-25T20:00', csrf } });
    expect(backwards.response.status).toBe(400);
    expect(backwards.text).toContain('<strong>Fin</strong> : doit être après le début');
    expect(backwards.text).toContain('value="2026-11-25T20:00"');
    expect(backwards.text).toContain('Migration du stockage des pièces jointes</textarea>');

    const noRef = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, noticeSentAt: '2026-11-16T09:00', csrf } });
    expect(noRef.response.status).toBe(400);
    expect(noRef.text).toContain('<strong>Référence de l’avis</strong> : obligatoire avec la date d’avis');

    const noEnvironment = await browse(t, jar, '/sre/maintenance', { form: { start: WINDOW_FORM.start, end: WINDOW_FORM.end, impact: 'x', csrf } });
    expect(noEnvironment.response.status).toBe(400);
    expect(noEnvironment.text).toContain('<strong>Environnements</strong> : choisissez au moins un environnement');

    const unknown = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, environments: ['nowhere'], csrf } });
    expect(unknown.text).toContain('environnement inconnu « nowhere »');
    expect(await allWindows(t.deps.database.store)).toHaveLength(1);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const { jar } = await signIn(t, 'sre');
    const forged = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, csrf: 'forged' } });
    expect(forged.response.status).toBe(403);
    const crossSite = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.response.status).toBe(403);
    expect(await allWindows(t.deps.database.store)).toHaveLength(1);
  });

  it('cancels a window with a reason; it leaves the public page', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const empty = await browse(t, jar, `/sre/maintenance/${seeded.windowId}/cancel`, { form: { reason: '  ', csrf } });
    expect(empty.response.status).toBe(400);
    expect(empty.text).toContain('<strong>Motif</strong> : ne doit pas être vide');
    const done = await browse(t, jar, `/sre/maintenance/${seeded.windowId}/cancel`, { form: { reason: 'Reportée à janvier', csrf } });
    expect(done.response.status).toBe(303);
    expect((await allWindows(t.deps.database.store))[0]!.cancelReason).toBe('Reportée à janvier');
    expect(await (await t.app.request('/')).text()).toContain('Aucune maintenance en cours ou prévue.');
  });

  it('answers a malformed window id with a 400 page and changes nothing', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    for (const id of ['abc', '0x1', '1e0', '%201']) {
      const answer = await browse(t, jar, `/sre/maintenance/${id}/cancel`, { form: { reason: 'Reportée', csrf } });
      expect(answer.response.status).toBe(400);
      expect(answer.text).toContain('is not an id');
    }
    expect((await allWindows(t.deps.database.store))[0]!.cancelledAt).toBeNull();
  });
});

describe('/sre — classifying an outage', () => {
  it('adds an exclusion with one of the four reasons; the report counts it out', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const page = await browse(t, jar, '/sre');
    // The seed's first outage: acme-web, 10 November 10:00–10:30.
    const outageId = 1;
    expect(page.text).toContain('<strong>#1</strong> acme-prod · acme-web · 10\u00a0nov.\u00a02026, 10\u00a0h\u00a0HNE – 10\u00a0nov.\u00a02026, 10\u00a0h\u00a030\u00a0HNE');
    const result = await browse(t, jar, `/sre/outages/${outageId}/exclusions`, {
      form: { reason: 'force_majeure', justification: 'Tempête de verglas : panne d’Hydro-Québec', start: '2026-11-10T10:10', end: '2026-11-10T10:30', csrf },
    });
    expect(result.response.status).toBe(303);
    const [exclusion] = await exclusionsOf(t.deps.database.store, [outageId]);
    expect(exclusion!.reason).toBe('force_majeure');
    expect(exclusion!.start).toBe(instant('2026-11-10T10:10:00-05:00'));
    const report = await t.call('GET', '/api/v1/reports/monthly?month=2026-11', { token: t.token('viewer') });
    const acme = report.body.environments.find((environment: { id: string }) => environment.id === 'acme-prod');
    expect(acme.downtimeMs).toBe(10 * 60_000);
  });

  it('refuses a reason outside rule 6 and a part outside the outage, as the API does', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const badReason = await browse(t, jar, '/sre/outages/1/exclusions', { form: { reason: 'bad_luck', justification: 'x', csrf } });
    expect(badReason.response.status).toBe(400);
    expect(badReason.text).toContain('<strong>Motif</strong> : doit être l’une de ces valeurs : client_equipment, client_internet, prohibited_use, force_majeure');
    const outside = await browse(t, jar, '/sre/outages/1/exclusions', { form: { reason: 'client_equipment', justification: 'x', start: '2026-11-10T09:00', csrf } });
    expect(outside.response.status).toBe(400);
    expect(outside.text).toContain('<strong>Début</strong> : est avant le début de la panne');
    const missing = await browse(t, jar, '/sre/outages/999/exclusions', { form: { reason: 'client_equipment', justification: 'x', csrf } });
    expect(missing.response.status).toBe(400);
    expect(missing.text).toContain('la panne n° 999 est introuvable');
    expect(await exclusionsOf(t.deps.database.store, [1])).toHaveLength(0);
  });
});

describe('/sre — refusals in the reader’s language', () => {
  it('on the French side: the field’s label and a French message for every refusal of the forms; the API’s words on the English side', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const refusals: Array<[string, Record<string, string | string[]>]> = [
      ['/sre/maintenance', { ...WINDOW_FORM, start: 'demain', csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, end: '2026-02-30T10:00', csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, environments: ['acme-prod', 'acme-prod'], csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, noticeSentAt: '2026-11-17T09:00', noticeRef: 'AV-1', csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, notify: '1', csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, impact: 'x'.repeat(10_001), csrf }],
      [`/sre/maintenance/${seeded.windowId}/cancel`, { reason: '', csrf }],
      ['/sre/outages/1/exclusions', { reason: 'client_equipment', justification: 'x', start: '2026-11-10T10:20', end: '2026-11-10T10:40', csrf }],
      ['/sre/outages/3/exclusions', { reason: 'client_equipment', justification: 'x', end: '2026-11-16T13:00', csrf }],
      ['/sre/incidents', { title: 'x', priority: 'II', openedAt: '2026-11-17T09:00', externalRef: 'ZD-1', csrf }],
      ['/sre/incidents/1/respond', { at: '2026-11-16T09:00', csrf }],
      ['/sre/incidents/1/priority', { priority: 'III', reason: 'x', csrf }],
      ['/sre/incidents/1/priority', { priority: '', reason: 'Touche la facturation', csrf }],
      ['/sre/incidents/1/updates', { message: '', csrf }],
      ['/sre/incidents/1/resolve', { at: 'demain', csrf }],
      ['/sre/incidents/1/resolve', { at: '2026-11-17T09:00', csrf }],
      ['/sre/incidents', { title: '', priority: 'II', csrf }],
      ['/sre/incidents', { title: 'x', priority: 'V', csrf }],
      ['/sre/incidents', { title: 'x', priority: 'II', kind: 'rumour', channel: 'pigeon', csrf }],
      ['/sre/incidents', { title: 'x', priority: 'II', environments: ['nowhere'], csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, environments: [], csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, impact: '', csrf }],
      ['/sre/maintenance', { ...WINDOW_FORM, environments: ['nowhere'], csrf }],
      ['/sre/outages/1/exclusions', { reason: 'bad_luck', justification: 'x', csrf }],
      ['/sre/outages/1/exclusions', { reason: 'client_equipment', justification: '', csrf }],
    ];
    for (const [path, form] of refusals) {
      const answer = await browse(t, jar, path, { form });
      expect(answer.response.status, path).toBe(400);
      const alert = /<div class="notice notice-error" role="alert">(.*?)<\/div>/s.exec(answer.text)?.[1] ?? '';
      expect(alert, `${path} ${JSON.stringify(form).slice(0, 80)}`).not.toContain('lang="en"');
      expect(alert, path).toMatch(/<strong>[A-ZÉ][^<]*<\/strong> : /);
    }
    await browse(t, jar, '/sre?lang=en');
    const english = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW_FORM, end: '2026-11-25T20:00', csrf } });
    expect(english.text).toContain('<strong>end</strong>: must be after start');
  });

  it('writes the instants a refusal names as the console writes times, never in UTC', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const outageEnd = await browse(t, jar, '/sre/outages/1/exclusions', { form: { reason: 'client_equipment', justification: 'x', start: '2026-11-10T10:20', end: '2026-11-10T10:40', csrf } });
    expect(outageEnd.text).toContain('est après la fin de la panne (10\u00a0nov.\u00a02026, 10\u00a0h\u00a030\u00a0HNE)');
    const beforeOpening = await browse(t, jar, '/sre/incidents/1/respond', { form: { at: '2026-11-16T09:00', csrf } });
    expect(beforeOpening.text).toContain('est avant l’ouverture de l’incident (16\u00a0nov.\u00a02026, 10\u00a0h\u00a0HNE)');
    await browse(t, jar, '/sre?lang=en');
    const english = await browse(t, jar, '/sre/outages/1/exclusions', { form: { reason: 'client_equipment', justification: 'x', start: '2026-11-10T10:20', end: '2026-11-10T10:40', csrf } });
    expect(english.text).toContain('is after the outage end (Nov\u00a010,\u00a02026, 10:30\u00a0a.m.\u00a0EST)');
    const alertOf = (html: string) => /<div class="notice notice-error" role="alert">(.*?)<\/div>/s.exec(html)?.[1] ?? '';
    for (const page of [outageEnd, beforeOpening, english]) expect(alertOf(page.text)).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });
});

describe('/sre — in French on the French side', () => {
  it('says how an outage was found in French, not "probe"', async () => {
    const { jar } = await signIn(t, 'sre', 'sre-bob');
    const page = await browse(t, jar, '/sre?lang=fr');
    expect(page.text).toContain('détectée par les sondes');
    expect(page.text).not.toMatch(/· probe\b/);
  });
});
