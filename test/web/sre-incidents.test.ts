import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsOf, findIncident } from '../../src/incidents/incident-store.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

// The support desk in the browser: the same writes as POST /api/v1/incidents and its actions.
// The seed (Monday 16 November 2026, noon in Toronto) has incident 1 (priority III, opened at
// 10:00) and incident 2 (priority I, opened at 11:00), both due to be answered at 11:30.

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

const OPEN_FORM = { title: 'Factures en double', priority: 'II', kind: 'question', channel: 'phone', environments: ['acme-prod'], public: '1' };

describe('/sre — incidents and their clocks', () => {
  it('lists the open incidents with each clock: due time, then time left or how late', async () => {
    const { jar } = await signIn(t, 'sre');
    const page = await browse(t, jar, '/sre');
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('<a href="/sre/incidents/1">#1 <bdi>Lenteurs à la connexion</bdi></a>');
    expect(page.text).toContain('<a href="/sre/incidents/2">');
    expect(page.text).toContain('échéance 16\u00a0nov.\u00a02026, 11\u00a0h\u00a030\u00a0HNE');
    expect(page.text).toContain('en retard de 30 min');
    // Priority III is resolved within ten business days: 30 November at 10:00, beyond a day shown in days.
    expect(page.text).toContain('échéance 30\u00a0nov.\u00a02026, 10\u00a0h\u00a0HNE');
    expect(page.text).toContain('reste 13 j 22 h');
  });

  it('opens an incident with its priority, kind, channel, environments and visibility, and shows it with its clocks', async () => {
    const { jar, csrf } = await signIn(t, 'sre', 'sre-bob');
    const opened = await browse(t, jar, '/sre/incidents', { form: { ...OPEN_FORM, csrf } });
    expect(opened.response.status).toBe(303);
    expect(opened.response.headers.get('location')).toBe('/sre/incidents/3?saved=1');
    const incident = (await findIncident(t.deps.database.store, 3))!;
    expect(incident).toMatchObject({ title: 'Factures en double', priority: 'II', kind: 'question', channel: 'phone', public: true, createdBy: 'sre-bob', openedAt: t.now() });
    expect(incident.environmentIds).toEqual(['acme-prod']);
    const shown = await browse(t, jar, '/sre/incidents/3?saved=1');
    expect(shown.text).toContain('Enregistré.');
    expect(shown.text).toContain('<dd>Téléphone</dd>');
    expect(shown.text).toContain('<dd>Question</dd>');
    expect(shown.text).toContain('<dd>oui</dd>');
    // Priority II: first response within one business hour.
    expect(shown.text).toContain('échéance 16\u00a0nov.\u00a02026, 13\u00a0h\u00a0HNE');
    expect(shown.text).toContain('reste 1 h');
    // The forms' hint names the zone in words, as the client pages do.
    expect(shown.text).toContain('Heure locale (heure de l’Est).');
    expect(shown.text).not.toContain('America/Toronto');
  });

  it('a private incident by default; kind and channel may be left to their defaults by a script', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const opened = await browse(t, jar, '/sre/incidents', { form: { title: 'Question', priority: 'IV', csrf } });
    expect(opened.response.status).toBe(303);
    expect(await findIncident(t.deps.database.store, 3)).toMatchObject({ public: false, kind: 'incident', channel: 'web', resolutionDueAt: null });
  });

  it('refuses what the API refuses, naming the field, keeps what was typed, and never the channel of the monitor', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const noPriority = await browse(t, jar, '/sre/incidents', { form: { ...OPEN_FORM, priority: '', csrf } });
    expect(noPriority.response.status).toBe(400);
    expect(noPriority.text).toContain('<strong>Priorité</strong> : doit être l’une de ces valeurs : I, II, III, IV');
    expect(noPriority.text).toContain('value="Factures en double"');
    const monitor = await browse(t, jar, '/sre/incidents', { form: { ...OPEN_FORM, channel: 'monitor', csrf } });
    expect(monitor.response.status).toBe(400);
    expect(monitor.text).toContain('<strong>Canal</strong> : « monitor » est réservé aux incidents que veille ouvre elle-même');
    const imported = await browse(t, jar, '/sre/incidents', { form: { ...OPEN_FORM, openedAt: '2026-11-13T09:00', csrf } });
    expect(imported.text).toContain('<strong>Référence externe</strong> : obligatoire avec la date d’ouverture');
    expect(imported.text).toContain('value="2026-11-13T09:00"');
    expect(await findIncident(t.deps.database.store, 3)).toBeNull();
  });

  it('posts an update, records the response, changes the priority with a reason, and resolves', async () => {
    const { jar, csrf } = await signIn(t, 'sre', 'sre-bob');
    const update = await browse(t, jar, '/sre/incidents/1/updates', { form: { message: 'Correctif déployé', monitoring: '1', csrf } });
    expect(update.response.status).toBe(303);
    expect(update.response.headers.get('location')).toBe('/sre/incidents/1?saved=1');
    const respond = await browse(t, jar, '/sre/incidents/1/respond', { form: { at: '2026-11-16T11:15', message: 'Pris en charge', csrf } });
    expect(respond.response.status).toBe(303);
    const priority = await browse(t, jar, '/sre/incidents/1/priority', { form: { priority: 'II', reason: 'Touche la facturation', csrf } });
    expect(priority.response.status).toBe(303);
    t.setNow('2026-11-16T13:00:00-05:00');
    const resolve = await browse(t, jar, '/sre/incidents/1/resolve', { form: { message: 'Index ajouté', csrf } });
    expect(resolve.response.status).toBe(303);

    const incident = (await findIncident(t.deps.database.store, 1))!;
    expect(incident.priority).toBe('II');
    expect(incident.respondedAt).toBe(instant('2026-11-16T11:15:00-05:00'));
    expect(incident.resolvedAt).toBe(instant('2026-11-16T13:00:00-05:00'));
    // The timeline is in time order: the response was recorded at 11:15.
    expect((await eventsOf(t.deps.database.store, [1])).map((event) => [event.type, event.actor, event.message])).toEqual([
      ['opened', 'sre-alice', null],
      ['update', 'sre-alice', 'Nous avons identifié un index manquant.'],
      ['responded', 'sre-bob', 'Pris en charge'],
      ['monitoring', 'sre-bob', 'Correctif déployé'],
      ['priority', 'sre-bob', 'Touche la facturation'],
      ['resolved', 'sre-bob', 'Index ajouté'],
    ]);
    const page = await browse(t, jar, '/sre/incidents/1');
    // Priority II from 10:00: answered at 11:15, 15 minutes after its due time; resolved within two business days.
    expect(page.text).toContain('✕ manquée (16\u00a0nov.\u00a02026, 11\u00a0h\u00a015\u00a0HNE) · en retard de 15 min');
    expect(page.text).toContain('✓ respectée (16\u00a0nov.\u00a02026, 13\u00a0h\u00a0HNE)');
    expect(page.text).not.toContain('action="/sre/incidents/1/resolve"');
    const console = await browse(t, jar, '/sre');
    expect(console.text).toContain('Incidents résolus depuis 30 jours');
    expect(console.text.indexOf('/sre/incidents/1"')).toBeGreaterThan(console.text.indexOf('Incidents résolus depuis 30 jours'));
  });

  it('refuses a response in the future, a priority without a reason and a second resolution, naming the field', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const future = await browse(t, jar, '/sre/incidents/1/respond', { form: { at: '2026-11-16T15:00', csrf } });
    expect(future.response.status).toBe(400);
    expect(future.text).toContain('<strong>Heure</strong> : est dans le futur');
    const noReason = await browse(t, jar, '/sre/incidents/1/priority', { form: { priority: 'I', reason: ' ', csrf } });
    expect(noReason.text).toContain('<strong>Motif</strong> : ne doit pas être vide');
    expect(await findIncident(t.deps.database.store, 1)).toMatchObject({ priority: 'III', respondedAt: null });
    await browse(t, jar, '/sre/incidents/1/resolve', { form: { csrf } });
    const again = await browse(t, jar, '/sre/incidents/1/resolve', { form: { csrf } });
    expect(again.response.status).toBe(400);
    expect(again.text).toContain('l’incident n° 1 est déjà résolu');
  });

  it('does not echo a rejected time into the datetime-local field', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const answer = await browse(t, jar, '/sre/incidents/1/respond', { form: { at: 'tomorrow morning', csrf } });
    expect(answer.response.status).toBe(400);
    expect(answer.text).toContain('<strong>Heure</strong> : « tomorrow morning » n’est pas une date et une heure');
    expect(answer.text).toMatch(/<input id="respond-at" name="at" type="datetime-local" value=""/);
    expect(answer.text).not.toContain('value="tomorrow morning"');
  });

  it('is for the sre role: a viewer gets the sign-in form leading back to the incident, a stranger is sent to sign in', async () => {
    const viewer = await signIn(t, 'viewer', 'vera');
    const page = await browse(t, viewer.jar, '/sre/incidents/1');
    expect(page.response.status).toBe(403);
    expect(page.text).toContain('vera (rôle viewer)');
    expect(page.text).toContain('<input type="hidden" name="next" value="/sre/incidents/1"');
    const post = await browse(t, viewer.jar, '/sre/incidents/1/resolve', { form: { csrf: viewer.csrf } });
    expect(post.response.status).toBe(403);
    expect((await findIncident(t.deps.database.store, 1))!.resolvedAt).toBeNull();
    const stranger = await t.app.request('/sre/incidents/1');
    expect(stranger.headers.get('location')).toBe('/sign-in?next=%2Fsre%2Fincidents%2F1');
  });

  it('answers an unknown or malformed incident with an error page and writes nothing', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    expect((await browse(t, jar, '/sre/incidents/99')).response.status).toBe(404);
    expect((await browse(t, jar, '/sre/incidents/99/resolve', { form: { csrf } })).response.status).toBe(404);
    expect((await browse(t, jar, '/sre/incidents/1e0/resolve', { form: { csrf } })).response.status).toBe(400);
    const forged = await browse(t, jar, '/sre/incidents/1/resolve', { form: { csrf: 'forged' } });
    expect(forged.response.status).toBe(403);
    expect((await findIncident(t.deps.database.store, 1))!.resolvedAt).toBeNull();
  });
});
