import { buildCalendars, type Calendars } from '../../../src/config/calendars.ts';
import { parseConfig } from '../../../src/config/parse-config.ts';
import type { Config } from '../../../src/config/types.ts';
import { insertWindow } from '../../../src/maintenance/window-store.ts';
import { createSenders } from '../../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../../src/notify/delivery-worker.ts';
import { createNotificationEvents, type NotificationEvents } from '../../../src/notify/events.ts';
import { openDatabase, type OpenDatabase } from '../../../src/store/database.ts';
import { outages } from '../../../src/store/schema/index.ts';
import { instant } from '../../../src/time/iso.ts';

export const WEBHOOK_SECRET = 'test-secret-0123456789abcdef';

/** Two productions: Acme (two contacts, fr and en) and Globex (one contact), routed to loopback receivers. */
export function notifyConfigYaml(input: { smtpPort: number; webhookUrl?: string; slackUrl?: string; acmeName?: string; extra?: string }): string {
  return `
clients:
  Acme Construction:
    contacts:
      - { email: ops@acme.example, name: Jeanne Tremblay, language: fr }
      - { email: it@acme.example, language: en }
  Globex:
    contacts:
      - { email: noc@globex.example, language: en }
notifications:
  publicUrl: https://status.aidi.example
  smtp: { host: 127.0.0.1, port: ${input.smtpPort}, from: veille@aidi.example, fromName: Aidi veille }
  channels:
    ops-hook: { type: webhook, url: "${input.webhookUrl ?? 'http://127.0.0.1:9/hook'}", secret: "${WEBHOOK_SECRET}" }
    ops-slack: { type: slack, url: "${input.slackUrl ?? 'http://127.0.0.1:9/slack'}", language: fr }
    sre-mail: { type: email, to: [sre@aidi.example] }
  routing:
    default: [ops-hook]
    environments:
      acme-prod: [ops-hook, ops-slack, sre-mail]
  delivery: { maxAttempts: 4, firstRetry: 30s, maxRetry: 5m }
${input.extra ?? ''}
environments:
  - id: acme-prod
    name: ${JSON.stringify(input.acmeName ?? 'Acme Construction')}
    type: production
    public: true
    clients: [Acme Construction]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
      - { id: acme-login, url: "http://127.0.0.1:9/login", role: feature, feature: login, every: 1m, timeout: 5s }
  - id: globex-prod
    name: Globex
    type: production
    clients: [Globex]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: globex-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
`;
}

export interface NotifyFixture {
  readonly config: Config;
  readonly calendars: Calendars;
  readonly database: OpenDatabase;
  readonly events: NotificationEvents;
  readonly worker: DeliveryWorker;
  /** What the event sink logged (alert hooks log instead of throwing). */
  readonly logged: string[];
  now(): number;
  setNow(iso: string): void;
  /** Registers a window the way the registry does, calling the hook in the same transaction. */
  registerWindow(input: { environments: string[]; start: string; end: string; impact: string; notify: boolean }): Promise<{ windowId: number; versionId: number }>;
  insertOutage(input: { checkId: string; envId: string; start: string; end?: string; reason?: string }): number;
  close(): void;
}

export function createNotifyFixture(input: { yaml: string; dbFile?: string; now?: string }): NotifyFixture {
  const config = parseConfig(input.yaml, 'notify-test.yaml');
  const calendars = buildCalendars(config);
  const database = openDatabase(input.dbFile ?? ':memory:');
  let now = instant(input.now ?? '2026-11-16T12:00:00-05:00');
  const clock = () => now;
  const senders = createSenders(config.notifications, { timeoutMs: 3_000, clock });
  const publicSenders = createSenders(config.notifications, { timeoutMs: 3_000, clock });
  const worker = createDeliveryWorker({ store: database.store, config, senders, publicSenders, clock });
  const logged: string[] = [];
  const events = createNotificationEvents({ config, calendars, log: (message) => logged.push(message) });
  return {
    config,
    calendars,
    database,
    events,
    worker,
    logged,
    now: clock,
    setNow(iso) {
      now = instant(iso);
    },
    registerWindow(window) {
      return database.store.transaction(async (tx) => {
        const windowId = await insertWindow(tx, {
          impact: window.impact,
          environmentIds: window.environments,
          createdBy: 'sre-test',
          createdAt: now,
          version: { start: instant(window.start), end: instant(window.end), noticeSentAt: now, noticeRef: null, recordedAt: now, recordedBy: 'sre-test', changeReason: null },
        });
        await events.windowRegistered(tx, { windowId, notify: window.notify }, now);
        const row = database.sqlite.prepare('select max(id) as id from maintenance_versions where window_id = ?').get(windowId) as { id: number };
        return { windowId, versionId: row.id };
      });
    },
    insertOutage(outage) {
      return database.db
        .insert(outages)
        .values({
          checkId: outage.checkId,
          envId: outage.envId,
          start: instant(outage.start),
          end: outage.end ? instant(outage.end) : null,
          source: 'probe',
          reason: outage.reason ?? 'connection refused',
          createdAt: now,
        })
        .returning({ id: outages.id })
        .get().id;
    },
    close() {
      for (const sender of [...Object.values(senders), ...Object.values(publicSenders)]) sender.close?.();
      database.close();
    },
  };
}
