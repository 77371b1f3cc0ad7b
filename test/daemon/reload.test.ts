import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/token-store.ts';
import { configErrorLines } from '../../src/config/config-error.ts';
import { loadConfigFile } from '../../src/config/load-config.ts';
import { describeChanges } from '../../src/daemon/config-changes.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { openDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { startVeille, type RunningVeille } from '../support/run-veille.ts';

// Reloading the configuration (`kill -HUP`): the same database, lock and socket; a new app and
// prober; an invalid file changes nothing.

const NOW = instant('2026-11-16T12:00:00-05:00');
const OUTAGE_START = instant('2026-11-16T11:40:00-05:00');
const LAST_DOWN = instant('2026-11-16T11:59:00-05:00');

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

function shopEnvironment(url: string, checks: string[]): string {
  return `
  - id: shop-prod
    name: Shop
    type: production
    public: true
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
${checks.map((id) => `      - { id: ${id}, url: "${url}/${id}", every: 1m, timeout: 2s }`).join('\n')}`;
}

/** A: shop-web and shop-api. */
function configA(url: string): string {
  return `environments:${shopEnvironment(url, ['shop-web', 'shop-api'])}\n`;
}

/** B: shop-api removed, shop-search added, and a new public production environment. */
function configB(url: string): string {
  return `environments:${shopEnvironment(url, ['shop-web', 'shop-search'])}
  - id: blog-prod
    name: Blog
    type: production
    public: true
    checks:
      - { id: blog-web, url: "${url}/blog", every: 1m, timeout: 2s }
`;
}

const INVALID = `environments:
  - id: shop-prod
    type: production
    checks:
      - { id: shop-web, url: "http://127.0.0.1:9/", every: sometimes }
`;

function insertOpenOutage(dbFile: string, checkId: string): void {
  const database = openDatabase(dbFile);
  try {
    database.sqlite
      .prepare("INSERT INTO outages (check_id, env_id, start, last_down_at, source, reason, created_at) VALUES (?, 'shop-prod', ?, ?, 'probe', 'http_503', ?)")
      .run(checkId, OUTAGE_START, LAST_DOWN, OUTAGE_START);
  } finally {
    database.close();
  }
}

async function setUp(options: { configFile?: boolean } = {}) {
  // Every check is down: whatever the schedule probes during the test, open outages stay open.
  const target = await httpTarget((_req, res) => {
    res.statusCode = 503;
    res.end('down');
  });
  running.push({ stop: () => target.close() });
  const dir = mkdtempSync(join(tmpdir(), 'veille-reload-'));
  const configFile = join(dir, 'monitor.config.yaml');
  const dbFile = join(dir, 'veille.db');
  writeFileSync(configFile, configA(target.url));
  insertOpenOutage(dbFile, 'shop-web');
  insertOpenOutage(dbFile, 'shop-api');
  const daemon = await startDaemon({
    config: loadConfigFile(configFile),
    configFile: options.configFile ? configFile : undefined,
    dbFile,
    port: 0,
    host: '127.0.0.1',
    probe: true,
    clock: () => NOW,
  });
  running.push(daemon);
  const viewer = (await daemon.store.transaction((tx) => createToken(tx, { role: 'viewer', name: 'Vera', now: NOW }))).secret;
  const admin = (await daemon.store.transaction((tx) => createToken(tx, { role: 'admin', name: 'Ada', now: NOW }))).secret;
  return { target, configFile, daemon, viewer, admin };
}

async function status(daemon: RunningDaemon, token?: string) {
  const response = await fetch(`http://127.0.0.1:${daemon.port}/api/v1/status`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  const document = (await response.json()) as { environments: Array<{ id: string; checks: Array<{ id?: string }> }> };
  return Object.fromEntries(document.environments.map((environment) => [environment.id, environment.checks.map((check) => check.id)]));
}

function outagesOf(daemon: RunningDaemon, checkId: string) {
  return daemon.database!.sqlite.prepare('SELECT start, "end", closed_reason AS closedReason FROM outages WHERE check_id = ? ORDER BY id').all(checkId);
}

describe('reloading the configuration in the running daemon', () => {
  it('serves and probes the new checks and environments, closes the outages of removed checks and keeps the others', async () => {
    const { target, configFile, daemon, viewer } = await setUp();
    const oldProber = daemon.prober()!;
    expect(oldProber.stats().checks).toBe(2);
    expect(await status(daemon, viewer)).toEqual({ 'shop-prod': ['shop-web', 'shop-api'] });

    writeFileSync(configFile, configB(target.url));
    const outcome = await daemon.reload(configFile);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.changes).toEqual({
      environmentsAdded: ['blog-prod'],
      environmentsRemoved: [],
      checksAdded: ['shop-search', 'blog-web'],
      checksRemoved: ['shop-api'],
      checksChanged: [],
    });
    expect(describeChanges(outcome.changes)).toBe('environments +blog-prod; checks +shop-search +blog-web -shop-api');
    // Served on the same socket by the new app.
    expect(await status(daemon, viewer)).toEqual({ 'shop-prod': ['shop-web', 'shop-search'], 'blog-prod': ['blog-web'] });
    expect(Object.keys(await status(daemon))).toEqual(['shop-prod', 'blog-prod']);
    // The old prober was stopped; the new one probes the new configuration.
    expect(oldProber.health().ok).toBe(false);
    const prober = daemon.prober()!;
    expect(prober).not.toBe(oldProber);
    expect(prober.stats().checks).toBe(3);
    // The removed check's outage ends at its last down; the kept check's stays open with its start.
    expect(outagesOf(daemon, 'shop-api')).toEqual([{ start: OUTAGE_START, end: LAST_DOWN, closedReason: 'check_removed' }]);
    // The old prober's schedule may have probed shop-api before the reload (at its slot of the
    // minute, in real time): what counts is that nothing probes it after.
    const results = (checkId: string) => (daemon.database!.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs WHERE check_id = ?').get(checkId) as { n: number }).n;
    const shopApiResults = results('shop-api');
    await prober.runCheck('shop-web');
    await prober.runCheck('blog-web');
    await prober.runCheck('shop-api');
    await prober.flush();
    expect(outagesOf(daemon, 'shop-web')).toEqual([{ start: OUTAGE_START, end: null, closedReason: null }]);
    expect(results('blog-web')).toBeGreaterThan(0);
    expect(results('shop-web')).toBeGreaterThan(0);
    expect(results('shop-api')).toBe(shopApiResults);
    // The new environment is seen from the reload on (its default slaStart).
    expect(daemon.database!.sqlite.prepare("SELECT first_seen_at AS at FROM environments_seen WHERE env_id = 'blog-prod'").get()).toEqual({ at: NOW });
  });

  it('keeps running on the previous configuration when the file is invalid, and reports every error', async () => {
    const { configFile, daemon, viewer } = await setUp();
    const config = daemon.config();
    const prober = daemon.prober()!;

    writeFileSync(configFile, INVALID);
    const outcome = await daemon.reload(configFile);

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const lines = configErrorLines(outcome.error);
    expect(lines.some((line) => line.includes('environments[0].name'))).toBe(true);
    expect(lines.some((line) => line.includes('environments[0].checks[0].every'))).toBe(true);
    expect(lines.at(-1)).toBe(`${outcome.error.issues.length} errors in ${configFile}`);
    expect(daemon.config()).toBe(config);
    expect(daemon.prober()).toBe(prober);
    expect(prober.health().details).toMatchObject({ probing: true, checks: 2 });
    expect(await status(daemon, viewer)).toEqual({ 'shop-prod': ['shop-web', 'shop-api'] });
    expect(outagesOf(daemon, 'shop-api')).toEqual([{ start: OUTAGE_START, end: null, closedReason: null }]);
  });
});

describe('POST /api/v1/admin/reload', () => {
  async function post(daemon: RunningDaemon, token?: string) {
    const response = await fetch(`http://127.0.0.1:${daemon.port}/api/v1/admin/reload`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('reloads the file the daemon was started from, for admins only, and audits it', async () => {
    const { target, configFile, daemon, viewer, admin } = await setUp({ configFile: true });
    writeFileSync(configFile, configB(target.url));
    expect((await post(daemon)).status).toBe(401);
    expect((await post(daemon, viewer)).status).toBe(403);
    expect(daemon.prober()!.stats().checks).toBe(2);

    const reloaded = await post(daemon, admin);

    expect(reloaded.status).toBe(200);
    expect(reloaded.body).toMatchObject({ reloaded: true, file: configFile, changes: { environmentsAdded: ['blog-prod'], checksRemoved: ['shop-api'] } });
    expect(daemon.prober()!.stats().checks).toBe(3);
    expect(await status(daemon, viewer)).toEqual({ 'shop-prod': ['shop-web', 'shop-search'], 'blog-prod': ['blog-web'] });
    expect(daemon.database!.sqlite.prepare("SELECT actor, target FROM audit_log WHERE action = 'config.reload'").all()).toEqual([
      { actor: 'Ada', target: `config:${configFile}` },
    ]);
  });

  it('answers 422 naming every error of an invalid file, and changes nothing', async () => {
    const { configFile, daemon, viewer, admin } = await setUp({ configFile: true });
    const prober = daemon.prober();
    writeFileSync(configFile, INVALID);

    const refused = await post(daemon, admin);

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_config');
    expect(refused.body.error.fields.map((field: { field: string }) => field.field)).toEqual(['environments[0].name', 'environments[0].checks[0].every']);
    expect(daemon.prober()).toBe(prober);
    expect(await status(daemon, viewer)).toEqual({ 'shop-prod': ['shop-web', 'shop-api'] });
    expect(daemon.database!.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'config.reload'").get()).toEqual({ n: 0 });
  });

  it('answers 409 when the daemon was not started from a file', async () => {
    const { daemon, admin } = await setUp();
    expect((await post(daemon, admin)).status).toBe(409);
  });
});

describe('kill -HUP of veille start', () => {
  it('reloads the configuration file, or keeps the running one when the file is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veille-sighup-'));
    const configFile = join(dir, 'monitor.config.yaml');
    writeFileSync(configFile, configA('http://127.0.0.1:9'));
    const veille: RunningVeille = await startVeille(dir, ['--db', join(dir, 'veille.db'), '--port', '0', '--no-probe']);
    running.push(veille);
    const publicReport = async () => {
      const response = await fetch(`http://127.0.0.1:${veille.port}/api/v1/reports/monthly?month=2026-01`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { environments: Array<{ id: string }> }).environments.map((environment) => environment.id);
    };
    expect(await publicReport()).toEqual(['shop-prod']);

    writeFileSync(configFile, configB('http://127.0.0.1:9').replace('    checks:\n      - { id: blog-web', '    slaStart: "2026-01-01T00:00:00-05:00"\n    checks:\n      - { id: blog-web'));
    const reloaded = veille.waitForOutput(/SIGHUP: configuration reloaded .*\n/);
    veille.child.kill('SIGHUP');
    expect(await reloaded).toContain('environments +blog-prod; checks +shop-search +blog-web -shop-api');
    expect(await publicReport()).toEqual(['shop-prod', 'blog-prod']);

    writeFileSync(configFile, INVALID);
    const refused = veille.waitForOutput(/SIGHUP: configuration not reloaded.*\n/);
    veille.child.kill('SIGHUP');
    await refused;
    expect(veille.output()).toContain("2 errors in monitor.config.yaml");
    expect(veille.output()).toMatch(/environments\[0\]\.checks\[0\]\.every/);
    expect(await publicReport()).toEqual(['shop-prod', 'blog-prod']);
  });
});
