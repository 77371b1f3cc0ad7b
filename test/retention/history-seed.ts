import type { Store } from '../../src/store/store.ts';

// Rows written straight into a store of either database, as the prober's writer and the
// registry leave them: what retention reads and prunes.

/** One result as the prober's history keeps it: a run of one, and its minute (an answer) or its failure (a down). */
export async function seedResult(store: Store, result: { checkId: string; envId: string; at: number; status: 'up' | 'degraded' | 'down'; latencyMs: number }): Promise<void> {
  const { t } = store;
  await store.transaction(async (tx) => {
    await tx.db.insert(t.probeRuns).values({
      checkId: result.checkId,
      envId: result.envId,
      status: result.status,
      reason: result.status === 'down' ? 'connection refused' : null,
      firstAt: result.at,
      lastAt: result.at,
      count: 1,
      latencyMinMs: result.latencyMs,
      latencyMaxMs: result.latencyMs,
      latencySumMs: result.latencyMs,
      lastLatencyMs: result.latencyMs,
    });
    if (result.status === 'down') {
      await tx.db.insert(t.probeFailures).values({ checkId: result.checkId, envId: result.envId, at: result.at, latencyMs: result.latencyMs, reason: 'connection refused' });
    } else {
      const latency = result.latencyMs;
      await tx.db.insert(t.probeLatencyMinutes).values({
        checkId: result.checkId,
        minute: Math.floor(result.at / 60_000) * 60_000,
        up: result.status === 'up' ? 1 : 0,
        degraded: result.status === 'degraded' ? 1 : 0,
        p50Ms: latency,
        p95Ms: latency,
        p99Ms: latency,
        maxMs: latency,
        latencies: JSON.stringify([latency]),
      });
    }
  });
}

export async function seedOutage(store: Store, outage: { checkId: string; start: number; end: number | null; lastDownAt?: number }): Promise<number> {
  const { t } = store;
  return store.transaction(async (tx) => {
    const [row] = await tx.db
      .insert(t.outages)
      .values({ checkId: outage.checkId, envId: 'acme-prod', start: outage.start, end: outage.end, lastDownAt: outage.lastDownAt ?? null, source: 'probe', createdAt: 0 })
      .returning({ id: t.outages.id });
    return row!.id;
  });
}

export async function seedEvent(store: Store, key: string, subject: string, createdAt: number): Promise<number> {
  const { t } = store;
  return store.transaction(async (tx) => {
    const [row] = await tx.db
      .insert(t.notificationEvents)
      .values({ key, kind: 'outage_opened', subject, occurredAt: createdAt, createdAt })
      .returning({ id: t.notificationEvents.id });
    return row!.id;
  });
}

export async function seedDelivery(store: Store, eventId: number, recipient: string, status: 'pending' | 'sent' | 'failed', at: number, windowVersionId: number | null = null): Promise<void> {
  const { t } = store;
  await store.transaction(async (tx) => {
    await tx.db.insert(t.notificationOutbox).values({
      eventId,
      channel: 'ops',
      channelType: 'email',
      recipient,
      language: 'en',
      subject: 's',
      body: 'b',
      status,
      attempts: 1,
      nextAttemptAt: at,
      lastAttemptAt: status === 'pending' ? null : at,
      sentAt: status === 'sent' ? at : null,
      windowVersionId,
      createdAt: at,
    });
  });
}

export async function seedWindowVersion(store: Store, start: number, end: number): Promise<{ windowId: number; versionId: number }> {
  const { t } = store;
  return store.transaction(async (tx) => {
    const [window] = await tx.db.insert(t.maintenanceWindows).values({ impact: 'upgrade', createdBy: 'alice', createdAt: 0 }).returning({ id: t.maintenanceWindows.id });
    const [version] = await tx.db
      .insert(t.maintenanceVersions)
      .values({ windowId: window!.id, start, end, recordedAt: 0, recordedBy: 'alice' })
      .returning({ id: t.maintenanceVersions.id });
    return { windowId: window!.id, versionId: version!.id };
  });
}

export async function seedIncident(store: Store, openedAt: number): Promise<number> {
  const { t } = store;
  return store.transaction(async (tx) => {
    const [row] = await tx.db
      .insert(t.incidents)
      .values({ title: 'down', priority: 'I', kind: 'incident', channel: 'monitor', public: false, calendar: 'default', openedAt, createdAt: 0, createdBy: 'veille', responseDueAt: openedAt })
      .returning({ id: t.incidents.id });
    return row!.id;
  });
}
