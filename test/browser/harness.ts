// What the browser tests share: the seeded app served on 127.0.0.1 (port 0), Debian's Chromium
// driven by playwright-core with a fresh profile, axe-core, and screenshots under test/artifacts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestDeps } from '../support/test-app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM} (install it with "apt-get install -y chromium"; .ci/run does)`;
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

export interface Site<Seeded = ReturnType<typeof seedStatusWorld>> {
  url: string;
  t: TestApp;
  seeded: Seeded;
  close(): Promise<void>;
}

export interface SiteOptions<Seeded> {
  configYaml: string;
  now: string;
  /** Writes the world the page shows, through the registry's own services. */
  seed(deps: TestDeps): Seeded | Promise<Seeded>;
}

/** The app on a loopback port: by default the seeded status world, or a world of the test's own. */
export async function startSite(): Promise<Site>;
export async function startSite<Seeded>(options: SiteOptions<Seeded>): Promise<Site<Seeded>>;
export async function startSite(options: SiteOptions<unknown> = { configYaml: STATUS_CONFIG_YAML, now: SEED_NOW, seed: seedStatusWorld }): Promise<Site<unknown>> {
  const t = createTestApp({ configYaml: options.configYaml, now: options.now });
  const seeded = await options.seed(t.deps);
  const server = await new Promise<ServerType>((done, fail) => {
    const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(started));
    started.once('error', fail);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    t,
    seeded,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          t.close();
          done();
        });
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'veille-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    locale: 'fr-CA',
    timezoneId: 'America/Toronto',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and CSP violations of a page, collected while it is used. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const AXE_SOURCE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol, which the page's
 * CSP (no scripts at all) does not apply to; the page itself stays script-free.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => JSON.stringify(node.target)) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A site and a browser for the tests of one describe block: started before them, closed after.
 * Read `site` and `browser` inside the tests (they exist once beforeAll has run).
 */
export function siteInBrowser(): { readonly site: Site; readonly browser: Browser };
export function siteInBrowser<Seeded>(options: SiteOptions<Seeded>): { readonly site: Site<Seeded>; readonly browser: Browser };
export function siteInBrowser(options?: SiteOptions<unknown>): { readonly site: Site<unknown>; readonly browser: Browser } {
  let site: Site<unknown> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = options ? await startSite(options) : await startSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get site() {
      return site!;
    },
    get browser() {
      return browser!;
    },
  };
}
