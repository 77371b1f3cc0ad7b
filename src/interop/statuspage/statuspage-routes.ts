import { Hono } from 'hono';
import type { AppEnv } from '../../server/app.ts';
import { messagesFor } from '../../../status-page/i18n/messages.ts';
import { documentSecurityHeaders } from '../../web/security-headers.ts';
import { sendCached } from '../../web/cached-response.ts';
import { readerOf, type Site } from '../../web/site.ts';
import { publicAddress } from '../public-address.ts';
import {
  componentsOf,
  incidentsOf,
  maintenancesOf,
  pageOf,
  statusOf,
  summaryOf,
  type DocumentContext,
} from './statuspage-documents.ts';

type Render = (context: DocumentContext) => unknown;

const DOCUMENTS: Record<string, Render> = {
  'summary.json': summaryOf,
  'status.json': (context) => ({ page: pageOf(context), status: statusOf(context) }),
  'components.json': (context) => ({ page: pageOf(context), components: componentsOf(context) }),
  'incidents.json': (context) => ({ page: pageOf(context), incidents: incidentsOf(context, 'all') }),
  'incidents/unresolved.json': (context) => ({ page: pageOf(context), incidents: incidentsOf(context, 'unresolved') }),
  'scheduled-maintenances.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'all') }),
  'scheduled-maintenances/upcoming.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'upcoming') }),
  'scheduled-maintenances/active.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'active') }),
};

/** Statuspage-compatible public JSON under /api/v2 (anyone: public environments only). */
export function statuspageRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  const headers = documentSecurityHeaders();
  const address = publicAddress(site.deps.config);
  for (const [name, render] of Object.entries(DOCUMENTS)) {
    routes.get(`/api/v2/${name}`, headers, (c) => {
      const reader = readerOf(c);
      c.header('Access-Control-Allow-Origin', '*');
      return sendCached(c, site.snapshots.get(), {
        key: `v2:${name}:${reader.language}`,
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'no-cache',
        render: (snapshot) => JSON.stringify(render({ snapshot, address, t: messagesFor(reader.language) })),
      });
    });
  }
  return routes;
}
