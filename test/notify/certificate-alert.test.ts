import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckConfig } from '../../src/config/types.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { checkCertificates, notificationEvents, notificationOutbox } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';

// The prober is driven by hand (no schedule) with a probe that answers `up` and presents a
// certificate; the notification sink is the real one, on a database file that survives a restart.

const DAY = 86_400_000;
let dir: string;
const open: Array<{ fx: NotifyFixture; prober: Prober }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-cert-alert-'));
});
afterEach(async () => {
  for (const { fx, prober } of open.splice(0)) {
    await prober.stop();
    fx.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(notAfter: () => number, options: { warning?: string } = {}): Promise<{ fx: NotifyFixture; prober: Prober }> {
  const setting = options.warning ? `, certificateWarning: ${options.warning}` : '';
  const yaml = notifyConfigYaml({ smtpPort: 9 }).replace('{ id: acme-web, url: "http://127.0.0.1:9/health"', `{ id: acme-web, url: "https://acme.example/health"${setting}`);
  const fx = createNotifyFixture({ yaml, dbFile: join(dir, 'veille.db'), now: '2026-11-16T12:00:00-05:00' });
  const probe = async (check: CheckConfig): Promise<ProbeResult> =>
    check.url.startsWith('https:') ? { status: 'up', latencyMs: 5, reason: null, certificateNotAfter: notAfter() } : { status: 'up', latencyMs: 5, reason: null };
  const prober = await openProber({ store: fx.database.store, config: fx.config, calendars: fx.calendars, clock: fx.now, notices: fx.events, probe, schedule: false });
  const entry = { fx, prober };
  open.push(entry);
  return entry;
}

async function probeOnce({ prober }: { prober: Prober }): Promise<void> {
  await prober.runCheck('acme-web');
  await prober.flush();
}

const certificateEvents = (fx: NotifyFixture) => fx.database.db.select().from(notificationEvents).all().filter((event) => event.kind === 'certificate_expiring');

describe('certificate expiry alerts', () => {
  it('a certificate 10 days from its notAfter (default warning 14d) is alerted once, with its row stored', async () => {
    const notAfter = instant('2026-11-26T12:00:00-05:00');
    const running = await start(() => notAfter);
    await probeOnce(running);
    await probeOnce(running);

    const events = certificateEvents(running.fx);
    expect(events).toHaveLength(1);
    expect(events[0]!.key).toBe(`certificate-expiring:acme-web:${notAfter}`);
    const outbox = running.fx.database.db.select().from(notificationOutbox).all();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((row) => row.eventId === events[0]!.id)).toBe(true);
    expect(outbox.map((row) => row.subject).join('\n')).toContain('acme-web');
    expect(running.fx.database.db.select().from(checkCertificates).all()).toEqual([
      { checkId: 'acme-web', notAfter, checkedAt: instant('2026-11-16T12:00:00-05:00') },
    ]);
  });

  it('is not queued again after a restart on the same database', async () => {
    const notAfter = instant('2026-11-20T12:00:00-05:00');
    const first = await start(() => notAfter);
    await probeOnce(first);
    await first.prober.stop();
    first.fx.close();
    open.splice(open.indexOf(first), 1);

    const second = await start(() => notAfter);
    await probeOnce(second);
    expect(certificateEvents(second.fx)).toHaveLength(1);
  });

  it('says nothing while the certificate is outside its warning period, then alerts when it enters it', async () => {
    const notAfter = instant('2026-12-31T12:00:00-05:00');
    const running = await start(() => notAfter);
    await probeOnce(running);
    expect(certificateEvents(running.fx)).toHaveLength(0);

    running.fx.setNow('2026-12-20T12:00:00-05:00');
    await probeOnce(running);
    expect(certificateEvents(running.fx)).toHaveLength(1);
  });

  it('a renewed certificate (new notAfter) is a new certificate: rewritten, and alerted again only when it too comes near', async () => {
    let notAfter = instant('2026-11-20T12:00:00-05:00');
    const running = await start(() => notAfter);
    await probeOnce(running);
    notAfter = instant('2027-02-14T12:00:00-05:00');
    await probeOnce(running);
    expect(certificateEvents(running.fx)).toHaveLength(1);
    expect(running.fx.database.db.select().from(checkCertificates).all()[0]!.notAfter).toBe(notAfter);
  });

  it('an expired certificate is alerted as expired; `certificateWarning: off` never alerts', async () => {
    const expired = await start(() => instant('2026-11-10T12:00:00-05:00'));
    await probeOnce(expired);
    const outbox = expired.fx.database.db.select().from(notificationOutbox).all();
    expect(outbox.map((row) => row.subject).join('\n')).toMatch(/EXPIR/);

    await expired.prober.stop();
    expired.fx.close();
    open.splice(open.indexOf(expired), 1);
    rmSync(join(dir, 'veille.db'));
    const off = await start(() => instant('2026-11-10T12:00:00-05:00'), { warning: 'off' });
    await probeOnce(off);
    expect(certificateEvents(off.fx)).toHaveLength(0);
    expect(off.fx.database.db.select().from(checkCertificates).all()).toHaveLength(1);
  });
});
