import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../notify/support/smtp-receiver.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { startVeille, startVeilleProbe, type RunningVeille, type VeilleProcess } from '../support/run-veille.ts';

// Several observers, all real processes on loopback around one PostgreSQL server: two locations
// with two `veille probe --location` processes each, mtl leaving from 127.0.0.2 and tor from
// 127.0.0.3 (--source-address), two `veille serve` processes doing the once-only work (the
// quorum job, the notifications) and answering the API, a mail server counting the alerts, and
// a target that fails one check for the source addresses it is told to. With a quorum of both
// locations: the path from mtl cut is mtl's own problem (no outage, no incident, no alert, the
// check still observed); cut from both, it is one outage, from when the quorum was reached (the
// later of the two locations' first failures), with one incident and one alert.

const EVERY_MS = 2_000;
const ADDRESSES = { mtl: '127.0.0.2', tor: '127.0.0.3' } as const;
const WEB = 'web';
// Checks that always answer, so that a location whose path to `web` is cut is not impaired
// (every check it probes failing at once), and so that each location's two probers share shards.
const OTHERS = Array.from({ length: 7 }, (_, n) => `other-${n}`);

const binaries = postgresBinaries();
if (!binaries) console.warn(`several observers on PostgreSQL skipped: ${NO_POSTGRES_SERVER}`);

/** The loopback target: `/web` fails (503) for the source addresses in `failing`, every other path answers. */
async function startTarget(): Promise<{ port: number; failing: Set<string>; webFrom: Set<string>; close(): Promise<void> }> {
  const failing = new Set<string>();
  const webFrom = new Set<string>();
  const server: Server = createServer((request, response) => {
    const from = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const web = request.url === `/${WEB}`;
    if (web) webFrom.add(from);
    response.statusCode = web && failing.has(from) ? 503 : 200;
    response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    failing,
    webFrom,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Every hour of every day is business time, in UTC: every millisecond observed or not counts in the figures. */
function configYaml(targetPort: number, smtpPort: number): string {
  const day = '"00:00-24:00"';
  const check = (id: string) => `      - { id: ${id}, url: "http://127.0.0.1:${targetPort}/${id}", every: 2s, timeout: 1s, confirmAfter: 2 }`;
  return `
locations: [mtl, tor]
calendar:
  timeZone: UTC
  hours: { mon: ${day}, tue: ${day}, wed: ${day}, thu: ${day}, fri: ${day}, sat: ${day}, sun: ${day} }
  holidays: { regions: [] }
notifications:
  smtp: { host: 127.0.0.1, port: ${smtpPort}, from: veille@aidi.example }
  channels:
    sre-mail: { type: email, to: [sre@aidi.example] }
  routing:
    default: [sre-mail]
environments:
  - id: acme-prod
    name: Acme
    type: production
    public: true
    quorum: 2
    checks:
${[WEB, ...OTHERS].map(check).join('\n')}
`;
}

/** Rows of a query, bigints as numbers. */
async function rows<T>(client: pg.Client, sql: string): Promise<T[]> {
  const result = await client.query(sql);
  return result.rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v]))) as T[];
}

describe.skipIf(!binaries)(`two locations of two probers each, two serve processes, one PostgreSQL server (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster | undefined;
  let smtp: SmtpReceiver | undefined;
  let target: Awaited<ReturnType<typeof startTarget>> | undefined;
  let client: pg.Client | undefined;
  const processes: VeilleProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await client?.end();
    await target?.close();
    await smtp?.close();
    await cluster?.stop();
  });

  it('one location cut: no outage, incident nor alert, the check observed; both cut: one outage from when the quorum was reached, one incident, one alert', { timeout: 300_000 }, async () => {
    cluster = await startPostgresCluster();
    const db = await cluster.createDatabase('several_observers');
    smtp = await startSmtpReceiver();
    target = await startTarget();
    const cwd = mkdtempSync(join(tmpdir(), 'veille-several-observers-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), configYaml(target.port, smtp.port));

    /** Polls until `done` holds, within a generous bound: something that never happens fails the test with every process's output. */
    const until = async (what: string, done: () => Promise<boolean> | boolean, boundMs = 120_000) => {
      const start = Date.now();
      while (!(await done())) {
        if (Date.now() - start > boundMs) throw new Error(`${what}: not within ${boundMs} ms\n${processes.map((process) => process.output()).join('\n---\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };

    // One serve process first, which creates the tables; then the other and the four probers at once.
    const serve = (started: Promise<RunningVeille>) => started.then((process) => (processes.push(process), process));
    const serves = [await serve(startVeille(cwd, ['--db', db, '--port', '0'], 'serve'))];
    const [second] = await Promise.all([
      serve(startVeille(cwd, ['--db', db, '--port', '0'], 'serve')),
      ...(['mtl', 'tor', 'mtl', 'tor'] as const).map((location) =>
        startVeilleProbe(cwd, ['--location', location, '--db', db, '--source-address', ADDRESSES[location]]).then((process) => processes.push(process)),
      ),
    ]);
    serves.push(second as RunningVeille);
    client = new pg.Client({ connectionString: db });
    await client.connect();
    const database = client;
    const query = <T>(sql: string) => rows<T>(database, sql);

    // How far the quorum has decided every check (each has its own progress): the figures read after it are final up to there.
    const decidedUntil = async () => {
      const progress = await query<{ until: number }>('select decided_until as until from quorum_progress');
      return progress.length === 1 + OTHERS.length ? Math.min(...progress.map((row) => row.until)) : 0;
    };
    const openLocationOutages = () => query<{ location: string; start: number }>(`select location, start from location_outages where check_id = '${WEB}' and "end" is null order by location`);
    const month = new Date().toISOString().slice(0, 7);
    const figures = async () => {
      const answers = await Promise.all(serves.map(async (serve) => (await (await fetch(`http://127.0.0.1:${serve.port}/api/v1/reports/monthly?month=${month}`)).json()) as { environments: Record<string, unknown>[] }));
      return answers.map((report) => report.environments.find((environment) => environment.id === 'acme-prod')!);
    };
    const summaries = () => Promise.all(serves.map(async (serve) => (await (await fetch(`http://127.0.0.1:${serve.port}/api/v2/summary.json`)).json()) as { components: { status: string }[]; incidents: unknown[] }));

    // Each location's shards shared by its two probers, and the check decided with both observing.
    for (const location of ['mtl', 'tor']) {
      await until(`the two probers of ${location} sharing its shards`, async () => {
        const holders = await query<{ holder: string }>(`select holder from leases where name like 'probe/${location}/shard/%' and holder is not null and expires_at > ${Date.now()}`);
        return holders.length === 32 && new Set(holders.map((row) => row.holder)).size === 2;
      });
    }
    // Both locations have probed the check since: each observes it.
    const shared = Date.now();
    await until('both locations probing the check', async () => {
      const latest = await query<{ location: string }>(`select location from probe_runs where check_id = '${WEB}' group by location having max(last_at) > ${shared}`);
      return latest.length === 2;
    });
    const cutFromMtl = Date.now();
    await until('the checks decided up to now', async () => (await decidedUntil()) >= cutFromMtl);
    const [before] = await figures();
    expect(before).toMatchObject({ downtimeMs: 0, coverageSufficient: true });

    // Phase 1: the path from mtl to the check is cut.
    target.failing.add(ADDRESSES.mtl);
    await until("mtl's own outage of the check", async () => (await openLocationOutages()).some((outage) => outage.location === 'mtl'));
    const [mtlDown] = await openLocationOutages();
    expect(mtlDown).toMatchObject({ location: 'mtl' });
    // Three intervals of mtl down decided by the quorum.
    await until('the time mtl saw the check down decided', async () => (await decidedUntil()) >= mtlDown!.start + 3 * EVERY_MS);
    expect(await query('select id from outages')).toEqual([]);
    expect(await query('select id from incidents')).toEqual([]);
    expect(await query("select kind from notification_events where kind like 'outage%' or kind like 'incident%'")).toEqual([]);
    expect(smtp.messages).toEqual([]);
    // Observed all along: no unmonitored time since both locations observed, the same figures from both serve processes.
    const timelines = async () => JSON.stringify({ cutFromMtl, spans: await query('select * from unmonitored_spans'), gaps: await query('select * from location_gaps'), outages: await query('select * from location_outages') });
    expect(await query(`select "end" from unmonitored_spans where check_id = '${WEB}' and ("end" is null or "end" > ${cutFromMtl})`), await timelines()).toEqual([]);
    const afterMtlCut = await figures();
    for (const figure of afterMtlCut) {
      expect(figure, `${JSON.stringify({ before, figure })}\n${await timelines()}`).toMatchObject({ downtimeMs: 0, unmonitoredMs: before!.unmonitoredMs, coverageSufficient: true });
    }
    for (const summary of await summaries()) expect(summary.incidents).toEqual([]);

    // Phase 2: cut from tor too.
    target.failing.add(ADDRESSES.tor);
    await until('an outage of the check', async () => (await query('select id from outages')).length > 0);
    await until('its alert sent', () => smtp!.messages.length > 0);
    const both = await openLocationOutages();
    expect(both.map((outage) => outage.location)).toEqual(['mtl', 'tor']);
    const quorumReached = Math.max(...both.map((outage) => outage.start));
    expect(quorumReached).toBe(both.find((outage) => outage.location === 'tor')!.start);
    // Three more intervals decided, the alert's delivery long past: nothing more is opened or sent.
    await until('three intervals after the outage decided', async () => (await decidedUntil()) >= quorumReached + 3 * EVERY_MS);
    await until('the alerts queued all sent', async () => (await query(`select id from notification_outbox where status <> 'sent'`)).length === 0);
    for (const summary of await summaries()) {
      expect(summary.components.map((component) => component.status)).toEqual(['major_outage']);
      expect(summary.incidents).toHaveLength(1);
    }
    await Promise.all(processes.map((process) => process.stop()));

    expect(await query('select check_id, start, "end", source from outages')).toEqual([{ check_id: WEB, start: quorumReached, end: null, source: 'probe' }]);
    expect(await query<{ n: number }>('select count(*) as n from incidents')).toEqual([{ n: 1 }]);
    expect(await query("select kind from notification_events where kind = 'outage_opened'")).toEqual([{ kind: 'outage_opened' }]);
    const outageAlerts = smtp.messages.filter((message) => /^\[veille\] (DOWN|PANNE) ?:/.test(message.subject));
    expect(outageAlerts.map((message) => message.rcptTo), smtp.messages.map((message) => message.subject).join('\n')).toEqual([['sre@aidi.example']]);
    expect(new Set(smtp.messages.map((message) => message.subject)).size).toBe(smtp.messages.length);
    // Only mtl and tor's addresses reached the check.
    expect([...target.webFrom].sort()).toEqual([ADDRESSES.mtl, ADDRESSES.tor]);
  });
});
