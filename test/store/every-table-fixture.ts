import type { AnyDialect } from '../../src/store/any-dialect.ts';
import { instant } from '../../src/time/iso.ts';
import { seedReportMonth } from './report-fixture.ts';

const at = instant;

/** The report's month, and at least one row in every other table, JSON, flags and nulls included. */
export async function seedEveryTable(dialect: AnyDialect): Promise<void> {
  await seedReportMonth(dialect);
  const { db, t } = dialect;
  await db.insert(t.tokens).values([
    { id: 1, name: 'ops', role: 'admin', hash: 'a'.repeat(64), createdAt: at('2026-01-05T09:00:00-05:00') },
    { id: 2, name: 'old', role: 'viewer', hash: 'b'.repeat(64), createdAt: at('2026-01-05T09:00:00-05:00'), revokedAt: at('2026-02-05T09:00:00-05:00') },
  ]);
  await db.insert(t.sessions).values({ hash: 'c'.repeat(64), tokenId: 1, csrf: 'd'.repeat(32), createdAt: at('2026-03-02T09:00:00-05:00'), expiresAt: at('2026-03-02T21:00:00-05:00') });
  await db.insert(t.auditLog).values([
    { id: 1, at: at('2026-03-02T09:00:00-05:00'), actor: 'token:1', action: 'exclusion.create', target: 'outage:5', details: { reason: 'client_internet', nested: { list: [1, 'two', null], flag: true } } },
    { id: 2, at: at('2026-03-02T09:05:00-05:00'), actor: 'cli', action: 'token.create', target: null, details: null },
  ]);
  await db.insert(t.leases).values([
    { name: 'notifications', holder: 'monitor-1:4242:9f3a61c2', fence: 3, takenAt: at('2026-03-30T08:00:00-04:00'), expiresAt: at('2026-03-31T08:00:30-04:00') },
    { name: 'retention', holder: null, fence: 1, takenAt: at('2026-03-01T08:01:00-05:00'), expiresAt: at('2026-03-01T08:05:00-05:00') },
  ]);
  await db.insert(t.daemonLock).values({ id: 1, pid: 4242, host: 'monitor-1', startedAt: at('2026-03-01T08:00:00-05:00'), heartbeatAt: at('2026-03-31T08:00:00-04:00') });
  await db.insert(t.probeFailures).values([
    { id: 1, checkId: 'acme-web', envId: 'acme-prod', at: at('2026-03-10T16:30:00-04:00'), latencyMs: 5000, reason: 'timeout after 5 s' },
    { id: 2, checkId: 'acme-web', envId: 'acme-prod', at: at('2026-03-10T16:30:30-04:00'), latencyMs: null, reason: null },
    { id: 3, checkId: 'acme-web', envId: 'acme-prod', location: 'tor', at: at('2026-03-10T16:30:05-04:00'), latencyMs: 12, reason: 'refused' },
  ]);
  await db.insert(t.locationOutages).values([
    { id: 1, location: 'tor', checkId: 'acme-web', envId: 'acme-prod', start: at('2026-03-10T16:30:05-04:00'), end: at('2026-03-10T16:31:35-04:00'), lastDownAt: at('2026-03-10T16:31:05-04:00'), reason: 'refused', closedReason: 'recovered' },
    { id: 2, location: 'mtl', checkId: 'acme-web', envId: 'acme-prod', start: at('2026-03-31T11:58:00-04:00'), end: null, lastDownAt: at('2026-03-31T11:59:30-04:00'), reason: null, closedReason: null },
  ]);
  await db.insert(t.locationGaps).values({ id: 1, location: 'mtl', checkId: 'acme-web', envId: 'acme-prod', start: at('2026-03-12T02:00:00-04:00'), end: at('2026-03-12T02:10:00-04:00') });
  await db.insert(t.quorumProgress).values({ checkId: 'acme-web', decidedUntil: at('2026-03-31T11:59:30-04:00') });
  await db.insert(t.probeLatencyMinutes).values({ checkId: 'acme-web', location: 'mtl', minute: at('2026-03-31T11:59:00-04:00'), up: 2, degraded: 0, p50Ms: 20, p95Ms: 31, p99Ms: 31, maxMs: 31, latencies: '[20,31]' });
  await db.insert(t.dailyRollups).values({
    checkId: 'acme-web',
    envId: 'acme-prod',
    day: '2026-03-10',
    dayStart: at('2026-03-10T00:00:00-04:00'),
    dayEnd: at('2026-03-11T00:00:00-04:00'),
    upCount: 2878,
    degradedCount: 0,
    downCount: 2,
    downtimeMs: 3_600_000,
    latencyP50Ms: 20,
    latencyP95Ms: 40,
    latencyP99Ms: 80,
    latencyMaxMs: 120,
    computedAt: at('2026-03-11T00:05:00-04:00'),
  });
  await db.insert(t.checkCertificates).values({ checkId: 'acme-web', notAfter: at('2026-06-01T00:00:00Z'), checkedAt: at('2026-03-01T00:00:00-05:00') });
  await db.insert(t.incidentEnvironments).values([
    { incidentId: 1, envId: 'acme-prod' },
    { incidentId: 2, envId: 'globex-prod' },
  ]);
  await db.insert(t.incidentEvents).values([
    { id: 1, incidentId: 1, at: at('2026-03-05T10:00:00-05:00'), actor: 'token:1', type: 'opened', message: null, details: { priority: 'I' } },
    { id: 2, incidentId: 1, at: at('2026-03-05T10:30:00-05:00'), actor: 'token:1', type: 'update', message: 'Réparé — « merci »', details: null },
  ]);
  await db.insert(t.notificationEvents).values({
    id: 1,
    key: 'outage-opened:1',
    kind: 'outage_opened',
    envId: 'acme-prod',
    subject: 'outage:1',
    occurredAt: at('2026-03-10T16:30:00-04:00'),
    createdAt: at('2026-03-10T16:31:00-04:00'),
    details: { checkId: 'acme-web' },
  });
  await db.insert(t.notificationOutbox).values([
    {
      id: 1,
      eventId: 1,
      channel: 'ops-hook',
      channelType: 'webhook',
      recipient: 'http://127.0.0.1:9/hook',
      language: 'en',
      subject: 'acme-web is down',
      body: 'acme-web is down since 16:30',
      payload: { text: 'down', blocks: [{ type: 'section' }] },
      status: 'sent',
      attempts: 1,
      nextAttemptAt: at('2026-03-10T16:31:00-04:00'),
      lastAttemptAt: at('2026-03-10T16:31:01-04:00'),
      sentAt: at('2026-03-10T16:31:01-04:00'),
      ref: '204',
      createdAt: at('2026-03-10T16:31:00-04:00'),
    },
    {
      id: 2,
      eventId: 1,
      channel: 'clients',
      channelType: 'email',
      recipient: 'it@acme.example',
      recipientName: 'Acme IT',
      language: 'fr',
      subject: 'Maintenance',
      body: 'Une maintenance est prévue.',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at('2026-03-10T16:31:00-04:00'),
      windowVersionId: 2,
      createdAt: at('2026-03-10T16:31:00-04:00'),
    },
  ]);
  await db.insert(t.subscriptions).values({
    id: 1,
    email: 'someone@example.org',
    language: 'fr',
    status: 'active',
    confirmTokenHash: null,
    unsubscribeToken: 'e'.repeat(43),
    createdAt: at('2026-02-01T09:00:00-05:00'),
    confirmationSentAt: at('2026-02-01T09:00:01-05:00'),
    confirmedAt: at('2026-02-01T09:10:00-05:00'),
  });
}
