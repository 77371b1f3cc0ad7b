import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError } from '../support/run-veille.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// What `npm install` builds (the `prepare` script) and `npm start` runs in production: the
// compiled JavaScript, with the files it reads at run time beside it. Built here into a folder
// of its own inside the package, so that it resolves the installed dependencies as dist/ does.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'test', 'artifacts', `build-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The environment without the tests' switch to the sources: what an operator's shell has. */
function productionEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VEILLE_FROM_SOURCES;
  return env;
}

describe('the compiled build', () => {
  it('serves the status page and its stylesheet from JavaScript alone, applies the migrations, and stops on SIGTERM', async () => {
    await run(process.execPath, [join(root, 'config', 'build.js'), out], { cwd: root, timeout: 170_000 });
    expect(existsSync(join(out, 'src', 'store', 'migrations', 'meta', '_journal.json'))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'veille-compiled-'));
    writeFileSync(join(dir, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    const child = spawn(process.execPath, [join(out, 'src', 'cli', 'main.js'), 'start', '--no-probe', '--port', '0', '--db', join(dir, 'veille.db')], {
      cwd: dir,
      env: productionEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      let output = '';
      const port = await new Promise<number>((resolvePort, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
          if (match) resolvePort(Number(match[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then(() => reject(new Error(`the compiled daemon exited before listening:\n${output}`)));
      });
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Acme Construction');
      const stylesheet = /href="(\/assets\/status\.[0-9a-f]+\.css)"/.exec(html)?.[1];
      expect(stylesheet).toBeDefined();
      const css = await fetch(`http://127.0.0.1:${port}${stylesheet}`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toContain('text/css');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 240_000);

  it('the entry point without a build says what to run, in one line', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'veille-unbuilt-'));
    mkdirSync(join(bare, 'bin'));
    copyFileSync(join(root, 'bin', 'veille.js'), join(bare, 'bin', 'veille.js'));
    const result = await run(process.execPath, [join(bare, 'bin', 'veille.js'), 'start'], { env: productionEnv() }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expectOneLineError(result, 'npm run build');
  });
});
