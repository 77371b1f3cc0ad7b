import { newToken } from '../../src/auth/token-store.ts';
import { tokens } from '../../src/store/schema/index.ts';
import type { Role } from '../../src/auth/roles.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { Config } from '../../src/config/types.ts';
import { createApp } from '../../src/server/app.ts';
import type { AppDeps } from '../../src/server/deps.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';

/** A small configuration: a public and a private production, a staging; checks on loopback. */
export const TEST_CONFIG_YAML = `
target: 99
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [Acme]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
      - { id: acme-login, url: "http://127.0.0.1:9/login", role: feature, feature: login, every: 1m, timeout: 5s }
  - id: globex-prod
    name: Globex
    type: production
    public: false
    clients: [Globex]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: globex-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
  - id: staging
    name: Staging
    type: staging
    checks:
      - { id: staging-web, url: "http://127.0.0.1:9/health", every: 1m, timeout: 5s }
`;

/**
 * Lets the builds a request started in the background finish: on an in-memory database the
 * snapshots are built on this thread, in the turn of the request that found them due, so they
 * are done once the event loop has gone round once.
 */
export const backgroundBuilds = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The app's dependencies in a test: a SQLite database in memory, which the test seeds and reads directly. */
export type TestDeps = AppDeps & { database: OpenDatabase };

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: TestDeps;
  config: Config;
  /** Moves the injected clock. */
  setNow(iso: string | number): void;
  now(): number;
  /** A bearer token of that role, created in the test database. */
  token(role: Role, name?: string): string;
  /** app.request with JSON body and an optional token. */
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  close(): void;
}

export function createTestApp(options: { configYaml?: string; now?: string } = {}): TestApp {
  const config = parseConfig(options.configYaml ?? TEST_CONFIG_YAML, 'test.yaml');
  const database = openDatabase(':memory:');
  let now = instant(options.now ?? '2026-11-16T12:00:00-05:00');
  const deps: TestDeps = { database, config, calendars: buildCalendars(config), clock: () => now };
  const app = createApp(deps);
  return {
    app,
    deps,
    config,
    setNow(value) {
      now = typeof value === 'number' ? value : instant(value);
    },
    now: () => now,
    token(role, name) {
      // Synchronous, as tests ask for tokens in their arguments; the row createToken writes.
      const { secret, row } = newToken({ role, name: name ?? `${role}-test`, now });
      database.db.insert(tokens).values(row).run();
      return secret;
    },
    async call(method, path, { token, body } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await app.request(path, {
        method,
        headers,
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    close: () => database.close(),
  };
}
