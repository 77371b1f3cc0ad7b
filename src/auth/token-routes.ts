import { Hono } from 'hono';
import { z } from 'zod';
import { shortText } from '../server/text-fields.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AppEnv } from '../server/app.ts';
import { conflict, notFound } from '../server/api-error.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody } from '../server/parse-input.ts';
import { pathId } from '../server/path-id.ts';
import { requireRole } from './middleware.ts';
import { ROLES } from './roles.ts';
import { createToken, listTokens, revokeToken } from './token-store.ts';

export const createTokenSchema = z.strictObject({
  role: z.enum(ROLES),
  name: z.string().trim().pipe(shortText()),
});

/** Token management for admins (rule 9): list, create (the secret is returned once), revoke. */
export function tokenRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  const { store } = deps.database;
  routes.use('/tokens', requireRole('admin'));
  routes.use('/tokens/*', requireRole('admin'));

  routes.get('/tokens', async (c) =>
    c.json({
      tokens: (await listTokens(store)).map((token) => ({
        id: token.id,
        name: token.name,
        role: token.role,
        createdAt: new Date(token.createdAt).toISOString(),
        revokedAt: token.revokedAt === null ? null : new Date(token.revokedAt).toISOString(),
      })),
    }),
  );

  routes.post('/tokens', async (c) => {
    const body = await parseJsonBody(c, createTokenSchema);
    const now = deps.clock();
    const actor = c.get('actor')!;
    const token = await store.transaction(async (tx) => {
      const created = await createToken(tx, { role: body.role, name: body.name, now });
      await recordAudit(tx, { at: now, actor: actor.name, action: 'token.create', target: `token:${created.id}`, details: body });
      return created;
    });
    return c.json({ id: token.id, name: body.name, role: body.role, token: token.secret }, 201);
  });

  routes.post('/tokens/:id/revoke', async (c) => {
    const id = pathId(c.req.param('id'), 'a token id');
    const now = deps.clock();
    const actor = c.get('actor')!;
    await store.transaction(async (tx) => {
      if (!(await revokeToken(tx, id, now))) {
        if (!(await listTokens(tx)).some((token) => token.id === id)) throw notFound(`token ${id}`);
        throw conflict(`token ${id} is already revoked`);
      }
      await recordAudit(tx, { at: now, actor: actor.name, action: 'token.revoke', target: `token:${id}` });
    });
    return c.json({ id: id, revoked: true });
  });
  return routes;
}
