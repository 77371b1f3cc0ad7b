import { Hono } from 'hono';
import type { AppEnv } from '../../server/app.ts';
import { documentSecurityHeaders } from '../../web/security-headers.ts';
import { sendCached } from '../../web/cached-response.ts';
import { renderStatuspageDocument, statuspageKey } from '../../web/public-documents.ts';
import { readerOf, type Site } from '../../web/site.ts';
import { STATUSPAGE_DOCUMENTS } from './statuspage-documents.ts';

/** Statuspage-compatible public JSON under /api/v2 (anyone: public environments only). */
export function statuspageRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  const headers = documentSecurityHeaders();
  for (const name of Object.keys(STATUSPAGE_DOCUMENTS)) {
    routes.get(`/api/v2/${name}`, headers, async (c) => {
      const reader = readerOf(c);
      c.header('Access-Control-Allow-Origin', '*');
      return sendCached(c, await site.snapshots.get(), {
        key: statuspageKey(name, reader.language),
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'no-cache',
        render: (snapshot) => renderStatuspageDocument(name, reader.language, snapshot, site.documents),
        from: site.snapshots,
      });
    });
  }
  return routes;
}
