import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { badRequest } from '../server/api-error.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseQuery } from '../server/parse-input.ts';
import { instantSchema, toIso } from '../time/iso.ts';
import { listAudit, type AuditRow } from './audit-log.ts';

export const auditQuerySchema = z.strictObject({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(10_000, 'must be at most 10000'))
    .optional(),
});

/** Every write, newest first, with who did it (rule 9): admins only. */
export function auditRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  routes.get('/audit', requireRole('admin'), async (c) => {
    const query = parseQuery(c, auditQuerySchema);
    if (query.from !== undefined && query.to !== undefined && query.to <= query.from) throw badRequest('to', 'must be after from');
    return c.json({ entries: (await listAudit(deps.database.store, query)).map(auditEntryView) });
  });
  return routes;
}

export function auditEntryView(entry: AuditRow) {
  return { id: entry.id, at: toIso(entry.at), actor: entry.actor, action: entry.action, target: entry.target, details: entry.details };
}
