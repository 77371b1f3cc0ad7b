import { afterEach, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { runRetention } from '../../src/retention/retention-job.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { proberConfig, rows } from '../prober/support.ts';

// Raw results, and so settled deliveries, are kept 30 days (the default); events 400 days.
const config = proberConfig('http://127.0.0.1:9');
const calendars = buildCalendars(config);
const now = instant('2026-11-09T18:00:00-05:00');
let database: OpenDatabase;
afterEach(() => database?.close());

function event(key: string, subject: string, createdAt: string): number {
  return Number(
    database.sqlite
      .prepare("INSERT INTO notification_events (key, kind, subject, occurred_at, created_at) VALUES (?, 'outage_opened', ?, ?, ?)")
      .run(key, subject, instant(createdAt), instant(createdAt)).lastInsertRowid,
  );
}

function delivery(eventId: number, recipient: string, status: 'pending' | 'sent' | 'failed', at: string, windowVersionId: number | null = null): void {
  const t = instant(at);
  database.sqlite
    .prepare(
      `INSERT INTO notification_outbox (event_id, channel, channel_type, recipient, language, subject, body, status, attempts, next_attempt_at,
         last_attempt_at, sent_at, window_version_id, created_at)
       VALUES (?, 'ops', 'email', ?, 'en', 's', 'b', ?, 1, ?, ?, ?, ?, ?)`,
    )
    .run(eventId, recipient, status, t, status === 'pending' ? null : t, status === 'sent' ? t : null, windowVersionId, t);
}

function windowVersion(start: string, end: string): { windowId: number; versionId: number } {
  const windowId = Number(database.sqlite.prepare("INSERT INTO maintenance_windows (impact, created_by, created_at) VALUES ('upgrade', 'alice', 0)").run().lastInsertRowid);
  const versionId = Number(
    database.sqlite
      .prepare("INSERT INTO maintenance_versions (window_id, start, \"end\", recorded_at, recorded_by) VALUES (?, ?, ?, 0, 'alice')")
      .run(windowId, instant(start), instant(end)).lastInsertRowid,
  );
  return { windowId, versionId };
}

const recipients = () => rows<{ recipient: string }>(database, 'SELECT recipient FROM notification_outbox ORDER BY id').map((row) => row.recipient);
const keys = () => rows<{ key: string }>(database, 'SELECT key FROM notification_events ORDER BY id').map((row) => row.key);
const retention = () => runRetention({ database, config, calendars, clock: () => now });

describe('retention of notification deliveries', () => {
  it('deletes sent and failed deliveries settled more than 30 days ago; pending ones stay whatever their age', async () => {
    database = openDatabase(':memory:');
    const id = event('budget:acme-prod:2026-09:50', 'environment:acme-prod', '2026-09-01T10:00:00-04:00');
    delivery(id, 'old-sent', 'sent', '2026-10-10T17:59:00-05:00'); // 30 × 24 h and 1 minute before now
    delivery(id, 'old-failed', 'failed', '2026-09-02T10:00:00-04:00');
    delivery(id, 'old-pending', 'pending', '2026-09-01T10:00:00-04:00');
    delivery(id, 'recent-sent', 'sent', '2026-10-10T18:01:00-05:00');
    delivery(id, 'recent-failed', 'failed', '2026-11-01T10:00:00-05:00');

    const run = await retention();

    expect(run.deliveries).toBe(2);
    expect(recipients()).toEqual(['old-pending', 'recent-sent', 'recent-failed']);
  });

  it('keeps the deliveries of a window version while one of them is pending or until the window ended 30 days ago', async () => {
    database = openDatabase(':memory:');
    const over = windowVersion('2026-08-01T08:00:00-04:00', '2026-08-01T10:00:00-04:00');
    const coming = windowVersion('2026-12-05T08:00:00-05:00', '2026-12-05T10:00:00-05:00');
    const stuck = windowVersion('2026-08-02T08:00:00-04:00', '2026-08-02T10:00:00-04:00');
    const sentAt = '2026-07-01T10:00:00-04:00';
    delivery(event(`window-notice:${over.versionId}`, `window:${over.windowId}`, sentAt), 'over', 'sent', sentAt, over.versionId);
    // A notice sent long ago for a window still to come: it decides whether a change is e-mailed.
    delivery(event(`window-notice:${coming.versionId}`, `window:${coming.windowId}`, sentAt), 'coming', 'sent', sentAt, coming.versionId);
    const stuckEvent = event(`window-notice:${stuck.versionId}`, `window:${stuck.windowId}`, sentAt);
    delivery(stuckEvent, 'stuck-sent', 'sent', sentAt, stuck.versionId);
    delivery(stuckEvent, 'stuck-pending', 'pending', sentAt, stuck.versionId);

    await retention();

    expect(recipients()).toEqual(['coming', 'stuck-sent', 'stuck-pending']);
  });
});

describe('retention of notification events', () => {
  it('deletes events older than 400 days once no delivery refers to them and their subject can no longer repeat a transition', async () => {
    database = openDatabase(':memory:');
    const old = '2025-09-01T10:00:00-04:00'; // 434 days before now
    const openOutage = Number(
      database.sqlite.prepare("INSERT INTO outages (check_id, env_id, start, source, created_at) VALUES ('web', 'acme-prod', ?, 'probe', 0)").run(instant(old)).lastInsertRowid,
    );
    const closedOutage = Number(
      database.sqlite
        .prepare("INSERT INTO outages (check_id, env_id, start, \"end\", source, created_at) VALUES ('web', 'acme-prod', ?, ?, 'probe', 0)")
        .run(instant(old), instant('2025-09-01T11:00:00-04:00')).lastInsertRowid,
    );
    const openIncident = Number(
      database.sqlite
        .prepare(
          "INSERT INTO incidents (title, priority, kind, channel, public, calendar, opened_at, created_at, created_by, response_due_at) VALUES ('down', 'I', 'outage', 'probe', 0, 'default', ?, 0, 'veille', ?)",
        )
        .run(instant(old), instant(old)).lastInsertRowid,
    );
    const future = windowVersion('2026-12-05T08:00:00-05:00', '2026-12-05T10:00:00-05:00');
    event('budget:acme-prod:2025-09:50', 'environment:acme-prod', old);
    event(`outage-opened:${openOutage}`, `outage:${openOutage}`, old);
    event(`outage-closed:${closedOutage}`, `outage:${closedOutage}`, old);
    event(`deadline-missed:${openIncident}:response:1`, `incident:${openIncident}`, old);
    event(`window-notice:${future.versionId}`, `window:${future.windowId}`, old);
    event('subscription-confirmation:1:1', 'subscription:1', old);
    delivery(event('budget:acme-prod:2025-09:80', 'environment:acme-prod', old), 'still-pending', 'pending', old);
    event('budget:acme-prod:2025-10:50', 'environment:acme-prod', '2025-10-10T18:00:00-04:00'); // 395 days old

    const run = await retention();

    expect(run.events).toBe(3);
    expect(keys()).toEqual([
      `outage-opened:${openOutage}`,
      `deadline-missed:${openIncident}:response:1`,
      `window-notice:${future.versionId}`,
      'budget:acme-prod:2025-09:80',
      'budget:acme-prod:2025-10:50',
    ]);
  });
});

describe('retention of browser sessions', () => {
  it('deletes expired sessions and keeps live ones', async () => {
    database = openDatabase(':memory:');
    const tokenId = Number(database.sqlite.prepare("INSERT INTO tokens (name, role, hash, created_at) VALUES ('alice', 'sre', 'h', 0)").run().lastInsertRowid);
    const session = database.sqlite.prepare("INSERT INTO sessions (hash, token_id, csrf, created_at, expires_at) VALUES (?, ?, 'c', 0, ?)");
    session.run('expired', tokenId, now - 1);
    session.run('ends-now', tokenId, now);
    session.run('live', tokenId, now + 1);

    expect((await retention()).sessions).toBe(2);
    expect(rows(database, 'SELECT hash FROM sessions')).toEqual([{ hash: 'live' }]);
  });
});
