import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Acceptance, through the HTTP API only: a month of windows, outages and exclusions is
// registered for March 2026 (DST starts Sunday March 8: -05:00 before, -04:00 after), and the
// monthly report must agree to the millisecond with the count made by hand below (rule 7).
//
// March 2026 on the default calendar: 22 weekdays, no holiday → B = 22 × 8 h = 176 h.
// Each line: outage (local times) → raw, outside business hours, excluded by maintenance,
// excluded otherwise, counted (minutes), and why.
//
//  O1  Tue 3   10:30–11:30  60 /  0 / 60 /  0 /  0  inside W1, notice sent the day before
//  O2  Wed 4   10:30–11:00  30 /  0 /  0 /  0 / 30  inside W2, but its notice (10:45) came after the outage began
//  O2b Wed 4   11:00–11:30  30 /  0 / 30 /  0 /  0  inside W2, began after the notice
//  O3  Thu 5   13:30–14:45  75 /  0 / 30 /  0 / 45  W3 ends 14:00: the overrun counts
//  O4  Fri 6   16:30–18:00  90 / 60 /  0 /  0 / 30  after 17:00 is outside business hours
//  O5  Fri 6 20:00 → Mon 9 09:30 (EDT)  3630 / 3600 / 0 / 0 / 30  across the DST weekend: 60.5 h elapsed
//  O6  Tue 10  10:00–11:00  60 /  0 /  0 /  0 / 60  its exclusion was revoked
//  O7  Wed 11  10:00–11:00  60 /  0 /  0 / 30 / 30  force majeure 10:15–10:45
//  O8  Thu 12  10:15–11:15  60 /  0 / 15 /  0 / 45  W8 (10:00–12:00) cancelled at 10:30
//  O8b Thu 12  11:30–12:00  30 /  0 /  0 /  0 / 30  after W8's cancellation
//  O9  Fri 13  10:30–12:00  90 /  0 / 30 /  0 / 60  W9 10:00–11:00 widened to 12:00 at 11:00: not for O9
//  O10 Mon 16  10:00–12:00 120 /  0 / 45 /  0 / 75  W10 10:00–12:00 shortened to 10:45 at 10:30: applies
//  O11 Wed 18  10:00–11:00 ┐ 90 / 0 / 0 / 0 / 90   two manual outages overlapping: counted once
//  O12 Wed 18  10:30–11:30 ┘
//  F1  Tue 17  10:00–11:00  feature check (login): not environment downtime
//  totals                  4425 / 3660 / 210 / 30 / 525

const MIN = 60_000;
const B = 22 * 8 * 60 * MIN;
const ACME = { raw: 4425 * MIN, outside: 3660 * MIN, maintenance: 210 * MIN, other: 30 * MIN, counted: 525 * MIN };

let t: TestApp;
let sre: string;

async function post(path: string, body: unknown): Promise<any> {
  const { status, body: answer } = await t.call('POST', path, { token: sre, body });
  expect(status, `${path}: ${JSON.stringify(answer)}`).toBeLessThan(300);
  return answer;
}
const window = (start: string, end: string, extra: Record<string, unknown> = {}) =>
  post('/api/v1/maintenance', { environments: ['acme-prod'], start, end, impact: 'planned work', ...extra });
const outage = (start: string, end: string, check = 'acme-web') => post('/api/v1/outages', { check, start, end, reason: 'seen by the client' });

beforeAll(async () => {
  t = createTestApp({ now: '2026-03-02T09:00:00-05:00' });
  sre = t.token('sre', 'alice');

  // Windows announced on Monday March 2 at 09:00, by the registry itself.
  const w8 = await window('2026-03-12T10:00:00-04:00', '2026-03-12T12:00:00-04:00');
  const w9 = await window('2026-03-13T10:00:00-04:00', '2026-03-13T11:00:00-04:00');
  const w10 = await window('2026-03-16T10:00:00-04:00', '2026-03-16T12:00:00-04:00');
  t.setNow('2026-03-12T10:30:00-04:00');
  await post(`/api/v1/maintenance/${w8.id}/cancel`, { reason: 'vendor did not show up' });
  t.setNow('2026-03-13T11:00:00-04:00');
  await post(`/api/v1/maintenance/${w9.id}/reschedule`, { start: '2026-03-13T10:00:00-04:00', end: '2026-03-13T12:00:00-04:00', reason: 'migration is slower' });
  t.setNow('2026-03-16T10:30:00-04:00');
  await post(`/api/v1/maintenance/${w10.id}/reschedule`, { start: '2026-03-16T10:00:00-04:00', end: '2026-03-16T10:45:00-04:00', reason: 'done early' });

  // The rest is recorded afterwards; notices sent by e-mail carry their own time and reference.
  t.setNow('2026-11-16T12:00:00-05:00');
  const mailed = { noticeRef: 'e-mail to Acme IT' };
  await window('2026-03-03T10:00:00-05:00', '2026-03-03T12:00:00-05:00', { ...mailed, noticeSentAt: '2026-03-02T09:00:00-05:00' });
  await window('2026-03-04T10:00:00-05:00', '2026-03-04T12:00:00-05:00', { ...mailed, noticeSentAt: '2026-03-04T10:45:00-05:00' });
  await window('2026-03-05T13:00:00-05:00', '2026-03-05T14:00:00-05:00', { ...mailed, noticeSentAt: '2026-03-02T09:00:00-05:00' });

  await outage('2026-03-03T10:30:00-05:00', '2026-03-03T11:30:00-05:00');
  await outage('2026-03-04T10:30:00-05:00', '2026-03-04T11:00:00-05:00');
  await outage('2026-03-04T11:00:00-05:00', '2026-03-04T11:30:00-05:00');
  await outage('2026-03-05T13:30:00-05:00', '2026-03-05T14:45:00-05:00');
  await outage('2026-03-06T16:30:00-05:00', '2026-03-06T18:00:00-05:00');
  await outage('2026-03-06T20:00:00-05:00', '2026-03-09T09:30:00-04:00');
  const o6 = await outage('2026-03-10T10:00:00-04:00', '2026-03-10T11:00:00-04:00');
  const e6 = await post(`/api/v1/outages/${o6.id}/exclusions`, { reason: 'client_internet', justification: 'their ISP, they said' });
  await post(`/api/v1/exclusions/${e6.id}/revoke`, { reason: 'the ISP was fine; our load balancer failed' });
  const o7 = await outage('2026-03-11T10:00:00-04:00', '2026-03-11T11:00:00-04:00');
  await post(`/api/v1/outages/${o7.id}/exclusions`, {
    reason: 'force_majeure',
    justification: 'city-wide power cut',
    start: '2026-03-11T10:15:00-04:00',
    end: '2026-03-11T10:45:00-04:00',
  });
  await outage('2026-03-12T10:15:00-04:00', '2026-03-12T11:15:00-04:00');
  await outage('2026-03-12T11:30:00-04:00', '2026-03-12T12:00:00-04:00');
  await outage('2026-03-13T10:30:00-04:00', '2026-03-13T12:00:00-04:00');
  await outage('2026-03-16T10:00:00-04:00', '2026-03-16T12:00:00-04:00');
  await outage('2026-03-18T10:00:00-04:00', '2026-03-18T11:00:00-04:00');
  await outage('2026-03-18T10:30:00-04:00', '2026-03-18T11:30:00-04:00');
  await outage('2026-03-17T10:00:00-04:00', '2026-03-17T11:00:00-04:00', 'acme-login');
  // Globex shares none of Acme's windows: its outage during W1 counts in full.
  await outage('2026-03-03T10:30:00-05:00', '2026-03-03T11:30:00-05:00', 'globex-web');
});
afterAll(() => t.close());

describe('March 2026, registered through the API', () => {
  it('gives Acme the hand-computed figures to the millisecond', async () => {
    const { status, body } = await t.call('GET', '/api/v1/reports/monthly?month=2026-03', { token: t.token('viewer') });
    expect(status).toBe(200);
    expect(body).toMatchObject({ month: '2026-03', timeZone: 'America/Toronto', target: 99, complete: true });
    const acme = body.environments.find((e: { id: string }) => e.id === 'acme-prod');
    expect(acme).toMatchObject({
      businessMs: B,
      rawDowntimeMs: ACME.raw,
      outsideBusinessMs: ACME.outside,
      excludedMaintenanceMs: ACME.maintenance,
      excludedOtherMs: ACME.other,
      downtimeMs: ACME.counted,
      met: false,
      budgetMs: 6_336_000,
      budgetLeftMs: 6_336_000 - ACME.counted,
    });
    expect(acme.availability).toBeCloseTo((100 * (B - ACME.counted)) / B, 10);
    expect(ACME.raw).toBe(ACME.outside + ACME.maintenance + ACME.other + ACME.counted);
  });

  it('counts Globex’s outage in full, and shows anonymous readers only the public environment', async () => {
    const viewer = await t.call('GET', '/api/v1/reports/monthly?month=2026-03', { token: t.token('viewer') });
    const globex = viewer.body.environments.find((e: { id: string }) => e.id === 'globex-prod');
    expect(globex).toMatchObject({ rawDowntimeMs: 60 * MIN, excludedMaintenanceMs: 0, downtimeMs: 60 * MIN, budgetLeftMs: 6_336_000 - 60 * MIN, met: true });
    const anonymous = await t.call('GET', '/api/v1/reports/monthly?month=2026-03');
    expect(anonymous.body.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod']);
  });

  it('keeps every window’s history, listed in the registry', async () => {
    const { body } = await t.call('GET', '/api/v1/maintenance?from=2026-03-01T00:00:00-05:00&to=2026-04-01T00:00:00-04:00', { token: t.token('viewer') });
    expect(body.past).toHaveLength(5);
    expect(body.cancelled).toHaveLength(1);
    const widened = body.past.find((w: { start: string }) => w.start === '2026-03-13T14:00:00.000Z');
    expect(widened.versions.map((v: { end: string; noticeSentAt: string }) => [v.end, v.noticeSentAt])).toEqual([
      ['2026-03-13T15:00:00.000Z', '2026-03-02T14:00:00.000Z'],
      ['2026-03-13T16:00:00.000Z', '2026-03-13T15:00:00.000Z'],
    ]);
  });
});
