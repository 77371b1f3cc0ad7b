import { Hono } from 'hono';
import { recordAudit } from '../audit/audit-log.ts';
import { requireRole } from '../auth/middleware.ts';
import { ApiError, conflict } from '../server/api-error.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { logReload } from './reload-log.ts';

/**
 * `POST /admin/reload` (admin): what `kill -HUP` does, for whoever cannot signal the process.
 * 200 with what changed; 422 naming every error of an invalid file (nothing changed then).
 */
export function reloadRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  routes.use('/admin/reload', requireRole('admin'));
  routes.post('/admin/reload', async (c) => {
    if (!deps.reloadConfig) throw conflict('this server was not started from a configuration file: nothing to reload');
    const actor = c.get('actor')!;
    const outcome = await deps.reloadConfig().catch((error: unknown) => {
      throw new ApiError(503, 'unavailable', `configuration not reloaded: ${(error as Error).message}`);
    });
    logReload(`POST /api/v1/admin/reload by ${actor.name}`, outcome);
    if (!outcome.ok) {
      const fields = outcome.error.issues.map((issue) => ({ field: issue.path || '(file)', message: issue.line ? `line ${issue.line}: ${issue.message}` : issue.message }));
      throw new ApiError(422, 'invalid_config', `${outcome.file} is invalid; still running on the previous configuration`, fields);
    }
    const entry = { at: deps.clock(), actor: actor.name, action: 'config.reload', target: `config:${outcome.file}`, details: outcome.changes };
    await deps.database.store.transaction((tx) => recordAudit(tx, entry));
    return c.json({ reloaded: true, file: outcome.file, changes: outcome.changes });
  });
  return routes;
}
