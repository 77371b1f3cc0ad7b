import { describe, expect, it } from 'vitest';
import { createToken, findActor, listTokens, revokeToken } from '../../src/auth/token-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { SESSION_MS, createSession, deleteSession, findSession } from '../../src/web/session/session-store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// Tokens and browser sessions are one contract on every database: a secret recognised until its
// token is revoked, a session until it expires, is deleted, or its token is revoked.

const NOW = instant('2026-11-16T09:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`tokens and sessions on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const create = (role: 'viewer' | 'sre' | 'admin', name: string) => store.transaction((tx) => createToken(tx, { role, name, now: NOW }));

    it('recognises a secret until its token is revoked; a revocation happens once', async () => {
      const sre = await create('sre', 'Alice');
      const viewer = await create('viewer', 'Vera');
      expect(sre.secret).toMatch(/^veille_[A-Za-z0-9_-]{32}$/);
      expect(await findActor(store, sre.secret)).toEqual({ tokenId: sre.id, name: 'Alice', role: 'sre' });
      expect(await findActor(store, 'veille_unknown')).toBeNull();
      expect(await store.transaction((tx) => revokeToken(tx, sre.id, NOW + 1000))).toBe(true);
      expect(await store.transaction((tx) => revokeToken(tx, sre.id, NOW + 2000))).toBe(false);
      expect(await store.transaction((tx) => revokeToken(tx, 99, NOW))).toBe(false);
      expect(await findActor(store, sre.secret)).toBeNull();
      expect(await findActor(store, viewer.secret)).toMatchObject({ name: 'Vera' });
      expect(await listTokens(store)).toEqual([
        { id: sre.id, name: 'Alice', role: 'sre', createdAt: NOW, revokedAt: NOW + 1000 },
        { id: viewer.id, name: 'Vera', role: 'viewer', createdAt: NOW, revokedAt: null },
      ]);
    });

    it('a session lives until it expires, is deleted, or its token is revoked', async () => {
      const admin = await create('admin', 'Ada');
      const session = await store.transaction((tx) => createSession(tx, admin.id, NOW));
      expect(session.expiresAt).toBe(NOW + SESSION_MS);
      expect(await findSession(store, session.secret, NOW + SESSION_MS - 1)).toEqual({ actor: { tokenId: admin.id, name: 'Ada', role: 'admin' }, csrf: session.csrf, expiresAt: NOW + SESSION_MS });
      expect(await findSession(store, session.secret, NOW + SESSION_MS)).toBeNull();
      expect(await findSession(store, 'another cookie', NOW)).toBeNull();

      const other = await store.transaction((tx) => createSession(tx, admin.id, NOW));
      await store.transaction((tx) => deleteSession(tx, other.secret));
      expect(await findSession(store, other.secret, NOW)).toBeNull();
      expect(await findSession(store, session.secret, NOW)).not.toBeNull();

      await store.transaction((tx) => revokeToken(tx, admin.id, NOW));
      expect(await findSession(store, session.secret, NOW)).toBeNull();
    });

    it('expired sessions are cleared as a new one is made', async () => {
      const admin = await create('admin', 'Ada');
      await store.transaction((tx) => createSession(tx, admin.id, NOW));
      await store.transaction((tx) => createSession(tx, admin.id, NOW + SESSION_MS + 1));
      expect(await store.db.select().from(store.t.sessions)).toHaveLength(1);
    });
  });
}
