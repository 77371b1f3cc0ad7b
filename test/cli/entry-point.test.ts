import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

const ENTRY = join(process.cwd(), 'bin/veille.js');

/** Starts `veille start` as a user would, from `cwd`; resolves with its port once it listens. */
function startVeille(cwd: string, args: string[]): Promise<{ port: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, 'start', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        resolve({
          port: Number(match[1]),
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`veille start exited (${code}) before listening:\n${output}`)));
  });
}

describe('the veille entry point', () => {
  it('serves the status page when started from another directory than the package', async () => {
    // `npx veille start` is run from wherever the operator keeps the configuration.
    const dir = mkdtempSync(join(tmpdir(), 'veille-elsewhere-'));
    writeFileSync(join(dir, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    const veille = await startVeille(dir, ['--db', join(dir, 'veille.db'), '--port', '0', '--no-probe']);
    try {
      const page = await fetch(`http://127.0.0.1:${veille.port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Acme Construction');
    } finally {
      await veille.stop();
    }
  });
});
