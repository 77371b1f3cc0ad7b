import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { veille, expectOneLineError } from '../support/run-veille.ts';




describe('veille maintenance flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-maintenance-flags-'));
  const config = join(dir, 'monitor.config.yaml');
  const db = join(dir, 'veille.db');
  writeFileSync(config, TEST_CONFIG_YAML);

  it('refuses what the API refuses, in one line naming the flag', async () => {
    const huge = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00Z', '--duration', '99999999999999999999d', '--impact', 'x', '--config', config, '--db', db]);
    expectOneLineError(huge, '--duration');
    const added = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00Z', '--duration', '2h', '--impact', 'x', '--config', config, '--db', db]);
    expect(added.code).toBe(0);
    // The API answers 400 for an empty range; the command line must not answer "No maintenance window."
    expectOneLineError(await veille(['maintenance', 'list', '--from', '2030-02-01T00:00:00Z', '--to', '2030-01-01T00:00:00Z', '--db', db]), '--to');
    // An id too large to be one is a bad id, not "window 100000000000000000000 not found".
    expectOneLineError(await veille(['maintenance', 'cancel', '--id', '99999999999999999999', '--reason', 'x', '--config', config, '--db', db]), '--id: "99999999999999999999" is not a window id');
  });
});
