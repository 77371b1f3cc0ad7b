// Acceptance, from outside: the real daemon (`veille start --no-probe --port 0`), driven only
// through the HTTP API, registers outages, maintenance windows (with past notices, reschedules
// and cancellations) and exclusions for past months; every field of every environment's
// monthly figure must agree to the millisecond with an independent reading of rule 7.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ACCEPTANCE_CONFIG_YAML, MODEL_ENVIRONMENTS, TARGET } from './support/acceptance-config.ts';
import { createRng } from './support/prng.ts';
import { expectCall, playScenario } from './support/registry-driver.ts';
import { businessBetween, monthOf, monthSpan, TORONTO_DEFAULT, VANCOUVER_EXTENDED } from './support/rule-calendar.ts';
import { expectedFigure, type World } from './support/rule7-expected.ts';
import { checkMonthlyReport } from './support/report-check.ts';
import { HOT_DAYS, planScenario } from './support/scenario.ts';
import { startVeille, veilleCommand, type Veille } from './support/veille-process.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const SEED = Number(process.env.ACCEPTANCE_SEED ?? 20_261_101);
const SCENARIOS_PER_MONTH = 3;
const ALL_MONTHS_2026 = Array.from({ length: 12 }, (_, k) => `2026-${String(k + 1).padStart(2, '0')}`);

let veille: Veille;
const world: World = { environments: MODEL_ENVIRONMENTS, outages: [], windows: [] };

beforeAll(async () => {
  veille = await startVeille(ACCEPTANCE_CONFIG_YAML);
});
afterAll(async () => {
  await veille?.stop();
});

describe('the independent reading of rules 2 and 7 (checked before it judges veille)', () => {
  it('gives the rules’ example: November 2026 has 21 business days, 168 h, a 99 % budget of 100.8 min', () => {
    const [start, end] = monthSpan('America/Toronto', '2026-11');
    expect(businessBetween(TORONTO_DEFAULT, start, end)).toBe(168 * H);
    expect((168 * H * 1) / 100 / MIN).toBe(100.8);
  });

  it('places the DST Sundays of the extended calendar at 23 h and 25 h, and its holidays where configured', () => {
    const day = (date: string) => {
      const d = DateTime.fromISO(date, { zone: 'America/Vancouver' });
      return businessBetween(VANCOUVER_EXTENDED, d.toMillis(), d.plus({ days: 1 }).toMillis());
    };
    expect(day('2026-03-08')).toBe(23 * H);
    expect(day('2026-11-01')).toBe(25 * H);
    expect(day('2026-03-09')).toBe(0); // extra closure
    expect(day('2026-10-12')).toBe(11 * H); // Thanksgiving removed: a normal Monday
    expect(day('2026-07-01')).toBe(0);
    expect(day('2026-03-07')).toBe(4 * H); // Saturday morning
  });
});

describe('monthly reports through the HTTP API agree with rule 7 to the millisecond', () => {
  it('with nothing registered: B per calendar and slaStart, unmonitored time since slaStart (never probed), staging absent', async () => {
    for (const month of ['2026-01', '2026-03', '2026-11']) await checkMonthlyReport(veille, world, month, { label: 'empty' });
    // Spelled out once: Globex's SLA starts mid-morning on 2026-03-10, so March counts from 11:30:00.250.
    const answer = await veille.call('GET', '/api/v1/reports/monthly?month=2026-03', { token: veille.tokens.viewer });
    const globex = answer.body.environments.find((e: { id: string }) => e.id === 'globex-prod');
    // 2026-03-10 11:30:00.250 → 17:00 is 5 h 29 min 59.75 s; then 15 weekdays to the 31st.
    expect(globex.businessMs).toBe(5 * H + 29 * MIN + 59_750 + 15 * 8 * H);
    expect(answer.body.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod', 'globex-prod', 'westco-prod', 'newco-prod']);
  });

  it('a hand-worked August: notice at the outage start excuses nothing, a later reschedule only shrinks, overlaps count once', async () => {
    const sre = veille.tokens.sre;
    const outage = async (check: string, start: string, end: string) =>
      (await expectCall(veille, 'POST', '/api/v1/outages', sre, { check, start, end, reason: 'hand-worked' }, 201)).body.id as number;
    const a = await outage('acme-web', '2026-08-12T10:00:00.000-04:00', '2026-08-12T11:00:00.000-04:00');
    await outage('acme-api', '2026-08-12T10:30:00.000-04:00', '2026-08-12T10:45:00.000-04:00');
    const c = await outage('acme-web', '2026-08-12T16:30:00.000-04:00', '2026-08-12T17:30:00.000-04:00');
    await outage('acme-web', '2026-08-12T13:15:00.000-04:00', '2026-08-12T13:45:00.000-04:00');
    await outage('acme-web', '2026-08-12T14:30:00.000-04:00', '2026-08-12T15:30:00.000-04:00');
    // Announced exactly when outage a began: not before it, so a counts in full (rule 5);
    // the acme-api outage began after the notice, but acme-web is down then anyway.
    await expectCall(veille, 'POST', '/api/v1/maintenance', sre, {
      environments: ['acme-prod'], start: '2026-08-12T10:30:00-04:00', end: '2026-08-12T12:00:00-04:00', impact: 'database upgrade',
      noticeSentAt: '2026-08-12T14:00:00.000Z', noticeRef: 'mail 2026-08-12 #1',
    }, 201);
    // Announced a week ahead for 13:00–15:00, moved at 13:30 to 14:00–16:00: the 13:15 outage
    // began under the first notice, but the move takes 13:15–13:45 out of the window; the
    // 14:30 outage began under the second notice and is excused entirely.
    const moved = await expectCall(veille, 'POST', '/api/v1/maintenance', sre, {
      environments: ['acme-prod', 'staging'], start: '2026-08-12T13:00:00-04:00', end: '2026-08-12T15:00:00-04:00', impact: 'network work',
      noticeSentAt: '2026-08-05T12:00:00-04:00', noticeRef: 'mail 2026-08-05 #2',
    }, 201);
    await expectCall(veille, 'POST', `/api/v1/maintenance/${moved.body.id}/reschedule`, sre, {
      reason: 'supplier late', start: '2026-08-12T14:00:00-04:00', end: '2026-08-12T16:00:00-04:00',
      noticeSentAt: '2026-08-12T13:30:00-04:00', noticeRef: 'mail 2026-08-12 #3',
    }, 200);
    // Force majeure for 16:45–17:15 of the outage that runs past closing: 15 business minutes.
    await expectCall(veille, 'POST', `/api/v1/outages/${c}/exclusions`, sre, {
      reason: 'force_majeure', justification: 'regional power cut', start: '2026-08-12T16:45:00-04:00', end: '2026-08-12T17:15:00-04:00',
    }, 201);
    // Revoked: as if never given.
    const revoked = await expectCall(veille, 'POST', `/api/v1/outages/${a}/exclusions`, sre, { reason: 'client_internet', justification: 'thought so' }, 201);
    await expectCall(veille, 'POST', `/api/v1/exclusions/${revoked.body.id}/revoke`, sre, { reason: 'it was ours' }, 200);

    world.outages.push(
      { check: 'acme-web', start: at('2026-08-12T10:00:00-04:00'), end: at('2026-08-12T11:00:00-04:00'), exclusions: [{ start: at('2026-08-12T10:00:00-04:00'), end: null, revoked: true }] },
      { check: 'acme-api', start: at('2026-08-12T10:30:00-04:00'), end: at('2026-08-12T10:45:00-04:00'), exclusions: [] },
      { check: 'acme-web', start: at('2026-08-12T16:30:00-04:00'), end: at('2026-08-12T17:30:00-04:00'), exclusions: [{ start: at('2026-08-12T16:45:00-04:00'), end: at('2026-08-12T17:15:00-04:00'), revoked: false }] },
      { check: 'acme-web', start: at('2026-08-12T13:15:00-04:00'), end: at('2026-08-12T13:45:00-04:00'), exclusions: [] },
      { check: 'acme-web', start: at('2026-08-12T14:30:00-04:00'), end: at('2026-08-12T15:30:00-04:00'), exclusions: [] },
    );
    world.windows.push(
      { environments: ['acme-prod'], versions: [{ start: at('2026-08-12T10:30:00-04:00'), end: at('2026-08-12T12:00:00-04:00'), noticeSentAt: at('2026-08-12T14:00:00Z') }], cancelledAt: null },
      {
        environments: ['acme-prod', 'staging'],
        versions: [
          { start: at('2026-08-12T13:00:00-04:00'), end: at('2026-08-12T15:00:00-04:00'), noticeSentAt: at('2026-08-05T12:00:00-04:00') },
          { start: at('2026-08-12T14:00:00-04:00'), end: at('2026-08-12T16:00:00-04:00'), noticeSentAt: at('2026-08-12T13:30:00-04:00') },
        ],
        cancelledAt: null,
      },
    );

    // By hand: August 2026 has 21 weekdays and no holiday: B = 168 h; budget at 99.5 % = 50.4 min.
    const B = 168 * H;
    const D = 60 * MIN + 15 * MIN + 30 * MIN;
    const answer = await veille.call('GET', '/api/v1/reports/monthly?month=2026-08', { token: veille.tokens.viewer });
    expect(answer.body.environments[0]).toEqual({
      id: 'acme-prod',
      name: 'Acme Construction',
      type: 'production',
      businessMs: B,
      rawDowntimeMs: 3.5 * H,
      outsideBusinessMs: 30 * MIN,
      excludedMaintenanceMs: 60 * MIN,
      excludedOtherMs: 15 * MIN,
      downtimeMs: D,
      unmonitoredMs: B,
      availability: (100 * (B - D)) / B,
      met: false,
      budgetMs: 3_024_000,
      budgetLeftMs: 3_024_000 - D,
      // Nothing of the month was observed (the daemon ran later): the verdict rests on no observation.
      observedMs: 0,
      coverage: 0,
      coverageSufficient: false,
      verdict: 'missed',
    });
    // The independent model says the same, and so does the whole report.
    expect(expectedFigure(world, MODEL_ENVIRONMENTS[0]!, { month: '2026-08', target: TARGET, now: Date.now(), firstSeen: veille.startedAfter }).downtimeMs).toBe(D);
    await checkMonthlyReport(veille, world, '2026-08', { label: 'hand-worked' });
  });

  it(`random scenarios (seed ${SEED}, ${SCENARIOS_PER_MONTH} per month): each month's report after each scenario`, async () => {
    const rng = createRng(SEED);
    const latest = Date.now();
    let played = 0;
    for (let round = 0; round < SCENARIOS_PER_MONTH; round++) {
      for (const month of Object.keys(HOT_DAYS)) {
        const label = `seed ${SEED} round ${round} ${month}`;
        const plan = planScenario(rng, month, latest);
        if (plan.outages.length === 0) continue;
        await playScenario(veille, world, plan, label);
        await checkMonthlyReport(veille, world, month, { label: `${label} ${JSON.stringify(plan)}` });
        played++;
      }
    }
    expect(played).toBeGreaterThanOrEqual(25);
  }, 60_000);

  it('an outage across New Year counts in January only from the 2nd’s opening (Jan 1 is a holiday)', async () => {
    const sre = veille.tokens.sre;
    const body = { check: 'acme-api', start: '2025-12-31T16:00:00-05:00', end: '2026-01-02T10:00:00.500-05:00', reason: 'over the holidays' };
    const before = (await veille.call('GET', '/api/v1/reports/monthly?month=2026-01', { token: veille.tokens.viewer })).body.environments[0];
    await expectCall(veille, 'POST', '/api/v1/outages', sre, body, 201);
    world.outages.push({ check: 'acme-api', start: at(body.start), end: at(body.end), exclusions: [] });
    await checkMonthlyReport(veille, world, '2026-01', { label: 'New Year' });
    const after = (await veille.call('GET', '/api/v1/reports/monthly?month=2026-01', { token: veille.tokens.viewer })).body.environments[0];
    // What it adds to January, unless other outages already cover those instants: at most 1 h 0.5 s of business time.
    expect(after.downtimeMs - before.downtimeMs).toBeLessThanOrEqual(H + 500);
    expect(after.rawDowntimeMs - before.rawDowntimeMs).toBeLessThanOrEqual(34 * H + 500);
  });

  it('open outages count up to now, only from slaStart; open ones of feature checks and staging never count', async () => {
    const sre = veille.tokens.sre;
    const open = async (check: string, start: string) => {
      const answer = await expectCall(veille, 'POST', '/api/v1/outages', sre, { check, start, reason: 'still down' }, 201);
      expect(answer.body).toMatchObject({ open: true, end: null });
      return answer.body.id as number;
    };
    // Newco has no slaStart: its SLA began when the daemon first saw it, moments ago.
    const newcoDownSince = Date.now() - 6 * 24 * H;
    const newco = await open('newco-web', new Date(newcoDownSince).toISOString());
    await open('acme-login', '2026-10-01T10:00:00-04:00');
    await open('staging-web', '2026-10-01T10:00:00-04:00');
    // Excused from a moment ago "until the outage ends".
    const excusedFrom = Date.now() - 1;
    await expectCall(veille, 'POST', `/api/v1/outages/${newco}/exclusions`, sre, { reason: 'client_equipment', justification: 'their router', start: new Date(excusedFrom).toISOString() }, 201);
    world.outages.push(
      { check: 'newco-web', start: newcoDownSince, end: null, exclusions: [{ start: excusedFrom, end: null, revoked: false }] },
      { check: 'acme-login', start: at('2026-10-01T10:00:00-04:00'), end: null, exclusions: [] },
      { check: 'staging-web', start: at('2026-10-01T10:00:00-04:00'), end: null, exclusions: [] },
    );
    const thisMonth = monthOf('America/Toronto', Date.now());
    for (const month of new Set(['2026-10', '2026-11', thisMonth])) await checkMonthlyReport(veille, world, month, { label: 'open outages' });
    const report = (await veille.call('GET', `/api/v1/reports/monthly?month=${thisMonth}`, { token: veille.tokens.viewer })).body;
    const figure = report.environments.find((e: { id: string }) => e.id === 'newco-prod');
    // Raw downtime is the open outage since the SLA began: seconds, not the six days it has been down.
    expect(figure.rawDowntimeMs).toBeGreaterThan(0);
    expect(figure.rawDowntimeMs).toBeLessThan(Date.now() - veille.startedAfter + 1);
  });

  it('every month of 2026 afterwards (events cross month ends), for a viewer and for anyone (public environments only)', async () => {
    for (const month of ALL_MONTHS_2026) {
      await checkMonthlyReport(veille, world, month, { label: 'final' });
      await checkMonthlyReport(veille, world, month, { label: 'final', anonymous: true });
    }
  });

  it('`veille report --month --json` prints the same document as the API', { timeout: 60_000 }, async () => {
    for (const month of ['2026-03', '2026-08']) {
      const printed = JSON.parse(await veilleCommand(['report', '--month', month, '--json', '--config', veille.configFile, '--db', veille.dbFile]));
      const served = (await veille.call('GET', `/api/v1/reports/monthly?month=${month}`, { token: veille.tokens.viewer })).body;
      expect(printed).toEqual(served);
    }
  });

  it('anyone sees the windows of public environments only, without notice references (rule 9)', async () => {
    const answer = await veille.call('GET', '/api/v1/maintenance');
    expect(answer.status).toBe(200);
    const listed = ['upcoming', 'current', 'past', 'cancelled'].flatMap((group) => answer.body[group] as Array<Record<string, unknown>>);
    const publicIds = MODEL_ENVIRONMENTS.filter((env) => env.public).map((env) => env.id);
    expect(listed).toHaveLength(world.windows.filter((w) => w.environments.some((id) => publicIds.includes(id))).length);
    for (const window of listed) {
      expect(window).not.toHaveProperty('noticeRef');
      expect((window.environments as string[]).every((id) => publicIds.includes(id))).toBe(true);
    }
  });

  it('the outage listing returns every recorded outage of an environment with its exclusions', async () => {
    const answer = await veille.call('GET', `/api/v1/outages?environment=westco-prod&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z`, { token: veille.tokens.viewer });
    expect(answer.status).toBe(200);
    const mine = world.outages.filter((o) => o.check.startsWith('westco-'));
    expect(answer.body.outages).toHaveLength(mine.length);
    expect(answer.body.outages.map((o: { exclusions: unknown[] }) => o.exclusions.length).reduce((a: number, b: number) => a + b, 0)).toBe(
      mine.reduce((sum, o) => sum + o.exclusions.length, 0),
    );
  });
});

// The database these scenarios produced, copied into PostgreSQL by `veille migrate`, gives every
// report of 2026 as the daemon serves it from SQLite.
const postgres = postgresBinaries();
describe.skipIf(!postgres)(`veille migrate of this database into PostgreSQL (${postgres ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster | undefined;
  afterAll(() => cluster?.stop());

  it('proves the copy and reports every month of 2026 from PostgreSQL as the API does from SQLite', { timeout: 300_000 }, async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('acceptance');
    const printed = await veilleCommand(['migrate', '--from', veille.dbFile, '--to', url, '--config', veille.configFile]);
    expect(printed).toMatch(/^ {2}outages +[1-9]\d* rows$/m);
    expect(printed).toMatch(/^veille migrate: proven: the same rows in every table, and the same \d+ monthly reports \(\d{4}-\d\d to \d{4}-\d\d\)/m);
    // The months past: the current one moves with the clock between two readings.
    const current = DateTime.now().setZone('America/Toronto').toFormat('yyyy-MM');
    const past = ALL_MONTHS_2026.filter((month) => month < current);
    expect(past.length).toBeGreaterThan(0);
    for (const month of past) {
      const fromPostgres = JSON.parse(await veilleCommand(['report', '--month', month, '--json', '--config', veille.configFile, '--db', url]));
      const served = (await veille.call('GET', `/api/v1/reports/monthly?month=${month}`, { token: veille.tokens.viewer })).body;
      expect(fromPostgres, month).toEqual(served);
    }
  });
});
