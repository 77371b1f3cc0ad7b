import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { veille } from '../support/run-veille.ts';



describe('veille command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-cli-'));
  const config = join(dir, 'monitor.config.yaml');
  writeFileSync(config, TEST_CONFIG_YAML);

  it('check-config accepts the sample configuration', async () => {
    const result = await veille(['check-config']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/);
  });

  it('check-config lists every error with file, path and what is wrong, and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'target: 120\nenvironments:\n  - id: x\n    name: X\n    type: production\n    checks:\n      - { id: a, url: "ftp://h", every: 5s, timeout: 9s }\n');
    const result = await veille(['check-config', '--config', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:1: target:`);
    expect(result.stderr).toContain('environments[0].checks[0].url');
    expect(result.stderr).toContain('environments[0].checks[0].every: must be longer than timeout');
  });

  it('token create prints the secret once, on the last line', async () => {
    const db = join(dir, 'tokens.db');
    const result = await veille(['token', 'create', '--role', 'sre', '--name', 'Alice', '--db', db]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^veille_[A-Za-z0-9_-]{20,}$/);
  });

  it('rejects a bad role or an unknown option with a one-line error, writing nothing', async () => {
    const db = join(dir, 'never.db');
    const badRole = await veille(['token', 'create', '--role', 'root', '--db', db]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect(badRole.stderr).toContain('--role');
    expect(existsSync(db)).toBe(false);
    const unknown = await veille(['report', '--month', '2026-11', '--colour']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--colour');
  });

  it('report rejects a bad month and prints the table or the JSON document', async () => {
    const db = join(dir, 'report.db');
    await veille(['token', 'create', '--role', 'viewer', '--db', db]);
    const bad = await veille(['report', '--month', '2026-13', '--config', config, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--month: month must be written YYYY-MM/);

    const json = await veille(['report', '--month', '2026-03', '--json', '--config', config, '--db', db]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ month: '2026-03', timeZone: 'America/Toronto', target: 99, complete: true });
    expect(report.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod', 'globex-prod']);
    // March 2026: 22 weekdays, no holiday in CA ∪ CA-QC public → 176 business hours.
    expect(report.environments[0].businessMs).toBe(176 * 3_600_000);

    const table = await veille(['report', '--month', '2026-03', '--config', config, '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('acme-prod');
    expect(table.stdout).toContain('10560.000');
  });
});
