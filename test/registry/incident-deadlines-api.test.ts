import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Rule 8 through the API: incidents opened at awkward instants get deadlines that agree to the
// millisecond with a hand count on the default calendar (Toronto, Mon–Fri 09:00–17:00, public
// holidays of Canada and Québec; DST 2026 starts Sun Mar 8 and ends Sun Nov 1).

let t: TestApp;
afterEach(() => t?.close());

async function open(body: Record<string, unknown>, now: string) {
  t = createTestApp({ now });
  const sre = t.token('sre');
  const created = await t.call('POST', '/api/v1/incidents', { token: sre, body: { title: 'Acme cannot log in', ...body } });
  expect(created.status).toBe(201);
  return created.body;
}

describe('deadlines on the default calendar', () => {
  const cases: Array<[string, string, 'I' | 'II' | 'III' | 'IV', string, string | null]> = [
    // what, openedAt, priority, responseDueAt, resolutionDueAt
    ['I on a Friday evening: clocks start Monday 09:00', '2026-11-13T18:30:00-05:00', 'I', '2026-11-16T09:30:00-05:00', '2026-11-16T13:00:00-05:00'],
    ['I in the afternoon: resolution due at closing time, not the next opening', '2026-11-16T13:00:00-05:00', 'I', '2026-11-16T13:30:00-05:00', '2026-11-16T17:00:00-05:00'],
    ['I on Good Friday (public holiday): Easter Monday is a business day', '2026-04-03T10:00:00-04:00', 'I', '2026-04-06T09:30:00-04:00', '2026-04-06T13:00:00-04:00'],
    ['I on the Friday before DST starts: Monday is in EDT', '2026-03-06T16:45:00-05:00', 'I', '2026-03-09T09:15:00-04:00', '2026-03-09T12:45:00-04:00'],
    ['I on the Friday before DST ends: resolution runs into Monday, in EST', '2026-10-30T16:00:00-04:00', 'I', '2026-10-30T16:30:00-04:00', '2026-11-02T12:00:00-05:00'],
    ['II late on a Wednesday: 2 business days = 16 h', '2026-11-18T16:30:00-05:00', 'II', '2026-11-19T09:30:00-05:00', '2026-11-20T16:30:00-05:00'],
    ['II on a Tuesday evening: due at Thursday closing', '2026-11-17T20:00:00-05:00', 'II', '2026-11-18T10:00:00-05:00', '2026-11-19T17:00:00-05:00'],
    ['II on Saint-Jean-Baptiste (Québec holiday)', '2026-06-24T11:00:00-04:00', 'II', '2026-06-25T10:00:00-04:00', '2026-06-26T17:00:00-04:00'],
    ['III on Christmas Eve: Christmas and New Year closed', '2026-12-24T10:00:00-05:00', 'III', '2026-12-24T11:30:00-05:00', '2027-01-11T10:00:00-05:00'],
    ['IV on the Saturday before DST starts: 24 h of elapsed time', '2026-03-07T12:00:00-05:00', 'IV', '2026-03-08T13:00:00-04:00', null],
    ['IV on the Saturday before DST ends: 24 h of elapsed time', '2026-10-31T12:00:00-04:00', 'IV', '2026-11-01T11:00:00-05:00', null],
  ];
  it.each(cases)('%s', async (_what, openedAt, priority, responseDueAt, resolutionDueAt) => {
    const incident = await open({ priority, openedAt, externalRef: 'HD-1' }, '2027-02-01T12:00:00-05:00');
    expect(Date.parse(incident.openedAt)).toBe(Date.parse(openedAt));
    expect(Date.parse(incident.responseDueAt)).toBe(Date.parse(responseDueAt));
    expect(incident.resolutionDueAt === null ? null : Date.parse(incident.resolutionDueAt)).toBe(resolutionDueAt === null ? null : Date.parse(resolutionDueAt));
  });

  it('opens at the server clock by default, with the time left on each clock', async () => {
    const incident = await open({ priority: 'I', environments: ['acme-prod'] }, '2026-11-16T10:50:00-05:00');
    expect(incident).toMatchObject({
      openedAt: '2026-11-16T15:50:00.000Z',
      responseDueAt: '2026-11-16T16:20:00.000Z',
      resolutionDueAt: '2026-11-16T19:50:00.000Z',
      responseMet: null,
      resolutionMet: null,
      timeLeft: { responseMs: 30 * 60_000, resolutionMs: 4 * 3_600_000 },
      state: 'open',
      kind: 'incident',
      channel: 'web',
      public: false,
      calendar: 'default',
      environments: ['acme-prod'],
    });
    expect(incident.events.map((e: { type: string }) => e.type)).toEqual(['opened']);
    t.setNow('2026-11-16T11:30:00-05:00');
    const later = await t.call('GET', `/api/v1/incidents/${incident.id}`, { token: t.token('viewer') });
    expect(later.body.timeLeft).toEqual({ responseMs: -10 * 60_000, resolutionMs: (4 * 60 - 40) * 60_000 });
  });
});

describe('configured calendars and clocks', () => {
  const YAML = `
target: 99
calendars:
  extended:
    hours: { mon: 07:00-21:00, tue: 07:00-21:00, wed: 07:00-21:00, thu: 07:00-21:00, fri: 07:00-21:00 }
    businessDay: 8h
incidents:
  clocks:
    II: { response: 2h, resolution: 3 business days }
    IV: { response: 8h elapsed }
environments:
  - id: initech-prod
    name: Initech
    type: production
    public: false
    calendar: extended
    checks: [{ id: initech-web, url: "http://127.0.0.1:9/", every: 30s, timeout: 5s }]
  - id: acme-prod
    name: Acme
    type: production
    public: true
    checks: [{ id: acme-web, url: "http://127.0.0.1:9/", every: 30s, timeout: 5s }]
`;
  async function openWith(body: Record<string, unknown>) {
    t = createTestApp({ configYaml: YAML, now: '2026-12-01T12:00:00-05:00' });
    const created = await t.call('POST', '/api/v1/incidents', { token: t.token('sre'), body: { title: 'x', externalRef: 'HD-2', ...body } });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('runs the clocks of an environment’s own calendar', async () => {
    const incident = await openWith({ priority: 'I', environments: ['initech-prod', 'acme-prod'], openedAt: '2026-11-17T20:00:00-05:00' });
    expect(incident.calendar).toBe('extended');
    expect(incident.responseDueAt).toBe('2026-11-18T01:30:00.000Z'); // 20:30 Tuesday
    expect(incident.resolutionDueAt).toBe('2026-11-18T15:00:00.000Z'); // 1 h Tuesday + 3 h from 07:00 Wednesday
  });

  it('uses the configured clocks: business days of the calendar’s businessDay, and elapsed hours', async () => {
    const ii = await openWith({ priority: 'II', environments: ['initech-prod'], openedAt: '2026-11-18T08:00:00-05:00' });
    expect(ii.responseDueAt).toBe('2026-11-18T15:00:00.000Z'); // 10:00
    expect(ii.resolutionDueAt).toBe('2026-11-19T23:00:00.000Z'); // 24 h: 13 h Wednesday, 11 h Thursday → 18:00
    const iv = await t.call('POST', '/api/v1/incidents', {
      token: t.token('sre'),
      body: { title: 'question', priority: 'IV', kind: 'question', channel: 'email', openedAt: '2026-11-21T22:00:00-05:00', externalRef: 'HD-3' },
    });
    expect(iv.body.calendar).toBe('default');
    expect(iv.body.responseDueAt).toBe('2026-11-22T11:00:00.000Z');
    expect(iv.body.resolutionDueAt).toBeNull();
  });
});
