import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { instant } from '../../src/time/iso.ts';
import { OBSERVATION_REFRESH_MS } from '../../src/web/site.ts';
import { backgroundBuilds, createTestApp, type TestApp } from '../support/test-app.ts';

// GET /api/v1/status for anonymous readers is built once per state of the data, as the public
// page is: probe results show within OBSERVATION_REFRESH_MS plus one build made in the
// background, never by rebuilding per request nor by holding a reader up.

let t: TestApp;
beforeEach(() => {
  t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
});
afterEach(() => t.close());

function result(at: string, status: 'up' | 'down') {
  storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: instant(at), status, latencyMs: 42 }]);
}

const stateOf = async (token?: string) => {
  const { body } = await t.call('GET', '/api/v1/status', token ? { token } : {});
  return (body as { environments: Array<{ id: string; checks: Array<{ state: string }> }> }).environments.find((env) => env.id === 'acme-prod')!.checks[0]!.state;
};

describe('anonymous GET /api/v1/status', () => {
  it('is reused until OBSERVATION_REFRESH_MS after a new result, then rebuilt in the background; token holders see it at once', async () => {
    result('2026-11-16T11:59:40-05:00', 'up');
    expect(await stateOf()).toBe('up');
    result('2026-11-16T11:59:59-05:00', 'down');
    t.setNow(t.now() + OBSERVATION_REFRESH_MS - 1);
    expect(await stateOf()).toBe('up');
    await backgroundBuilds();
    expect(await stateOf()).toBe('up');
    expect(await stateOf(t.token('viewer'))).not.toBe('up');
    t.setNow(t.now() + 1);
    // The reader who finds it due is answered from the ready document; the next one is built meanwhile.
    expect(await stateOf()).toBe('up');
    await backgroundBuilds();
    expect(await stateOf()).not.toBe('up');
  });

  it('is sent gzip-compressed to a client that accepts it and plain to one that does not, the same document', async () => {
    result('2026-11-16T11:59:40-05:00', 'up');
    const plain = await t.app.request('/api/v1/status');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await plain.text();
    expect(JSON.parse(text).environments.length).toBeGreaterThan(0);
    const compressed = await t.app.request('/api/v1/status', { headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString('utf8')).toBe(text);
    // The anonymous answer differs from a token holder's: shared caches keep them apart.
    expect(compressed.headers.get('vary')).toMatch(/Authorization.*Accept-Encoding/);
  });

  it('answers 304 while the document is unchanged and 200 once a new result is due to show', async () => {
    result('2026-11-16T11:59:40-05:00', 'up');
    const first = await t.app.request('/api/v1/status');
    const etag = first.headers.get('etag')!;
    expect((await t.app.request('/api/v1/status', { headers: { 'if-none-match': etag } })).status).toBe(304);
    result('2026-11-16T11:59:59-05:00', 'down');
    t.setNow(t.now() + OBSERVATION_REFRESH_MS);
    expect((await t.app.request('/api/v1/status', { headers: { 'if-none-match': etag } })).status).toBe(304);
    await backgroundBuilds();
    const changed = await t.app.request('/api/v1/status', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect((await changed.json()).environments.find((env: { id: string }) => env.id === 'acme-prod').checks[0].state).not.toBe('up');
  });

  it('is never served from the anonymous cache to a token holder', async () => {
    const response = await t.app.request('/api/v1/status', { headers: { authorization: `Bearer ${t.token('viewer')}` } });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).environments.find((env: { id: string }) => env.id === 'acme-prod').checks[0]).toHaveProperty('url');
  });
});
