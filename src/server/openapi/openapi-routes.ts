import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { loadStylesheet } from '../../web/static-assets.ts';
import { documentSecurityHeaders, pageSecurityHeaders } from '../../web/security-headers.ts';

const JSON_PATH = '/api/v1/openapi.json';

/**
 * `GET /openapi.json`, the OpenAPI 3.1 description of /api/v1, and `GET /docs`, the same as a
 * page. They depend on the code only, not on the configuration or the data: each is built at its
 * first request and kept (not at start: most apps, in tests above all, are never asked for them).
 * The code that describes the API (zod-openapi and every operation's schemas) is loaded then
 * too, so that a daemon nobody asks holds none of it.
 */
export function openApiRoutes() {
  const routes = new Hono<AppEnv>();
  let built: Promise<{ json: string; page: string }> | null = null;
  const described = () => {
    built ??= (async () => {
      const [{ describeApi }, { renderReferencePage }] = await Promise.all([import('./api-document.ts'), import('./reference-page.tsx')]);
      const document = describeApi();
      return { json: JSON.stringify(document), page: renderReferencePage(document, loadStylesheet().href, JSON_PATH) };
    })();
    built.catch(() => {
      built = null;
    });
    return built;
  };
  routes.get('/openapi.json', documentSecurityHeaders(), async (c) => c.body((await described()).json, 200, { 'content-type': 'application/json; charset=utf-8' }));
  routes.get('/docs', pageSecurityHeaders(), async (c) => c.html((await described()).page));
  return routes;
}
