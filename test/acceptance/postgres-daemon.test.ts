// Acceptance, from outside: the real daemon (`veille start`, a child process) on a throwaway
// PostgreSQL cluster probes a loopback target that goes up, down and up again, as on a SQLite
// file: the results are stored, one outage is opened and closed with its incident, the public
// page and /api/v2/summary.json show it, `veille serve` beside it on the same database answers
// the same, and `veille report --db URL` gives the month's figures as it does from the file.
// Then the server is stopped for 30 s while the daemon runs: nothing it acknowledged is lost,
// the daemon stays up and says the database is out of reach, and the time it could not keep
// is unmonitored, never downtime.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { isPostgresUrl } from '../../src/store/database-url.ts';
import { openDatabase } from '../../src/store/database.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { startVeille, veille, type RunningVeille } from '../support/run-veille.ts';

const STOPPED_MS = 30_000;

/** A loopback target answering 200, or 503 while `down`. */
async function switchableTarget(): Promise<{ url: string; down: boolean; close(): Promise<void> }> {
  const state = { down: false };
  const server: Server = createServer((_request, response) => {
    response.statusCode = state.down ? 503 : 200;
    response.end(state.down ? 'down' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Every hour of every day is business time, in UTC: each millisecond of the outage counts. */
function configYaml(url: string, probe = ''): string {
  const day = '"00:00-24:00"';
  return `
${probe}
calendar:
  timeZone: UTC
  hours: { mon: ${day}, tue: ${day}, wed: ${day}, thu: ${day}, fri: ${day}, sat: ${day}, sun: ${day} }
environments:
  - id: shop-prod
    name: Shop
    type: production
    public: true
    checks:
      - { id: shop-web, url: "${url}/health", every: 1s, timeout: 500ms, confirmAfter: 2 }
`;
}

function workspace(yaml: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'veille-pg-daemon-'));
  writeFileSync(join(cwd, 'monitor.config.yaml'), yaml);
  return cwd;
}

/** The database a daemon wrote, read through the store beside it. */
async function storeOf(db: string): Promise<{ store: Store; close(): Promise<void> }> {
  if (isPostgresUrl(db)) {
    const opened = await openPostgres(db, { schema: 'existing' });
    return { store: postgresStore(opened.db), close: opened.close };
  }
  const opened = openDatabase(db);
  return { store: opened.store, close: async () => opened.close() };
}

async function resultsOf(store: Store): Promise<number> {
  const rows = await store.db.select({ count: store.t.probeRuns.count }).from(store.t.probeRuns).where(eq(store.t.probeRuns.checkId, 'shop-web'));
  return rows.reduce((sum, row) => sum + row.count, 0);
}

/** The instant of the newest result written (0 before any). */
async function lastWrittenOf(store: Store): Promise<number> {
  const rows = await store.db.select({ lastAt: store.t.probeRuns.lastAt }).from(store.t.probeRuns).where(eq(store.t.probeRuns.checkId, 'shop-web'));
  return Math.max(0, ...rows.map((row) => row.lastAt));
}

async function outagesOf(store: Store) {
  const { outages } = store.t;
  return store.db
    .select({ id: outages.id, start: outages.start, end: outages.end, closedReason: outages.closedReason })
    .from(outages)
    .where(eq(outages.checkId, 'shop-web'))
    .orderBy(asc(outages.id));
}

async function incidentsOf(store: Store) {
  const { incidents } = store.t;
  return store.db.select({ id: incidents.id, outageId: incidents.outageId, channel: incidents.channel, public: incidents.public }).from(incidents).orderBy(asc(incidents.id));
}

/** Polls until `done` holds; bounded, so that something that never happens fails the test rather than hanging it. */
async function until(what: string, done: () => Promise<boolean> | boolean, process?: RunningVeille): Promise<void> {
  for (let n = 0; n < 900; n++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: never${process ? `\n${process.output()}` : ''}`);
}

async function getJson(port: number, path: string): Promise<any> {
  const answer = await fetch(`http://127.0.0.1:${port}${path}`);
  return answer.json();
}

const componentStatus = async (port: number) => (await getJson(port, '/api/v2/summary.json')).components?.[0]?.status as string | undefined;
const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);

interface Played {
  outage: { start: number; end: number | null; closedReason: string | null };
  incidents: Awaited<ReturnType<typeof incidentsOf>>;
  /** The environment's figure of `veille report --json`. */
  figure: Record<string, unknown>;
}

/**
 * Up, down until the daemon has opened an outage and the public documents show it, up until it
 * is closed; then the month's report from the stopped daemon's database. `beside`: run while
 * the daemon runs, with its port.
 */
async function playUpDownUp(db: string, beside?: (cwd: string, daemon: RunningVeille) => Promise<void>): Promise<Played> {
  const target = await switchableTarget();
  const cwd = workspace(configYaml(target.url));
  const daemon = await startVeille(cwd, ['--db', db, '--port', '0']);
  const database = await storeOf(db);
  try {
    await until('results written', async () => (await resultsOf(database.store)) >= 2, daemon);
    await until('the public summary operational', async () => (await componentStatus(daemon.port)) === 'operational', daemon);

    target.down = true;
    await until('an outage opened', async () => (await outagesOf(database.store)).some((outage) => outage.end === null), daemon);
    await until('the public summary showing it', async () => (await componentStatus(daemon.port)) === 'major_outage', daemon);
    const summary = await getJson(daemon.port, '/api/v2/summary.json');
    expect(summary.status.indicator).not.toBe('none');
    expect(summary.incidents).toHaveLength(1);
    const page = await (await fetch(`http://127.0.0.1:${daemon.port}/`)).text();
    expect(page).toContain(summary.incidents[0].name);
    if (beside) await beside(cwd, daemon);

    target.down = false;
    await until('the outage closed', async () => (await outagesOf(database.store)).every((outage) => outage.end !== null), daemon);
    // The target answers again, but the incident stays open until a person resolves it: the public still reads it.
    const after = await getJson(daemon.port, '/api/v2/summary.json');
    expect(after.incidents.map((incident: { id: string }) => incident.id)).toEqual([summary.incidents[0].id]);
    await daemon.stop();

    const outages = await outagesOf(database.store);
    expect(outages).toHaveLength(1);
    const month = monthOf(outages[0]!.start);
    const report = await veille(['report', '--month', month, '--json', '--db', db], { cwd });
    expect(report.code, report.stderr).toBe(0);
    const figure = JSON.parse(report.stdout).environments.find((environment: { id: string }) => environment.id === 'shop-prod');
    return { outage: outages[0]!, incidents: await incidentsOf(database.store), figure };
  } finally {
    await daemon.stop();
    await database.close();
    await target.close();
  }
}

/** The figures that follow from the recorded outage alone, on a calendar where every instant is business time. */
function expectFiguresOf(played: Played): void {
  const { outage, figure } = played;
  const outageMs = outage.end! - outage.start;
  expect(figure.rawDowntimeMs).toBe(outageMs);
  expect(figure.downtimeMs).toBe(outageMs);
  expect(figure.outsideBusinessMs).toBe(0);
  expect(figure.excludedMaintenanceMs).toBe(0);
  expect(figure.excludedOtherMs).toBe(0);
  expect(figure.budgetLeftMs).toBe((figure.budgetMs as number) - outageMs);
}

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);
// Until then veille start refuses a PostgreSQL URL, naming what keeps it (test/cli/serve.test.ts tests the refusal).

describe.skipIf(!binaries)(`the daemon on PostgreSQL (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster;
  let databases = 0;
  const running: RunningVeille[] = [];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 90_000);
  afterEach(async () => {
    await cluster.resume();
    for (const process of running.splice(0).reverse()) await process.stop();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const newDatabase = () => cluster.createDatabase(`daemon_${process.pid}_${++databases}`);

  it('probes a target up, down and up: one outage and its incident, shown by the pages and by serve beside it, reported as from a SQLite file', async () => {
    const url = await newDatabase();
    const onPostgres = await playUpDownUp(url, async (cwd, daemon) => {
      const serve = await startVeille(cwd, ['--db', url, '--port', '0'], 'serve');
      running.push(serve);
      expect(serve.output()).toContain('HTTP only');
      // What each says, not when each built it (its updated_at).
      const said = async (port: number) => {
        const summary = await getJson(port, '/api/v2/summary.json');
        return JSON.stringify([summary.status, summary.components.map((c: any) => [c.id, c.status]), summary.incidents.map((i: any) => [i.id, i.name, i.status, i.impact])]);
      };
      await until('serve answering as the daemon does', async () => (await said(serve.port)) === (await said(daemon.port)), serve);
      expect(await said(serve.port)).toContain('major_outage');
      expect((await getJson(serve.port, '/healthz')).probing).toBe(false);
    });
    const onSqlite = await playUpDownUp(join(mkdtempSync(join(tmpdir(), 'veille-sqlite-daemon-')), 'veille.db'));

    for (const played of [onPostgres, onSqlite]) {
      expect(played.outage.closedReason).toBe('recovered');
      expect(played.incidents).toEqual([{ id: expect.any(Number), outageId: expect.any(Number), channel: 'monitor', public: true }]);
      expectFiguresOf(played);
    }
    // The same document, field for field: the figures differ only by the outage's length and the time each daemon ran.
    expect(Object.keys(onPostgres.figure).sort()).toEqual(Object.keys(onSqlite.figure).sort());
  }, 300_000);

  it('rides out the server stopped for 30 s: nothing acknowledged lost, the daemon up and saying so, the time it could not keep unmonitored, not downtime', async () => {
    const url = await newDatabase();
    const target = await switchableTarget();
    // Ten results kept while the server is away: the 30 s of a check probed every second cannot all be kept.
    const cwd = workspace(configYaml(target.url, 'probe: { maxQueuedResults: 10 }'));
    const daemon = await startVeille(cwd, ['--db', url, '--port', '0']);
    running.push(daemon);
    try {
      let database = await storeOf(url);
      await until('results written', async () => (await resultsOf(database.store)) >= 3, daemon);
      const acknowledged = await resultsOf(database.store);
      const lastAcknowledgedAt = await lastWrittenOf(database.store);
      await database.close();

      await cluster.pause();
      const stoppedAt = Date.now();
      await until('the daemon saying the database is out of reach', async () => (await fetch(`http://127.0.0.1:${daemon.port}/healthz`)).status === 503, daemon);
      const health = await getJson(daemon.port, '/healthz');
      expect(health.ok).toBe(false);
      const page = await fetch(`http://127.0.0.1:${daemon.port}/`);
      expect([200, 503]).toContain(page.status);
      if (page.status === 503) expect((await page.json()).error.message).toMatch(/^the database cannot be reached now \(.+\); retry later$/);
      await until('30 s without the server', () => Date.now() - stoppedAt >= STOPPED_MS);
      expect(daemon.child.exitCode).toBeNull();

      await cluster.resume();
      const resumedAt = Date.now();
      database = await storeOf(url);
      try {
        const { unmonitoredSpans } = database.store.t;
        const spans = () => database.store.db.select({ start: unmonitoredSpans.start, end: unmonitoredSpans.end }).from(unmonitoredSpans).where(eq(unmonitoredSpans.checkId, 'shop-web'));
        await until('the dropped time written as unmonitored', async () => (await spans()).length > 0, daemon);
        await until('the daemon healthy again', async () => (await getJson(daemon.port, '/healthz')).ok === true, daemon);
        expect(await resultsOf(database.store)).toBeGreaterThan(acknowledged);
        const [span] = await spans();
        // Dropped while the server was away: the oldest results not yet written, beyond the ten
        // kept. Nothing written before the stop is among them; what the daemon still held in
        // memory then (a busy machine may hold a few seconds of it) may be.
        expect(span!.start).toBeGreaterThan(lastAcknowledgedAt);
        expect(span!.start).toBeGreaterThanOrEqual(stoppedAt - 10_000);
        expect(span!.end).toBeLessThanOrEqual(resumedAt);
        expect(span!.end - span!.start).toBeGreaterThanOrEqual(STOPPED_MS / 2);
        expect(await outagesOf(database.store)).toEqual([]);

        const month = monthOf(span!.start);
        await daemon.stop();
        const report = await veille(['report', '--month', month, '--json', '--db', url], { cwd });
        expect(report.code, report.stderr).toBe(0);
        const figure = JSON.parse(report.stdout).environments[0];
        expect(figure.downtimeMs).toBe(0);
        expect(figure.unmonitoredMs).toBeGreaterThanOrEqual(span!.end - span!.start);
      } finally {
        await database.close();
      }
    } finally {
      await target.close();
    }
  }, 300_000);
});
