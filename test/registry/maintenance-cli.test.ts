import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { veille } from '../support/run-veille.ts';

// `veille maintenance …` and `veille audit` on a database file, through the real entry point.
// Each run starts a process, so the steps share one database and run in order.



describe('veille maintenance and veille audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-maintenance-'));
  const config = join(dir, 'monitor.config.yaml');
  const db = join(dir, 'veille.db');
  writeFileSync(config, TEST_CONFIG_YAML);
  const files = ['--config', config, '--db', db];
  const count = (table: string) => {
    const sqlite = new Database(db, { readonly: true });
    try {
      return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  };

  it('refuses bad input with one line naming the flag, creating nothing', async () => {
    const noOffset = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00', '--duration', '2h', '--impact', 'x', ...files]);
    expect(noOffset.code).not.toBe(0);
    expect(noOffset.stderr.trim().split('\n')).toHaveLength(1);
    expect(noOffset.stderr).toContain('--start');
    expect(existsSync(db)).toBe(false);
  });

  it('adds a window, audited as the user at the keyboard', async () => {
    const added = await veille([
      'maintenance', 'add', '--env', 'acme-prod', '--env', 'globex-prod',
      '--start', '2030-01-10T22:00:00-05:00', '--duration', '2h', '--impact', 'Database upgrade', ...files,
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    // Times in the calendar's zone with their offset, as the pages show them.
    expect(added.stdout).toMatch(/^Registered maintenance window 1: \[upcoming\] {2}acme-prod,globex-prod {2}2030-01-10T22:00:00-05:00 → 2030-01-11T00:00:00-05:00/);
    // Without --notify nothing was sent: the registration time stands for the notice.
    expect(added.stdout).toMatch(/no notice: the registration time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00 is taken as the notice time/);
    expect(added.stdout).not.toContain('notice sent');
    expect(count('maintenance_versions')).toBe(1);
    const utc = await veille(['maintenance', 'list', '--utc', '--db', db]);
    expect(utc.stdout).toContain('2030-01-11T03:00:00Z → 2030-01-11T05:00:00Z');
  });

  it('refuses what the API refuses: unknown environment, future notice, missing reference', async () => {
    const unknown = await veille(['maintenance', 'add', '--env', 'initech', '--start', '2030-01-10T22:00:00-05:00', '--end', '2030-01-10T23:00:00-05:00', '--impact', 'x', ...files]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--env ([0]): unknown environment "initech"');
    const future = await veille([
      'maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00-05:00', '--duration', '1h', '--impact', 'x',
      '--notice-sent-at', '2099-01-01T00:00:00Z', '--notice-ref', 'mail', ...files,
    ]);
    expect(future.stderr).toContain('--notice-sent-at');
    const noRef = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00-05:00', '--duration', '1h', '--impact', 'x', '--notice-sent-at', '2020-01-01T00:00:00Z', ...files]);
    expect(noRef.stderr).toContain('--notice-ref');
    expect(count('maintenance_windows')).toBe(1);
  });

  it('reschedules, cancels once, and lists the history', async () => {
    const moved = await veille(['maintenance', 'reschedule', '--id', '1', '--start', '2030-01-11T22:00:00-05:00', '--end', '2030-01-11T23:00:00-05:00', '--reason', 'vendor', ...files]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('version 2');
    const cancelled = await veille(['maintenance', 'cancel', '--id', '1', '--reason', 'postponed', '--db', db]);
    expect(cancelled.code).toBe(0);
    const again = await veille(['maintenance', 'cancel', '--id', '1', '--reason', 'again', '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already cancelled');
    const listed = await veille(['maintenance', 'list', '--json', '--db', db]);
    const windows = JSON.parse(listed.stdout);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ status: 'cancelled', cancelReason: 'postponed', recordedBy: expect.stringMatching(/^cli:/) });
    expect(windows[0].versions).toHaveLength(2);
  });

  it('veille audit lists every write, newest first', async () => {
    const audit = await veille(['audit', '--json', '--db', db]);
    expect(audit.code).toBe(0);
    const entries = JSON.parse(audit.stdout) as Array<{ action: string; actor: string }>;
    expect(entries.map((e) => e.action)).toEqual(['maintenance.cancel', 'maintenance.reschedule', 'maintenance.create']);
    expect(entries.every((e) => /^cli:./.test(e.actor))).toBe(true);
    const bad = await veille(['audit', '--from', 'yesterday', '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--from');
  });
});
