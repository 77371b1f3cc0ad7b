// Acceptance, from outside: incidents opened through the HTTP API at awkward instants (evenings,
// Friday 16:45, Saturdays, holidays, the DST weekends, New Year) get the deadlines of rule 8 to
// the millisecond; responding and resolving says whether each was met; the monthly report's
// incident block counts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ACCEPTANCE_CONFIG_YAML, MODEL_ENVIRONMENTS } from './support/acceptance-config.ts';
import { isoText, readInstant } from './support/iso-text.ts';
import { createRng } from './support/prng.ts';
import { expectCall } from './support/registry-driver.ts';
import { monthOf, TORONTO_DEFAULT, VANCOUVER_EXTENDED, type RuleCalendar } from './support/rule-calendar.ts';
import { expectedDeadlines, type Priority } from './support/rule8-expected.ts';
import type { World } from './support/rule7-expected.ts';
import { checkMonthlyReport, NO_INCIDENTS, type IncidentBlock } from './support/report-check.ts';
import { startVeille, type Veille } from './support/veille-process.ts';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const SEED = Number(process.env.ACCEPTANCE_SEED ?? 20_261_101);
const PRIORITIES: Priority[] = ['I', 'II', 'III', 'IV'];

interface OpenedIncident {
  id: number;
  priority: Priority;
  openedAt: number;
  responseDueAt: number;
  resolutionDueAt: number | null;
  respondedAt: number | null;
  resolvedAt: number | null;
}

let veille: Veille;
const opened: OpenedIncident[] = [];
let sequence = 0;

beforeAll(async () => {
  veille = await startVeille(ACCEPTANCE_CONFIG_YAML);
});
afterAll(async () => {
  await veille?.stop();
});

/** The calendar the rules give an incident: its environment's (the first named), else the default. */
function calendarOf(environments: readonly string[]): RuleCalendar {
  return environments[0] === 'westco-prod' ? VANCOUVER_EXTENDED : TORONTO_DEFAULT;
}

/** Imports a ticket opened at `openedAt` (in the past, with its external reference) and checks both deadlines against rule 8. */
async function openAt(openedAt: number, priority: Priority, environments: string[] = []): Promise<OpenedIncident> {
  const n = sequence++;
  const body = {
    title: `client report ${n}`,
    priority,
    ...(environments.length ? { environments } : {}),
    openedAt: isoText(openedAt, n),
    externalRef: `OLD-${n}`,
  };
  const created = await expectCall(veille, 'POST', '/api/v1/incidents', veille.tokens.sre, body, 201);
  const expected = expectedDeadlines(calendarOf(environments), priority, openedAt);
  const context = `incident sent ${JSON.stringify(body)}, got ${JSON.stringify(created.body)}`;
  expect(readInstant(created.body.openedAt), context).toBe(openedAt);
  expect(readInstant(created.body.responseDueAt), context).toBe(expected.responseDueAt);
  if (expected.resolutionDueAt === null) expect(created.body.resolutionDueAt, context).toBeNull();
  else expect(readInstant(created.body.resolutionDueAt), context).toBe(expected.resolutionDueAt);
  expect(created.body.responseMet).toBeNull();
  expect(created.body.resolutionMet).toBeNull();
  const incident: OpenedIncident = { id: created.body.id, priority, openedAt, ...expected, respondedAt: null, resolvedAt: null };
  opened.push(incident);
  return incident;
}

async function respond(incident: OpenedIncident, when: number): Promise<void> {
  const answer = await expectCall(veille, 'POST', `/api/v1/incidents/${incident.id}/respond`, veille.tokens.sre, { at: isoText(when, 1) }, 200);
  incident.respondedAt = when;
  expect(answer.body.responseMet, `respond at ${isoText(when)} due ${isoText(incident.responseDueAt)}`).toBe(when <= incident.responseDueAt);
  expect(answer.body.resolutionMet).toBeNull();
  expect(answer.body.timeLeft.responseMs).toBe(incident.responseDueAt - when);
}

async function resolve(incident: OpenedIncident, when: number): Promise<void> {
  const answer = await expectCall(veille, 'POST', `/api/v1/incidents/${incident.id}/resolve`, veille.tokens.sre, { at: isoText(when, 2) }, 200);
  // Resolving answers the client too: an incident never responded to is responded to then.
  incident.respondedAt ??= when;
  incident.resolvedAt = when;
  expect(answer.body.responseMet).toBe(incident.respondedAt <= incident.responseDueAt);
  expect(answer.body.resolutionMet, `resolve at ${isoText(when)} due ${incident.resolutionDueAt && isoText(incident.resolutionDueAt)}`).toBe(
    incident.resolutionDueAt === null || when <= incident.resolutionDueAt,
  );
  expect(answer.body.timeLeft.resolutionMs).toBe(incident.resolutionDueAt === null ? null : incident.resolutionDueAt - when);
}

/** Reads a deadline the API gave for an incident already opened. */
const due = (incident: OpenedIncident) => ({ response: incident.responseDueAt, resolution: incident.resolutionDueAt });

describe('rule 8 deadlines through the HTTP API, worked by hand', () => {
  it('Friday 16:45 in Toronto: each priority', async () => {
    const friday = at('2026-06-19T16:45:00-04:00');
    expect(due(await openAt(friday, 'I'))).toEqual({ response: at('2026-06-22T09:15:00-04:00'), resolution: at('2026-06-22T12:45:00-04:00') });
    // 2 business days = 16 h: ¼ h Friday, 8 h Monday, 7¾ h Tuesday (Jun 24 is a holiday after it).
    expect(due(await openAt(friday, 'II'))).toEqual({ response: at('2026-06-22T09:45:00-04:00'), resolution: at('2026-06-23T16:45:00-04:00') });
    // 10 business days = 80 h, skipping Saint-Jean-Baptiste (Jun 24) and Canada Day (Jul 1).
    expect(due(await openAt(friday, 'III'))).toEqual({ response: at('2026-06-22T10:15:00-04:00'), resolution: at('2026-07-07T16:45:00-04:00') });
    // IV: 24 hours of elapsed time, and no resolution deadline.
    expect(due(await openAt(friday, 'IV'))).toEqual({ response: at('2026-06-20T16:45:00-04:00'), resolution: null });
  });

  it('holidays: the eve of June 24, the day itself, and a clock due exactly at closing time', async () => {
    expect(due(await openAt(at('2026-06-23T16:45:00-04:00'), 'I')).response).toBe(at('2026-06-25T09:15:00-04:00'));
    expect(due(await openAt(at('2026-06-24T10:00:00-04:00'), 'II')).response).toBe(at('2026-06-25T10:00:00-04:00'));
    expect(due(await openAt(at('2026-06-22T16:30:00-04:00'), 'I')).response).toBe(at('2026-06-22T17:00:00-04:00'));
  });

  it('the DST weekends: business clocks resume Monday in the new offset; IV’s 24 h are real hours', async () => {
    expect(due(await openAt(at('2026-03-06T16:45:00-05:00'), 'I')).response).toBe(at('2026-03-09T09:15:00-04:00'));
    expect(due(await openAt(at('2026-03-07T12:00:00-05:00'), 'IV')).response).toBe(at('2026-03-08T13:00:00-04:00'));
    expect(due(await openAt(at('2026-10-30T16:45:00-04:00'), 'I')).response).toBe(at('2026-11-02T09:15:00-05:00'));
    expect(due(await openAt(at('2026-10-31T12:00:00-04:00'), 'IV')).response).toBe(at('2026-11-01T11:00:00-05:00'));
  });

  it('an environment on the extended calendar: Saturday mornings, a 23 h and a 25 h Sunday, a lunch break', async () => {
    // 2 business days of 11 h = 22 h: 1 h on Saturday, then 21 real hours of the short Sunday.
    expect(due(await openAt(at('2026-03-07T13:00:00-08:00'), 'II', ['westco-prod']))).toEqual({
      response: at('2026-03-07T14:00:00-08:00'),
      resolution: at('2026-03-08T22:00:00-07:00'),
    });
    expect(due(await openAt(at('2026-10-31T13:00:00-07:00'), 'II', ['westco-prod'])).resolution).toBe(at('2026-11-01T20:00:00-08:00'));
    expect(due(await openAt(at('2026-11-20T11:30:00-08:00'), 'I', ['westco-prod']))).toEqual({
      response: at('2026-11-20T12:00:00-08:00'),
      resolution: at('2026-11-20T16:30:00-08:00'),
    });
  });

  it('opened exactly at closing or at opening time', async () => {
    // Closing time is not business time: the clock starts at Monday's opening.
    expect(due(await openAt(at('2026-06-19T17:00:00-04:00'), 'I')).response).toBe(at('2026-06-22T09:30:00-04:00'));
    expect(due(await openAt(at('2026-06-22T09:00:00-04:00'), 'I')).response).toBe(at('2026-06-22T09:30:00-04:00'));
    expect(due(await openAt(at('2026-06-19T16:59:59.999-04:00'), 'I')).response).toBe(at('2026-06-22T09:29:59.999-04:00'));
  });

  it('business time is real time across a DST change inside an opening (the extended calendar’s Sundays)', async () => {
    // 01:45 PDT + 30 real minutes = 01:15 PST, in the repeated hour.
    expect(due(await openAt(at('2026-11-01T01:45:00-07:00'), 'I', ['westco-prod'])).response).toBe(at('2026-11-01T01:15:00-08:00'));
    // 01:45 PST + 30 real minutes: 02:15 does not exist; it is 03:15 PDT.
    expect(due(await openAt(at('2026-03-08T01:45:00-08:00'), 'I', ['westco-prod'])).response).toBe(at('2026-03-08T03:15:00-07:00'));
  });

  it('a new priority recomputes both deadlines from the opening instant', async () => {
    const incident = await openAt(at('2026-06-19T16:45:00-04:00'), 'III', ['acme-prod']);
    const changed = await expectCall(veille, 'POST', `/api/v1/incidents/${incident.id}/priority`, veille.tokens.sre, { priority: 'I', reason: 'more clients affected' }, 200);
    expect(readInstant(changed.body.responseDueAt)).toBe(at('2026-06-22T09:15:00-04:00'));
    expect(readInstant(changed.body.resolutionDueAt)).toBe(at('2026-06-22T12:45:00-04:00'));
    Object.assign(incident, { priority: 'I', responseDueAt: at('2026-06-22T09:15:00-04:00'), resolutionDueAt: at('2026-06-22T12:45:00-04:00') });
    const lowered = await expectCall(veille, 'POST', `/api/v1/incidents/${incident.id}/priority`, veille.tokens.sre, { priority: 'IV', reason: 'one client only' }, 200);
    expect(readInstant(lowered.body.responseDueAt)).toBe(at('2026-06-20T16:45:00-04:00'));
    expect(lowered.body.resolutionDueAt).toBeNull();
    Object.assign(incident, { priority: 'IV', responseDueAt: at('2026-06-20T16:45:00-04:00'), resolutionDueAt: null });
  });

  it('New Year: from 2025-12-31 16:30 over the Jan 1 holiday', async () => {
    expect(due(await openAt(at('2025-12-31T16:30:00-05:00'), 'II')).resolution).toBe(at('2026-01-05T16:30:00-05:00'));
  });

  it('several environments: the first one named gives the calendar', async () => {
    expect(due(await openAt(at('2026-06-20T11:00:00-07:00'), 'I', ['westco-prod', 'acme-prod']))).toEqual({
      response: at('2026-06-20T11:30:00-07:00'),
      resolution: at('2026-06-21T01:00:00-07:00'),
    });
    expect(due(await openAt(at('2026-06-20T11:00:00-07:00'), 'I', ['acme-prod', 'westco-prod']))).toEqual({
      response: at('2026-06-22T09:30:00-04:00'),
      resolution: at('2026-06-22T13:00:00-04:00'),
    });
  });

  it('met or missed to the millisecond: at the deadline is met, one ms after is not', async () => {
    const a = await openAt(at('2026-06-19T16:45:00.500-04:00'), 'I', ['acme-prod']);
    await respond(a, a.responseDueAt);
    await resolve(a, a.resolutionDueAt! + 1);
    const b = await openAt(at('2026-06-19T16:45:00.500-04:00'), 'II', ['staging']);
    await respond(b, b.responseDueAt + 1);
    await resolve(b, b.resolutionDueAt!);
    // Resolved without a separate response: the resolution is the response.
    const c = await openAt(at('2026-06-19T16:45:00.500-04:00'), 'III');
    await resolve(c, c.responseDueAt);
    const d = await openAt(at('2026-06-19T16:45:00.500-04:00'), 'IV', ['globex-prod']);
    await resolve(d, d.responseDueAt + 40 * DAY);
  });
});

describe('rule 8 deadlines at random instants', () => {
  it(`(seed ${SEED}) agree with the independent clock, and responding/resolving reports met or missed`, async () => {
    const rng = createRng(SEED + 8);
    const latest = Date.now() - DAY;
    const yearStart = at('2026-01-01T00:00:00-05:00');
    const hot = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-04-02', '2026-04-03', '2026-05-15', '2026-06-23', '2026-06-24', '2026-06-30', '2026-07-01', '2026-10-09', '2026-10-30', '2026-10-31', '2026-11-01'];
    for (let k = 0; k < 48; k++) {
      let openedAt = rng.chance(0.6)
        ? DateTime.fromISO(rng.pick(hot), { zone: 'America/Toronto' }).toMillis() + rng.int(0, DAY - 1)
        : yearStart + Math.floor(rng.next() * (latest - yearStart));
      openedAt = Math.min(openedAt, latest);
      const environments = rng.pick([[], ['acme-prod'], ['westco-prod'], ['staging'], ['globex-prod'], ['westco-prod', 'acme-prod']]);
      const incident = await openAt(openedAt, rng.pick(PRIORITIES), environments);
      const now = Date.now();
      const near = (deadline: number) => Math.min(now, Math.max(incident.openedAt, deadline + rng.pick([-1, 0, 1, -rng.int(0, 4 * H), rng.int(0, 4 * H)])));
      if (rng.chance(0.7)) await respond(incident, near(incident.responseDueAt));
      if (rng.chance(0.6)) {
        const target = incident.resolutionDueAt ?? incident.openedAt + rng.int(0, 10 * DAY);
        await resolve(incident, Math.max(incident.respondedAt ?? incident.openedAt, near(target)));
      }
    }
  }, 40_000);
});

describe('the monthly report’s incident block', () => {
  it('counts, per priority, the incidents opened in each month and how many met each deadline', async () => {
    const world: World = { environments: MODEL_ENVIRONMENTS, outages: [], windows: [] };
    const months = ['2025-12', ...Array.from({ length: 11 }, (_, k) => `2026-${String(k + 1).padStart(2, '0')}`)];
    for (const month of months) {
      const block: IncidentBlock = structuredClone(NO_INCIDENTS);
      for (const incident of opened.filter((i) => monthOf('America/Toronto', i.openedAt) === month)) {
        const entry = block[incident.priority];
        entry.count++;
        if (incident.respondedAt !== null && incident.respondedAt <= incident.responseDueAt) entry.responseMet++;
        if (incident.resolvedAt !== null && (incident.resolutionDueAt === null || incident.resolvedAt <= incident.resolutionDueAt)) entry.resolutionMet++;
      }
      // December 2025: the incident block only (the model's holiday list is the rules' 2026 list).
      if (month === '2025-12') {
        const answer = await veille.call('GET', '/api/v1/reports/monthly?month=2025-12', { token: veille.tokens.viewer });
        expect(answer.body.incidents).toEqual(block);
      } else {
        await checkMonthlyReport(veille, world, month, { incidents: block, label: 'incidents' });
      }
    }
    expect(opened.length).toBeGreaterThan(50);
  });
});
