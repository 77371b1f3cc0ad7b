import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { loadStylesheet } from '../../web/static-assets.ts';
import { documentSecurityHeaders, pageSecurityHeaders } from '../../web/security-headers.ts';
import { describeApi } from './api-document.ts';
import { renderReferencePage } from './reference-page.tsx';

const JSON_PATH = '/api/v1/openapi.json';

/**
 * `GET /openapi.json`, the OpenAPI 3.1 description of /api/v1, and `GET /docs`, the same as a
 * page. They depend on the code only, not on the configuration or the data: each is built at its
 * first request and kept (not at start: most apps, in tests above all, are never asked for them).
 */
export function openApiRoutes() {
  const routes = new Hono<AppEnv>();
  let built: { json: string; page: string } | null = null;
  const described = () => {
    if (built) return built;
    const document = describeApi();
    built = { json: JSON.stringify(document), page: renderReferencePage(document, loadStylesheet().href, JSON_PATH) };
    return built;
  };
  routes.get('/openapi.json', documentSecurityHeaders(), (c) => c.body(described().json, 200, { 'content-type': 'application/json; charset=utf-8' }));
  routes.get('/docs', pageSecurityHeaders(), (c) => c.html(described().page));
  return routes;
}
