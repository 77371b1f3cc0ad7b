import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';

// `veille incident …` on a database file, through the real entry point. The clock is the
// machine's, so the ticket is an imported one (--opened-at in the past): its deadlines are fixed.
// Each run starts a process, so the steps share one database and run in order.

// Many processes in a row on a shared machine: minutes, not the default seconds.
describe('veille incident', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-incident-'));
  const config = join(dir, 'monitor.config.yaml');
  const db = join(dir, 'veille.db');
  writeFileSync(config, TEST_CONFIG_YAML);
  const files = ['--config', config, '--db', db];
  const OPEN = ['incident', 'open', '--title', 'Paie bloquée', '--priority', 'III', '--env', 'acme-prod', '--kind', 'help', '--channel', 'email', '--public'];
  const IMPORTED = ['--opened-at', '2026-11-16T10:00:00-05:00', '--external-ref', 'ZD-4411'];

  it('refuses bad input in one line naming the flag, writing nothing', async () => {
    expectOneLineError(await veille(['incident', 'respond', '--id', '1', ...files]), '--db: no database at');
    expectOneLineError(await veille(['incident', 'open', '--title', 'x', ...files]), '--priority: ');
    expectOneLineError(await veille([...OPEN.slice(0, 6), '--channel', 'monitor', ...files]), '--channel: "monitor" is for incidents veille opens itself');
    expectOneLineError(await veille([...OPEN, '--opened-at', '2026-11-16T10:00', '--external-ref', 'x', ...files]), '--opened-at: ');
    expectOneLineError(await veille(['incident', 'close', ...files]), 'unknown subcommand "close"');
    // Refused by the desk after the database was opened: the file made for it is gone too.
    expect(existsSync(db)).toBe(false);
  });

  it('opens an incident with the API’s fields and prints its clocks in the calendar’s zone', async () => {
    const opened = await veille([...OPEN, ...IMPORTED, ...files]);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toMatch(
      /^Opened incident 1: #1 {2}\[open\] {2}priority III {2}"Paie bloquée" {2}acme-prod {2}help\/email\/public {2}response due 2026-11-16T11:30:00-05:00 \(late by \d+d \d+h\) {2}resolution due 2026-11-30T10:00:00-05:00 /,
    );
  });

  it('refuses each action’s bad input naming the flag', async () => {
    expectOneLineError(await veille(['incident', 'open', '--title', 'x', '--priority', 'II', '--env', 'initech', ...files]), '--env ([0]): unknown environment "initech"');
    expectOneLineError(await veille(['incident', 'update', '--message', 'x', ...files]), '--id: required (the incident id)');
    expectOneLineError(await veille(['incident', 'update', '--id', 'one', '--message', 'x', ...files]), '--id: "one" is not an incident id');
    expectOneLineError(await veille(['incident', 'respond', '--id', '1', '--at', '2099-01-01T00:00:00Z', ...files]), '--at: is in the future');
    expectOneLineError(await veille(['incident', 'priority', '--id', '1', '--priority', 'I', ...files]), '--reason: ');
    expectOneLineError(await veille(['incident', 'resolve', '--id', '7', ...files]), 'incident 7 not found');
  });

  it('posts an update, records the response, changes the priority and resolves; lists and shows it', async () => {
    const update = await veille(['incident', 'update', '--id', '1', '--message', 'Correctif déployé', '--monitoring', ...files]);
    expect(update.stdout).toMatch(/^Posted a monitoring update on incident 1: /);
    const respond = await veille(['incident', 'respond', '--id', '1', '--at', '2026-11-16T11:15:00-05:00', '--message', 'Pris en charge', ...files]);
    expect(respond.stdout).toContain('[responded]');
    expect(respond.stdout).toContain('response due 2026-11-16T11:30:00-05:00, met 2026-11-16T11:15:00-05:00');
    const priority = await veille(['incident', 'priority', '--id', '1', '--priority', 'II', '--reason', 'Touche la paie', ...files]);
    expect(priority.stdout).toMatch(/^Changed incident 1 to priority II: /);
    expect(priority.stdout).toContain('response due 2026-11-16T11:00:00-05:00, missed by 15m 2026-11-16T11:15:00-05:00');
    const open = await veille(['incident', 'list', '--state', 'open', ...files]);
    expect(open.stdout).toMatch(/^#1 {2}\[responded\] {2}priority II/);
    const resolve = await veille(['incident', 'resolve', '--id', '1', '--at', '2026-11-16T12:00:00-05:00', ...files]);
    expect(resolve.stdout).toContain('resolution due 2026-11-18T10:00:00-05:00, met 2026-11-16T12:00:00-05:00');
    expect((await veille(['incident', 'list', '--state', 'resolved', ...files])).stdout).toMatch(/^#1 {2}\[resolved\]/);

    const shown = await veille(['incident', 'show', '--id', '1', '--utc', ...files]);
    expect(shown.stdout).toContain('opened 2026-11-16T15:00:00Z by cli:');
    expect(shown.stdout).toContain('(external ref ZD-4411)');
    expect(shown.stdout).toMatch(/ {2}2026-11-16T16:15:00Z {2}responded {2}cli:\S+ {2}Pris en charge/);
    expect(shown.stdout).toMatch(/ {2}2026-11-16T17:00:00Z {2}resolved {2}cli:/);
    const json = JSON.parse((await veille(['incident', 'show', '--id', '1', '--json', ...files])).stdout);
    expect(json).toMatchObject({ id: 1, priority: 'II', state: 'resolved', respondedAt: '2026-11-16T16:15:00.000Z', responseMet: false, resolutionMet: true, externalRef: 'ZD-4411' });
    // In time order: the response and resolution were given at past times, the update and the priority change now.
    expect(json.events.map((event: { type: string }) => event.type)).toEqual(['opened', 'responded', 'resolved', 'monitoring', 'priority']);
  });
});
