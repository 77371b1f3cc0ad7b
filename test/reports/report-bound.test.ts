import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit-log.ts';
import { readMonthlyReport, type MonthlyReport } from '../../src/reports/monthly-report.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import { MAX_REPORTS_IN_FLIGHT } from '../../src/reports/monthly-reports.ts';
import type { MonthlyReportInput, ReportComputer } from '../../src/reports/report-computer.ts';
import { createApp } from '../../src/server/app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Readers cannot make veille compute without bound: a report of a month that has ended is
// computed once per state of the data, requests for one report share its computation, and
// beyond MAX_REPORTS_IN_FLIGHT different ones at once the answer is 429 with Retry-After.

let t: TestApp;
let asked: MonthlyReportInput[];
let waiting: Array<() => void>;
let app: ReturnType<typeof createApp>;

beforeEach(() => {
  t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
  asked = [];
  waiting = [];
  // A computer that answers only when the test says so: what is in flight is plain to see.
  const computer: ReportComputer = {
    monthly(input) {
      asked.push(input);
      return new Promise<MonthlyReport>((resolve) => waiting.push(() => resolve(readMonthlyReport(reportReads(t.deps.database.store), { config: t.config, calendars: t.deps.calendars }, input))));
    },
    stop: async () => undefined,
  };
  app = createApp({ ...t.deps, reportComputer: computer });
});
afterEach(() => t.close());

const get = (month: string) => app.request(`/api/v1/reports/monthly?month=${month}`);
const finish = () => {
  for (const answer of waiting.splice(0)) answer();
};

describe('bounded monthly reports', () => {
  it(`beyond ${MAX_REPORTS_IN_FLIGHT} different reports in progress, 429 with Retry-After; the same report is computed once for all who ask`, async () => {
    const first = [get('2026-09'), get('2026-09'), get('2026-10'), get('2026-10')];
    await expect.poll(() => asked.length).toBe(2);
    const refused = await get('2026-08');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');

    finish();
    const answers = await Promise.all(first);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(asked.map((input) => input.month)).toEqual(['2026-09', '2026-10']);
    const later = get('2026-08');
    await expect.poll(() => asked.length).toBe(3);
    finish();
    expect((await later).status).toBe(200);
  });

  it('a month that has ended is reused until the data changes; a registry write shows at once', async () => {
    const once = get('2026-10');
    await expect.poll(() => asked.length).toBe(1);
    finish();
    expect((await once).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get('2026-10')).status).toBe(200);
    expect(asked).toHaveLength(1);

    await t.deps.database.store.transaction((tx) => recordAudit(tx, { at: t.now(), actor: 'sre', action: 'maintenance.create' }));
    const again = get('2026-10');
    await expect.poll(() => asked.length).toBe(2);
    finish();
    expect((await again).status).toBe(200);
  });

  it('the month in progress is computed as of each request (never served from an earlier instant)', async () => {
    for (const at of ['2026-11-16T12:00:00-05:00', '2026-11-16T12:00:01-05:00']) {
      t.setNow(at);
      const answer = get('2026-11');
      await expect.poll(() => waiting.length).toBe(1);
      finish();
      expect((await answer).status).toBe(200);
    }
    expect(asked.map((input) => input.now)).toEqual([Date.parse('2026-11-16T17:00:00Z'), Date.parse('2026-11-16T17:00:01Z')]);
  });

  it('the CSV export shares the bound and the cache', async () => {
    const csv = app.request('/api/v1/reports/monthly.csv?month=2026-10');
    await expect.poll(() => asked.length).toBe(1);
    finish();
    expect((await csv).status).toBe(200);
    expect((await get('2026-10')).status).toBe(200);
    expect(asked).toHaveLength(1);
  });

  it('/metrics and the availability badge get their month from the same computer, never computing it on this thread', async () => {
    const metrics = app.request('/metrics');
    await expect.poll(() => asked.length).toBe(1);
    finish();
    expect((await metrics).status).toBe(200);
    expect(asked[0]).toMatchObject({ month: '2026-11', publicOnly: true });

    const badge = app.request('/badge/acme-prod/availability.svg?month=2026-10');
    await expect.poll(() => asked.length).toBe(2);
    finish();
    expect((await badge).status).toBe(200);
    expect(asked[1]).toMatchObject({ month: '2026-10', publicOnly: true });
  });
});
