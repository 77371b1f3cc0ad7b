import { createServer, request, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { createApp } from '../../src/server/app.ts';
import { createRequestListener } from '../../src/server/request-listener.ts';
import { instant } from '../../src/time/iso.ts';
import { OBSERVATION_REFRESH_MS } from '../../src/web/site.ts';
import { createReadyAnswers, MAX_READY_ANSWERS, type ReadyAnswers } from '../../src/web/ready-answers.ts';
import { backgroundBuilds, createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

// The cached public documents answered again from the app's own answers, before the app: the
// same status, headers and bytes as the app gives, for every variant a reader may ask, and only
// while the snapshot they came from is the one the cache serves. Two servers on one database
// and one clock: the app alone, and the app behind its ready answers.

interface Answer {
  status: number;
  /** Raw header lines in order, less those Node adds per connection. */
  headers: string[];
  body: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i]!;
          if (!['date', 'connection', 'keep-alive'].includes(name.toLowerCase())) lines.push(`${name}: ${response.rawHeaders[i + 1]}`);
        }
        resolve({ status: response.statusCode!, headers: lines, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function listenOn(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

let t: TestApp;
let servers: Server[];
let plainPort: number;
let fastPort: number;
let ready: ReadyAnswers;
/** Requests the app behind the ready answers was asked to answer. */
let appAnswered: number;

beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
  ready = createReadyAnswers();
  const fastApp = createApp({ ...t.deps, readyAnswers: ready });
  appAnswered = 0;
  const counted = (req: Request, env: unknown) => {
    appAnswered++;
    return fastApp.fetch(req, env as object);
  };
  servers = [createServer(createRequestListener({ fetch: t.app.fetch })), createServer(createRequestListener({ fetch: counted, ready: () => ready }))];
  [plainPort, fastPort] = [await listenOn(servers[0]!), await listenOn(servers[1]!)];
});
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  t.close();
});

const PATHS = ['/', '/api/v2/summary.json', '/api/v1/status'];
const VARIANTS: Array<{ name: string; headers: Record<string, string>; query?: string }> = [
  { name: 'gzip', headers: { 'accept-encoding': 'gzip' } },
  { name: 'brotli', headers: { 'accept-encoding': 'gzip, deflate, br' } },
  { name: 'uncompressed', headers: {} },
  { name: 'English from Britain', headers: { 'accept-language': 'en-GB,en;q=0.8', 'accept-encoding': 'gzip' } },
  { name: 'the language cookie', headers: { cookie: 'veille_lang=en', 'accept-encoding': 'gzip' } },
  { name: '?lang=en (sets the cookie)', headers: { 'accept-encoding': 'gzip' }, query: '?lang=en' },
  { name: 'a stale If-None-Match', headers: { 'if-none-match': '"old-tag"', 'accept-encoding': 'gzip' } },
];

describe('ready answers of the cached public documents', () => {
  for (const path of PATHS) {
    // GET /api/v1/status takes no parameter: ?lang= is refused (by the app, each time).
    for (const variant of VARIANTS.filter((v) => !(path === '/api/v1/status' && v.query))) {
      it(`${path}, ${variant.name}: the second reader gets the app's answer, byte for byte, without the app`, async () => {
        const url = `${path}${variant.query ?? ''}`;
        const expected = await get(plainPort, url, variant.headers);
        const first = await get(fastPort, url, variant.headers);
        const asked = appAnswered;
        const second = await get(fastPort, url, variant.headers);
        expect(appAnswered).toBe(asked);
        expect(first).toEqual(expected);
        expect(second).toEqual(expected);
      });
    }

    it(`${path}: a matching If-None-Match gets the app's 304, then without the app`, async () => {
      const { headers } = await get(plainPort, path, { 'accept-encoding': 'gzip' });
      const etag = headers.find((line) => line.toLowerCase().startsWith('etag: '))!.slice(6);
      const expected = await get(plainPort, path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
      expect(expected.status).toBe(304);
      await get(fastPort, path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
      const asked = appAnswered;
      expect(await get(fastPort, path, { 'accept-encoding': 'gzip', 'if-none-match': etag })).toEqual(expected);
      expect(appAnswered).toBe(asked);
    });
  }

  it('goes to the app once the cache serves a newer snapshot, and gives the new document', async () => {
    const before = await get(fastPort, '/api/v1/status');
    await get(plainPort, '/api/v1/status');
    storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: instant('2026-11-16T11:59:59-05:00'), status: 'down', latencyMs: 0 }]);
    // Past the refresh: the next reader starts a build (answered from the ready snapshot), the one after sees it.
    t.setNow(t.now() + OBSERVATION_REFRESH_MS + 1);
    const during = await get(fastPort, '/api/v1/status');
    await get(plainPort, '/api/v1/status');
    expect(during.body).toEqual(before.body);
    await backgroundBuilds();
    const asked = appAnswered;
    const after = await get(fastPort, '/api/v1/status');
    expect(appAnswered).toBe(asked + 1);
    expect(after).toEqual(await get(plainPort, '/api/v1/status'));
    expect(after.body).not.toEqual(before.body);
  });

  it('never answers a request with a token or a session without the app', async () => {
    const token = t.token('viewer');
    const withWho: Array<Record<string, string>> = [{ authorization: `Bearer ${token}` }, { cookie: 'veille_session=whatever' }, { cookie: 'veille_lang=en; veille_session=whatever' }];
    for (const headers of withWho) {
      const before = appAnswered;
      await get(fastPort, '/api/v1/status', headers);
      await get(fastPort, '/api/v1/status', headers);
      expect(appAnswered).toBe(before + 2);
    }
    // The token holder's full document, not the anonymous one kept for others.
    await get(fastPort, '/api/v1/status');
    const full = JSON.parse((await get(fastPort, '/api/v1/status', { authorization: `Bearer ${token}` })).body.toString()) as { environments: unknown[] };
    const anonymous = JSON.parse((await get(fastPort, '/api/v1/status')).body.toString()) as { environments: unknown[] };
    expect(full.environments.length).toBeGreaterThan(anonymous.environments.length);
  });

  it('keeps a bounded number of answers, whatever readers send', async () => {
    for (let i = 0; i < MAX_READY_ANSWERS + 20; i++) await get(fastPort, '/api/v2/summary.json', { 'if-none-match': `"tag-${i}"` });
    expect(ready.size).toBe(MAX_READY_ANSWERS);
  });

  it('keeps nothing but the cached documents', async () => {
    for (const path of ['/healthz', '/api/v1/maintenance', '/api/v1/status?x=1', '/nowhere']) {
      await get(fastPort, path);
      await get(fastPort, path);
    }
    expect(ready.size).toBe(0);
  });
});

