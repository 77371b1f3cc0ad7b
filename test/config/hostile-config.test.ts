import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfigFile } from '../../src/config/load-config.ts';
import { loadConfigFileOffThread } from '../../src/config/load-config-off-thread.ts';
import { MAX_CONFIG_BYTES, MAX_YAML_ALIASES } from '../../src/config/parse-config.ts';
import { configIssues } from '../support/config-issues.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';

// Configuration files built to exhaust whoever reads them: an alias bomb, a huge file, a map of
// tens of thousands of keys. Each is refused with a line naming the limit, never a stack trace,
// and a running daemon parses a reload off its event loop.

const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'environments: []',
  '',
].join('\n');

/** A valid configuration followed by a map of `count` keys under an unknown top-level key. */
function manyKeys(count: number): string {
  const sample = readFileSync('monitor.config.yaml', 'utf8');
  return `${sample}\nbulk:\n${Array.from({ length: count }, (_, i) => `  key${i}: ${i}`).join('\n')}\n`;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-hostile-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile configuration files', () => {
  it('an alias bomb is a configuration error naming the alias limit', () => {
    expect(configIssues(ALIAS_BOMB)).toEqual([expect.stringMatching(new RegExp(`^: more than ${MAX_YAML_ALIASES} YAML alias expansions`))]);
  });

  it('veille check-config and veille start answer an alias bomb without a stack trace', async () => {
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, ALIAS_BOMB);
    const check = await veille(['check-config', '--config', file]);
    expect(check.code).toBe(1);
    expect(check.stderr + check.stdout).not.toMatch(/\n\s+at /);
    expect(check.stderr + check.stdout).toContain(`more than ${MAX_YAML_ALIASES} YAML alias expansions`);
    expectOneLineError(await veille(['start', '--config', file, '--db', join(dir, 'v.db'), '--port', '0']), `more than ${MAX_YAML_ALIASES} YAML alias expansions`);
  });

  it('a file over MAX_CONFIG_BYTES is refused before it is parsed, naming the limit', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\nenvironments: []\n`);
    expect(() => loadConfigFile(file)).toThrow(ConfigError);
    expect(() => loadConfigFile(file)).toThrow(`larger than ${MAX_CONFIG_BYTES} bytes (the limit of a configuration file)`);
  });

  it('a key given twice in a map is still refused, at its line', () => {
    const text = manyKeys(3).replace('  key2: 2', '  key2: 2\n  key1: again');
    expect(() => loadConfigFile(write(text))).toThrow(/:\d+: Map keys must be unique \(key1\)/);
  });

  it('a reload parses off the event loop: the same frozen configuration, and the loop keeps turning meanwhile', async () => {
    const sample = 'monitor.config.yaml';
    const offThread = await loadConfigFileOffThread(sample);
    expect(offThread).toEqual(loadConfigFile(sample));
    expect(Object.isFrozen(offThread.environments[0]!.checks[0])).toBe(true);

    // ~600 KB, within the size limit: a few seconds of parsing on this thread, which would hold every timer.
    const big = write(manyKeys(40_000));
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      await expect(loadConfigFileOffThread(big)).rejects.toThrow('bulk: unknown key');
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('an invalid file read off the thread gives the same ConfigError lines', async () => {
    const file = write(ALIAS_BOMB);
    const inThread = (() => {
      try {
        loadConfigFile(file);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    await expect(loadConfigFileOffThread(file)).rejects.toThrow(inThread!);
  });
});

function write(text: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}
