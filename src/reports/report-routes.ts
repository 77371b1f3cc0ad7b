import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseQuery } from '../server/parse-input.ts';
import { monthlyReport } from './monthly-reports.ts';
import { monthSchema } from './month.ts';

// Unknown parameters are refused as on every listing: a filter ignored would mislead a script.
export const reportQuery = z.strictObject({ month: monthSchema });

/** `GET /reports/monthly?month=YYYY-MM`: public environments for anyone, all for viewers (rule 9). */
export function reportRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  routes.get('/reports/monthly', async (c) => {
    const { month } = parseQuery(c, reportQuery);
    return c.json(await monthlyReport(deps, { month, publicOnly: c.get('actor') === null }));
  });
  return routes;
}
