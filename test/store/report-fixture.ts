import type { AnyDialect } from '../../src/store/any-dialect.ts';
import { instant } from '../../src/time/iso.ts';

// A month of everything the monthly report reads, for test/support/test-app.ts's configuration
// (acme-prod public, globex-prod private), with rows at each edge of March 2026 (America/Toronto).

export const MARCH = { start: instant('2026-03-01T00:00:00-05:00'), end: instant('2026-04-01T00:00:00-04:00') };

const at = instant;

/** Writes the rows through the dialect's own inserts, so each store holds the same month. */
export async function seedReportMonth({ db, t }: AnyDialect): Promise<void> {
  await db.insert(t.environmentsSeen).values([
    { envId: 'acme-prod', firstSeenAt: at('2025-12-01T09:00:00-05:00') },
    { envId: 'globex-prod', firstSeenAt: at('2025-12-02T09:00:00-05:00') },
  ]);
  const outage = (id: number, checkId: string, envId: string, start: string, end: string | null, extra: { source?: 'probe' | 'manual'; lastDownAt?: string } = {}) => ({
    id,
    checkId,
    envId,
    start: at(start),
    end: end === null ? null : at(end),
    lastDownAt: extra.lastDownAt ? at(extra.lastDownAt) : null,
    source: extra.source ?? 'probe',
    createdAt: at(start),
  });
  await db.insert(t.outages).values([
    outage(1, 'acme-web', 'acme-prod', '2026-03-10T16:30:00-04:00', '2026-03-10T17:30:00-04:00'),
    // Ends where March begins: not in March.
    outage(2, 'acme-web', 'acme-prod', '2026-02-27T10:00:00-05:00', '2026-03-01T00:00:00-05:00'),
    // Still open, its prober gone quiet after its last down result.
    outage(3, 'acme-web', 'acme-prod', '2026-03-20T10:00:00-04:00', null, { lastDownAt: '2026-03-20T11:00:00-04:00' }),
    // Begins where March ends: not in March.
    outage(4, 'acme-web', 'acme-prod', '2026-04-01T00:00:00-04:00', '2026-04-01T09:30:00-04:00'),
    outage(5, 'globex-web', 'globex-prod', '2026-03-03T13:00:00-05:00', '2026-03-03T15:00:00-05:00', { source: 'manual' }),
    // A feature check: read, never counted against the environment.
    outage(6, 'acme-login', 'acme-prod', '2026-03-11T10:00:00-04:00', '2026-03-11T12:00:00-04:00'),
  ]);
  const exclusion = (id: number, outageId: number, start: string, end: string | null, revokedAt: string | null = null) => ({
    id,
    outageId,
    reason: 'client_internet' as const,
    justification: 'their router',
    start: at(start),
    end: end === null ? null : at(end),
    createdBy: 'sre',
    createdAt: at(start),
    revokedAt: revokedAt === null ? null : at(revokedAt),
    revokedBy: revokedAt === null ? null : 'admin',
    revokeReason: revokedAt === null ? null : 'it was ours',
  });
  await db.insert(t.exclusions).values([
    exclusion(1, 1, '2026-03-10T16:30:00-04:00', '2026-03-10T17:00:00-04:00', '2026-03-12T09:00:00-04:00'),
    exclusion(2, 5, '2026-03-03T13:00:00-05:00', null),
    exclusion(3, 2, '2026-02-27T10:00:00-05:00', '2026-02-27T11:00:00-05:00'),
  ]);
  await db.insert(t.unmonitoredSpans).values([
    { id: 1, checkId: 'acme-web', envId: 'acme-prod', start: at('2026-03-16T09:00:00-04:00'), end: at('2026-03-16T10:00:00-04:00') },
    { id: 2, checkId: 'acme-web', envId: 'acme-prod', start: at('2026-02-28T09:00:00-05:00'), end: at('2026-03-01T00:00:00-05:00') },
  ]);
  const run = (id: number, firstAt: string, lastAt: string) => ({ id, checkId: 'acme-web', envId: 'acme-prod', status: 'up' as const, firstAt: at(firstAt), lastAt: at(lastAt), count: 10, latencyMinMs: 12, latencyMaxMs: 80, latencySumMs: 300, lastLatencyMs: 20 });
  await db.insert(t.probeRuns).values([run(1, '2026-03-01T00:00:00-05:00', '2026-03-25T08:00:00-04:00'), run(2, '2026-03-25T08:00:30-04:00', '2026-03-31T12:00:00-04:00')]);
  await db.insert(t.maintenanceWindows).values([
    { id: 1, impact: 'outage', createdBy: 'sre', createdAt: at('2026-02-20T09:00:00-05:00') },
    { id: 2, impact: 'outage', createdBy: 'sre', createdAt: at('2026-02-20T09:00:00-05:00'), cancelledAt: at('2026-02-21T09:00:00-05:00'), cancelledBy: 'sre', cancelReason: 'not needed' },
  ]);
  const version = (id: number, windowId: number, start: string, end: string, noticeSentAt: string | null) => ({
    id,
    windowId,
    start: at(start),
    end: at(end),
    noticeSentAt: noticeSentAt === null ? null : at(noticeSentAt),
    recordedAt: at('2026-02-20T09:00:00-05:00'),
    recordedBy: 'sre',
  });
  await db.insert(t.maintenanceVersions).values([
    // Window 1 moved from April into March: both versions are read, the first wholly outside.
    version(1, 1, '2026-04-14T20:00:00-04:00', '2026-04-14T22:00:00-04:00', '2026-02-20T09:00:00-05:00'),
    version(2, 1, '2026-03-17T10:00:00-04:00', '2026-03-17T12:00:00-04:00', null),
    version(3, 2, '2026-05-05T20:00:00-04:00', '2026-05-05T22:00:00-04:00', '2026-02-20T09:00:00-05:00'),
  ]);
  await db.insert(t.maintenanceEnvironments).values([
    { windowId: 1, envId: 'globex-prod' },
    { windowId: 1, envId: 'acme-prod' },
    { windowId: 2, envId: 'acme-prod' },
  ]);
  const incident = (id: number, priority: 'I' | 'II' | 'III' | 'IV', isPublic: boolean, openedAt: string, times: { responded?: string; resolved?: string }) => ({
    id,
    title: `incident ${id}`,
    priority,
    kind: 'incident' as const,
    channel: 'phone' as const,
    public: isPublic,
    calendar: 'default',
    openedAt: at(openedAt),
    createdAt: at(openedAt),
    createdBy: 'sre',
    responseDueAt: at(openedAt) + 3_600_000,
    resolutionDueAt: priority === 'IV' ? null : at(openedAt) + 86_400_000,
    respondedAt: times.responded ? at(times.responded) : null,
    resolvedAt: times.resolved ? at(times.resolved) : null,
  });
  await db.insert(t.incidents).values([
    incident(1, 'I', true, '2026-03-05T10:00:00-05:00', { responded: '2026-03-05T10:30:00-05:00', resolved: '2026-03-05T12:00:00-05:00' }),
    incident(2, 'I', false, '2026-03-06T10:00:00-05:00', { responded: '2026-03-06T12:00:00-05:00' }),
    incident(3, 'IV', true, '2026-04-01T00:00:00-04:00', { resolved: '2026-04-02T00:00:00-04:00' }),
    incident(4, 'IV', true, '2026-03-31T23:59:59-04:00', { resolved: '2026-04-02T00:00:00-04:00' }),
  ]);
}
