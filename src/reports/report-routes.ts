import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { badRequest } from '../server/api-error.ts';
import { buildMonthlyReport } from './monthly-report.ts';
import { parseMonth } from './month.ts';

/** `GET /reports/monthly?month=YYYY-MM`: public environments for anyone, all for viewers (rule 9). */
export function reportRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  routes.get('/reports/monthly', (c) => {
    const month = parseMonth(c.req.query('month'));
    if (!month.ok) throw badRequest('month', month.message);
    const report = buildMonthlyReport(
      { db: deps.database.db, config: deps.config, calendars: deps.calendars },
      { month: month.month, now: deps.clock(), publicOnly: c.get('actor') === null },
    );
    return c.json(report);
  });
  return routes;
}
