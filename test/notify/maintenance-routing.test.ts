import { afterEach, describe, expect, it } from 'vitest';
import { notificationOutbox } from '../../src/store/schema/index.ts';
import { configIssues } from '../support/config-issues.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';

// An outage that begins inside announced maintenance is expected: its alert says so, and
// notifications.routing.maintenance may send it elsewhere, or nowhere.

const fixtures: NotifyFixture[] = [];
afterEach(() => {
  for (const fx of fixtures.splice(0)) fx.close();
});

async function downDuringMaintenance(maintenanceRoute?: string) {
  let yaml = notifyConfigYaml({ smtpPort: 9 });
  if (maintenanceRoute !== undefined) yaml = yaml.replace('    default: [ops-hook]\n', `    default: [ops-hook]\n    maintenance: ${maintenanceRoute}\n`);
  const fx = createNotifyFixture({ yaml, now: '2026-11-16T11:00:00-05:00' });
  fixtures.push(fx);
  await fx.registerWindow({ environments: ['acme-prod'], start: '2026-11-16T11:30:00-05:00', end: '2026-11-16T13:00:00-05:00', impact: 'Mise à niveau', notify: false });
  const outageId = fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T12:00:00-05:00' });
  await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId }, fx.now()));
  return fx.database.db.select().from(notificationOutbox).all().filter((delivery) => /DOWN|PANNE/.test(delivery.subject));
}

describe('outage alerts during announced maintenance', () => {
  it('go the usual way by default, saying the outage began during announced maintenance', async () => {
    const alerts = await downDuringMaintenance();
    expect(alerts.map((alert) => alert.channel).sort()).toEqual(['ops-hook', 'ops-slack', 'sre-mail']);
    expect(alerts.find((alert) => alert.channel === 'ops-hook')!.subject).toContain('during announced maintenance');
  });

  it('follow notifications.routing.maintenance when it is set', async () => {
    expect((await downDuringMaintenance('[ops-hook]')).map((alert) => alert.channel)).toEqual(['ops-hook']);
    expect(await downDuringMaintenance('[]')).toEqual([]);
  });

  it('routing.maintenance names channels that exist', () => {
    const yaml = notifyConfigYaml({ smtpPort: 9 }).replace('    default: [ops-hook]\n', '    default: [ops-hook]\n    maintenance: [pager]\n');
    expect(configIssues(yaml).join('\n')).toMatch(/notifications\.routing\.maintenance.*pager/);
  });
});
