import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WORK_LEASES } from '../../src/daemon/once-only-work.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { expectOneLineError, startVeille, veille, type RunningVeille } from '../support/run-veille.ts';

// `veille serve`: pages, API and feeds only, any number of them on one database, beside the
// daemon; each does the once-only work whose lease it holds, so probers and serve processes
// alone still send notifications.

const running: RunningVeille[] = [];
afterEach(async () => {
  for (const process of running.splice(0).reverse()) await process.stop();
});

function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'veille-serve-'));
  writeFileSync(join(cwd, 'monitor.config.yaml'), TEST_CONFIG_YAML);
  return cwd;
}

/** Who holds each lease of the once-only work, by pid (null when free). */
function leaseHolders(file: string): Record<string, number | null> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const rows = sqlite.prepare('SELECT name, holder FROM leases').all() as { name: string; holder: string | null }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.holder === null ? null : Number(row.holder.split(':')[1])]));
  } finally {
    sqlite.close();
  }
}

/** Polls until `done` holds (bounded: a lease never handed over fails the test rather than hanging it). */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let n = 0; n < 600; n++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: never`);
}

describe('veille serve', () => {
  it('answers HTTP beside the daemon on one SQLite file, never probing; the first holds the once-only work and hands it over when it stops', async () => {
    const cwd = workspace();
    const file = join(cwd, 'veille.db');
    const first = await startVeille(cwd, ['--db', 'veille.db', '--port', '0'], 'serve');
    running.push(first);
    expect(first.output()).toContain('HTTP only');
    const health = await (await fetch(`http://127.0.0.1:${first.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, probing: false });
    // Alone on the database, it holds every lease of the once-only work.
    expect(leaseHolders(file)).toEqual(Object.fromEntries(WORK_LEASES.map((name) => [name, first.child.pid])));

    // The daemon starts beside it (serve takes no daemon lock), and so does a second serve.
    const daemon = await startVeille(cwd, ['--db', 'veille.db', '--port', '0']);
    running.push(daemon);
    const second = await startVeille(cwd, ['--db', 'veille.db', '--port', '0'], 'serve');
    running.push(second);
    for (const process of [first, daemon, second]) {
      const page = await fetch(`http://127.0.0.1:${process.port}/api/v1/reports/monthly?month=2026-11`);
      expect(page.status).toBe(200);
      expect((await page.json()).environments.map((environment: { id: string }) => environment.id)).toEqual(['acme-prod']);
    }
    // The daemon did not take the work from a process still running.
    expect(leaseHolders(file)).toEqual(Object.fromEntries(WORK_LEASES.map((name) => [name, first.child.pid])));

    // Stopped, the first gives its leases up, and the others take them over.
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const others = [daemon.child.pid, second.child.pid];
    await until('the leases taken over', () => Object.values(leaseHolders(file)).every((pid) => pid !== null && others.includes(pid)));
  });

  it('refuses bad input in one line naming the flag, and a PostgreSQL database it cannot use', async () => {
    const cwd = workspace();
    expectOneLineError(await veille(['serve', '--no-probe'], { cwd }), '--no-probe');
    expectOneLineError(await veille(['serve', '--port', '70000'], { cwd }), 'veille serve: --port must be a port number');
    expectOneLineError(await veille(['serve', '--config', 'missing.yaml'], { cwd }), 'veille serve: --config');
    const unreachable = await veille(['serve', '--db', 'postgres://veille:s3cret@127.0.0.1:9/veille', '--port', '0'], { cwd });
    expectOneLineError(unreachable, 'veille serve: --db: cannot use postgres://veille:***@127.0.0.1:9/veille as the database');
    expect(unreachable.stderr).not.toContain('s3cret');
    expect(readdirSync(cwd)).toEqual(['monitor.config.yaml']);
  });

  it('prints its usage with --help, and is listed by veille help', async () => {
    const help = await veille(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('veille serve [--config FILE] [--db FILE|postgres://…] [--port N] [--host H]');
    expect((await veille(['help'])).stdout).toContain('veille serve ');
  });
});
