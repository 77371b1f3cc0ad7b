import { createMiddleware } from 'hono/factory';
import type { AnyDialect } from '../store/any-dialect.ts';
import { ApiError } from '../server/api-error.ts';
import { roleAtLeast, type Actor, type Role } from './roles.ts';
import { findActor } from './token-store.ts';

export type AuthVariables = { actor: Actor | null };

/** Other ways to recognise a caller (e.g. a browser session cookie) plug in here. */
export type ActorResolver = (c: { req: { header(name: string): string | undefined } }) => Actor | null | Promise<Actor | null>;

/**
 * Identifies the caller from `Authorization: Bearer TOKEN` (or another resolver) and stores
 * it as `actor`. A token that is given but unknown is refused even on public routes: a client
 * with a revoked token should learn it, not silently see less.
 */
export function authenticate(store: AnyDialect, extraResolvers: readonly ActorResolver[] = []) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header('authorization');
    let actor: Actor | null = null;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new ApiError(401, 'unauthorized', 'the Authorization header must be "Bearer TOKEN"');
      actor = await findActor(store, match[1]!);
      if (!actor) throw new ApiError(401, 'unauthorized', 'unknown or revoked token');
    } else {
      for (const resolve of extraResolvers) {
        actor = await resolve(c);
        if (actor) break;
      }
    }
    c.set('actor', actor);
    await next();
  });
}

/** 401 without a token, 403 with a token whose role is too low (rule 9). */
export function requireRole(role: Role) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new ApiError(401, 'unauthorized', `this needs a ${role} token (Authorization: Bearer TOKEN)`);
    if (!roleAtLeast(actor.role, role)) {
      throw new ApiError(403, 'forbidden', `this needs the ${role} role; the token "${actor.name}" is ${actor.role}`);
    }
    await next();
  });
}
