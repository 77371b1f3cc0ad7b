import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// A 400 names each bad field once and says what is wrong with it, as check-config does.

let t: TestApp;
afterEach(() => t?.close());

describe('field messages of the API', () => {
  it('calls a missing field required and says which forms a field accepts', async () => {
    t = createTestApp();
    const sre = t.token('sre');
    const empty = await t.call('POST', '/api/v1/maintenance', { token: sre, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([
      { field: 'environments', message: 'required' },
      { field: 'impact', message: 'required' },
      { field: 'start', message: 'required' },
    ]);
    const nullDuration = await t.call('POST', '/api/v1/maintenance', {
      token: sre,
      body: { environments: ['acme-prod'], impact: 'x', start: '2026-12-05T08:00:00Z', duration: null },
    });
    expect(nullDuration.body.error.fields).toEqual([{ field: 'duration', message: 'Invalid input: expected number or string, received null' }]);
  });
});
