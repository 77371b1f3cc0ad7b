import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { exclusionsOf, type Exclusion } from '../exclusions/exclusion-store.ts';
import { exclusionView } from '../exclusions/exclusion-view.ts';
import { badRequest, notFound } from '../server/api-error.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody, parseQuery } from '../server/parse-input.ts';
import { pathId } from '../server/path-id.ts';
import { instantSchema, toIso, toIsoOrNull } from '../time/iso.ts';
import { closeOutageSchema, manualOutageSchema } from './manual-outage-input.ts';
import { closeManualOutage, recordManualOutage } from './manual-outage-service.ts';
import { findOutage, outagesBetween, type Outage } from './outage-store.ts';

/** Outages per page of the listing unless `limit` says otherwise, and the most it may say. */
export const OUTAGES_PAGE = { default: 500, max: 2000 } as const;

export const listQuery = z.strictObject({
  environment: z.string().min(1).max(200).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, 'must be a positive whole number')
    .transform(Number)
    .refine((n) => n <= OUTAGES_PAGE.max, `at most ${OUTAGES_PAGE.max}`)
    .optional(),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const match = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('latin1'));
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'is not a cursor this listing gave (pass nextCursor as it came)' });
        return z.NEVER;
      }
      return { start: Number(match[1]), id: Number(match[2]) };
    })
    .optional(),
});

/** Where the next page starts: after this outage in the listing's order (start, then id). */
const cursorOf = (outage: Outage) => Buffer.from(`${outage.start}.${outage.id}`, 'latin1').toString('base64url');

/** Outages (probe and manual) with their exclusions: viewers read, sre tokens record by hand. */
export function outageRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();

  routes.get('/outages', requireRole('viewer'), async (c) => {
    const query = parseQuery(c, listQuery);
    if (query.from !== undefined && query.to !== undefined && query.to <= query.from) throw badRequest('to', 'must be after from');
    let checkIds: string[] | undefined;
    if (query.environment !== undefined) {
      const environment = deps.config.environments.find((e) => e.id === query.environment);
      if (!environment) throw badRequest('environment', `unknown environment "${query.environment}"`);
      checkIds = environment.checks.map((check) => check.id);
    }
    const limit = query.limit ?? OUTAGES_PAGE.default;
    // One more than the page: whether there is a next page is then known, not guessed.
    const found = await outagesBetween(deps.database.store, { checkIds, from: query.from, to: query.to, after: query.cursor, limit: limit + 1 });
    const rows = found.slice(0, limit);
    const exclusions = await exclusionsOf(deps.database.store, rows.map((row) => row.id));
    const now = deps.clock();
    return c.json({
      outages: rows.map((row) => outageView(row, exclusions.filter((e) => e.outageId === row.id), now)),
      nextCursor: found.length > limit ? cursorOf(rows.at(-1)!) : null,
    });
  });

  routes.get('/outages/:id', requireRole('viewer'), async (c) => {
    const id = pathId(c.req.param('id'));
    const outage = await findOutage(deps.database.store, id);
    if (!outage) throw notFound(`outage ${id}`);
    return c.json(outageView(outage, await exclusionsOf(deps.database.store, [id]), deps.clock()));
  });

  routes.post('/outages', requireRole('sre'), async (c) => {
    const input = await parseJsonBody(c, manualOutageSchema);
    const now = deps.clock();
    const outage = await recordManualOutage({ store: deps.database.store, config: deps.config, notices: deps.notifications }, input, { actor: c.get('actor')!.name, now });
    return c.json(outageView(outage, [], now), 201);
  });

  routes.post('/outages/:id/close', requireRole('sre'), async (c) => {
    const id = pathId(c.req.param('id'));
    const input = await parseJsonBody(c, closeOutageSchema);
    const now = deps.clock();
    const outage = await closeManualOutage({ store: deps.database.store, notices: deps.notifications }, id, input, { actor: c.get('actor')!.name, now });
    return c.json(outageView(outage, await exclusionsOf(deps.database.store, [id]), now));
  });

  return routes;
}

/** An outage as the API shows it: ISO times, durations in ms (up to now while open), manual or not. */
function outageView(outage: Outage, exclusions: readonly Exclusion[], now: number) {
  return {
    id: outage.id,
    check: outage.checkId,
    environment: outage.envId,
    source: outage.source,
    manual: outage.source === 'manual',
    start: toIso(outage.start),
    end: toIsoOrNull(outage.end),
    open: outage.end === null,
    durationMs: (outage.end ?? now) - outage.start,
    lastDownAt: toIsoOrNull(outage.lastDownAt),
    reason: outage.reason,
    createdBy: outage.createdBy,
    createdAt: toIso(outage.createdAt),
    closedReason: outage.closedReason,
    exclusions: exclusions.map((exclusion) => exclusionView(exclusion, outage.end, now)),
  };
}

