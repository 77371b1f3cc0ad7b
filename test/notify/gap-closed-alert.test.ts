import { afterEach, describe, expect, it } from 'vitest';
import { outageClosedAlert } from '../../src/notify/templates/team-alerts.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';

// An outage the prober stopped watching (daemon down longer than 3 intervals) ends at its last
// failure (rule 4). Nobody saw the check answer: the alert must not say it recovered.

let f: NotifyFixture;
afterEach(() => f?.close());

describe('an outage closed because monitoring stopped', () => {
  it('is told as such, in both languages, never as RECOVERED', () => {
    const base = { environment: { id: 'acme-prod', name: 'Acme' }, checkId: 'acme-web', feature: null, start: 0, end: 20 * 60_000, zone: 'America/Toronto' };
    expect(outageClosedAlert({ ...base, monitoringStopped: true }).en.subject).toBe(
      'CLOSED: Acme (acme-prod) — monitoring of acme-web stopped (outage counted to its last failure, 20 min)',
    );
    expect(outageClosedAlert({ ...base, monitoringStopped: true }).fr.subject).toBe(
      'FERMÉE : Acme (acme-prod) — surveillance de acme-web interrompue (panne comptée jusqu’au dernier échec, 20 min)',
    );
  });

  it('queues that wording for the team when the prober closes an outage for a gap', async () => {
    f = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: 9 }) });
    const outageId = f.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T10:00:00-05:00', end: '2026-11-16T10:01:00-05:00' });
    f.database.sqlite.prepare("update outages set closed_reason = 'gap' where id = ?").run(outageId);
    await f.database.store.transaction((tx) => f.events.outageClosed(tx, { outageId }, f.now()));
    const subjects = f.database.sqlite.prepare('select distinct subject from notification_outbox').all() as Array<{ subject: string }>;
    expect(subjects.length).toBeGreaterThan(0);
    for (const { subject } of subjects) {
      expect(subject).not.toMatch(/RECOVERED|RÉTABLI|answering again|répond de nouveau/);
      expect(subject).toMatch(/monitoring of acme-web stopped|surveillance de acme-web interrompue/);
    }
  });
});
