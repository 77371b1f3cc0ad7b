import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { createWindowSchema } from '../../src/maintenance/window-input.ts';
import { API_OPERATIONS } from '../../src/server/openapi/api-operations.ts';
import { createTestApp } from '../support/test-app.ts';

// GET /api/v1/openapi.json describes /api/v1: valid OpenAPI 3.1 by a validator nobody here
// wrote, every route of the app described and nothing described that the app lacks, each body
// from the schema its handler parses with.

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const t = createTestApp();
afterAll(() => t.close());

/** The app's own /api/v1 routes, as OpenAPI writes them (`{id}` for `:id`). */
function appRoutes(): string[] {
  const routes = t.app.routes
    .filter((route) => METHODS.has(route.method) && route.path.startsWith('/api/v1/'))
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

async function servedDocument() {
  const response = await t.app.request('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: any }> } }>> };
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await servedDocument();
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every /api/v1 route of the app, and no route the app does not have', async () => {
    const document = await servedDocument();
    const described = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((route) => !described.includes(route)), 'routes of the app to describe in src/server/openapi/api-operations.ts').toEqual([]);
    expect(described.filter((route) => !routes.includes(route)), 'routes described in src/server/openapi/api-operations.ts that the app does not have').toEqual([]);
  });

  it('describes a body with the schema its handler parses with', async () => {
    const document = await servedDocument();
    const schema = document.paths['/api/v1/maintenance']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(createWindowSchema.shape).sort());
    expect(schema.required.sort()).toEqual(['environments', 'impact', 'start']);
    expect(schema.additionalProperties).toBe(false);
    // Described as a client writes it: the time as text, not the milliseconds it becomes.
    expect(schema.properties.start.type).toBe('string');
  });

  it('answers the same document to anyone, readable by other sites’ tools', async () => {
    const response = await t.app.request('/api/v1/openapi.json', { headers: { authorization: `Bearer ${t.token('admin')}` } });
    expect(await response.json()).toEqual(await servedDocument());
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});

describe('GET /api/v1/docs', () => {
  it('shows every described route, from the document, with no script and nothing from elsewhere', async () => {
    const response = await t.app.request('/api/v1/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    const page = await response.text();
    expect(page).not.toMatch(/<script|\son[a-z]+=|style=/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const [path, item] of Object.entries(API_OPERATIONS)) {
      for (const method of Object.keys(item!)) expect(page).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(page).toContain('<code>noticeSentAt</code>');
    expect(page).toContain('href="/api/v1/openapi.json"');
  });
});
