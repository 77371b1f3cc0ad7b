import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTAGES_PAGE } from '../../src/outages/outage-routes.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { rowCounts } from './row-counts.ts';

// Input a hostile run sent that was taken as-is: NUL bytes in text, keys given twice in a body,
// an outage listing with no bound, a parameter /api/v1/status ignored.

let t: TestApp;
let sre: string;
beforeEach(() => {
  t = createTestApp();
  sre = t.token('sre', 'bob');
});
afterEach(() => t.close());

const WINDOW = { environments: ['acme-prod'], start: '2026-11-20T22:00:00-05:00', duration: '1h', impact: 'Database upgrade' };

describe('control characters in text fields', () => {
  it('are refused with 400 naming the field, and nothing is written', async () => {
    const before = rowCounts(t);
    for (const [path, body, field] of [
      ['/api/v1/maintenance', { ...WINDOW, impact: 'Upgrade\u0000<script>' }, 'impact'],
      ['/api/v1/incidents', { title: 'Login\u0007 down', priority: 'II' }, 'title'],
      ['/api/v1/outages', { check: 'acme-web', start: '2026-11-16T09:30:00-05:00', reason: 'VPN\u001b[31m' }, 'reason'],
    ] as const) {
      const answer = await t.call('POST', path, { token: sre, body });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.fields).toEqual([{ field, message: 'must not contain control characters (such as NUL)' }]);
    }
    expect(rowCounts(t)).toEqual(before);
  });

  it('tabs and line breaks are still text', async () => {
    expect((await t.call('POST', '/api/v1/maintenance', { token: sre, body: { ...WINDOW, impact: 'Upgrade:\n\t- read-only\r\n' } })).status).toBe(201);
  });
});

describe('a key given twice in a JSON body', () => {
  it('is refused with 400 naming the key, at any depth, and nothing is written', async () => {
    const before = rowCounts(t);
    const raw = async (body: string) => {
      const response = await t.app.request('/api/v1/maintenance', { method: 'POST', headers: { authorization: `Bearer ${sre}`, 'content-type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as { error: { fields?: unknown[] } } };
    };
    const top = await raw('{"environments":["acme-prod"],"start":"2026-11-20T22:00:00-05:00","duration":"1h","impact":"a","impact":"b"}');
    expect(top.status).toBe(400);
    expect(top.body.error.fields).toEqual([{ field: 'impact', message: 'given more than once' }]);
    const nested = await raw('{"x":[{"a":1},{"a":1,"b":{"c":"\\"}","c":2}}]}');
    expect(nested.body.error.fields).toEqual([{ field: 'x[1].b.c', message: 'given more than once' }]);
    expect(rowCounts(t)).toEqual(before);
  });
});

describe('GET /api/v1/outages pages', () => {
  it('by limit and cursor; the contract’s ?environment=&from=&to= still lists them, with nextCursor null at the end', async () => {
    for (let day = 1; day <= 7; day++) {
      const start = `2026-11-0${day}T09:30:00-05:00`;
      expect((await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start, end: start.replace('09:30', '10:00'), reason: `day ${day}` } })).status).toBe(201);
    }
    const viewer = t.token('viewer');
    const all = await t.call('GET', '/api/v1/outages?environment=&from=&to=', { token: viewer });
    expect(all.status).toBe(200);
    expect(all.body.outages).toHaveLength(7);
    expect(all.body.nextCursor).toBeNull();

    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call('GET', `/api/v1/outages?environment=acme-prod&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: viewer });
      expect(page.status).toBe(200);
      pages.push(page.body.outages);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.body.outages);
  });

  it(`has a default page of ${OUTAGES_PAGE.default}, and refuses a limit over ${OUTAGES_PAGE.max} or a cursor it did not give`, async () => {
    const viewer = t.token('viewer');
    const over = await t.call('GET', `/api/v1/outages?limit=${OUTAGES_PAGE.max + 1}`, { token: viewer });
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual([{ field: 'limit', message: `at most ${OUTAGES_PAGE.max}` }]);
    const forged = await t.call('GET', '/api/v1/outages?cursor=not-a-cursor', { token: viewer });
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].field).toBe('cursor');
  });
});

describe('GET /api/v1/status', () => {
  it('refuses an unknown parameter as the listings do; an empty one is no parameter', async () => {
    const answer = await t.call('GET', '/api/v1/status?environment=acme-prod');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ field: 'environment', message: 'unknown field' }]);
    expect((await t.call('GET', '/api/v1/status?environment=')).status).toBe(200);
  });
});
